"""Indexes over a ground model, built once: which constraints mention each variable,
which auxiliaries each variable feeds, and what each constraint mentions. The
restrictor, the search's cost-guided neighbourhoods and the lints read them, so that
each visit touches only the part of the model near the variables it is about."""

from __future__ import annotations

from typing import Iterable

from rotalang.ground import model as gm


class ModelIndex:
    def __init__(self, model: gm.GroundModel):
        self.model = model
        n = model.num_vars
        self.feeds: list = [[] for _ in range(n)]  # var → aux defined from it
        self.aux_def: dict[int, gm.AuxDef] = {}
        for aux in model.aux:
            self.aux_def[aux.var] = aux
            for v in aux.of:
                self.feeds[v].append(aux.var)
        # var → the constraints that mention it (facts-only rules left out: no roster
        # changes them)
        self.mentions: list = [[] for _ in range(n)]
        for index, c in enumerate(model.constraints):
            if model.rules[c.rule].facts_only:
                continue
            for v in constraint_vars(c):
                self.mentions[v].append(index)
        # Frozen into tuples, the empty ones shared: on a roster of 1.7 million slots
        # the lists' own overhead was a few hundred megabytes.
        self.feeds = [tuple(x) if x else () for x in self.feeds]
        self.mentions = [tuple(x) if x else () for x in self.mentions]

    def constraint_vars(self, index: int) -> set[int]:
        return constraint_vars(self.model.constraints[index])

    def slots_under(self, variables: Iterable[int]) -> set[int]:
        """The slots the given variables are, or are defined from (through
        auxiliaries of auxiliaries)."""
        n_slots = len(self.model.slots)
        out, todo, seen = set(), list(variables), set()
        while todo:
            v = todo.pop()
            if v in seen:
                continue
            seen.add(v)
            if v < n_slots:
                out.add(v)
            else:
                todo.extend(self.aux_def[v].of)
        return out

    def downstream(self, variables: Iterable[int]) -> set[int]:
        """The auxiliaries defined, directly or not, from the given variables."""
        touched: set[int] = set()
        todo = list(variables)
        while todo:
            for a in self.feeds[todo.pop()]:
                if a not in touched:
                    touched.add(a)
                    todo.append(a)
        return touched


def constraint_vars(c: gm.GroundConstraint) -> set[int]:
    """Every variable a constraint mentions (formula, guard and terms)."""
    out: set[int] = set()
    formula_vars(c.formula, out)
    if c.guard is not None:
        formula_vars(c.guard, out)
    for t in c.terms:
        out.update(v for _, v in t.terms)
    return out


def formula_vars(f: gm.Formula, out: set[int]) -> None:
    match f:
        case gm.Atom(var):
            out.add(var)
        case gm.Not(operand):
            formula_vars(operand, out)
        case gm.And(items) | gm.Or(items):
            for x in items:
                formula_vars(x, out)
        case gm.Cmp():
            out.update(v for _, v in f.lhs.terms)
            out.update(v for _, v in f.rhs.terms)
