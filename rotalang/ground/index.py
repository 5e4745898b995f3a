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
        self.feeds = [tuple(x) if x else () for x in self.feeds]
        self._mentions: list | None = None

    @property
    def mentions(self) -> list:
        """var → the constraints that mention it (facts-only rules left out: no roster
        changes them). Built on first use: it is the index's dear part (Curtois
        instance 24's 1.7 million constraints mention 37 million variables, 19 s), and
        a first roster built part by part does not need it."""
        if self._mentions is None:
            model = self.model
            mentions: list = [[] for _ in range(model.num_vars)]
            rules = model.rules
            for index, c in enumerate(model.constraints):
                if rules[c.rule].facts_only:
                    continue
                for v in constraint_vars(c):
                    mentions[v].append(index)
            # Frozen into tuples, the empty ones shared: on a roster of 1.7 million
            # slots the lists' own overhead was a few hundred megabytes.
            self._mentions = [tuple(x) if x else () for x in mentions]
        return self._mentions

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
        out.update([v for _, v in t.terms])
    return out


# Dispatched on the exact class with a stack, not by `match` and recursion: the index
# of Curtois instance 24 walks 1.7 million formulas (most of them `not (a and b)`), and
# the walk was most of its 21 s.
_ATOM, _NOT, _AND, _OR, _CMP = gm.Atom, gm.Not, gm.And, gm.Or, gm.Cmp


def formula_vars(f: gm.Formula, out: set[int]) -> None:
    kind = type(f)
    if kind is _ATOM:
        out.add(f.var)
        return
    todo = [f]
    while todo:
        f = todo.pop()
        kind = type(f)
        if kind is _ATOM:
            out.add(f.var)
        elif kind is _NOT:
            todo.append(f.operand)
        elif kind is _AND or kind is _OR:
            todo.extend(f.items)
        elif kind is _CMP:
            out.update([v for _, v in f.lhs.terms])
            out.update([v for _, v in f.rhs.terms])
