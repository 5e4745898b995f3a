"""Hand-made ground models for the Z3 backend tests (the grounder is tested elsewhere)."""

from __future__ import annotations

import datetime
import itertools
from fractions import Fraction

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
        self.rules.append(gm.GroundRule(idx, name, kind, span(line or 10 + idx), facts_only))
        return idx

    def add(self, rule, formula=gm.Const(True), binding=(), measure="hard", weight=0,
            guard=None, terms=(), scale=1) -> int:
        self.constraints.append(gm.GroundConstraint(
            rule, tuple(binding), measure, formula, Fraction(weight), guard, tuple(terms), scale))
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
