"""The examples of examples/analyses through the API: what diff decides, and that the
evaluator confirms every witness on its own."""

from __future__ import annotations

from fractions import Fraction

import pytest

import rotalang
from rotalang.analyses.result import Answer, Change, Verdict
from helpers import EX

FOUR, FIVE = EX / "值班-四班.rota", EX / "值班-五班.rota"


@pytest.fixture(scope="module")
def four_five():
    return rotalang.diff(FOUR, FIVE)


def test_raising_the_cap_allows_more_rosters_and_only_that(four_five):
    assert four_five.verdict is Verdict.DIFFERENT
    new_only, old_only = four_five.directions
    assert (new_only.allowed_by, new_only.answer) == ("new", Answer.FOUND)
    assert (old_only.allowed_by, old_only.answer) == ("old", Answer.NONE)
    assert not old_only.allows_none  # a real proof, not an empty OLD
    assert [c.answer for c in four_five.costs] == [Answer.NONE, Answer.NONE]


def test_the_witness_is_confirmed_by_verify_on_both_programs(four_five):
    roster = four_five.directions[0].witness.roster
    assert rotalang.load(FIVE).verify(roster).ok
    broken = rotalang.load(FOUR).verify(roster).hard_violations
    assert broken and {v.rule for v in broken} == {"每周班数上限"}
    assert len(broken) == 1  # narrowed to the smallest difference


def test_the_changed_rule_is_named_at_its_lines(four_five):
    changed = [c for c in four_five.rules if c.change is not Change.UNCHANGED]
    assert [(c.change, c.old[0], c.old[2], c.new[2]) for c in changed] == \
        [(Change.CHANGED, "每周班数上限", 17, 17)]


def test_a_reordered_file_is_equivalent():
    result = rotalang.diff(FOUR, EX / "值班-重排.rota")
    assert result.verdict is Verdict.EQUIVALENT
    assert {c.change for c in result.rules} == {Change.UNCHANGED}
    assert all(d.witness is None for d in result.directions)


def test_a_renamed_rule_is_renamed_not_removed_and_added():
    result = rotalang.diff(FOUR, EX / "值班-改名.rota")
    assert result.verdict is Verdict.EQUIVALENT
    (renamed,) = [c for c in result.rules if c.change is not Change.UNCHANGED]
    assert renamed.change is Change.RENAMED
    assert (renamed.old[0], renamed.new[0]) == ("夜班后不上白班", "夜班次日休白班")


def test_a_weight_changes_costs_not_rosters():
    result = rotalang.diff(FOUR, EX / "值班-权重.rota")
    assert result.verdict is Verdict.DIFFERENT
    assert [d.answer for d in result.directions] == [Answer.NONE, Answer.NONE]
    more, less = result.costs
    assert (more.answer, more.change, more.largest) == (Answer.FOUND, Fraction(3), True)
    assert less.answer is Answer.NONE
    # the evaluator's costs of that roster, program by program
    assert rotalang.load(EX / "值班-权重.rota").verify(more.roster).cost - \
        rotalang.load(FOUR).verify(more.roster).cost == 3


def test_a_budget_spent_before_the_questions_is_unknown(tmp_path):
    from helpers import COVER, HEAD, write

    old = rotalang.load(write(tmp_path, "a.rota", HEAD + COVER))
    new = rotalang.load(write(tmp_path, "b.rota", HEAD + COVER))
    old.ground(), new.ground()  # grounded already: the limit falls on the solver
    result = rotalang.diff(old, new, time_limit=1e-6)
    assert result.verdict is Verdict.UNKNOWN
    assert Answer.UNDECIDED in [d.answer for d in result.directions]
    assert rotalang.diff(old, new).verdict is Verdict.EQUIVALENT
