"""Plain-Python evaluation of a ground model on a concrete roster.

The solver reports costs and breakdowns from this, not from Z3's own arithmetic, and the
tests compare the two (and enumerate every roster of tiny models with it). Semantics
match `cost.py` term by term:

- deviation amounts: `<=` max(0, lhs−rhs), `<` max(0, lhs−rhs+1), `>=`/`>` mirrored,
  `=` |lhs−rhs|, all divided by `scale`; a missed `!=` costs the weight;
- value: weight × value / scale; spread: weight × (max − min) / scale;
- an instance whose guard is false costs nothing (and a hard one holds).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Iterable

from rotalang.ground import model as gm
from rotalang.results import CostLine


def assignment(model: gm.GroundModel, true_vars: Iterable[int]) -> list[bool]:
    """The value of every variable (slots from the roster, auxiliaries by definition)."""
    values = [False] * model.num_vars
    for v in true_vars:
        values[v] = True
    for aux in sorted(model.aux, key=lambda a: a.var):
        values[aux.var] = aux.value(values)
    return values


def lin_value(lin: gm.Lin, values: list[bool]) -> int:
    return lin.const + sum(c for c, v in lin.terms if values[v])


def _compare(a: int, op: str, b: int) -> bool:
    return {"<=": a <= b, "<": a < b, ">=": a >= b, ">": a > b,
            "=": a == b, "==": a == b, "!=": a != b}[op]


def holds(f: gm.Formula, values: list[bool]) -> bool:
    match f:
        case gm.Atom(var):
            return values[var]
        case gm.Not(operand):
            return not holds(operand, values)
        case gm.And(items):
            return all(holds(x, values) for x in items)
        case gm.Or(items):
            return any(holds(x, values) for x in items)
        case gm.Const(value):
            return value
        case gm.Cmp():
            return _compare(lin_value(f.lhs, values), f.op, lin_value(f.rhs, values))
    raise TypeError(f"not a ground formula: {f!r}")


def applies(c: gm.GroundConstraint, values: list[bool]) -> bool:
    return c.guard is None or holds(c.guard, values)


def _missed_by(cmp_: gm.Cmp, values: list[bool]) -> int:
    d = lin_value(cmp_.lhs, values) - lin_value(cmp_.rhs, values)
    return {"<=": max(0, d), "<": max(0, d + 1), ">=": max(0, -d), ">": max(0, 1 - d),
            "=": abs(d), "==": abs(d)}[cmp_.op]


def instance_cost(c: gm.GroundConstraint, values: list[bool]) -> Fraction:
    """What one soft instance costs on this roster (0 for hard instances)."""
    weight = Fraction(c.weight)
    if c.measure == "hard" or not applies(c, values):
        return Fraction(0)
    if c.measure == "violation":
        return Fraction(0) if holds(c.formula, values) else weight
    if c.measure == "deviation":
        f = c.formula
        if (isinstance(f, gm.Or) and len(f.items) == 2 and isinstance(f.items[0], gm.Not)
                and isinstance(f.items[1], gm.Cmp)):
            if not holds(f.items[0].operand, values):
                return Fraction(0)
            f = f.items[1]
        if not isinstance(f, gm.Cmp) or f.op == "!=":
            return Fraction(0) if holds(f, values) else weight
        return weight * _missed_by(f, values) / c.scale
    if c.measure == "value":
        return weight * (lin_value(c.terms[0], values) if c.terms else 0) / c.scale
    if c.measure == "spread":
        if len(c.terms) < 2:
            return Fraction(0)
        vals = [lin_value(t, values) for t in c.terms]
        return weight * (max(vals) - min(vals)) / c.scale
    raise ValueError(f"unknown measure {c.measure!r}")


def broken_hard(model: gm.GroundModel, values: list[bool], kinds=("hard", "structure")) -> list[int]:
    """Indices of hard instances (of rules of the given kinds) that do not hold.
    Facts-only instances are left out: no roster changes them."""
    out = []
    for i, c in enumerate(model.constraints):
        rule = model.rules[c.rule]
        if (c.measure == "hard" and rule.kind in kinds and not rule.facts_only
                and applies(c, values) and not holds(c.formula, values)):
            out.append(i)
    return out


def breakdown(model: gm.GroundModel, values: list[bool]) -> tuple[Fraction, tuple[CostLine, ...]]:
    """Total soft cost and one line per soft rule that costs something, in rule order."""
    per_rule: dict[int, list] = {}
    for c in model.constraints:
        if c.measure == "hard":
            continue
        cost = instance_cost(c, values)
        entry = per_rule.setdefault(c.rule, [Fraction(0), 0])
        entry[0] += cost
        entry[1] += cost != 0
    lines = []
    for r in sorted(per_rule):
        cost, count = per_rule[r]
        if cost or count:
            rule = model.rules[r]
            line = rule.span.start_line if rule.span is not None else None
            lines.append(CostLine(rule.name, line, cost, count))
    return sum((l.cost for l in lines), Fraction(0)), tuple(lines)
