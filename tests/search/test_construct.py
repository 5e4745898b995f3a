"""Large models (`search/construct.py`): where no hard rule links two people, the first
roster is built person by person, and then improved by the engine's own search of the
whole model or, for a model too large to hand it whole, by the neighbourhood search.
The tests lower the size thresholds, so that a small program takes each path, and
solve under every engine; every roster is re-checked by the evaluator
(tests/conftest.py's cross-check)."""

from __future__ import annotations

import pytest

import rotalang
from rotalang.ground.model import Measure
from rotalang.search import driver
from rotalang.search.construct import independent_parts

PEOPLE = "人员 张丽 {}, 王强 {}, 李娜 {}, 赵敏 {}"
HEADER = f"""calendar from 2025-03-03 to 2025-03-16
staff 人员 {{}}
shift 白班 08:00-20:00
shift 夜班 20:00-08:00
{PEOPLE}
"""
# Every hard rule is one person's; cover is soft: the people are independent parts.
PER_PERSON = HEADER + """
rule 夜班后不上白班: no 夜班 followed by 白班
rule 每周最多四班: each 人员 p: p works at most 4 shifts per week
rule 至少六班: each 人员 p: p works at least 6 shifts
soft rule 每班两人 weight 3: each day d, shift s: count(人员 p where p works s on d) >= 2
soft rule 张丽周末休息 weight 5: 张丽 is off on 2025-03-08
"""
# The same with cover hard: it links everyone.
LINKED = PER_PERSON.replace("soft rule 每班两人 weight 3", "rule 每班两人")


@pytest.fixture(params=["held whole", "too large to hold"])
def every_model_is_large(request, monkeypatch):
    monkeypatch.setattr(driver, "CONSTRUCT_SLOTS", 0)
    if request.param == "too large to hold":
        monkeypatch.setattr(driver, "WHOLE_MODEL_SLOTS", 0)


def test_people_under_their_own_hard_rules_are_independent_parts():
    model = rotalang.load(PER_PERSON).ground()
    parts = independent_parts(model)
    assert parts is not None and len(parts) == len(model.people)
    for person, part in enumerate(parts):
        assert {model.slots[v].person for v in part.slots} == {person}
        # each part carries exactly the hard instances about its person
        assert all(model.constraints[i].measure is Measure.HARD for i in part.constraints)
        assert {model.constraints[i].binding[0] for i in part.constraints
                if model.rules[model.constraints[i].rule].name == "每周最多四班"} == \
            {("p", model.people[person])}
    assert sorted(v for part in parts for v in part.slots) == list(range(len(model.slots)))
    every_hard = [i for i, c in enumerate(model.constraints) if c.measure is Measure.HARD]
    assert sorted(i for part in parts for i in part.constraints) == every_hard


def test_a_hard_rule_over_everyone_leaves_one_part_and_nothing_to_split():
    assert independent_parts(rotalang.load(LINKED).ground()) is None


def test_a_large_model_is_solved_part_by_part_into_a_roster_that_meets_the_hard_rules(
        every_model_is_large, engine):
    program = rotalang.load(PER_PERSON)
    result = program.solve(time_limit=6, workers=2, engine=engine)
    assert result.status in ("feasible", "optimal")
    report = program.verify(result.roster)
    assert report.ok and report.cost == result.cost
    # cover is met where it can be: 4 people, at least 6 and at most 4 a week each,
    # so the search fills every shift with two people on most days
    assert result.cost < 3 * 2 * 28


def test_a_part_without_a_roster_makes_the_large_model_infeasible(every_model_is_large,
                                                                   engine):
    program = rotalang.load(PER_PERSON + "rule 赵敏不可能: 赵敏 works at least 9 shifts per week\n")
    result = program.solve(time_limit=20, workers=2, engine=engine)
    assert result.status == "infeasible"

