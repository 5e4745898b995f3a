"""Deterministic budgets for Z3 checks: how much work each check may do.

A wall-clock timeout makes Z3's answer depend on how busy the machine is: the same
conflict shrunk on a loaded CI runner keeps a rule that an idle laptop drops. So every
check here is bounded by Z3's *resource limit* (`rlimit`), a count of the solver's
elementary steps that is the same on every run, and the wall clock is only an outer
guard that stops everything when the user's time limit is reached.

`Budget(time_limit)` turns seconds into work at `RLIMIT_PER_SECOND` (measured on the
examples, see below) and keeps an exact account of the work used, read back from Z3's
own counter, so that how the allowance is shared between steps depends only on the
input, the seed and the time limit. As long as the wall-clock guard does not fire, the
answers are identical across runs, processes and machines of any speed.

Calibration (z3 4.x/5.x, one core of a loaded 2-core VM): the SMT core does 0.5 to 2.6
million rlimit units per second on rosters (conflict shrinking of the checkpoint
variant: ~1 M/s; proving its assertion: 12 M units in 4.6 s; pigeonhole counting:
0.45 M/s); the SAT core 0.1 to 4 M/s. One million units per second keeps the resource
limit the binding one on an idle machine and on one a few times slower, so the wall
clock rarely decides.
"""

from __future__ import annotations

import time

import attrs
import z3

RLIMIT_PER_SECOND = 1_000_000
DEFAULT_TIME_LIMIT = 60.0  # seconds for `check` when the caller gives none
UNMETERED = 1 << 62  # the allowance of a budget without a resource limit


class Interrupted(KeyboardInterrupt):
    """Z3 stopped because of Ctrl-C (it handles SIGINT itself during a check): a
    KeyboardInterrupt, so that callers treat it as the Ctrl-C it is."""


# Seconds a cancelled check must end before its own time limit to count as stopped
# from outside (Ctrl-C) rather than by that limit.
CANCEL_SLACK = 0.02
CANCELLED = ("canceled", "sat.canceled")  # the SMT core's and the SAT core's words


def check_within(solver, seconds: float | None, *assumptions, rlimit: int | None = None):
    """`solver.check(*assumptions)` with a time limit of `seconds` (None: the solver's
    own setting) and, when given, a resource limit, raising `Interrupted` when Ctrl-C
    stopped it.

    During a check, Z3 takes SIGINT itself and cancels the check, so Python never sees
    the signal; and it gives the same reason ("canceled") as for a timeout or a spent
    resource limit. A check cancelled before either limit was therefore stopped from
    outside: without this, the neighbourhood search took Ctrl-C for the end of one
    step and went on."""
    if seconds is not None:
        solver.set("timeout", max(1, int(seconds * 1000)))
    if rlimit is not None:
        solver.set("rlimit", rlimit)
    before = work_count(solver)
    started = time.monotonic()
    result = solver.check(*assumptions)
    if result == z3.unknown and cancelled_early(
            solver, time.monotonic() - started, seconds,
            rlimit is not None and work_count(solver) - before >= rlimit):
        raise Interrupted()
    return result


def cancelled_early(solver, took: float, seconds: float | None, spent: bool) -> bool:
    """Whether an unknown check was stopped from outside: cancelled before its time
    limit of `seconds` (None: it had none) although its resource limit was not
    `spent`."""
    reason = solver.reason_unknown()
    if "interrupt" in reason:  # what some Z3 versions say for Ctrl-C
        return True
    return (reason in CANCELLED and not spent
            and (seconds is None or took < seconds - CANCEL_SLACK))


@attrs.frozen
class Outcome:
    """A check's answer: `result` is z3.sat / z3.unsat / z3.unknown; when unknown,
    `why` is "work" (the deterministic resource limit: same answer on every run),
    "time" (the wall-clock guard) or "incomplete" (Z3 gave up for another reason)."""

    result: object
    why: str = ""

    @property
    def sat(self) -> bool:
        return self.result == z3.sat

    @property
    def unsat(self) -> bool:
        return self.result == z3.unsat


def work_count(solver) -> int:
    """Z3's resource counter for the solver's context (it only grows)."""
    stats = solver.statistics()
    for key in stats.keys():
        if key == "rlimit count":
            return int(stats.get_key_value(key))
    return 0


class Budget:
    """The work and wall time one command may spend.

    `run(solver, assumptions, share=...)` checks with a resource limit of at most
    `share` of the allowance (and never more than what is left), a timeout of the wall
    time left, and records the work done. `timed_out` turns true when the wall-clock
    guard fired; from then on results are no longer reproducible and callers stop."""

    def __init__(self, time_limit: float | None, *, start: float | None = None,
                 rate: int | None = RLIMIT_PER_SECOND):
        self.time_limit = time_limit
        self.start = time.monotonic() if start is None else start
        self.deadline = None if time_limit is None else self.start + time_limit
        self.metered = rate is not None and time_limit is not None
        self.allowance = max(1, int(time_limit * rate)) if self.metered else UNMETERED
        self.used = 0
        self.timed_out = False

    @classmethod
    def until(cls, deadline: float | None) -> Budget:
        """Wall clock only (no resource limit), for callers that pass a deadline: their
        answers may depend on the machine's load."""
        now = time.monotonic()
        return cls(None if deadline is None else deadline - now, start=now, rate=None)

    def part(self, work: int) -> Budget:
        """A budget of at most `work` units (and what is left here), with the same
        wall-clock guard, for one step that must not take more (a lint's question).
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

    def run(self, solver, assumptions=(), *, share: float = 1.0,
            cap: int | None = None) -> Outcome:
        """Check `solver` under `assumptions` with at most `share` of the whole allowance
        (and at most `cap` units, and what is left)."""
        limit = min(self.left, max(1, int(self.allowance * share)))
        if cap is not None:
            limit = min(limit, cap)
        wall = self.seconds_left()
        if limit <= 0:
            return Outcome(z3.unknown, "work")
        if wall <= 0:
            self.timed_out = True
            return Outcome(z3.unknown, "time")
        solver.set("rlimit", limit if self.metered else 0)
        solver.set("timeout", max(1, int(wall * 1000)) if wall != float("inf") else 4294967295)
        before = work_count(solver)
        started = time.monotonic()
        result = solver.check(*assumptions)
        took = time.monotonic() - started
        self.used += max(0, work_count(solver) - before)
        if result != z3.unknown:
            return Outcome(result)
        reason = solver.reason_unknown()
        if reason == "timeout" or self.seconds_left() <= 0:
            # (a watchdog interrupting the context at the limit counts as time too)
            self.timed_out = True
            return Outcome(result, "time")
        spent = work_count(solver) - before >= limit
        if cancelled_early(solver, took, None if wall == float("inf") else wall,
                           spent):
            raise Interrupted()
        if spent:
            return Outcome(result, "work")
        return Outcome(result, "incomplete")
