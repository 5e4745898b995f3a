"""A ground model turned into flat Python data, once, so that evaluating a roster is
one loop over constraints whose inner sums run in C.

A roster is a list `val` of 0/1 ints indexed by variable (slots first, then the
auxiliaries in definition order). A linear expression becomes `(vars, coefs, const)`
with `coefs` None when every coefficient is 1 (the usual count), summed with
`map(val.__getitem__, vars)`. The common formula shapes get a flat form:

- `CMP`: a comparison `lhs op rhs` (coverage, limits, windows, ratios);
- `CLAUSE`: an `Or` of literals (successions, rest, runs, pairing, requests);
- `CONJ`: an `And` of literals;
- `FUNC`: anything else, as a closure over the formula tree (`compile_formula`).

Building closures and objects per constraint costs more than evaluating them, so the
flat forms are plain tuples. Nothing here uses Z3: this is the independent side of
the cross-check.
"""

from __future__ import annotations

import operator
import weakref
from fractions import Fraction
from typing import Callable, Sequence

import attrs

from rotalang.ground.model import (
    And, Atom, Cmp, Const, Formula, GroundModel, Lin, Not, Or,
)

Values = list  # list[int] of 0/1, one per variable
FlatLin = tuple  # (vars: tuple[int, ...], coefs: tuple[int, ...] | None, const: int)

COMPARE: dict[str, Callable[[int, int], bool]] = {
    "=": operator.eq, "==": operator.eq, "!=": operator.ne, "<=": operator.le,
    ">=": operator.ge, "<": operator.lt, ">": operator.gt,
}

CMP, CLAUSE, CONJ, FUNC = "cmp", "clause", "conj", "func"


def flat_lin(lin: Lin) -> FlatLin:
    if not lin.terms:
        return (), None, lin.const
    coefs, variables = zip(*lin.terms)
    return variables, None if coefs.count(1) == len(coefs) else coefs, lin.const


def lin_of(val: Values, flat: FlatLin) -> int:
    """The value of a flat linear expression."""
    variables, coefs, const = flat
    if coefs is None:
        return sum(map(val.__getitem__, variables)) + const
    return sum(map(operator.mul, coefs, map(val.__getitem__, variables))) + const


def picker(variables: Sequence[int]) -> Callable[[Values], tuple]:
    """A function `val -> tuple of val[v] for v in variables` (always a tuple)."""
    variables = tuple(variables)
    if not variables:
        return lambda val: ()
    if len(variables) == 1:
        (only,) = variables
        return lambda val: (val[only],)
    return operator.itemgetter(*variables)


def _literals(items) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """(positive vars, negated vars) when every item is `Atom(v)` or `Not(Atom(v))`."""
    pos, neg = [], []
    for f in items:
        if type(f) is Atom:
            pos.append(f.var)
        elif type(f) is Not and type(f.operand) is Atom:
            neg.append(f.operand.var)
        else:
            return None
    return tuple(pos), tuple(neg)


def compile_formula(f: Formula) -> Callable[[Values], bool]:
    """A function `val -> truth of f` (for guards and formulas of no flat shape)."""
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
        lhs, rhs, cmp = flat_lin(f.lhs), flat_lin(f.rhs), COMPARE[f.op]
        return lambda val: cmp(lin_of(val, lhs), lin_of(val, rhs))
    if isinstance(f, (And, Or)):
        lits = _literals(f.items)
        if lits is not None:
            pos, neg = lits
            if isinstance(f, Or):  # some positive literal true, or some negated var false
                return lambda val: any(map(val.__getitem__, pos)) or \
                    not all(map(val.__getitem__, neg))
            return lambda val: all(map(val.__getitem__, pos)) and \
                not any(map(val.__getitem__, neg))
        parts = [compile_formula(item) for item in f.items]
        if isinstance(f, Or):
            return lambda val: any(p(val) for p in parts)
        return lambda val: all(p(val) for p in parts)
    raise TypeError(f"not a ground formula: {f!r}")


def comparison_of(f: Formula) -> tuple[Cmp | None, Formula | None]:
    """(the comparison, its condition) of a deviation: `Cmp`, or `Or(Not(g), Cmp)` for
    a comparison that only counts when `g` holds; (None, None) for any other shape."""
    if isinstance(f, Cmp):
        return f, None
    if (isinstance(f, Or) and len(f.items) == 2 and isinstance(f.items[0], Not)
            and isinstance(f.items[1], Cmp)):
        return f.items[1], f.items[0].operand
    return None, None


def shape_of(f: Formula) -> tuple:
    """(shape, a, b, c) — the flat form of a formula, see the module docstring.
    CMP: (lhs, rhs, op); CLAUSE/CONJ: (positive vars, negated vars, None);
    FUNC: (closure, None, None)."""
    t = type(f)
    if t is Cmp:
        return CMP, flat_lin(f.lhs), flat_lin(f.rhs), f.op
    if t is Or or t is And:
        lits = _literals(f.items)
        if lits is not None:
            return (CLAUSE if t is Or else CONJ), lits[0], lits[1], None
    return FUNC, compile_formula(f), None, None


def holds(val: Values, shape: tuple) -> bool:
    """The truth of a flat formula."""
    kind, a, b, c = shape
    if kind is CMP:
        return COMPARE[c](lin_of(val, a), lin_of(val, b))
    if kind is CLAUSE:
        return any(map(val.__getitem__, a)) or not all(map(val.__getitem__, b))
    if kind is CONJ:
        return all(map(val.__getitem__, a)) and not any(map(val.__getitem__, b))
    return a(val)


@attrs.frozen
class CompiledModel:
    """`constraints[i]` is the flat form of `model.constraints[i]`:
    (rule, measure, guard closure or None, shape, condition closure or None, terms,
    weight, scale); for a deviation, `shape` is its comparison and `condition` the
    `g` of `Or(Not(g), Cmp)`."""

    model: GroundModel
    num_slots: int
    num_vars: int
    # (aux variable, its inputs, whether it is their AND rather than their OR)
    aux: tuple[tuple[int, tuple[int, ...], bool], ...]
    constraints: tuple[tuple, ...]

    def values(self, true_vars) -> Values:
        """The 0/1 value of every variable: the given true slots, and each auxiliary
        computed from its definition (any aux index in `true_vars` is ignored)."""
        val = [0] * self.num_vars
        n = self.num_slots
        for v in true_vars:
            if 0 <= v < n:
                val[v] = 1
        get = val.__getitem__
        for var, of, conjunction in self.aux:
            joined = all(map(get, of)) if conjunction else any(map(get, of))
            val[var] = 1 if joined else 0
        return val


def compile_model(model: GroundModel) -> CompiledModel:
    """Compile `model` (cached per model object, so the search code and repeated
    verifications pay for it once)."""
    key = id(model)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is model:
        return hit[1]
    compiled = _compile(model)
    # the callback holds the dict itself: at interpreter exit the module global may be gone
    _CACHE[key] = (weakref.ref(model, lambda _ref, key=key, cache=_CACHE: cache.pop(key, None)),
                   compiled)
    return compiled


_CACHE: dict[int, tuple[weakref.ref, CompiledModel]] = {}


def _compile(model: GroundModel) -> CompiledModel:
    aux = tuple((a.var, tuple(a.of), a.conjunction)
                for a in sorted(model.aux, key=lambda a: a.var))
    out = []
    for c in model.constraints:
        condition = None
        formula = c.formula
        if c.measure == "deviation":
            cmp, cond = comparison_of(formula)
            if cmp is not None:
                formula = cmp
                condition = compile_formula(cond) if cond is not None else None
        weight = c.weight if type(c.weight) is Fraction else Fraction(c.weight)
        terms = tuple(flat_lin(t) for t in c.terms) if c.terms else ()
        out.append((c.rule, c.measure,
                    compile_formula(c.guard) if c.guard is not None else None,
                    shape_of(formula), condition, terms, weight, c.scale or 1))
    return CompiledModel(model, len(model.slots), model.num_vars, aux, tuple(out))
