"""Solve a small program end to end and read the roster the way a rule author would.

    r = solved(PROGRAM)              # load, solve, re-check with the evaluator
    r.people_on(day(10), "夜班", "东关")  # who works 夜班 at 东关 on 2025-02-10

Every solve goes through `tests.crosscheck.solve_and_crosscheck`: the roster breaks no
hard rule according to the plain-Python evaluator and the costs agree rule by rule.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from fractions import Fraction

import attrs

import rotalang
from rotalang.results import SolveResult
from tests.crosscheck import solve_and_crosscheck

TIME_LIMIT = 5.0  # seconds per solve: every instance here is proved optimal well within it


def day(n: int, month: int = 2) -> datetime.date:
    """`day(10)` is 2025-02-10, the first day of most calendars below."""
    return datetime.date(2025, month, n)


def days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(k) for k in range((last - first).days + 1)]


@attrs.frozen
class Solved:
    program: rotalang.Program
    result: SolveResult

    @property
    def status(self) -> str:
        return self.result.status

    @property
    def cost(self) -> Fraction | None:
        return self.result.cost

    @property
    def assignments(self):
        assert self.result.roster is not None, f"no roster: {self.result.status}"
        return self.result.roster.assignments

    def people_on(self, date=None, shift=None, post=None) -> set[str]:
        """The people working on `date` (any day if None), `shift`, `post` (any if None)."""
        return {a.staff for a in self.assignments
                if (date is None or a.date == date) and (shift is None or a.shift == shift)
                and (post is None or a.post == post)}

    def count_on(self, date=None, shift=None, post=None) -> int:
        return sum(1 for a in self.assignments
                   if (date is None or a.date == date) and (shift is None or a.shift == shift)
                   and (post is None or a.post == post))

    def shift_of(self, person: str) -> dict[datetime.date, str]:
        """The shift `person` works on each day they work (one a day: the structure)."""
        out: dict[datetime.date, str] = {}
        for a in self.assignments:
            if a.staff == person:
                assert a.date not in out, f"{person} works twice on {a.date}"
                out[a.date] = a.shift
        return out

    def shifts_of(self, person: str, shift: str | None = None) -> int:
        return sum(1 for a in self.assignments
                   if a.staff == person and (shift is None or a.shift == shift))

    def post_of(self) -> dict[str, str]:
        """Static plan: the post each assigned person fills."""
        out: dict[str, str] = {}
        for a in self.assignments:
            assert a.date is None and a.shift is None, a
            assert a.staff not in out, f"{a.staff} fills two posts"
            out[a.staff] = a.post
        return out

    def cost_of(self, rule: str) -> Fraction:
        return sum((c.cost for c in self.result.breakdown if c.rule == rule), Fraction(0))

    def by_person(self) -> dict[str, set[datetime.date]]:
        out: dict[str, set[datetime.date]] = defaultdict(set)
        for a in self.assignments:
            out[a.staff].add(a.date)
        return out


def solved(text: str, *, time_limit: float = TIME_LIMIT, seed: int = 0) -> Solved:
    program = rotalang.load(text)
    return Solved(program, solve_and_crosscheck(program, time_limit=time_limit, seed=seed))


def runs(worked: set[datetime.date], horizon: list[datetime.date], value: bool):
    """The maximal runs of days in `horizon` that are worked (`value` True) or off,
    each as (first index, length)."""
    out, start = [], None
    for i, d in enumerate(horizon + [None]):
        inside = d is not None and ((d in worked) == value)
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            out.append((start, i - start))
            start = None
    return out
