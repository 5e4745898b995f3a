"""The encoding means what the ground model means: on random tiny models, for every
roster, Z3's cost equals the plain-Python cost and Z3 accepts exactly the rosters that
meet the hard rules; Z3's optimum equals the brute-force minimum."""

from __future__ import annotations

from fractions import Fraction

import z3
from hypothesis import HealthCheck, assume, given, settings

from rotalang.backends.z3 import cost as cost_module
from rotalang.backends.z3 import terms
from rotalang.backends.z3.encode import Encoding, encode
from rotalang.ground import model as gm
from rotalang.ground.objective import objective
from rotalang.ground.semantics import evaluate

from tests.model_builders import (
    ModelBuilder, usual_rules_model, all_rosters, count, models,
)

def _agree_on_every_roster(model):
    enc = encode(model)
    free = enc.solver(hard=False, cost=True)
    constrained = enc.solver()
    best = None
    goal = objective(model)
    floor = goal.fraction(goal.floor)
    for roster in all_rosters(model):
        evaluation = evaluate(model, roster)
        expected = evaluation.total_cost
        assert expected >= floor, roster  # the floor is a sound lower bound
        pins = enc.fixing(enc.values(roster))
        assert free.check(pins) == z3.sat
        assert enc.cost.to_fraction(enc.cost.evaluate(free.model())) == expected, roster
        feasible = not evaluation.failed_hard
        assert (constrained.check(pins) == z3.sat) == feasible, roster
        if feasible and (best is None or expected < best):
            best = expected
    opt = z3.Optimize(ctx=enc.ctx)
    opt.add(enc.definitions + enc.cost_definitions + [i.expr for i in enc.hard])
    opt.minimize(enc.cost.expr())
    if best is None:
        assert opt.check() == z3.unsat
    else:
        assert opt.check() == z3.sat
        assert enc.cost.to_fraction(enc.cost.evaluate(opt.model())) == best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_unary_encoding_agrees_with_brute_force(model):
    _agree_on_every_roster(model)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_integer_fallback_agrees_with_brute_force(model):
    # Force every deviation and spread onto the integer encoding.
    original = cost_module.UNARY_LIMIT
    cost_module.UNARY_LIMIT = 0
    try:
        _agree_on_every_roster(model)
    finally:
        cost_module.UNARY_LIMIT = original


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_text_encoding_agrees_with_brute_force(model):
    # The search's steps parse their encoding as SMT-LIB text: with each roster pinned,
    # it must hold exactly when the hard rules do, at exactly the roster's cost, and
    # read the roster back.
    try:
        enc = Encoding(model, text=True)
    except terms.NeedsArithmetic:  # only the API encoding writes integer costs
        assume(False)
    s = z3.SimpleSolver(ctx=enc.ctx)
    enc.assert_model(s)
    slots = enc.vars[:len(model.slots)]
    for number, roster in enumerate(all_rosters(model)):
        evaluation = evaluate(model, roster)
        expected = evaluation.total_cost
        on = set(roster)
        pinned = enc.guarded(s, f"roster{number}", terms.conj(
            [x if v in on else terms.neg(x) for v, x in enumerate(slots)]))
        if evaluation.failed_hard:
            assert s.check(pinned) == z3.unsat, roster
            continue
        cost = expected * enc.cost.factor
        assert cost.denominator == 1
        at_cost = enc.guarded(s, f"at_most_{cost}", enc.cost.at_most(int(cost)))
        below = enc.guarded(s, f"at_most_{cost - 1}", enc.cost.at_most(int(cost) - 1))
        assert s.check(pinned, at_cost) == z3.sat, roster
        assert set(enc.true_vars(s.model())) == on
        assert s.check(pinned, below) == z3.unsat, roster


def test_a_text_encoding_declares_a_guard_once_per_solver():
    b = ModelBuilder(["甲", "乙"], days=1, shifts=["早"])
    r = b.rule("覆盖", kind="soft")
    b.add(r, count([b.var(0, 0, 0), b.var(1, 0, 0)], ">=", 2), measure="deviation", weight=3)
    enc = Encoding(b.build(), text=True)
    s = z3.SimpleSolver(ctx=enc.ctx)
    enc.assert_model(s)
    first = enc.guarded(s, "bound", enc.cost.at_most(3))
    again = enc.guarded(s, "bound", enc.cost.at_most(3))
    other = enc.guarded(s, "bound", enc.cost.at_most(0))
    assert first.eq(again) and not other.eq(first)
    assert s.check(first) == z3.sat and s.check(other) == z3.sat
    assert enc.true_vars(s.model()) == (0, 1)  # cost 0: both work


def test_cost_factor_keeps_costs_exact():
    b = ModelBuilder(["甲"], days=1, shifts=["早"])
    x = b.var(0, 0, 0)
    r = b.rule("s", kind="soft")
    b.add(r, gm.Atom(x), measure="violation", weight=Fraction(1, 3))
    b.add(r, count([x], "<=", 0), measure="deviation", weight=Fraction(1, 2), scale=5)
    enc = encode(b.build())
    assert enc.cost.factor == 30
    s = enc.solver(cost=True, fixed={x: False})
    assert s.check() == z3.sat
    assert enc.cost.to_fraction(enc.cost.evaluate(s.model())) == Fraction(1, 3)
    s = enc.solver(cost=True, fixed={x: True})
    assert s.check() == z3.sat
    assert enc.cost.to_fraction(enc.cost.evaluate(s.model())) == Fraction(1, 10)


def test_counts_become_cardinality_constraints():
    b = ModelBuilder(["甲", "乙", "丙"], days=1, shifts=["早"])
    r = b.rule("cover")
    b.add(r, gm.Cmp(gm.Lin(tuple((480, b.var(p, 0, 0)) for p in range(3))), ">=",
                    gm.Lin((), 900), unit="minutes"))
    enc = encode(b.build())
    # 480·(a+b+c) >= 900 is a+b+c >= 2 once the gcd is divided out.
    assert str(enc.hard[0].expr).startswith("AtLeast(")


def test_usual_rules_30x28x3_encode_in_unary_with_one_expression_per_hard_instance():
    # (how fast it encodes is benchmarks/bench_solve.py's business, not a test's)
    model = usual_rules_model()
    enc = encode(model)
    assert not enc.cost.ints
    assert len(enc.hard) == len([c for c in model.constraints if c.measure == "hard"])


def test_cost_floor_is_zero_for_a_balance_and_the_least_value_of_a_minimize():
    b = ModelBuilder(["甲", "乙"], days=2, shifts=["夜"])
    nights = [[b.var(p, d, 0) for d in range(2)] for p in range(2)]
    balance = b.rule("夜班均衡", kind="soft")
    b.add(balance, measure="spread", weight=1,
          terms=tuple(gm.Lin(tuple((1, v) for v in vs)) for vs in nights))
    enc = encode(b.build())
    assert enc.cost.const < 0  # max − min in unary: "min ≥ t" indicators count down
    assert objective(b.build()).floor == 0  # ... but a spread never costs less than 0
    # minimize 3 − 2·甲's first night + 乙's first night: at least 1, reached
    minimize = b.rule("少排", kind="soft")
    b.add(minimize, measure="value", weight=2,
          terms=(gm.Lin(((-2, nights[0][0]), (1, nights[1][0])), 3),))
    goal = objective(b.build())
    assert goal.fraction(goal.floor) == 2


def test_true_vars_reads_every_roster_back_and_unassigned_slots_as_off():
    b = ModelBuilder(["甲", "乙"], days=2, shifts=["早", "夜"])
    rule = b.rule("at most one shift a day")
    for p in range(2):
        for d in range(2):
            b.add(rule, count([b.var(p, d, 0), b.var(p, d, 1)], "<=", 1))
    model = b.build()
    enc = encode(model)
    for roster in all_rosters(model):
        s = z3.Solver(ctx=enc.ctx)
        s.add(enc.fixing(enc.values(roster)))
        assert s.check() == z3.sat
        assert enc.true_vars(s.model()) == roster
    # No constraint at all: Z3's model leaves most slots out; they count as off.
    s = z3.Solver(ctx=enc.ctx)
    s.add(enc.vars[b.var(1, 0, 1)])
    assert s.check() == z3.sat
    assert enc.true_vars(s.model()) == (b.var(1, 0, 1),)
