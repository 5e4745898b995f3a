"""The built-in rules by name: a program that relaxes one gets rosters it forbade, and
every other rule keeps its meaning (`p works on d` is still one person, rest still
holds between two shifts of one day). Solved under each engine, re-checked by the
evaluator."""

from __future__ import annotations

import rotalang
from solve_helpers import day, solved

TWO_SHIFTS = """
calendar from 2025-02-10 to 2025-02-10
staff 人员
shift 上午班 07:00-12:00
shift 下午班 13:00-18:00
人员 张丽, 王强
rule 每班两人: each day d, shift s: count(人员 p where p works s on d) >= 2
"""


def test_without_relax_two_shifts_a_day_cannot_be_rostered():
    result = rotalang.load(TWO_SHIFTS).solve(time_limit=5)
    assert result.status == "infeasible"
    [conflict] = [d for d in result.diagnostics if d.code == "E0601"]
    assert 'the built-in rule "one shift per day"' in conflict.message


def test_relaxing_one_shift_per_day_lets_a_person_work_both_shifts():
    r = solved(TWO_SHIFTS + 'relax "one shift per day"\n')
    assert r.status == "optimal"
    assert r.people_on(day(10), "上午班") == r.people_on(day(10), "下午班") == {"张丽", "王强"}


def test_rest_still_holds_between_two_shifts_of_one_day():
    """The hour between 12:00 and 13:00 is too short a rest of two hours."""
    two_hours = TWO_SHIFTS + 'relax "one shift per day"\n' + \
        "rule 休息两小时: each 人员 p: rest at least 2h between shifts\n"
    result = rotalang.load(two_hours).solve(time_limit=5)
    assert result.status == "infeasible"
    assert solved(two_hours.replace("at least 2h", "at least 1h")).status == "optimal"


def test_works_on_a_day_counts_a_person_once_when_they_work_two_shifts():
    """One person covers both shifts: one person-day, not two."""
    r = solved("""
calendar from 2025-02-10 to 2025-02-10
staff 人员
shift 上午班 07:00-12:00
shift 下午班 13:00-18:00
人员 张丽, 王强
relax "one shift per day"
rule 每班一人: each day d, shift s: count(人员 p where p works s on d) >= 1
soft rule 少用人 weight 1: minimize count(人员 p, day d where p works on d)
""")
    assert r.status == "optimal" and r.cost == 1
    assert len(r.people_on(day(10))) == 1


POSTS = """
calendar from 2025-02-10 to 2025-02-10
staff 人员
post 卡口
shift 白班 08:00-20:00
人员 张丽
卡口 东关, 西关
rule 每个卡口有人: each day d, 卡口 k: some(人员 p where p works 白班 on d at k)
"""


def test_one_post_per_shift_is_named_and_can_be_relaxed():
    result = rotalang.load(POSTS).solve(time_limit=5)
    assert result.status == "infeasible"
    [conflict] = [d for d in result.diagnostics if d.code == "E0601"]
    assert 'the built-in rule "one post per shift"' in conflict.message
    assert '`relax "one post per shift"`' in conflict.help
    r = solved(POSTS + 'relax "one post per shift"\n')
    assert r.people_on(day(10), "白班", "东关") == r.people_on(day(10), "白班", "西关") == {"张丽"}


def test_a_static_plan_can_let_one_person_fill_two_posts():
    plan = """
staff 人员
post 村
人员 张丽, 王强
村 东关村, 西关村, 南关村
rule 每村一人: each 村 v: count(人员 p where p works at v) = 1
"""
    assert rotalang.load(plan).solve(time_limit=5).status == "infeasible"
    r = solved(plan + 'relax "one post per person"\n' +
               "soft rule 少用人 weight 1: minimize count(人员 p where p works)\n")
    assert r.status == "optimal" and r.cost == 1
