"""What a ground model means on a concrete roster, in plain Python.

This is the one reading of the ground model that is not a solver: `verify` judges hand-
made rosters with it, the search costs every roster an engine proposes with it, and the
tests re-check every solver roster with it. It shares nothing with the engines'
encodings, so an encoding that drifts from these meanings is caught.

Semantics of one instance (`GroundConstraint`):

- a `guard`, when present, decides whether the instance applies at all;
- "hard": the formula must hold. Hard rules and built-in (structural) rules bind a roster;
  assertions are what `check` proves, and facts-only rules (no assignment in them:
  the data breaks them whatever the roster) are reported by `check`, so neither is
  counted against a roster;
- "violation": costs `weight` when the formula is false;
- "deviation": the formula is a comparison `L op R`, or `Or(Not(g), L op R)` for one
  that only counts when `g` holds; costs weight × (how far it misses, `compare.missed_by`)
  / scale. A deviation whose formula is not a comparison costs `weight` when false;
- "value": costs weight × value(terms[0]) / scale;
- "spread": costs weight × (max − min over the terms) / scale.

Every cost is an exact `Fraction`.

A roster is a list `val` of 0/1 ints indexed by variable (slots first, then the
auxiliaries in definition order). The model is compiled once into flat Python data
(`CompiledModel`, cached per model) so that evaluating a roster is one loop over
constraints whose inner sums run in C: a linear expression becomes `(vars, coefs,
const)` with `coefs` None when every coefficient is 1, and the common formula shapes
get a flat form — `CMP` (a comparison), `CLAUSE` (an `Or` of literals), `CONJ` (an
`And` of literals) — with `FUNC`, a closure over the formula tree, for the rest.
"""

from __future__ import annotations

import operator
import weakref
from collections import defaultdict
from fractions import Fraction
from typing import Callable, Iterable, Mapping

import attrs

from rotalang.ground.compare import HOLDS, missed_by
from rotalang.ground.model import (
    And, Atom, Cmp, Const, Formula, GroundModel, Lin, Measure, Not, Or, RuleKind,
)

Values = list  # list[int] of 0/1, one per variable
FlatLin = tuple  # (vars: tuple[int, ...], coefs: tuple[int, ...] | None, const: int)

CMP, CLAUSE, CONJ, FUNC = "cmp", "clause", "conj", "func"


# ----------------------------------------------------------------- flat formulas


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
        lhs, rhs, cmp = flat_lin(f.lhs), flat_lin(f.rhs), HOLDS[f.op]
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
        return HOLDS[c](lin_of(val, a), lin_of(val, b))
    if kind is CLAUSE:
        return any(map(val.__getitem__, a)) or not all(map(val.__getitem__, b))
    if kind is CONJ:
        return all(map(val.__getitem__, a)) and not any(map(val.__getitem__, b))
    return a(val)


def lin_value(lin: Lin, val: Values) -> int:
    """The value of a linear expression (the slow path, for one-off readings)."""
    return sum(coef * val[var] for coef, var in lin.terms) + lin.const


def truth(f: Formula, val: Values) -> bool:
    """The value of `f` (the slow path, for describing a failure, not for evaluating
    a model)."""
    if isinstance(f, Atom):
        return val[f.var] == 1
    if isinstance(f, Const):
        return bool(f.value)
    if isinstance(f, Not):
        return not truth(f.operand, val)
    if isinstance(f, And):
        return all(truth(g, val) for g in f.items)
    if isinstance(f, Or):
        return any(truth(g, val) for g in f.items)
    if isinstance(f, Cmp):
        return HOLDS[f.op](lin_value(f.lhs, val), lin_value(f.rhs, val))
    raise TypeError(f"not a ground formula: {f!r}")


# ------------------------------------------------------------------ the model


@attrs.frozen
class Compiled:
    """One instance in flat form: its guard and (for a deviation) the condition `g` of
    `Or(Not(g), Cmp)` as closures, its formula's shape (a deviation's comparison),
    its terms, weight and scale."""

    rule: int
    measure: Measure
    guard: Callable[[Values], bool] | None
    shape: tuple
    condition: Callable[[Values], bool] | None
    terms: tuple[FlatLin, ...]
    weight: Fraction
    scale: int


@attrs.frozen
class CompiledModel:
    """`constraints[i]` is the flat form of `model.constraints[i]`. It holds the
    model's rules, never the model itself: `compile_model`'s cache keeps a compiled
    model for as long as its model lives, so a reference back would keep both forever
    (the search compiles a restricted model at every step)."""

    rules: tuple
    num_slots: int
    num_vars: int
    # (aux variable, its inputs, whether it is their AND rather than their OR)
    aux: tuple[tuple[int, tuple[int, ...], bool], ...]
    constraints: tuple[Compiled, ...]

    def values(self, true_vars: Iterable[int]) -> Values:
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

    def broken(self, index: int, val: Values) -> bool:
        """Whether hard instance `index` applies and fails."""
        c = self.constraints[index]
        return (c.guard is None or c.guard(val)) and not holds(val, c.shape)

    def amount(self, index: int, val: Values) -> int:
        """How much soft instance `index` misses by, in its scaled units (0 for a hard
        instance and for one whose guard is false): its cost is weight × amount / scale."""
        c = self.constraints[index]
        if c.measure is Measure.HARD or (c.guard is not None and not c.guard(val)):
            return 0
        shape = c.shape
        if c.measure is Measure.DEVIATION and shape[0] is CMP:
            if c.condition is not None and not c.condition(val):
                return 0
            return missed_by(shape[3], lin_of(val, shape[1]) - lin_of(val, shape[2]),
                             c.scale)
        if c.measure in (Measure.VIOLATION, Measure.DEVIATION):
            return 0 if holds(val, shape) else c.scale
        if c.measure is Measure.VALUE:
            return lin_of(val, c.terms[0]) if c.terms else 0
        if c.measure is Measure.SPREAD:
            got = [lin_of(val, t) for t in c.terms]
            return max(got) - min(got) if got else 0
        raise ValueError(f"unknown measure {c.measure!r} in constraint {index}")

    def cost(self, index: int, val: Values) -> Fraction:
        """What soft instance `index` costs on the roster `val`."""
        c = self.constraints[index]
        amount = self.amount(index, val)
        return c.weight * amount / c.scale if amount else Fraction(0)


def compile_model(model: GroundModel) -> CompiledModel:
    """Compile `model`, once per model object (verifications and the search's many
    cost readings pay for it once)."""
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
        if c.measure is Measure.DEVIATION:
            cmp, cond = comparison_of(formula)
            if cmp is not None:
                formula = cmp
                condition = compile_formula(cond) if cond is not None else None
        weight = c.weight if type(c.weight) is Fraction else Fraction(c.weight)
        terms = tuple(flat_lin(t) for t in c.terms) if c.terms else ()
        out.append(Compiled(c.rule, c.measure,
                            compile_formula(c.guard) if c.guard is not None else None,
                            shape_of(formula), condition, terms, weight, c.scale or 1))
    return CompiledModel(tuple(model.rules), len(model.slots), model.num_vars, aux, tuple(out))


# ----------------------------------------------------------------- evaluation


@attrs.frozen
class Evaluation:
    """Everything one roster does to a model.

    `failed_hard` / `failed_asserts` / `failed_facts`: indices into
    `model.constraints` of the hard instances that do not hold — of hard and structural
    rules, of assertions, and of facts-only hard rules (which the data breaks whatever
    the roster; `check` reports them); `costs`: soft rule index → (cost, number of
    instances with a non-zero cost), for every soft rule."""

    values: list
    failed_hard: tuple[int, ...]
    failed_asserts: tuple[int, ...]
    failed_facts: tuple[int, ...]
    costs: Mapping[int, tuple[Fraction, int]]

    @property
    def total_cost(self) -> Fraction:
        return sum((cost for cost, _ in self.costs.values()), Fraction(0))


def evaluate(model: GroundModel | CompiledModel, true_vars: Iterable[int]) -> Evaluation:
    """Evaluate every constraint of `model` with the slot variables `true_vars` true
    (every other slot false; auxiliaries computed from their definitions)."""
    compiled = model if isinstance(model, CompiledModel) else compile_model(model)
    rules = compiled.rules
    # where a broken hard instance goes: assertions and facts-only rules are kept apart
    sink = {r.index: "assert" if r.kind is RuleKind.ASSERT else "facts" if r.facts_only
            else "hard" for r in rules}
    val = compiled.values(true_vars)
    failed = {"hard": [], "assert": [], "facts": []}
    # soft rule → (weight, scale) → summed amount: integer sums, one Fraction per group
    amounts: dict[int, dict[tuple[Fraction, int], int]] = defaultdict(lambda: defaultdict(int))
    counts: dict[int, int] = defaultdict(int)
    for index, c in enumerate(compiled.constraints):
        if c.measure is Measure.HARD:
            if compiled.broken(index, val):
                failed[sink.get(c.rule, "hard")].append(index)
            continue
        amount = compiled.amount(index, val)
        if amount:
            amounts[c.rule][(c.weight, c.scale)] += amount
            counts[c.rule] += 1
    costs = {}
    for r in rules:
        if r.kind is RuleKind.SOFT:
            groups = amounts.get(r.index, {})
            cost = sum((w * amt / s for (w, s), amt in groups.items()), Fraction(0))
            costs[r.index] = (cost, counts.get(r.index, 0))
    return Evaluation(val, tuple(failed["hard"]), tuple(failed["assert"]),
                      tuple(failed["facts"]), costs)


def total_cost(model: GroundModel, true_vars: Iterable[int]) -> Fraction:
    """The soft cost of a roster (whether or not it meets the hard rules)."""
    return evaluate(model, true_vars).total_cost
