"""Ground models built by hand, for the tests of everything below the grounder: a
builder (`ModelBuilder`), every roster of a tiny model (`all_rosters`), random tiny
models (`models()`, Hypothesis) with every formula shape and measure, and a usual
30 × 28 × 3 roster's rules (`_usual_rules_model`). Independent of the grounder, so
that the engines, the search and the semantics are tested on models no program
wrote."""

from __future__ import annotations

import datetime
import functools
import itertools
from fractions import Fraction

from hypothesis import strategies as st

from rotalang.diagnostics import Span
from rotalang.ground import model as gm


def span(line: int, file: str = "t.rota") -> Span:
    return Span(file, line, 1, line, 10, 0, 0)


class ModelBuilder:
    """people × days × shifts slots; add rules and constraints, then `build()`."""

    def __init__(self, people, days=0, shifts=(), posts=(), start=datetime.date(2025, 2, 10)):
        self.people = tuple(people)
        self.days = tuple(start + datetime.timedelta(i) for i in range(days))
        self.shifts = tuple(shifts)
        self.posts = tuple(posts)
        slots = []
        if self.days:
            for p, d, s in itertools.product(range(len(self.people)), range(days),
                                             range(len(self.shifts))):
                if self.posts:
                    slots += [gm.Slot(p, d, s, k) for k in range(len(self.posts))]
                else:
                    slots.append(gm.Slot(p, d, s, None))
        else:
            slots = [gm.Slot(p, None, None, k) for p in range(len(self.people))
                     for k in range(len(self.posts))]
        self.slots = tuple(slots)
        self.index = {(s.person, s.day, s.shift, s.post): i for i, s in enumerate(slots)}
        self.aux: list[gm.AuxDef] = []
        self.rules: list[gm.GroundRule] = []
        self.constraints: list[gm.GroundConstraint] = []

    def var(self, person, day=None, shift=None, post=None) -> int:
        return self.index[(person, day, shift, post)]

    def add_aux(self, of, label="aux", conjunction=False) -> int:
        v = len(self.slots) + len(self.aux)
        self.aux.append(gm.AuxDef(v, tuple(of), label, conjunction))
        return v

    def rule(self, name, kind="hard", line=None, facts_only=False) -> int:
        idx = len(self.rules)
        self.rules.append(gm.GroundRule(idx, name, gm.RuleKind(kind), span(line or 10 + idx), facts_only))
        return idx

    def add(self, rule, formula=gm.Const(True), binding=(), measure="hard", weight=0,
            guard=None, terms=(), scale=1) -> int:
        self.constraints.append(gm.GroundConstraint(
            rule, tuple(binding), gm.Measure(measure), formula, Fraction(weight), guard, tuple(terms), scale))
        return len(self.constraints) - 1

    def build(self) -> gm.GroundModel:
        return gm.GroundModel(self.people, self.days, self.shifts, self.posts, self.slots,
                              tuple(self.aux), tuple(self.rules), tuple(self.constraints),
                              slot_index=dict(self.index))


def count(vars_, op, k, **kw) -> gm.Cmp:
    return gm.Cmp(gm.Lin(tuple((1, v) for v in vars_)), op, gm.Lin((), k), **kw)


def all_rosters(model: gm.GroundModel):
    n = len(model.slots)
    for bits in range(1 << n):
        yield tuple(i for i in range(n) if bits >> i & 1)


OPS = ("<=", "<", ">=", ">", "=", "!=")


# The strategies over `nvars` variables are made once per number (lru_cache): a
# strategy made anew at every draw is validated anew, and validating st.recursive took
# most of the time of the tests drawing `models()` (28 of 32 s of the walking-step test).
@functools.lru_cache(maxsize=None)
def lins(nvars):
    return _lins(nvars)


@st.composite
def _lins(draw, nvars):
    terms = draw(st.lists(st.tuples(st.integers(-3, 3).filter(bool), st.integers(0, nvars - 1)),
                          max_size=4))
    return gm.Lin(tuple(terms), draw(st.integers(-3, 3)))


@functools.lru_cache(maxsize=None)
def cmps(nvars):
    return _cmps(nvars)


@st.composite
def _cmps(draw, nvars):
    return gm.Cmp(draw(lins(nvars)), draw(st.sampled_from(OPS)), draw(lins(nvars)),
                  scale=draw(st.sampled_from((1, 2, 3))))


@functools.lru_cache(maxsize=None)
def formulas(nvars):
    leaves = st.one_of(st.builds(gm.Atom, st.integers(0, nvars - 1)),
                       st.builds(gm.Const, st.booleans()), cmps(nvars))
    return st.recursive(leaves, lambda inner: st.one_of(
        st.builds(gm.Not, inner),
        st.builds(gm.And, st.lists(inner, max_size=3).map(tuple)),
        st.builds(gm.Or, st.lists(inner, max_size=3).map(tuple))), max_leaves=5)


@functools.lru_cache(maxsize=None)
def maybe_formulas(nvars):
    return st.none() | formulas(nvars)


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
        b.add(hard, draw(formulas(nvars)), guard=draw(maybe_formulas(nvars)))
    soft = b.rule("soft", kind="soft")
    for _ in range(draw(st.integers(1, 4))):
        measure = draw(st.sampled_from(("violation", "deviation", "value", "spread")))
        guard = draw(maybe_formulas(nvars))
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


def usual_rules_model(people=30, days=28, shifts=("早", "中", "夜")):
    b = ModelBuilder([f"p{i}" for i in range(people)], days=days, shifts=shifts)
    one = b.rule("one shift per day", kind="structure")
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
