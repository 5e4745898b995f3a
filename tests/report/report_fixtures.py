"""Hand-made programs and results for the report tests (no parser or solver needed)."""

import datetime
from fractions import Fraction

import pytest

from rotalang import ir
from rotalang.results import Assignment, CostLine, Roster, SolveResult

D = datetime.date


def make_program(people, shifts, posts=(), calendar=(D(2025, 2, 10), D(2025, 2, 12)),
                 staff_kind="人员", post_kind="卡口", weekend=("sat", "sun")):
    """A checked program with just what reports read: people, posts, shifts, calendar."""
    kinds = [ir.KindDecl(staff_kind, "staff", ())]
    records = [ir.Record(staff_kind, p, ()) for p in people]
    if posts:
        kinds.append(ir.KindDecl(post_kind, "post", ()))
        records += [ir.Record(post_kind, p, ()) for p in posts]
    cal = ir.Calendar(calendar[0], calendar[1], weekend=weekend) if calendar else None
    return ir.Program(files=("值守.rota",), calendar=cal, enums=(), kinds=tuple(kinds),
                      records=tuple(records), shifts=tuple(shifts), lets=(), rules=())


EARLY = ir.ShiftDecl("早班", 6 * 60, 14 * 60, 480, "早")
NIGHT = ir.ShiftDecl("夜班", 22 * 60, 6 * 60, 480, "夜")


@pytest.fixture
def chinese_program():
    return make_program(["张丽", "欧阳明月", "Li"], [EARLY, NIGHT])


@pytest.fixture
def chinese_roster():
    return Roster.of([
        Assignment("张丽", D(2025, 2, 10), "早班"),
        Assignment("欧阳明月", D(2025, 2, 10), "夜班"),
        Assignment("张丽", D(2025, 2, 11), "夜班"),
        Assignment("Li", D(2025, 2, 12), "早班"),
    ])


@pytest.fixture
def feasible_result(chinese_roster):
    return SolveResult(
        status="feasible", cost=Fraction(1207, 2), lower_bound=Fraction(600),
        roster=chinese_roster,
        breakdown=(CostLine("本地优先", 12, Fraction(3), 3),
                   CostLine("夜班均衡", 15, Fraction(1201, 2), 2)),
        elapsed=1.5)
