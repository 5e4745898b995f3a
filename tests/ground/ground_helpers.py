"""Helpers for grounding tests: ground program text, read constraints back, and a tiny
independent evaluator of ground formulas (for brute force over every roster)."""

from __future__ import annotations

import itertools
from fractions import Fraction

from rotalang.check import load_program
from rotalang.ground import format_constraint, ground
from rotalang.ground.model import And, Atom, Cmp, Const, GroundModel, Not, Or


def ground_text(text: str, **kw) -> GroundModel:
    program, _warnings = load_program(text)
    return ground(program, **kw)


def lines(model: GroundModel, rule: str | None = None) -> list[str]:
    """The printed constraints, of one rule when `rule` names it."""
    return [format_constraint(model, c) for c in model.constraints
            if rule is None or model.rules[c.rule].name == rule]


def count(model: GroundModel, rule: str) -> int:
    return sum(1 for c in model.constraints if model.rules[c.rule].name == rule)


def values_of(model: GroundModel, true_slots) -> list[bool]:
    """Slot values plus each auxiliary computed from its definition (written here
    again, independently of the semantics' own reading)."""
    values = [v in true_slots for v in range(len(model.slots))]
    for aux in model.aux:
        assert aux.var == len(values)
        values.append(any(values[v] for v in aux.of))
    return values


def lin_value(lin, values) -> int:
    return lin.const + sum(c * values[v] for c, v in lin.terms)


def holds(f, values) -> bool:
    if isinstance(f, Atom):
        return values[f.var]
    if isinstance(f, Const):
        return f.value
    if isinstance(f, Not):
        return not holds(f.operand, values)
    if isinstance(f, And):
        return all(holds(i, values) for i in f.items)
    if isinstance(f, Or):
        return any(holds(i, values) for i in f.items)
    if isinstance(f, Cmp):
        a, b = lin_value(f.lhs, values), lin_value(f.rhs, values)
        return {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b,
                ">": a > b, ">=": a >= b}[f.op]
    raise TypeError(f)


def hard_ok(model: GroundModel, values) -> bool:
    """Every hard constraint (rules and structure, not assertions) holds."""
    for c in model.constraints:
        if c.measure != "hard" or model.rules[c.rule].kind == "assert":
            continue
        if c.guard is not None and not holds(c.guard, values):
            continue
        if not holds(c.formula, values):
            return False
    return True


def soft_cost(model: GroundModel, values) -> Fraction:
    """The soft cost, by the model.py docstring's definitions."""
    total = Fraction(0)
    for c in model.constraints:
        if c.guard is not None and not holds(c.guard, values):
            continue
        if c.measure == "violation":
            total += 0 if holds(c.formula, values) else c.weight
        elif c.measure == "deviation":
            f = c.formula
            a, b = lin_value(f.lhs, values), lin_value(f.rhs, values)
            miss = {"<=": max(0, a - b), "<": max(0, a - b + 1), ">=": max(0, b - a),
                    ">": max(0, b - a + 1), "=": abs(a - b), "!=": 0}[f.op]
            if f.op == "!=":
                total += 0 if a != b else c.weight
            else:
                total += c.weight * Fraction(miss, f.scale)
        elif c.measure == "value":
            total += c.weight * Fraction(lin_value(c.terms[0], values), c.scale)
        elif c.measure == "spread":
            vals = [lin_value(t, values) for t in c.terms]
            total += c.weight * Fraction(max(vals) - min(vals), c.scale)
    return total


def all_rosters(model: GroundModel):
    """Every subset of the slot variables, as (true slot set, work table) where
    work[(person, day)] is the set of shift names worked (day index; shift None in a
    static plan)."""
    n = len(model.slots)
    for bits in itertools.product((False, True), repeat=n):
        true = {v for v in range(n) if bits[v]}
        work: dict[tuple[str, int], set] = {}
        for v in true:
            s = model.slots[v]
            shift = model.shifts[s.shift] if s.shift is not None else \
                (model.posts[s.post] if s.post is not None else None)
            work.setdefault((model.people[s.person], s.day), set()).add(shift)
        yield true, work
