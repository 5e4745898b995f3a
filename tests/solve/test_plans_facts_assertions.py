"""Static staffing plans (no calendar), facts-only rules and assertions, end to end."""

from __future__ import annotations

from solve_helpers import day, days, solved

import rotalang
from rotalang.drivers.checking import check
from tests.crosscheck import solve_and_crosscheck

VILLAGES = """
enum 性别 { 女, 男 }
enum 文化程度 { 小学, 初中, 高中, 大专, 本科 }
post 村 { 报酬: int = 900 }
staff 候选人 { 性别: 性别, 文化程度: 文化程度, 评分: int, 报名村: set of 村 }
村 甲村, 乙村
候选人 张丽 { 性别: 女, 文化程度: 初中, 评分: 90, 报名村: {甲村} },
       王强 { 性别: 男, 文化程度: 大专, 评分: 95, 报名村: {甲村} },
       刘洋 { 性别: 男, 文化程度: 小学, 评分: 99, 报名村: {甲村, 乙村} },
       陈静 { 性别: 女, 文化程度: 高中, 评分: 70, 报名村: {乙村} },
       赵磊 { 性别: 男, 文化程度: 本科, 评分: 85, 报名村: {乙村} }

rule 每村一名专干: each 村 v: count(候选人 c where c works at v) = 1
rule 只到报名的村:
  each 候选人 c, 村 v where v not in c.报名村:
    not c works at v
rule 初中以上文化: each 候选人 c: if c works then c.文化程度 != 小学
rule 女性为主:
  count(候选人 c where c.性别 = 女 and c works) >= 50% of count(候选人 c where c works)
soft rule 择优录用 weight 100 - c.评分: each 候选人 c: not c works
"""


def test_static_plan_picks_the_best_qualified_candidates_by_hand_computed_cost():
    r = solved(VILLAGES)
    # Each chosen candidate costs 100 − 评分. 王强 + 赵磊 (5 + 15) has no woman;
    # 刘洋 (1) lacks the schooling. Among the rest, 张丽 at 甲村 + 赵磊 at 乙村 is
    # cheapest: 10 + 15 = 25 (王强 + 陈静 35, 张丽 + 陈静 40).
    assert r.status == "optimal"
    assert r.cost == 25
    assert r.post_of() == {"张丽": "甲村", "赵磊": "乙村"}
    assert r.result.breakdown[0].count == 2


def test_facts_only_rule_that_holds_leaves_the_plan_unchanged():
    r = solved(VILLAGES + "rule 专干报酬不低于700元: each 村 v: v.报酬 >= 700\n")
    assert (r.status, r.cost) == ("optimal", 25)
    assert r.post_of() == {"张丽": "甲村", "赵磊": "乙村"}


def test_facts_only_rule_broken_by_the_data_lists_every_violator():
    program = rotalang.load(
        VILLAGES.replace("村 甲村, 乙村", "村 甲村 { 报酬: 650 }, 乙村, 丙村 { 报酬: 699 }")
        + "rule 专干报酬不低于700元: each 村 v: v.报酬 >= 700\n")
    result = solve_and_crosscheck(program, time_limit=5)
    assert result.status == "infeasible"
    assert result.roster is None
    facts = [d for d in result.diagnostics if d.code == "E0603"]
    assert sorted(d.message for d in facts) == [
        "村 丙村: 报酬 is 699, the rule asks for at least 700",
        "村 甲村: 报酬 is 650, the rule asks for at least 700",
    ]
    assert {d.span.start_line for d in facts} == {program.ir.rules[-1].span.start_line}
    report = program.check(time_limit=5)
    assert sorted(d.message for d in report.diagnostics if d.code == "E0603") == sorted(
        d.message for d in facts)


CHECKPOINT = """
calendar from 2025-02-10 to 2025-02-12
enum 身份 { 党员干部, 医务人员 }
staff 人员 { 身份: 身份 }
post 卡口
shift 早班 06:00-14:00
shift 夜班 22:00-06:00
卡口 东关, 西关
人员 张丽 { 身份: 党员干部 }, 王强 { 身份: 党员干部 },
     刘洋 { 身份: 医务人员 }, 陈静 { 身份: 医务人员 }, 孙敏 { 身份: 医务人员 }
rule 每班一人: each 卡口 k, day d, shift s: count(人员 p where p works s on d at k) >= 1
rule 夜班党员干部: each 卡口 k, day d: some(人员 p where p.身份 = 党员干部 and p works 夜班 on d at k)
"""


def test_assertion_that_follows_from_the_hard_rules_is_proved_and_solving_agrees():
    program = rotalang.load(CHECKPOINT + """
assert 每天四人在岗: each day d: count(人员 p where p works on d) >= 4
assert 两名干部都值夜班: each day d: 张丽 works 夜班 on d and 王强 works 夜班 on d
""")
    report = program.check(time_limit=10)
    assert report.ok
    assert sorted(d.message for d in report.diagnostics) == [
        "assertion 两名干部都值夜班 holds for every roster",
        "assertion 每天四人在岗 holds for every roster",
    ]
    assert report.counterexamples == ()
    r = solve_and_crosscheck(program, time_limit=5)
    for d in days(day(10), day(12)):
        night = {a.staff for a in r.roster.assignments if a.date == d and a.shift == "夜班"}
        assert {"张丽", "王强"} <= night
        assert len({a.staff for a in r.roster.assignments if a.date == d}) >= 4


def test_refuted_assertion_comes_with_a_counterexample_that_meets_the_rules():
    program = rotalang.load(CHECKPOINT + """
assert 刘洋每天上早班: each day d: 刘洋 works 早班 on d
""")
    # Program.check drops the counterexamples (see test_solver_defects.py): ask the
    # backend's check, which Program.check wraps, for the roster.
    report = check(program.ground(), program.ir, time_limit=10)
    assert not report.ok
    refuted = [d for d in report.diagnostics if d.code == "E0602"]
    assert len(refuted) == 1
    assert refuted[0].message.startswith("assertion 刘洋每天上早班 does not hold for every roster")
    [(name, roster)] = report.counterexamples
    assert name == "刘洋每天上早班"
    # The counterexample meets every hard rule (the evaluator, no Z3) …
    verdict = program.verify(roster)
    assert verdict.hard_violations == ()
    # … and breaks the assertion: some day 刘洋 is not on an early shift.
    early = {a.date for a in roster.assignments if a.staff == "刘洋" and a.shift == "早班"}
    assert set(days(day(10), day(12))) - early
