"""check and solve on hand-made ground models and small programs: exact conflict sets
(and their minimality, by enumeration), assertions proved and refuted, facts-only
violators, solve's optimum against brute force under each engine, determinism and time
limits."""

from __future__ import annotations


import pytest
from hypothesis import HealthCheck, given, settings

import rotalang
from rotalang.backends import ENGINES
from rotalang.drivers.checking import check
from rotalang.drivers.solving import solve
from rotalang.ground import model as gm
from rotalang.ground.roster_map import roster_to_true_vars
from rotalang.ground.semantics import evaluate

from tests.model_builders import ModelBuilder, all_rosters, count, models, usual_rules_model


def _planted():
    """Four people, one day, shifts 早/夜. 每班至少两人 needs four assignments; 乙 is
    off (外地人员先隔离) and the other three work one shift a day (structure): only
    three. 夜班需资格 (乙 not at night) is innocent."""
    b = ModelBuilder(["甲", "乙", "丙", "丁"], days=1, shifts=["早", "夜"])
    cover = b.rule("每班至少两人", line=14)
    off = b.rule("外地人员先隔离", line=19)
    innocent = b.rule("夜班需资格", line=22)
    for s, name in enumerate(["早", "夜"]):
        b.add(cover, count([b.var(p, 0, s) for p in range(4)], ">=", 2),
              binding=(("d", "2025-02-10"), ("s", name)))
    for p, name in ((1, "乙"),):
        b.add(off, gm.And(tuple(gm.Not(gm.Atom(b.var(p, 0, s))) for s in range(2))),
              binding=(("p", name), ("d", "2025-02-10")))
    b.add(innocent, gm.Not(gm.Atom(b.var(1, 0, 1))), binding=(("p", "乙"),))
    structure = b.rule("one shift per day", kind="structure")
    structure_span = None
    b.rules[structure] = gm.GroundRule(structure, "one shift per day", gm.RuleKind.STRUCTURE,
                                       structure_span)
    for p, name in enumerate(["甲", "乙", "丙", "丁"]):
        b.add(structure, count([b.var(p, 0, s) for s in range(2)], "<=", 1),
              binding=(("person", name), ("day", "2025-02-10")))
    return b.build()


def test_planted_conflict_names_exactly_the_minimal_rules():
    model = _planted()
    report = check(model)
    errors = [d for d in report.diagnostics if d.code == "E0601"]
    assert len(errors) == 1
    d = errors[0]
    assert d.message == ("rules 每班至少两人 (line 14) and 外地人员先隔离 (line 19) cannot "
                         "hold together with the built-in rule \"one shift per day\"")
    assert "conflicting instance: 外地人员先隔离 on 2025-02-10, 乙" in d.notes
    assert ("conflicting instance: 丙 works at most one shift on 2025-02-10 "
            "(built-in \"one shift per day\")") in d.notes
    _assert_rule_set_minimal(model, [0, 1, 3])


def _assert_rule_set_minimal(model, rules):
    """By enumeration, not by the prover: no roster meets every rule of `rules`, and
    for each rule left out some roster meets the others."""
    def some_roster_meets(kept) -> bool:
        for roster in all_rosters(model):
            failed = evaluate(model, roster).failed_hard
            if not any(model.constraints[i].rule in kept for i in failed):
                return True
        return False

    assert not some_roster_meets(set(rules))
    for r in rules:
        assert some_roster_meets(set(rules) - {r}), r


def test_conflict_without_an_innocent_rule():
    b = ModelBuilder(["甲", "乙"], days=2, shifts=["早"])
    cover = b.rule("每天两人", line=3)
    off = b.rule("乙休息", line=5)
    limit = b.rule("每人至多两班", line=7)
    for d in range(2):
        b.add(cover, count([b.var(p, d, 0) for p in range(2)], ">=", 2),
              binding=(("d", f"2025-02-1{d}"),))
    b.add(off, gm.Not(gm.Atom(b.var(1, 1, 0))), binding=(("p", "乙"),))
    b.add(limit, count([b.var(0, d, 0) for d in range(2)], "<=", 2), binding=(("p", "甲"),))
    model = b.build()
    report = check(model)
    [d] = [d for d in report.diagnostics if d.code == "E0601"]
    assert d.message == "rules 每天两人 (line 3) and 乙休息 (line 5) cannot both hold"
    assert d.span.start_line == 3
    assert [(l.span.start_line, l.text) for l in d.labels] == [
        (5, "1 instance of this rule in the conflict")]
    assert d.label == "1 instance of this rule in the conflict"
    assert d.notes == ("conflicting instance: 每天两人 on 2025-02-11",
                       "conflicting instance: 乙休息 for 乙")
    _assert_rule_set_minimal(model, [0, 1])
    assert not report.ok


def _assertion_model(asserted_person: int):
    b = ModelBuilder(["甲", "乙"], days=2, shifts=["早"])
    cover = b.rule("每天一人", line=3)
    for d in range(2):
        b.add(cover, count([b.var(p, d, 0) for p in range(2)], ">=", 1),
              binding=(("d", f"2025-02-1{d}"),))
    ok = b.rule("每天有人" if asserted_person < 0 else "甲每天在岗", kind="assert", line=6)
    for d in range(2):
        vars_ = [b.var(p, d, 0) for p in range(2)] if asserted_person < 0 else \
            [b.var(asserted_person, d, 0)]
        b.add(ok, count(vars_, ">=", 1), binding=(("d", f"2025-02-1{d}"),))
    return b.build()


def test_assertion_proved():
    report = check(_assertion_model(-1))
    assert [(d.severity.value, d.code, d.message) for d in report.diagnostics] == [
        ("note", "N0601", "assertion 每天有人 holds for every roster")]
    assert report.ok and report.counterexamples == ()


def test_assertion_refuted_with_a_counterexample_meeting_the_hard_rules():
    model = _assertion_model(0)
    report = check(model)
    [d] = report.diagnostics
    assert d.code == "E0602" and d.span.start_line == 6
    assert d.message.startswith("assertion 甲每天在岗 does not hold for every roster: it fails on ")
    [(name, roster)] = report.counterexamples
    assert name == "甲每天在岗"
    evaluation = evaluate(model, roster_to_true_vars(model, roster))
    assert evaluation.failed_hard == ()
    assert evaluation.failed_asserts
    assert "a roster that meets every hard rule and breaks it:" in d.notes[-1]


FACTS = """
calendar from 2025-02-10 to 2025-02-11
staff 人员 { 本地: bool }
kind 村 { 报酬: int }
shift 早班 06:00-14:00
人员 甲 { 本地: true }
村 李家村 { 报酬: 650 }
村 王家村 { 报酬: 800 }
村 赵家村 { 报酬: 690 }
rule 报酬: each 村 v: v.报酬 >= 700
"""


def test_facts_only_violators_each_named_with_their_values():
    program = rotalang.load(FACTS)
    report = check(program.ground(), program.ir)
    assert [(d.code, d.message, d.span.start_line) for d in report.diagnostics] == [
        ("E0603", "村 李家村: 报酬 is 650, the rule asks for at least 700", 10),
        ("E0603", "村 赵家村: 报酬 is 690, the rule asks for at least 700", 10)]
    for engine in ENGINES:
        result = solve(program.ground(), program.ir, time_limit=5, engine=engine)
        assert result.status == "infeasible" and result.roster is None


PROGRAM = """
calendar from 2025-02-10 to 2025-02-12
staff 人员 { 本地: bool }
shift 早班 06:00-14:00
shift 夜班 22:00-06:00
人员 甲 { 本地: true }
人员 乙 { 本地: false }
人员 丙 { 本地: true }
rule 每班一人: each day d, shift s: count(人员 p where p works s on d) >= 1
rule 外地人员: each 人员 p where not p.本地: p is off on 2025-02-11
soft rule 少用工 weight 2: each day d, shift s: count(人员 p where p works s on d) <= 1
soft rule 甲休息 weight 3: 甲 is off on 2025-02-10
"""


def test_solve_a_program_to_a_proved_optimum(engine):
    program = rotalang.load(PROGRAM)
    seen = []
    result = solve(program.ground(), program.ir, time_limit=20, on_improvement=seen.append,
                   engine=engine)
    assert result.status == "optimal"
    assert result.cost == 0 and result.lower_bound == 0 and result.breakdown == ()
    assert seen and seen[-1].cost == 0
    by_day = {}
    for a in result.roster.assignments:
        by_day.setdefault((a.date.isoformat(), a.shift), []).append(a.staff)
    assert len(by_day) == 6 and all(len(v) == 1 for v in by_day.values())
    assert by_day.get(("2025-02-10", "早班")) != ["甲"] and "甲" not in sum(
        (v for (d, _), v in by_day.items() if d == "2025-02-10"), [])
    assert all("乙" not in v for (d, _), v in by_day.items() if d == "2025-02-11")


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=models())
def test_solve_reaches_the_brute_force_optimum(engine, model):
    best = None
    for roster in all_rosters(model):
        evaluation = evaluate(model, roster)
        if not evaluation.failed_hard:
            best = evaluation.total_cost if best is None else min(best, evaluation.total_cost)
    result = solve(model, time_limit=20, engine=engine)
    if best is None:
        assert result.status == "infeasible"
    else:
        assert result.status == "optimal"
        assert result.cost == best == result.lower_bound
        assert evaluate(model, roster_to_true_vars(model, result.roster)).failed_hard == ()


def test_same_seed_same_roster(engine):
    program = rotalang.load(PROGRAM)
    a = solve(program.ground(), program.ir, seed=7, time_limit=20, engine=engine)
    b = solve(program.ground(), program.ir, seed=7, time_limit=20, engine=engine)
    assert a.roster == b.roster and a.cost == b.cost


def test_time_limit_returns_a_feasible_roster(engine):
    model = usual_rules_model()
    result = solve(model, time_limit=4, seed=1, engine=engine)
    assert result.status in ("feasible", "optimal")
    evaluation = evaluate(model, roster_to_true_vars(model, result.roster))
    assert evaluation.failed_hard == ()
    assert result.cost == evaluation.total_cost
    assert result.lower_bound is not None and result.lower_bound <= result.cost


def test_every_rule_of_a_conflict_shows_its_first_instances():
    # 甲 must work every day but at most 6 shifts a week: the first week's 7 instances
    # of the first rule are in the conflict; the notes still reach the second rule's.
    b = ModelBuilder(["甲"], days=8, shifts=["白"])
    every_day = b.rule("甲每天上班", line=3)
    cap = b.rule("每周最多六班", line=4)
    for d in range(8):
        b.add(every_day, gm.Atom(b.var(0, d, 0)), binding=(("d", str(b.days[d])),))
    b.add(cap, count([b.var(0, d, 0) for d in range(7)], "<=", 6),
          binding=(("p", "甲"), ("period", "week 2025-W07")))
    b.add(cap, count([b.var(0, 7, 0)], "<=", 6),
          binding=(("p", "甲"), ("period", "week 2025-W08")))
    [d] = [d for d in check(b.build()).diagnostics if d.code == "E0601"]
    assert d.message == "rules 甲每天上班 (line 3) and 每周最多六班 (line 4) cannot both hold"
    assert d.notes == (
        "conflicting instance: 甲每天上班 on 2025-02-10",
        "conflicting instance: 甲每天上班 on 2025-02-11",
        "conflicting instance: 甲每天上班 on 2025-02-12",
        "conflicting instance: 甲每天上班 on 2025-02-13",
        "conflicting instance: 甲每天上班 on 2025-02-14",
        "... and 2 more of this rule",
        "conflicting instance: 每周最多六班 for 甲, week 2025-02-10..02-16")


def _cover_with_few(kind: str):
    """Three people, three days of one shift; 每天有医生 each day needs 甲 or 乙; each
    works at most one shift (`kind`: "some" as an Or, "count" as a count ≥ 1)."""
    b = ModelBuilder(["甲", "乙", "丙"], days=3, shifts=["白"])
    cover = b.rule("每天有医生", line=3)
    cap = b.rule("每人最多一班", line=4)
    for d in range(3):
        doctors = [b.var(p, d, 0) for p in range(2)]
        formula = (gm.Or(tuple(gm.Atom(v) for v in doctors)) if kind == "some"
                   else count(doctors, ">=", 1))
        b.add(cover, formula, binding=(("d", str(b.days[d])),))
    for p, name in enumerate(b.people):
        b.add(cap, count([b.var(p, d, 0) for d in range(3)], "<=", 1), binding=(("p", name),))
    return b.build()


@pytest.mark.parametrize("kind", ["some", "count"])
def test_a_conflict_over_too_few_eligible_people_names_them_in_the_help(kind):
    [d] = [d for d in check(_cover_with_few(kind)).diagnostics if d.code == "E0601"]
    assert d.help == ("only 甲 and 乙 can meet 每天有医生 (line 3): add people who can, or "
                      "relax one of these rules")


def test_the_help_stays_generic_when_everyone_can_meet_the_rules():
    b = ModelBuilder(["甲", "乙"], days=1, shifts=["白"])
    cover = b.rule("每天两人", line=3)
    off = b.rule("乙休息", line=4)
    b.add(cover, count([b.var(0, 0, 0), b.var(1, 0, 0)], ">=", 2),
          binding=(("d", str(b.days[0])),))
    b.add(off, gm.Not(gm.Atom(b.var(1, 0, 0))), binding=(("p", "乙"),))
    [d] = [d for d in check(b.build()).diagnostics if d.code == "E0601"]
    assert d.help == "relax or drop one of these rules, or change the data they name"
