"""Rosters ↔ variable values, and auxiliaries computed from their definitions."""

from __future__ import annotations

import datetime

import pytest

from ground_helpers import ground_text
from rotalang.ground.semantics import compile_model
from rotalang.ground.roster_map import (
    UnknownAssignment, roster_to_true_vars, true_vars_to_roster,
)
from rotalang.results import Assignment, Roster

TEXT = """calendar from 2025-02-14 to 2025-02-15
staff 人员 { }
shift 早 06:00-14:00
shift 夜 22:00-06:00
人员 甲, 乙
rule 在岗: each day d: 甲 works on d
"""
D1, D2 = datetime.date(2025, 2, 14), datetime.date(2025, 2, 15)


def test_roster_round_trips_through_true_vars():
    m = ground_text(TEXT)
    roster = Roster.of([Assignment("甲", D1, "夜"), Assignment("乙", D2, "早")])
    true = roster_to_true_vars(m, roster)
    assert true == {m.var(0, 0, 1, None), m.var(1, 1, 0, None)}
    assert true_vars_to_roster(m, true) == roster


def test_auxiliaries_follow_their_definitions():
    m = ground_text(TEXT)
    (works_d1, works_d2) = sorted(m.aux, key=lambda a: a.label)
    assert works_d1.label == "甲 works on 2025-02-14"
    values = compile_model(m).values({m.var(0, 0, 1, None)})
    assert len(values) == m.num_vars
    assert values[works_d1.var] == 1 and values[works_d2.var] == 0


def test_true_vars_to_roster_ignores_auxiliaries():
    m = ground_text(TEXT)
    aux_var = m.aux[0].var
    assert true_vars_to_roster(m, {aux_var}) == Roster(())


def test_unknown_people_dates_and_shifts_are_refused():
    m = ground_text(TEXT)
    with pytest.raises(UnknownAssignment, match="unknown staff member 丙"):
        roster_to_true_vars(m, Roster.of([Assignment("丙", D1, "早")]))
    with pytest.raises(UnknownAssignment, match="unknown date 2025-03-01"):
        roster_to_true_vars(m, Roster.of([Assignment("甲", datetime.date(2025, 3, 1), "早")]))
    with pytest.raises(UnknownAssignment, match="unknown shift 中"):
        roster_to_true_vars(m, Roster.of([Assignment("甲", D1, "中")]))


def test_static_plan_rosters_have_posts_only():
    m = ground_text("staff 人 { }\npost 村 { }\n人 张, 李\n村 东, 西\n")
    roster = Roster.of([Assignment("李", post="西")])
    assert roster_to_true_vars(m, roster) == {m.var(1, None, None, 1)}
    assert true_vars_to_roster(m, {m.var(1, None, None, 1)}) == roster
