"""verify on real programs, one per construct of the language table: a roster that meets
the rule, one that breaks it (the exact violation a rule author reads), and soft costs
worked out by hand in each test."""

import datetime
from fractions import Fraction

import pytest

import rotalang
from rotalang.report.verify_json import verify_report_json
from rotalang.report.verify_text import format_verify_report
from rotalang.results import Assignment, CostLine, Roster, VerifyReport, Violation

HEAD = """calendar from 2025-02-10 to 2025-02-16
staff 人员 { 党员: bool = false }
shift 早 06:00-14:00
shift 晚 14:00-22:00
shift 夜 22:00-06:00
人员 甲 { 党员: true }, 乙, 丙
"""
LINE = 7  # the rule's line: right after HEAD


def roster(*rows):
    return Roster.of(Assignment(p, datetime.date.fromisoformat(d), s) for p, d, s in rows)


def verify(rules: str, *rows):
    return rotalang.load(HEAD + rules).verify(roster(*rows))


def broken(rules: str, *rows):
    return [(v.binding, v.expected, v.actual, v.what) for v in verify(rules, *rows).hard_violations]


# (rule, a roster that meets it, a roster that breaks it, the violation)
HARD = {
    "coverage": (
        "rule r: each day d, shift s where d = 2025-02-10 and s = 早: "
        "count(人员 p where p works s on d) >= 2",
        [("甲", "2025-02-10", "早"), ("乙", "2025-02-10", "早")],
        [("甲", "2025-02-10", "早"), ("乙", "2025-02-10", "晚")],
        [((("d", "2025-02-10"), ("s", "早")), "at least 2", "1",
          "count(人员 p where p works s on d)")]),
    "qualification": (
        "rule r: each day d, shift s: if some(人员 p where p works s on d) "
        "then some(人员 p where p.党员 and p works s on d)",
        [("甲", "2025-02-15", "晚"), ("丙", "2025-02-15", "晚")],
        [("丙", "2025-02-15", "晚")],
        [((("d", "2025-02-15"), ("s", "晚")),
          "if some(人员 p where p works s on d) then some(人员 p where p.党员 and p works s on d)",
          "甲 is off 晚 on 2025-02-15; 丙 works 晚 on 2025-02-15", "")]),
    "availability": (
        "rule r: 甲 is off on 2025-02-12",
        [("甲", "2025-02-13", "晚")],
        [("甲", "2025-02-12", "晚")],
        [((), "甲 is off on 2025-02-12", "甲 works on 2025-02-12", "")]),
    "shifts in any window": (
        "rule r: each 人员 p: works at most 1 shifts in any 2 days",
        [("丙", "2025-02-10", "晚"), ("丙", "2025-02-12", "早")],
        [("丙", "2025-02-10", "晚"), ("丙", "2025-02-11", "早")],
        [((("p", "丙"), ("period", "2025-02-10..2025-02-11")), "at most 1", "2",
          "shifts worked by 丙")]),
    "shifts per week": (
        "rule r: each 人员 p: works at most 1 shifts per week",
        [("甲", "2025-02-10", "夜"), ("乙", "2025-02-12", "夜")],
        [("甲", "2025-02-10", "夜"), ("甲", "2025-02-12", "夜")],
        [((("p", "甲"), ("period", "week 2025-W07")), "at most 1", "2", "shifts worked by 甲")]),
    "total time": (
        "rule r: each 人员 p: works at most 16h",
        [("丙", "2025-02-10", "晚"), ("丙", "2025-02-11", "早")],
        [("丙", "2025-02-10", "晚"), ("丙", "2025-02-11", "早"), ("丙", "2025-02-13", "早")],
        [((("p", "丙"),), "at most 16h", "24h", "time worked by 丙")]),
    "max consecutive days": (
        "rule r: each 人员 p: works at most 2 consecutive days",
        [("甲", "2025-02-10", "早"), ("甲", "2025-02-11", "早"), ("甲", "2025-02-13", "晚")],
        [("甲", "2025-02-10", "早"), ("甲", "2025-02-11", "早"), ("甲", "2025-02-12", "晚")],
        [((("p", "甲"), ("days", "2025-02-10..2025-02-12")), "at most 2", "3",
          "days 甲 works in a row")]),
    "min consecutive days off": (
        "rule r: each 人员 p: has at least 2 consecutive days off",
        [("甲", "2025-02-10", "早"), ("甲", "2025-02-13", "早")],
        [("甲", "2025-02-10", "早"), ("甲", "2025-02-12", "早")],
        [((("p", "甲"), ("days", "2025-02-11..2025-02-11")),
          "has at least 2 consecutive days off",
          "甲 works on 2025-02-10 then is off on 2025-02-11 then works on 2025-02-12", "")]),
    "succession": (
        "rule r: no 夜 followed by 早",
        [("乙", "2025-02-10", "夜"), ("乙", "2025-02-11", "夜")],
        [("乙", "2025-02-10", "夜"), ("乙", "2025-02-11", "早")],
        [((("p", "乙"), ("day", "2025-02-10")), "no 夜 followed by 早",
          "乙 works 夜 on 2025-02-10 then 早 on 2025-02-11", "")]),
    "rest between shifts": (
        "rule r: rest at least 11h between shifts",
        [("乙", "2025-02-10", "早"), ("乙", "2025-02-11", "早")],
        [("乙", "2025-02-10", "晚"), ("乙", "2025-02-11", "早")],
        [((("p", "乙"), ("day", "2025-02-10"), ("shift", "晚")),
          "rest at least 11h between shifts",
          "乙 works 晚 on 2025-02-10 then 早 on 2025-02-11", "")]),
    "weekends": (
        "rule r: each 人员 p: works at most 0 weekends",
        [("丙", "2025-02-14", "晚")],
        [("丙", "2025-02-15", "晚")],
        [((("p", "丙"),), "at most 0", "1", "weekends worked by 丙")]),
    "composition ratio": (
        "rule r: shifts(甲, 夜) >= 50% of shifts(甲)",
        [("甲", "2025-02-15", "夜"), ("甲", "2025-02-14", "晚")],
        [("甲", "2025-02-15", "晚"), ("甲", "2025-02-14", "晚")],
        [((), "at least 1", "0", "shifts(甲, 夜)")]),
    "pairing": (
        "rule r: each day d: if 乙 works on d then 甲 works on d",
        [("乙", "2025-02-15", "晚"), ("甲", "2025-02-15", "早")],
        [("乙", "2025-02-15", "晚")],
        [((("d", "2025-02-15"),), "if 乙 works on d then 甲 works on d",
          "甲 is off on 2025-02-15; 乙 works on 2025-02-15", "")]),
    "condition on the roster": (
        "rule r: each day d: count(人员 p where p works on d) <= 1 when 甲 works on d",
        [("乙", "2025-02-12", "晚"), ("丙", "2025-02-12", "早")],
        [("甲", "2025-02-12", "晚"), ("乙", "2025-02-12", "早")],
        [((("d", "2025-02-12"),), "at most 1", "2", "count(人员 p where p works on d)")]),
    "count over assignments joined by and": (
        "rule r: count(人员 p where p works on 2025-02-15 and p works on 2025-02-16) <= 1",
        [("甲", "2025-02-15", "早"), ("甲", "2025-02-16", "早"), ("乙", "2025-02-15", "晚"),
         ("丙", "2025-02-16", "夜")],
        [("甲", "2025-02-15", "早"), ("甲", "2025-02-16", "早"), ("乙", "2025-02-15", "晚"),
         ("乙", "2025-02-16", "夜")],
        [((), "at most 1", "2",
          "count(人员 p where p works on 2025-02-15 and p works on 2025-02-16)")]),
    "count over an assignment and a day off": (
        "rule r: count(人员 p where p works on 2025-02-15 and p is off on 2025-02-16) = 0",
        [("甲", "2025-02-15", "早"), ("甲", "2025-02-16", "早"), ("乙", "2025-02-16", "晚")],
        [("甲", "2025-02-15", "早"), ("甲", "2025-02-16", "早"), ("乙", "2025-02-15", "晚")],
        [((), "exactly 0", "1",
          "count(人员 p where p works on 2025-02-15 and p is off on 2025-02-16)")]),
}


@pytest.mark.parametrize("name", sorted(HARD))
def test_hard_rule_met_and_broken(name):
    rule, meets, breaks, violation = HARD[name]
    assert broken(rule, *meets) == []
    assert broken(rule, *breaks) == violation


def test_structure_rule_is_verified_for_rosters_built_in_python():
    report = verify("rule r: each 人员 p: works at most 7 shifts",
                    ("甲", "2025-02-10", "夜"), ("甲", "2025-02-10", "早"))
    assert report.hard_violations == (Violation(
        "one shift per day", None, (("person", "甲"), ("day", "2025-02-10")),
        "at most 1", "2", "shifts worked that day", "shifts worked that day: 2",
        "甲 2025-02-10"),)


def test_facts_only_rules_are_left_to_check():
    assert verify("rule r: each 人员 p: p.党员").hard_violations == ()


def test_assertions_are_not_verified():
    assert verify("assert a: each day d: some(人员 p where p works on d)").ok


# ------------------------------------------------------------------------ soft costs


def test_request_costs_weight_per_broken_instance():
    # two of the three days after 2025-02-13 worked, at weight 3
    report = verify("soft rule 申请 weight 3: each day d where d > 2025-02-13: 甲 is off on d",
                    ("甲", "2025-02-14", "晚"), ("甲", "2025-02-16", "晚"),
                    ("甲", "2025-02-12", "晚"))
    assert report.ok
    assert (report.cost, report.breakdown) == (6, (CostLine("申请", LINE, Fraction(6), 2),))


def test_numeric_bound_costs_weight_per_unit_short():
    # one person where three are wanted: 2 short × 100
    report = verify("soft rule 人手 weight 100: each day d where d = 2025-02-10: "
                    "count(人员 p where p works 早 on d) >= 3", ("甲", "2025-02-10", "早"))
    assert (report.cost, report.breakdown) == (200, (CostLine("人手", LINE, Fraction(200), 1),))


def test_balance_costs_weight_times_spread():
    # shifts: 甲 3, 乙 1, 丙 0 → spread 3, × 2
    report = verify("soft rule 均衡 weight 2: balance shifts(p) across 人员 p",
                    ("甲", "2025-02-10", "早"), ("甲", "2025-02-11", "早"),
                    ("甲", "2025-02-12", "早"), ("乙", "2025-02-12", "早"))
    assert report.cost == 6


def test_minimize_costs_weight_times_value():
    report = verify("soft rule 少夜班 weight 5: "
                    "minimize count(人员 p, day d where p works 夜 on d)",
                    ("甲", "2025-02-10", "夜"), ("乙", "2025-02-12", "夜"), ("丙", "2025-02-12", "早"))
    assert report.cost == 10


def test_soft_rules_that_cost_nothing_are_listed_at_zero():
    report = verify("soft rule a weight 1: 甲 is off on 2025-02-10\n"
                    "soft rule b weight 7: 乙 is off on 2025-02-10",
                    ("乙", "2025-02-10", "早"))
    assert report.breakdown == (CostLine("a", 7, Fraction(0), 0), CostLine("b", 8, Fraction(7), 1))


# -------------------------------------------------------------------------- reports


RULES = """rule 每班两人: each day d, shift s where d = 2025-02-10 and s = 早:
  count(人员 p where p works s on d) >= 2
rule 夜不接早: no 夜 followed by 早
soft rule 申请 weight 3: 甲 is off on 2025-02-11
soft rule 均衡 weight 1/2: balance shifts(p) across 人员 p
"""


def test_text_report():
    program = rotalang.load(HEAD + RULES.replace("weight 1/2", "weight 50%"))
    report = program.verify(roster(("甲", "2025-02-10", "早"), ("乙", "2025-02-10", "夜"),
                                   ("乙", "2025-02-11", "早"), ("甲", "2025-02-11", "晚")))
    assert format_verify_report(report, program.ir) == """\
2 hard rule instances broken (2 rules)

每班两人  <input>:7
  rule: count(人员 p where p works s on d) >= 2
  2025-02-10 早: 1 person, the rule asks for at least 2

夜不接早  <input>:9
  rule: no 夜 followed by 早
  乙 2025-02-10: 乙 works 夜 on 2025-02-10 then 早 on 2025-02-11

rule             line  broken  cost
申请               10       1     3
均衡               11       1     1
total soft cost                   4

cost by instance, dearest first

申请  <input>:10  (1 instance, cost 3)
  rule: 甲 is off on 2025-02-11
  3  甲 works on 2025-02-11

均衡  <input>:11  (1 instance, cost 1)
  rule: balance shifts(p) across 人员 p
  1  highest 2 (甲, 乙), lowest 0 (丙)
"""


def test_json_report_has_exact_costs():
    program = rotalang.load(HEAD + RULES.replace("weight 1/2", "weight 50%"))
    report = program.verify(roster(("甲", "2025-02-10", "早"), ("甲", "2025-02-11", "早")))
    assert verify_report_json(report) == {
        "ok": False,
        "hard_violations": [{"rule": "每班两人", "line": 7,
                             "binding": {"d": "2025-02-10", "s": "早"},
                             "expected": "at least 2", "actual": "1"}],
        "cost": 4,
        "breakdown": [{"rule": "申请", "line": 10, "cost": 3, "count": 1},
                      {"rule": "均衡", "line": 11, "cost": 1, "count": 1}],
        "costs": [
            {"rule": "申请", "line": 10, "binding": {}, "place": "", "cost": 3,
             "found": "甲 works on 2025-02-11", "expected": "甲 is off on 2025-02-11",
             "cells": [{"staff": "甲", "date": "2025-02-11", "shift": "早", "post": None}]},
            {"rule": "均衡", "line": 11, "binding": {}, "place": "", "cost": 1,
             "found": "highest 2 (甲), lowest 0 (乙, 丙)", "expected": "every term equal",
             "cells": [{"staff": "甲", "date": "2025-02-10", "shift": "早", "post": None},
                       {"staff": "甲", "date": "2025-02-11", "shift": "早", "post": None}]}],
    }
    report = program.verify(roster(("甲", "2025-02-10", "早"), ("乙", "2025-02-10", "早"),
                                   ("乙", "2025-02-12", "早"), ("乙", "2025-02-13", "早")))
    # spread 3 − 0 at weight 1/2
    assert verify_report_json(report)["cost"] == 1.5
    assert verify_report_json(report)["ok"] is True
    assert format_verify_report(report, program.ir) == """\
no hard rule is broken

rule             line  broken  cost
申请               10       0     0
均衡               11       1   1.5
total soft cost                 1.5

cost by instance, dearest first

均衡  <input>:11  (1 instance, cost 1.5)
  rule: balance shifts(p) across 人员 p
  1.5  highest 3 (乙), lowest 0 (丙)
"""


STATIC = """post 村 { }
staff 候选人 { 年龄: int }
村 东村, 西村
候选人 甲 { 年龄: 30 }, 乙 { 年龄: 40 }, 丙 { 年龄: 25 }
rule 每村一人: each 村 v: count(候选人 c where c works at v) = 1
rule 年龄: each 候选人 c: if c works then c.年龄 <= 35
soft rule 少用丙 weight 4: 丙 is not at 东村
"""


def test_static_plan():
    program = rotalang.load(STATIC.replace("丙 is not at 东村", "not 丙 works at 东村"))
    ok = program.verify(Roster.of([Assignment("甲", post="东村"), Assignment("丙", post="西村")]))
    assert ok.ok and ok.cost == 0
    report = program.verify(Roster.of([Assignment("乙", post="西村"), Assignment("丙", post="西村"),
                                       Assignment("甲", post="东村"), Assignment("丙", post="东村")]))
    assert [(v.rule, v.binding, v.expected, v.actual) for v in report.hard_violations] == [
        ("每村一人", (("v", "东村"),), "exactly 1", "2"),
        ("每村一人", (("v", "西村"),), "exactly 1", "2"),
        ("年龄", (("c", "乙"),), "if c works then c.年龄 <= 35", "乙 works at 西村"),
        ("one post per person", (("person", "丙"),), "at most 1", "2"),
    ]
    assert report.cost == 4


@pytest.mark.parametrize("rules, rows, line", [
    # a count over the staff says people; over days says days
    ("rule r: each day d, shift s where d = 2025-02-10 and s = 早: "
     "count(人员 p where p works s on d) >= 2",
     [("甲", "2025-02-10", "早")], "2025-02-10 早: 1 person, the rule asks for at least 2"),
    ("rule r: count(day d where 甲 works on d) <= 1",
     [("甲", "2025-02-10", "早"), ("甲", "2025-02-11", "早")],
     "2 days, the rule asks for at most 1"),
    # a statement about time or shifts worked names whose and what
    ("rule r: each 人员 p: p works at most 1 shifts",
     [("乙", "2025-02-10", "早"), ("乙", "2025-02-11", "早")],
     "乙: shifts worked by 乙: 2, the rule asks for at most 1"),
    ("rule r: each 人员 p: p works at most 8h",
     [("乙", "2025-02-10", "早"), ("乙", "2025-02-11", "早")],
     "乙: time worked by 乙: 16h, the rule asks for at most 8h"),
    # a comparison of anything else quotes its left side
    ("rule r: shifts(甲) <= 1", [("甲", "2025-02-10", "早"), ("甲", "2025-02-11", "早")],
     "shifts(甲): 2, the rule asks for at most 1"),
    # any other statement: what the roster has, then the rule as written
    ("rule r: no 夜 followed by 早", [("乙", "2025-02-10", "夜"), ("乙", "2025-02-11", "早")],
     "乙 2025-02-10: 乙 works 夜 on 2025-02-10 then 早 on 2025-02-11"),
])
def test_each_broken_instance_reads_as_one_sentence(rules, rows, line):
    program = rotalang.load(HEAD + rules)
    text = format_verify_report(program.verify(roster(*rows)), program.ir)
    assert text.splitlines()[-1] == "  " + line


def test_the_instance_reads_when_then_shift_then_where_whatever_the_binder_order():
    program = rotalang.load(HEAD.replace("人员 甲", "post 卡口\n卡口 东关\n人员 甲")
                            + "rule r: each 卡口 k, day d, shift s where d = 2025-02-10 and "
                              "s = 夜: count(人员 p where p works s on d at k) >= 2\n")
    roster_ = Roster.of([Assignment("甲", datetime.date(2025, 2, 10), "夜", "东关")])
    report = program.verify(roster_)
    (v,) = report.hard_violations
    assert v.binding == (("k", "东关"), ("d", "2025-02-10"), ("s", "夜"))  # as bound
    assert format_verify_report(report, program.ir).splitlines()[-1] == \
        "  2025-02-10 夜 东关: 1 person, the rule asks for at least 2"


def test_each_broken_rule_shows_its_statement_once_with_its_when():
    program = rotalang.load(HEAD + "rule r: each 人员 p, day d: p is off on d "
                                   "when d >= 2025-02-15\n")
    text = format_verify_report(program.verify(roster(
        ("甲", "2025-02-15", "早"), ("乙", "2025-02-15", "晚"), ("乙", "2025-02-16", "夜"))),
        program.ir)
    assert text == """\
3 hard rule instances broken

r  <input>:7
  rule: p is off on d when d >= 2025-02-15
  甲 2025-02-15: 甲 works on 2025-02-15
  乙 2025-02-15: 乙 works on 2025-02-15
  乙 2025-02-16: 乙 works on 2025-02-16
"""


CADRES = """calendar from 2025-02-10 to 2025-02-11
enum 身份 { 党员干部, 医务人员 }
staff 人员 { 身份: 身份, 社区: text }
post 卡口
shift 早 06:00-14:00
shift 晚 14:00-22:00
卡口 东关, 西关
人员 甲 { 身份: 党员干部, 社区: "东" }, 乙 { 身份: 党员干部, 社区: "东" },
     丙 { 身份: 党员干部, 社区: "东" }, 丁 { 身份: 党员干部, 社区: "东" },
     戊 { 身份: 党员干部, 社区: "东" }, 己 { 身份: 医务人员, 社区: "西" },
     庚 { 身份: 党员干部, 社区: "西" }
"""


@pytest.mark.parametrize("rule, line", [
    # five eligible people: the filter, not five names
    ("each 卡口 k, day d where d = 2025-02-10 and k = 东关: "
     "some(人员 p where p.身份 = 党员干部 and p.社区 = \"东\" and p works 早 on d at k)",
     "2025-02-10 东关: no 人员 with 身份 = 党员干部 and 社区 = \"东\" works 早 on 2025-02-10 at 东关"),
    # a binder of the rule reads as this instance's value; few people are named too
    ("each 人员 q, day d where d = 2025-02-10 and q = 己: "
     "some(人员 p where p.社区 = q.社区 and p != q and p works on d)",
     "己 2025-02-10: no 人员 with 社区 = 己.社区 and p != 己 (庚) works on 2025-02-10"),
    # no condition but the assignment: the kind alone
    ("each day d where d = 2025-02-11: some(人员 p where p works 早 on d at 西关)",
     "2025-02-11: no 人员 works 早 on 2025-02-11 at 西关"),
    # a condition that reads the roster cannot name who was eligible: the names
    ("each day d where d = 2025-02-11: "
     "some(人员 p where shifts(p) >= 1 and p.身份 = 医务人员 and p works 早 on d at 西关)",
     "2025-02-11: 己 is off 早 on 2025-02-11 at 西关"),
])
def test_a_failed_some_names_who_was_eligible(rule, line):
    program = rotalang.load(CADRES + f"rule r: {rule}\n")
    report = program.verify(Roster.of([
        Assignment("己", datetime.date(2025, 2, 10), "早", "西关"),
        Assignment("甲", datetime.date(2025, 2, 10), "早", "西关")]))
    assert format_verify_report(report, program.ir).splitlines()[-1] == "  " + line


def test_without_the_statement_each_instance_says_what_the_rule_asks():
    report = VerifyReport((Violation("夜不接早", 9, (("p", "乙"),), "no 夜 followed by 早",
                                     "乙 works 夜 then 早", place="乙"),), Fraction(0), ())
    assert format_verify_report(report) == """\
1 hard rule instance broken

夜不接早  line 9
  乙 works 夜 then 早; the rule asks for `no 夜 followed by 早`
"""


def test_a_roster_that_puts_someone_on_their_sick_day_breaks_that_line():
    report = verify("乙 unavailable 2025-02-11 to 2025-02-12\n", ("甲", "2025-02-11", "早"),
                    ("乙", "2025-02-12", "夜"))
    assert [(v.rule, v.binding) for v in report.hard_violations] == [
        ("乙 unavailable 2025-02-11..02-12", (("d", "2025-02-12"),))]
    assert "乙 unavailable 2025-02-11..02-12" in format_verify_report(report)


def test_two_shifts_of_one_day_break_nothing_where_the_program_relaxes_one_shift_per_day():
    two = (("甲", "2025-02-11", "早"), ("甲", "2025-02-11", "晚"))
    assert [v.rule for v in verify("", *two).hard_violations] == ["one shift per day"]
    relaxed = verify('relax "one shift per day"\n', *two)
    assert relaxed.hard_violations == () and relaxed.ok
