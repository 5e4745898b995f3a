"""One ground model holding both programs, so that one Z3 encoding can ask about both:
NEW's slot variables renamed to OLD's (`slots.slot_map`), NEW's auxiliaries numbered
after OLD's, NEW's rules after OLD's. Each program's instances keep their own rules,
so a question can take the hard rules of one and the negation of the other's."""

from __future__ import annotations

import attrs

from rotalang.ground import model as gm


@attrs.frozen
class Merged:
    model: gm.GroundModel
    old_rules: int  # rules 0 .. old_rules-1 are OLD's, the rest NEW's
    old_constraints: int  # likewise for constraints

    def is_old_rule(self, rule: int) -> bool:
        return rule < self.old_rules

    def is_old_constraint(self, index: int) -> bool:
        return index < self.old_constraints


def merge(old: gm.GroundModel, new: gm.GroundModel, slots: list[int]) -> Merged:
    """`slots`: for each slot variable of `new`, OLD's variable for the same slot."""
    n, shift = len(new.slots), len(old.aux)

    def var(v: int) -> int:
        return slots[v] if v < n else v + shift

    renumber = _Renumber(var)
    aux = tuple(gm.AuxDef(var(a.var), tuple(sorted(var(x) for x in a.of)), a.label,
                          a.conjunction) for a in new.aux)
    offset = len(old.rules)
    rules = tuple(attrs.evolve(r, index=r.index + offset) for r in new.rules)
    constraints = tuple(renumber.constraint(c, offset) for c in new.constraints)
    model = attrs.evolve(old, aux=old.aux + aux, rules=old.rules + rules,
                         constraints=old.constraints + constraints, diagnostics=())
    return Merged(model, offset, len(old.constraints))


class _Renumber:
    def __init__(self, var):
        self.var = var

    def constraint(self, c: gm.GroundConstraint, offset: int) -> gm.GroundConstraint:
        return attrs.evolve(
            c, rule=c.rule + offset, formula=self.formula(c.formula),
            guard=None if c.guard is None else self.formula(c.guard),
            terms=tuple(self.lin(t) for t in c.terms))

    def lin(self, lin: gm.Lin) -> gm.Lin:
        return gm.Lin(tuple((a, self.var(v)) for a, v in lin.terms), lin.const)

    def formula(self, f: gm.Formula) -> gm.Formula:
        match f:
            case gm.Atom(v):
                return gm.Atom(self.var(v))
            case gm.Not(operand):
                return gm.Not(self.formula(operand))
            case gm.And(items):
                return gm.And(tuple(self.formula(x) for x in items))
            case gm.Or(items):
                return gm.Or(tuple(self.formula(x) for x in items))
            case gm.Cmp():
                return attrs.evolve(f, lhs=self.lin(f.lhs), rhs=self.lin(f.rhs))
        return f  # Const
