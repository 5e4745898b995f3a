"""The encoding means what the ground model means: on random tiny models, for every
roster, Z3's cost equals the plain-Python cost and Z3 accepts exactly the rosters that
meet the hard rules; Z3's optimum equals the brute-force minimum."""

from __future__ import annotations

import time
from fractions import Fraction

import pytest
import z3
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from rotalang.backends.z3 import cost as cost_module
from rotalang.backends.z3 import ground_eval, terms
from rotalang.backends.z3.encode import Encoding, encode
from rotalang.ground import model as gm

from z3_builders import ModelBuilder, all_rosters, count

OPS = ("<=", "<", ">=", ">", "=", "!=")


@st.composite
def lins(draw, nvars):
    terms = draw(st.lists(st.tuples(st.integers(-3, 3).filter(bool), st.integers(0, nvars - 1)),
                          max_size=4))
    return gm.Lin(tuple(terms), draw(st.integers(-3, 3)))


@st.composite
def cmps(draw, nvars):
    return gm.Cmp(draw(lins(nvars)), draw(st.sampled_from(OPS)), draw(lins(nvars)),
                  scale=draw(st.sampled_from((1, 2, 3))))


def formulas(nvars):
    leaves = st.one_of(st.builds(gm.Atom, st.integers(0, nvars - 1)),
                       st.builds(gm.Const, st.booleans()), cmps(nvars))
    return st.recursive(leaves, lambda inner: st.one_of(
        st.builds(gm.Not, inner),
        st.builds(gm.And, st.lists(inner, max_size=3).map(tuple)),
        st.builds(gm.Or, st.lists(inner, max_size=3).map(tuple))), max_leaves=5)


WEIGHTS = st.sampled_from((Fraction(1), Fraction(2), Fraction(1, 2), Fraction(3, 4), Fraction(5)))


@st.composite
def models(draw):
    b = ModelBuilder(["甲", "乙"][: draw(st.integers(1, 2))], days=draw(st.integers(1, 2)),
                     shifts=["早", "夜"][: draw(st.integers(1, 2))])
    nslots = len(b.slots)
    for k in range(draw(st.integers(0, 3))):
        # over slots and earlier auxiliaries ("works weekend w" is built on "works on d"),
        # an OR or an AND ("works Saturday and Sunday", from a count over `and`)
        b.add_aux(draw(st.lists(st.integers(0, nslots + k - 1), min_size=1, max_size=3,
                                unique=True)), conjunction=draw(st.booleans()))
    nvars = nslots + len(b.aux)
    hard = b.rule("hard")
    for _ in range(draw(st.integers(0, 2))):
        b.add(hard, draw(formulas(nvars)), guard=draw(st.none() | formulas(nvars)))
    soft = b.rule("soft", kind="soft")
    for _ in range(draw(st.integers(1, 4))):
        measure = draw(st.sampled_from(("violation", "deviation", "value", "spread")))
        guard = draw(st.none() | formulas(nvars))
        weight = draw(WEIGHTS)
        scale = draw(st.sampled_from((1, 2, 3)))
        if measure == "violation":
            b.add(soft, draw(formulas(nvars)), measure=measure, weight=weight, guard=guard)
        elif measure == "deviation":
            c = draw(cmps(nvars))
            form = gm.Or((gm.Not(draw(formulas(nvars))), c)) if draw(st.booleans()) else c
            b.add(soft, form, measure=measure, weight=weight, guard=guard, scale=c.scale)
        elif measure == "value":
            b.add(soft, measure=measure, weight=weight, guard=guard, scale=scale,
                  terms=(draw(lins(nvars)),))
        else:
            b.add(soft, measure=measure, weight=weight, guard=guard, scale=scale,
                  terms=tuple(draw(st.lists(lins(nvars), min_size=1, max_size=3))))
    return b.build()


def _agree_on_every_roster(model):
    enc = encode(model)
    free = enc.solver(hard=False, cost=True)
    constrained = enc.solver()
    best = None
    floor = enc.cost.to_fraction(enc.cost.floor)
    for roster in all_rosters(model):
        values = ground_eval.assignment(model, roster)
        expected, _ = ground_eval.breakdown(model, values)
        assert expected >= floor, roster  # the floor is a sound lower bound
        pins = enc.fixing(enc.values(roster))
        assert free.check(pins) == z3.sat
        assert enc.cost.to_fraction(enc.cost.evaluate(free.model())) == expected, roster
        feasible = not ground_eval.broken_hard(model, values)
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
        values = ground_eval.assignment(model, roster)
        expected, _ = ground_eval.breakdown(model, values)
        on = set(roster)
        pinned = enc.guarded(s, f"roster{number}", terms.conj(
            [x if v in on else terms.neg(x) for v, x in enumerate(slots)]))
        if ground_eval.broken_hard(model, values):
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


def _usual_rules_model(people=30, days=28, shifts=("早", "中", "夜")):
    b = ModelBuilder([f"p{i}" for i in range(people)], days=days, shifts=shifts)
    one = b.rule("(structure) one shift a day", kind="structure")
    cover = b.rule("每班至少两人")
    # the upper bound is a rule of its own: a ground rule is hard or soft, never both
    crowd = b.rule("每班至多五人", kind="soft")
    week = b.rule("每周最多五班")
    succ = b.rule("夜班后不接早班")
    run = b.rule("连续工作不超过六天")
    wish = b.rule("休息请求", kind="soft")
    fair = b.rule("夜班均衡", kind="soft")
    minutes = b.rule("工时", kind="soft")
    works = {}
    for p in range(people):
        for d in range(days):
            slots = [b.var(p, d, s) for s in range(len(shifts))]
            works[p, d] = b.add_aux(slots)
            b.add(one, count(slots, "<=", 1))
    for d in range(days):
        for s in range(len(shifts)):
            b.add(cover, count([b.var(p, d, s) for p in range(people)], ">=", 2))
            b.add(crowd, count([b.var(p, d, s) for p in range(people)], "<=", 5),
                  measure="deviation", weight=1)
    for p in range(people):
        for start in range(days - 6):
            b.add(week, count([works[p, d] for d in range(start, start + 7)], "<=", 5))
            b.add(run, count([works[p, d] for d in range(start, start + 7)], "<=", 6))
        for d in range(days - 1):
            b.add(succ, gm.Not(gm.And((gm.Atom(b.var(p, d, 2)), gm.Atom(b.var(p, d + 1, 0))))))
            if (p + d) % 5 == 0:
                b.add(wish, gm.Not(gm.Atom(works[p, d])), measure="violation", weight=3)
        b.add(minutes, gm.Cmp(gm.Lin(tuple((480, works[p, d]) for d in range(days))), "=",
                              gm.Lin((), 480 * 15), unit="minutes"),
              measure="deviation", weight=1, scale=60)
    b.add(fair, measure="spread", weight=2,
          terms=tuple(gm.Lin(tuple((1, b.var(p, d, 2)) for d in range(days)))
                      for p in range(people)))
    return b.build()


def test_usual_rules_30x28x3_encode_within_a_second():
    model = _usual_rules_model()
    start = time.perf_counter()
    enc = encode(model)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"encoding took {elapsed:.2f}s"
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
    assert enc.cost.floor == 0
    # minimize 3 − 2·甲's first night + 乙's first night: at least 1, reached
    minimize = b.rule("少排", kind="soft")
    b.add(minimize, measure="value", weight=2,
          terms=(gm.Lin(((-2, nights[0][0]), (1, nights[1][0])), 3),))
    enc = encode(b.build())
    assert enc.cost.to_fraction(enc.cost.floor) == 2


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
