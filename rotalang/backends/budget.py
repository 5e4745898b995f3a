"""Deterministic budgets: how much work one command's questions may do.

A wall-clock timeout makes a solver's answer depend on how busy the machine is: the
same conflict shrunk on a loaded CI runner keeps a rule that an idle laptop drops. So
every question `check` asks is bounded by *work*, a count of the engine's elementary
steps that is the same on every run (Z3's resource units, CP-SAT's deterministic
time), and the wall clock is only an outer guard that stops everything at the user's
time limit.

A `Budget(time_limit)` turns seconds into work at `WORK_PER_SECOND` units per nominal
second and keeps an exact account of the work spent, read back from the engine's own
counter, so that how the allowance is shared between questions depends only on the
input, the seed and the time limit. As long as the wall-clock guard does not fire, the
answers are identical across runs, processes and machines of any speed.

The unit is Z3's: one million resource units per nominal second, measured on the
examples (the Z3 prover, `z3/run.py`, documents the calibration).
"""

from __future__ import annotations

import time

WORK_PER_SECOND = 1_000_000
DEFAULT_TIME_LIMIT = 60.0  # seconds for `check` when the caller gives none
UNMETERED = 1 << 62  # the allowance of a budget without a work limit


class Budget:
    """The work and wall time one command may spend. Engines spend it through
    `charge` and read `limit_for` before each question; `timed_out` turns true when
    the wall-clock guard fired, and from then on results are no longer reproducible
    and callers stop."""

    def __init__(self, time_limit: float | None, *, start: float | None = None,
                 rate: int | None = WORK_PER_SECOND):
        self.time_limit = time_limit
        self.start = time.monotonic() if start is None else start
        self.deadline = None if time_limit is None else self.start + time_limit
        self.metered = rate is not None and time_limit is not None
        self.allowance = max(1, int(time_limit * rate)) if self.metered else UNMETERED
        self.used = 0
        self.timed_out = False

    @classmethod
    def until(cls, deadline: float | None) -> Budget:
        """Wall clock only (no work limit), for callers that pass a deadline: their
        answers may depend on the machine's load."""
        now = time.monotonic()
        return cls(None if deadline is None else deadline - now, start=now, rate=None)

    def part(self, work: int) -> Budget:
        """A budget of at most `work` units (and what is left here), with the same
        wall-clock guard, for one question that must not take more (a lint's).
        Metered even when this budget is not. Give it back with `absorb`."""
        child = Budget(self.time_limit, start=self.start, rate=None)
        child.metered = True
        child.allowance = max(1, min(work, self.left))
        return child

    def absorb(self, child: Budget) -> None:
        """Count the work (and a fired wall-clock guard) of a `part` as spent here."""
        self.used += child.used
        self.timed_out = self.timed_out or child.timed_out

    @property
    def left(self) -> int:
        """Work units not yet spent."""
        return max(0, self.allowance - self.used)

    def seconds_left(self) -> float:
        return float("inf") if self.deadline is None else self.deadline - time.monotonic()

    def exhausted(self) -> bool:
        return self.timed_out or self.left <= 0 or self.seconds_left() <= 0

    def limit_for(self, share: float = 1.0, cap: int | None = None) -> int:
        """The work one question may use: `share` of the whole allowance, at most
        `cap`, and never more than what is left."""
        limit = min(self.left, max(1, int(self.allowance * share)))
        return limit if cap is None else min(limit, cap)

    def charge(self, work: int) -> None:
        self.used += max(0, work)
