"""Hand-made ground models for evaluator tests: the slots of a small calendar roster,
"works on day" auxiliaries, and constraints written out by hand."""

from __future__ import annotations

import datetime
from fractions import Fraction

from rotalang.diagnostics import Span
from rotalang.ground.model import (
    AuxDef, GroundConstraint, GroundModel, GroundRule, Measure, RuleKind, Slot,
)


def day(n: int) -> datetime.date:
    return datetime.date(2025, 2, 10) + datetime.timedelta(days=n)


class Builder:
    """Slots person × day × shift (× post), every one present, numbered in that order;
    then one aux per person and day: "p works on d"."""

    def __init__(self, people, n_days, shifts, posts=()):
        self.people = tuple(people)
        self.days = tuple(day(i) for i in range(n_days))
        self.shifts = tuple(shifts)
        self.posts = tuple(posts)
        self.slots, self.slot_index = [], {}
        post_range = range(len(self.posts)) if self.posts else [None]
        for p in range(len(self.people)):
            for d in range(n_days):
                for s in range(len(self.shifts)):
                    for k in post_range:
                        self.slot_index[(p, d, s, k)] = len(self.slots)
                        self.slots.append(Slot(p, d, s, k))
        self.aux, self.works_on = [], {}
        for p in range(len(self.people)):
            for d in range(n_days):
                of = tuple(v for (pp, dd, _, _), v in self.slot_index.items() if (pp, dd) == (p, d))
                var = len(self.slots) + len(self.aux)
                self.aux.append(AuxDef(var, of, f"{self.people[p]} works on {self.days[d]}"))
                self.works_on[(p, d)] = var
        self.rules, self.constraints = [], []

    def var(self, person, d, shift, post=None) -> int:
        p = self.people.index(person)
        s = self.shifts.index(shift)
        k = None if post is None else self.posts.index(post)
        return self.slot_index[(p, d, s, k)]

    def on(self, person, d) -> int:
        return self.works_on[(self.people.index(person), d)]

    def rule(self, name, kind="hard", line=None, facts_only=False) -> int:
        index = len(self.rules)
        span = Span("t.rota", line, 1, line, 2) if line is not None else None
        self.rules.append(GroundRule(index, name, RuleKind(kind), span, facts_only))
        return index

    def add(self, rule, formula, binding=(), measure="hard", weight=0, guard=None,
            terms=(), scale=1):
        self.constraints.append(GroundConstraint(
            rule, tuple(binding), Measure(measure), formula, Fraction(weight), guard, tuple(terms),
            scale))

    def model(self) -> GroundModel:
        return GroundModel(self.people, self.days, self.shifts, self.posts,
                           tuple(self.slots), tuple(self.aux), tuple(self.rules),
                           tuple(self.constraints), dict(self.slot_index))
