"""How far a search has gone: wall-clock seconds, or — in a deterministic run — the
engines' own work counters.

A run given a work limit (`--work-limit`) decides everything by work: each step's
limit, how long a neighbourhood kind took, when walking stops, when the run ends. The
engines count work the same on every machine (Z3's resource units, CP-SAT's
deterministic time), so the same input and seed go through the same steps and end on
the same roster anywhere. A wall-clock limit, when given too, is only a guard; when it
fires first, the run is no longer reproducible.
"""

from __future__ import annotations

import time

from rotalang.backends.protocol import Limits


class Meter:
    def __init__(self, seconds: float | None = None, work: float | None = None, *,
                 start: float | None = None):
        self.start = time.monotonic() if start is None else start
        self.deadline = None if seconds is None else self.start + seconds
        self.budget = work
        self.work = 0.0  # work charged so far, in nominal seconds
        self.kept_back = 0.0  # seconds of the limit kept for after the search

    def keep_back(self, seconds: float) -> None:
        """Keep `seconds` of the wall-clock limit for what follows the search (the
        roster's final evaluation, its cost explained instance by instance): the
        search ends that much sooner, so the answer comes within the limit. Kept once;
        a later call only raises it."""
        if self.deadline is None or seconds <= self.kept_back:
            return
        self.deadline -= seconds - self.kept_back
        self.kept_back = seconds

    @property
    def deterministic(self) -> bool:
        return self.budget is not None

    @property
    def bounded(self) -> bool:
        return self.deadline is not None or self.budget is not None

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def seconds_left(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def work_left(self) -> float | None:
        return None if self.budget is None else self.budget - self.work

    def left(self) -> float | None:
        """What is left in the run's own measure (work when deterministic)."""
        return self.work_left() if self.deterministic else self.seconds_left()

    def out(self, margin: float = 0.01) -> bool:
        seconds, work = self.seconds_left(), self.work_left()
        return ((seconds is not None and seconds <= margin)
                or (work is not None and work <= 1e-6))

    def charge(self, work: float) -> None:
        self.work += work

    def used(self) -> float:
        """Progress in the run's own measure: seconds elapsed, or work charged."""
        return self.work if self.deterministic else self.elapsed()

    def limits(self, amount: float | None = None) -> Limits:
        """Limits for one request of at most `amount` (the run's measure; None: all
        that is left), the wall clock always capped at what is left."""
        seconds = self.seconds_left()
        if seconds is not None:
            seconds = max(0.001, seconds)
        if self.deterministic:
            work = self.work_left()
            work = max(0.001, work if amount is None else min(amount, work))
            return Limits(seconds, work)
        if amount is not None:
            seconds = amount if seconds is None else min(seconds, amount)
        return Limits(seconds, None)
