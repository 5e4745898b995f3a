"""Running one Z3 check within limits: deterministic work, a wall-clock guard, and
Ctrl-C told apart from a spent limit.

Z3 counts work per context in *resource units* (`rlimit`), the same on every run: a
check bounded by them gives the same answer on any machine. One nominal second is
`RLIMIT_PER_SECOND` units (the unit of `backends.budget`).

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

from rotalang.backends.budget import WORK_PER_SECOND, Budget
from rotalang.backends.protocol import Interrupted

RLIMIT_PER_SECOND = WORK_PER_SECOND

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
    outside: without this, the search took Ctrl-C for the end of one step and went
    on."""
    if seconds is not None:
        solver.set("timeout", max(1, int(seconds * 1000)))
    if rlimit is not None:
        solver.set("rlimit", rlimit)  # 0: no limit
    before = work_count(solver)
    started = time.monotonic()
    result = solver.check(*assumptions)
    if result == z3.unknown and cancelled_early(
            solver, time.monotonic() - started, seconds,
            bool(rlimit) and work_count(solver) - before >= rlimit):
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


def work_count(solver) -> int:
    """Z3's resource counter for the solver's context (it only grows)."""
    stats = solver.statistics()
    for key in stats.keys():
        if key == "rlimit count":
            return int(stats.get_key_value(key))
    return 0


@attrs.frozen
class Checked:
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


def run(budget: Budget, solver, assumptions=(), *, share: float = 1.0,
        cap: int | None = None) -> Checked:
    """Check `solver` under `assumptions` with at most `share` of the budget's whole
    allowance (and at most `cap` units, and what is left), and charge the work."""
    limit = budget.limit_for(share, cap)
    wall = budget.seconds_left()
    if limit <= 0:
        return Checked(z3.unknown, "work")
    if wall <= 0:
        budget.timed_out = True
        return Checked(z3.unknown, "time")
    solver.set("rlimit", limit if budget.metered else 0)
    solver.set("timeout", max(1, int(wall * 1000)) if wall != float("inf") else 4294967295)
    before = work_count(solver)
    started = time.monotonic()
    result = solver.check(*assumptions)
    took = time.monotonic() - started
    budget.charge(work_count(solver) - before)
    if result != z3.unknown:
        return Checked(result)
    reason = solver.reason_unknown()
    if reason == "timeout" or budget.seconds_left() <= 0:
        # (a watchdog interrupting the context at the limit counts as time too)
        budget.timed_out = True
        return Checked(result, "time")
    spent = work_count(solver) - before >= limit
    if cancelled_early(solver, took, None if wall == float("inf") else wall, spent):
        raise Interrupted()
    if spent:
        return Checked(result, "work")
    return Checked(result, "incomplete")
