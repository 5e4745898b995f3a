"""A ground model turned into plain Python functions, once, so that evaluating a roster
is a loop of cheap calls rather than a walk over attrs trees.

A roster is a list `val` of 0/1 ints indexed by variable (slots first, then the
auxiliaries in definition order). Each linear expression becomes a function of `val`
that sums the picked values per coefficient with `operator.itemgetter` (C speed);
each formula becomes a function returning a truth value. Clauses (an `Or` of literals,
the shape of successions and runs) and conjunctions of literals get one flat function
instead of one call per literal.

Nothing here uses Z3: this is the independent side of the cross-check.
"""

from __future__ import annotations

import operator
import weakref
from collections import defaultdict
from fractions import Fraction
from typing import Callable, Sequence

import attrs

from rotalang.ground.model import (
    And, Atom, Cmp, Const, Formula, GroundModel, Lin, Not, Or,
)

Values = list  # list[int] of 0/1, one per variable
Getter = Callable[[Values], tuple]

COMPARE: dict[str, Callable[[int, int], bool]] = {
    "=": operator.eq, "==": operator.eq, "!=": operator.ne, "<=": operator.le,
    ">=": operator.ge, "<": operator.lt, ">": operator.gt,
}


def picker(variables: Sequence[int]) -> Getter:
    """A function `val -> tuple of val[v] for v in variables` (always a tuple)."""
    variables = tuple(variables)
    if not variables:
        return lambda val: ()
    if len(variables) == 1:
        (only,) = variables
        return lambda val: (val[only],)
    return operator.itemgetter(*variables)


def compile_lin(lin: Lin) -> Callable[[Values], int]:
    """`val -> sum(coef × val[var]) + const`, grouping the terms by coefficient."""
    by_coef: dict[int, list[int]] = defaultdict(list)
    for coef, var in lin.terms:
        if coef:
            by_coef[coef].append(var)
    const = lin.const
    groups = [(coef, picker(vs)) for coef, vs in sorted(by_coef.items())]
    if not groups:
        return lambda val: const
    if len(groups) == 1:
        coef, pick = groups[0]
        if coef == 1:
            return lambda val: sum(pick(val)) + const
        return lambda val: coef * sum(pick(val)) + const
    return lambda val: sum(c * sum(p(val)) for c, p in groups) + const


def _literal(f: Formula) -> tuple[int, bool] | None:
    """(var, positive) when `f` is `Atom(v)` or `Not(Atom(v))`."""
    if isinstance(f, Atom):
        return f.var, True
    if isinstance(f, Not) and isinstance(f.operand, Atom):
        return f.operand.var, False
    return None


def compile_formula(f: Formula) -> Callable[[Values], bool]:
    """A function `val -> truth of f`."""
    if isinstance(f, Atom):
        var = f.var
        return lambda val: val[var] == 1
    if isinstance(f, Const):
        value = bool(f.value)
        return lambda val: value
    if isinstance(f, Not):
        inner = compile_formula(f.operand)
        return lambda val: not inner(val)
    if isinstance(f, Cmp):
        lhs, rhs, cmp = compile_lin(f.lhs), compile_lin(f.rhs), COMPARE[f.op]
        return lambda val: cmp(lhs(val), rhs(val))
    if isinstance(f, (And, Or)):
        literals = [_literal(item) for item in f.items]
        if all(lit is not None for lit in literals):
            pos = picker([v for v, positive in literals if positive])
            neg = picker([v for v, positive in literals if not positive])
            if isinstance(f, Or):  # some positive literal true, or some negated var false
                return lambda val: any(pos(val)) or not all(neg(val))
            return lambda val: all(pos(val)) and not any(neg(val))
        parts = [compile_formula(item) for item in f.items]
        if isinstance(f, Or):
            return lambda val: any(p(val) for p in parts)
        return lambda val: all(p(val) for p in parts)
    raise TypeError(f"not a ground formula: {f!r}")


@attrs.frozen
class CompiledConstraint:
    """One ground constraint ready to evaluate. `index` is its position in
    `GroundModel.constraints`; `sides` (for a Cmp formula, or the Cmp of a deviation
    written `condition ⇒ Cmp`, i.e. `Or(Not(condition), Cmp)`) gives (lhs, rhs)."""

    index: int
    rule: int
    measure: str
    guard: Callable[[Values], bool] | None
    holds: Callable[[Values], bool]
    sides: Callable[[Values], tuple[int, int]] | None
    op: str | None
    condition: Callable[[Values], bool] | None  # deviation of `condition ⇒ Cmp`
    terms: tuple[Callable[[Values], int], ...]
    weight: Fraction
    scale: int


def comparison_of(f: Formula) -> tuple[Cmp | None, Formula | None]:
    """(the comparison, its condition) of a deviation: `Cmp`, or `Or(Not(g), Cmp)` for
    a comparison that only counts when `g` holds; (None, None) for any other shape."""
    if isinstance(f, Cmp):
        return f, None
    if (isinstance(f, Or) and len(f.items) == 2 and isinstance(f.items[0], Not)
            and isinstance(f.items[1], Cmp)):
        return f.items[1], f.items[0].operand
    return None, None


def _sides(cmp: Cmp) -> Callable[[Values], tuple[int, int]]:
    lhs, rhs = compile_lin(cmp.lhs), compile_lin(cmp.rhs)
    return lambda val: (lhs(val), rhs(val))


@attrs.frozen
class CompiledModel:
    model: GroundModel
    num_slots: int
    num_vars: int
    aux: tuple[tuple[int, Getter], ...]  # (aux variable, picker of its disjuncts)
    constraints: tuple[CompiledConstraint, ...]

    def values(self, true_vars) -> Values:
        """The 0/1 value of every variable: the given true slots, and each auxiliary
        computed from its definition (any aux index in `true_vars` is ignored)."""
        val = [0] * self.num_vars
        n = self.num_slots
        for v in true_vars:
            if 0 <= v < n:
                val[v] = 1
        for var, pick in self.aux:
            val[var] = 1 if any(pick(val)) else 0
        return val


def compile_model(model: GroundModel) -> CompiledModel:
    """Compile `model` (cached per model object, so the search code and repeated
    verifications pay for it once)."""
    key = id(model)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is model:
        return hit[1]
    compiled = _compile(model)
    _CACHE[key] = (weakref.ref(model, lambda _ref, key=key: _CACHE.pop(key, None)), compiled)
    return compiled


_CACHE: dict[int, tuple[weakref.ref, CompiledModel]] = {}


def _compile(model: GroundModel) -> CompiledModel:
    aux = tuple((a.var, picker(a.of)) for a in sorted(model.aux, key=lambda a: a.var))
    out = []
    for index, c in enumerate(model.constraints):
        cmp, condition = comparison_of(c.formula) if c.measure == "deviation" else (
            (c.formula, None) if isinstance(c.formula, Cmp) else (None, None))
        out.append(CompiledConstraint(
            index=index, rule=c.rule, measure=c.measure,
            guard=compile_formula(c.guard) if c.guard is not None else None,
            holds=compile_formula(c.formula),
            sides=_sides(cmp) if cmp is not None else None,
            op=cmp.op if cmp is not None else None,
            condition=compile_formula(condition) if condition is not None else None,
            terms=tuple(compile_lin(t) for t in c.terms),
            weight=Fraction(c.weight), scale=c.scale or 1,
        ))
    return CompiledModel(model, len(model.slots), model.num_vars, aux, tuple(out))
