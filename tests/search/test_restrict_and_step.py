"""A restricted model means what the original means with the fixed slots in place, and
one neighbourhood-search step, under each engine, finds what brute force finds in its
neighbourhood.

On random tiny ground models (the same generator as the encoding tests), for a random
roster and a random set of free slots, every completion of the free slots is checked:
the restricted model's cost moves exactly as the original's does, and it breaks the
same hard instances (the left-out ones being decided by the fixed part).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from rotalang.backends import ENGINES, engine_named
from rotalang.backends.protocol import Limits
from rotalang.ground.objective import objective
from rotalang.ground.restrict import Restrictor
from rotalang.ground.semantics import compile_model, evaluate
from rotalang.search.step import improve_part

from tests.model_builders import models


def _cost(model, roster):
    return evaluate(model, roster).total_cost


def _broken(model, roster) -> set[int]:
    return set(evaluate(model, roster).failed_hard)


def _values(model, roster):
    return compile_model(model).values(roster)


def _step(engine, model, incumbent, free, allowance=0):
    """One step, and the gain in the author's units."""
    goal = objective(model)
    outcome = improve_part(engine_named(engine), Restrictor(model), incumbent,
                           _values(model, incumbent), sorted(free), factor=goal.factor,
                           seed=0, limits=Limits(30),
                           allowance=int(Fraction(allowance) * goal.factor))
    return outcome, goal.fraction(outcome.gain)


def _completions(n: int):
    for bits in itertools.product((False, True), repeat=n):
        yield tuple(i for i in range(n) if bits[i])


@st.composite
def restricted_cases(draw):
    model = draw(models())
    n = len(model.slots)
    incumbent = tuple(sorted(draw(st.sets(st.integers(0, n - 1)))))
    free = draw(st.sets(st.integers(0, n - 1)))
    return model, incumbent, free


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(restricted_cases())
def test_restricted_model_agrees_with_the_original_on_every_completion(case):
    model, incumbent, free = case
    values = _values(model, incumbent)
    r = Restrictor(model).restrict(free, values)
    sub = r.model
    assert r.free_slots == tuple(sorted(free))
    base_sub = r.restricted_true(incumbent)
    base_cost, sub_base_cost = _cost(model, incumbent), _cost(sub, base_sub)
    broken_outside = _broken(model, incumbent) - set(r.constraints)
    for sub_roster in _completions(len(sub.slots)):
        lifted = r.lift(incumbent, sub_roster)
        assert set(lifted) - set(free) == set(incumbent) - set(free)
        assert r.restricted_true(lifted) == sub_roster
        assert _cost(model, lifted) - base_cost == _cost(sub, sub_roster) - sub_base_cost
        expected = {r.constraints[i] for i in _broken(sub, sub_roster)} | broken_outside
        assert _broken(model, lifted) == expected


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=restricted_cases())
def test_a_step_finds_the_best_completion_of_its_neighbourhood_or_moves_sideways(engine, case):
    model, _, free = case
    feasible = [r for r in _completions(len(model.slots)) if not _broken(model, r)]
    assume(feasible)
    incumbent = max(feasible, key=lambda r: (_cost(model, r), r))  # the worst start
    values = _values(model, incumbent)
    neighbours = [r for r in feasible
                  if set(r) - set(free) == set(incumbent) - set(free)]
    best = min(_cost(model, r) for r in neighbours)
    outcome, gain = _step(engine, model, incumbent, free)
    assert outcome.exhausted  # tiny neighbourhoods are always searched to the end
    if outcome.true_vars is None:  # the incumbent is the only best roster around
        assert best == _cost(model, incumbent)
        assert gain == 0
        if not _at_floor(model, incumbent, free, values):  # at the floor nothing is tried
            assert [r for r in neighbours if _cost(model, r) == best] == [tuple(incumbent)]
    else:  # a cheaper roster, or a sideways move to another one at the same cost
        assert outcome.true_vars != tuple(incumbent)
        assert not _broken(model, outcome.true_vars)
        assert set(outcome.true_vars) - set(free) == set(incumbent) - set(free)
        assert _cost(model, outcome.true_vars) == _cost(model, incumbent) - gain
        assert _cost(model, outcome.true_vars) == best


def _at_floor(model, incumbent, free, values) -> bool:
    """Whether the incumbent's free part already costs the least it can (the step
    then asks nothing)."""
    restriction = Restrictor(model).restrict(sorted(free), values)
    goal = objective(restriction.model, factor=objective(model).factor)
    sub_cost = _cost(restriction.model, restriction.restricted_true(incumbent))
    return goal.integer(sub_cost) <= goal.floor


@st.composite
def walking_cases(draw):
    model = draw(models())
    n = len(model.slots)
    free = draw(st.sets(st.integers(0, n - 1), min_size=min(n, 2)))
    # allowances finer than the restricted model's cost unit too
    return model, free, draw(st.sampled_from([Fraction(1, 2), Fraction(1), Fraction(3, 2), 2, 4]))


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=walking_cases())
def test_a_walking_step_leaves_a_local_optimum_for_a_roster_at_most_the_allowance_dearer(
        engine, case):
    model, free, allowance = case
    feasible = [r for r in _completions(len(model.slots)) if not _broken(model, r)]
    assume(feasible)
    values_of = {r: _cost(model, r) for r in feasible}
    free = sorted(free)

    def neighbours(r):
        return [o for o in feasible if o != r and set(o) - set(free) == set(r) - set(free)]

    # Start from the dearest roster that is the cheapest of its neighbourhood: the
    # step has nothing cheaper to find, so it walks.
    local_optima = [r for r in feasible
                    if all(values_of[o] >= values_of[r] for o in neighbours(r))]
    incumbent = max(local_optima, key=lambda r: (values_of[r], r))
    values = _values(model, incumbent)
    others = neighbours(incumbent)
    reachable = [r for r in others if values_of[r] <= values_of[incumbent] + allowance]
    outcome, gain = _step(engine, model, incumbent, free, allowance)
    if outcome.true_vars is None:
        if not _at_floor(model, incumbent, free, values):  # at the floor nothing is tried
            assert reachable == []
        return
    assert outcome.true_vars in reachable
    assert -allowance <= gain <= 0
    assert _cost(model, outcome.true_vars) == values_of[incumbent] - gain


def test_restricting_keeps_every_field_of_the_constraints_it_rebuilds():
    """The restrictor rebuilds constraints and comparisons with their constructors
    (for speed), naming each field: freeing every slot must give back the very same
    constraint. A field added to either class must be added there too."""
    import attrs

    from rotalang.ground import model as gm

    assert [f.name for f in attrs.fields(gm.GroundConstraint)] == [
        "rule", "binding", "measure", "formula", "weight", "guard", "terms", "scale"]
    assert [f.name for f in attrs.fields(gm.Cmp)] == [
        "lhs", "op", "rhs", "scale", "unit", "what"]
    cmp_ = gm.Cmp(gm.Lin(((1, 0), (1, 1))), ">=", gm.Lin((), 2), scale=60, unit="minutes",
                  what="people on 早班")
    c = gm.GroundConstraint(rule=0, binding=(("n", "张丽"),), measure=gm.Measure.DEVIATION,
                            formula=cmp_, weight=Fraction(3, 2), guard=gm.Atom(1),
                            terms=(gm.Lin(((2, 0),), 1),), scale=60)
    slots = (gm.Slot(0, 0, 0, None), gm.Slot(0, 1, 0, None))
    model = gm.GroundModel(people=("张丽",), days=(), shifts=("早班",), posts=(), slots=slots,
                           aux=(), rules=(gm.GroundRule(0, "cover", gm.RuleKind.SOFT, None),),
                           constraints=(c,), slot_index={})
    restricted = Restrictor(model).restrict([0, 1], [False, False])
    assert restricted.model.constraints == (c,)
