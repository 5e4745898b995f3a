"""A ground model as an OR-Tools CP-SAT model.

- one Boolean per variable of the ground model, created in its order (slots first,
  then auxiliaries), so that proto variable i is ground variable i; an auxiliary is
  the max (OR) or the min (AND) of its inputs, or — when its inputs are the slots of
  one at-most-one constraint ("p works on d" over the shifts of one day) — their sum,
  which the LP relaxation reads far better than a max;
- a hard instance is posted as it stands: a comparison becomes a linear constraint,
  an `or` of literals a clause, an `and` its parts, anything nested a reified literal
  (an enforcement literal); a guard becomes the enforcement literal of the whole;
  a sum of slots bounded by 1 (the structural one-shift-a-day rule and its like)
  becomes an at-most-one, bounded to exactly 1 an exactly-one;
- every soft instance adds its cost to the objective in the objective's integer
  units (`ground.objective`): a violation its weight times "broken", a deviation its
  weight per unit times an integer slack that is at least the miss, `minimize` its
  linear expression, `balance` the spread between a max and a min variable.

Slacks, maxima and minima are bounded one way only when their cost is positive: the
objective pushes them onto the exact amount at an optimum, and on any other roster the
objective is at least the roster's true cost (the search re-costs every roster with
the ground model's semantics). With a negative weight they are exact.

Assertions and facts-only rules are not posted: `check` proves the first and reports
the second.
"""

from __future__ import annotations

from fractions import Fraction

from ortools.sat.python import cp_model

from rotalang.backends.protocol import Unsupported
from rotalang.ground import model as gm
from rotalang.ground.compare import NEGATION
from rotalang.ground.objective import Objective, lin_range
from rotalang.ground.semantics import comparison_of

LinearExpr = cp_model.LinearExpr
# CP-SAT computes with 64-bit integers and refuses a model whose sums could overflow
# them; this leaves room for its own arithmetic on the largest sum a model may write.
LARGEST = 1 << 60


class TooLarge(Unsupported):
    """A number of the model is beyond CP-SAT's integers."""

    def __init__(self, rule: int, value: int):
        super().__init__(rule, f"sums up to about {_magnitude(value)}, beyond the "
                               f"64-bit integers CP-SAT computes with")
        self.value = value


def _magnitude(value: int) -> str:
    return f"10^{len(str(value)) - 1}" if value >= 10 ** 6 else str(value)


def largest_number(ground: gm.GroundModel, objective: Objective) -> tuple[int, int] | None:
    """(ground rule, size) of the first instance whose sums reach `LARGEST`, or of the
    objective's total; None when the whole model fits CP-SAT's integers."""
    total = 0
    for c in ground.constraints:
        lins = list(c.terms)
        for top in (c.formula, c.guard):
            if top is not None:
                lins += [x for f in _subformulas(top) if isinstance(f, gm.Cmp)
                         for x in (f.lhs, f.rhs)]
        size = sum(abs(t.const) + sum(abs(a) for a, _ in t.terms) for t in lins) + 1
        if c.measure is not gm.Measure.HARD:
            size *= abs(Fraction(c.weight)) * objective.factor + 1
            total += size
        if size >= LARGEST:
            return c.rule, int(size)
    if total >= LARGEST:
        return ground.constraints[-1].rule, int(total)
    return None


def _subformulas(f: gm.Formula):
    yield f
    if isinstance(f, (gm.And, gm.Or)):
        for item in f.items:
            yield from _subformulas(item)
    elif isinstance(f, gm.Not):
        yield from _subformulas(f.operand)


class CpSatEncoding:
    def __init__(self, ground: gm.GroundModel, objective: Objective):
        too_large = largest_number(ground, objective)
        if too_large is not None:
            raise TooLarge(*too_large)
        self.ground = ground
        self.objective = objective
        m = self.model = cp_model.CpModel()
        self.x = [m.new_bool_var(f"x{i}") for i in range(ground.num_vars)]
        self._true = m.new_constant(1)
        self._reified: dict[gm.Formula, object] = {}
        self._cost_vars: list = []
        self._cost_coefs: list[int] = []
        self.cost_const = 0
        rules = ground.rules
        amo_of = self._at_most_ones(ground)
        for aux in ground.aux:
            self._define(aux, amo_of)
        for c in ground.constraints:
            rule = rules[c.rule]
            if rule.facts_only or rule.kind is gm.RuleKind.ASSERT:
                continue
            if c.measure is gm.Measure.HARD:
                enforce = [] if c.guard is None else [self.literal(c.guard)]
                self.post(c.formula, enforce)
            else:
                self._cost(c)
        m.minimize(LinearExpr.weighted_sum(self._cost_vars, self._cost_coefs)
                   + self.cost_const)

    # ------------------------------------------------------------- structure

    def _at_most_ones(self, ground: gm.GroundModel) -> dict[int, int]:
        """Slot → the index of one hard, unguarded at-most-one it is in (a sum of
        variables with coefficient 1 bounded by 1), for the auxiliaries' definitions."""
        amo_of: dict[int, int] = {}
        for index, c in enumerate(ground.constraints):
            if c.measure is not gm.Measure.HARD or c.guard is not None:
                continue
            variables = (_unit_sum_at_most_one(c.formula)
                         or _unit_sum_at_most_one(c.formula, exact=True))
            if variables:
                for v in variables:
                    amo_of.setdefault(v, index)
        return amo_of

    def _define(self, aux: gm.AuxDef, amo_of: dict[int, int]) -> None:
        m, x = self.model, self.x
        target = x[aux.var]
        inputs = [x[v] for v in aux.of]
        if not aux.conjunction and len(aux.of) > 1 and \
                len({amo_of.get(v) for v in aux.of}) == 1 and aux.of[0] in amo_of:
            m.add(target == LinearExpr.sum(inputs))
        elif aux.conjunction:
            m.add_min_equality(target, inputs)
        else:
            m.add_max_equality(target, inputs)

    # ------------------------------------------------------------- formulas

    def lin(self, lin: gm.Lin):
        if not lin.terms:
            return lin.const
        coefs = [c for c, _ in lin.terms]
        expr = LinearExpr.weighted_sum([self.x[v] for _, v in lin.terms], coefs)
        return expr + lin.const if lin.const else expr

    def comparison(self, f: gm.Cmp, op: str | None = None):
        """The bounded linear expression `lhs op rhs` (with the sides' constants folded)."""
        op = op or f.op
        terms = list(f.lhs.terms) + [(-c, v) for c, v in f.rhs.terms]
        const = f.lhs.const - f.rhs.const
        expr = LinearExpr.weighted_sum([self.x[v] for _, v in terms], [c for c, _ in terms])
        k = -const
        match op:
            case "<=":
                return expr <= k
            case "<":
                return expr <= k - 1
            case ">=":
                return expr >= k
            case ">":
                return expr >= k + 1
            case "=" | "==":
                return expr == k
            case "!=":
                return expr != k
        raise ValueError(f"unknown comparison {op!r}")

    def post(self, f: gm.Formula, enforce: list) -> None:
        """Require `f` (when every literal of `enforce` holds)."""
        m = self.model
        match f:
            case gm.Const(value):
                if not value:
                    m.add_bool_or([lit.Not() for lit in enforce])
            case gm.And(items):
                for item in items:
                    self.post(item, enforce)
            case gm.Or(items):
                m.add_bool_or([self.literal(i) for i in items]).only_enforce_if(enforce)
            case gm.Not(operand) if not isinstance(operand, gm.Atom):
                self.post(_negation(operand), enforce)
            case gm.Cmp():
                variables = None if enforce else _unit_sum_at_most_one(f, exact=True)
                if variables is not None:
                    m.add_exactly_one([self.x[v] for v in variables])
                    return
                variables = None if enforce else _unit_sum_at_most_one(f)
                if variables is not None:
                    m.add_at_most_one([self.x[v] for v in variables])
                    return
                m.add(self.comparison(f)).only_enforce_if(enforce)
            case _:
                m.add_bool_or([self.literal(f)]).only_enforce_if(enforce)

    def literal(self, f: gm.Formula):
        """A literal equivalent to `f` (a new reified Boolean for compound formulas,
        made once per distinct formula)."""
        match f:
            case gm.Atom(var):
                return self.x[var]
            case gm.Not(operand):
                return self.literal(operand).Not()
            case gm.Const(value):
                return self._true if value else self._true.Not()
        known = self._reified.get(f)
        if known is not None:
            return known
        m = self.model
        b = m.new_bool_var("")
        match f:
            case gm.And(items):
                lits = [self.literal(i) for i in items]
                m.add_bool_and(lits).only_enforce_if(b)
                m.add_bool_or([lit.Not() for lit in lits]).only_enforce_if(b.Not())
            case gm.Or(items):
                lits = [self.literal(i) for i in items]
                m.add_bool_or(lits).only_enforce_if(b)
                m.add_bool_and([lit.Not() for lit in lits]).only_enforce_if(b.Not())
            case gm.Cmp():
                m.add(self.comparison(f)).only_enforce_if(b)
                m.add(self.comparison(f, NEGATION[f.op])).only_enforce_if(b.Not())
            case _:
                raise TypeError(f"not a ground formula: {f!r}")
        self._reified[f] = b
        return b

    # ------------------------------------------------------------- costs

    def _add_cost(self, coef: int, var) -> None:
        if coef:
            self._cost_vars.append(var)
            self._cost_coefs.append(coef)

    def _units(self, amount: Fraction) -> int:
        value = Fraction(amount) * self.objective.factor
        assert value.denominator == 1, "the objective's factor clears every denominator"
        return int(value)

    def _cost(self, c: gm.GroundConstraint) -> None:
        weight = Fraction(c.weight)
        per_unit = self._units(weight / c.scale)
        condition = None if c.guard is None else self.literal(c.guard)
        match c.measure:
            case gm.Measure.VIOLATION:
                self._violation(self._units(weight), c.formula, condition)
            case gm.Measure.DEVIATION:
                cmp, inner = comparison_of(c.formula)
                if inner is not None:
                    inner = self.literal(inner)
                    condition = inner if condition is None else self._both(condition, inner)
                if cmp is None or cmp.op == "!=":
                    self._violation(self._units(weight), cmp or c.formula, condition)
                else:
                    self._deviation(per_unit, cmp, condition, c)
            case gm.Measure.VALUE:
                self._value(per_unit, c.terms[0] if c.terms else gm.Lin(), condition)
            case gm.Measure.SPREAD:
                self._spread(per_unit, c.terms, condition)
            case _:
                raise ValueError(f"unknown measure {c.measure!r}")

    def _both(self, a, b):
        both = self.model.new_bool_var("")
        self.model.add_bool_and([a, b]).only_enforce_if(both)
        self.model.add_bool_or([a.Not(), b.Not()]).only_enforce_if(both.Not())
        return both

    def _violation(self, coef: int, formula: gm.Formula, condition) -> None:
        """coef × [condition and formula broken] = coef − coef × [not condition or holds]."""
        holds = self.literal(formula)
        if condition is not None:
            holds = self.literal_or(condition.Not(), holds)
        self.cost_const += coef
        self._add_cost(-coef, holds)

    def literal_or(self, a, b):
        either = self.model.new_bool_var("")
        self.model.add_bool_or([a, b]).only_enforce_if(either)
        self.model.add_bool_and([a.Not(), b.Not()]).only_enforce_if(either.Not())
        return either

    def _deviation(self, per_unit: int, cmp: gm.Cmp, condition, c) -> None:
        difference = gm.Lin(cmp.lhs.terms + tuple((-a, v) for a, v in cmp.rhs.terms),
                            cmp.lhs.const - cmp.rhs.const)
        d = self.lin(difference)
        low, high = lin_range(difference)
        match cmp.op:
            case "<=":
                parts = [(d, high)]
            case "<":
                parts = [(d + 1, high + 1)]
            case ">=":
                parts = [(-d, -low)]
            case ">":
                parts = [(-d + 1, -low + 1)]
            case _:  # "=": both directions count
                parts = [(d, high), (-d, -low)]
        for expr, top in parts:
            if top <= 0:
                continue  # it never misses that way
            self._add_cost(per_unit, self._positive_part(expr, top, condition, per_unit < 0))

    def _positive_part(self, expr, top: int, condition, exact: bool):
        """A variable that is max(0, expr) when `condition` holds (None: always) and
        0 otherwise — at least that, when not `exact` (see the module docstring)."""
        m = self.model
        slack = m.new_int_var(0, top, "")
        if not exact:
            bound = m.add(slack >= expr)
            if condition is not None:
                bound.only_enforce_if(condition)
            return slack
        value = m.new_int_var(0, top, "")
        m.add_max_equality(value, [expr, 0])
        if condition is None:
            return value
        m.add(slack == value).only_enforce_if(condition)
        m.add(slack == 0).only_enforce_if(condition.Not())
        return slack

    def _value(self, per_unit: int, lin: gm.Lin, condition) -> None:
        if condition is None:
            for a, v in lin.terms:
                self._add_cost(per_unit * a, self.x[v])
            self.cost_const += per_unit * lin.const
            return
        for a, v in lin.terms:
            self._add_cost(per_unit * a, self._both(condition, self.x[v]))
        self._add_cost(per_unit * lin.const, condition)

    def _spread(self, per_unit: int, terms: tuple[gm.Lin, ...], condition) -> None:
        if per_unit == 0 or len(terms) < 2:
            return
        m = self.model
        ranges = [lin_range(t) for t in terms]
        low, high = min(lo for lo, _ in ranges), max(hi for _, hi in ranges)
        exprs = [self.lin(t) for t in terms]
        top = m.new_int_var(low, high, "")
        bottom = m.new_int_var(low, high, "")
        exact = per_unit < 0
        if exact:
            m.add_max_equality(top, exprs)
            m.add_min_equality(bottom, exprs)
        else:
            for e in exprs:
                m.add(top >= e)
                m.add(bottom <= e)
        spread = top - bottom
        if condition is not None:
            spread = self._positive_part(spread, high - low, condition, exact)
            self._add_cost(per_unit, spread)
            return
        self._add_cost(per_unit, top)
        self._add_cost(-per_unit, bottom)


def _unit_sum_at_most_one(f: gm.Formula, *, exact: bool = False) -> tuple[int, ...] | None:
    """The variables of `Σ x ≤ 1` (with `exact`, `Σ x = 1`), every coefficient 1 and
    each variable once; None for any other formula."""
    if not isinstance(f, gm.Cmp) or f.rhs.terms or f.lhs.const:
        return None
    if f.op not in (("=", "==") if exact else ("<=",)) or f.rhs.const != 1:
        return None
    if any(c != 1 for c, _ in f.lhs.terms) or len(f.lhs.terms) < 2:
        return None
    variables = tuple(v for _, v in f.lhs.terms)
    return variables if len(set(variables)) == len(variables) else None


def _negation(f: gm.Formula) -> gm.Formula:
    """`not f`, pushed one level in (so `post` can write it without reifying)."""
    match f:
        case gm.Not(operand):
            return operand
        case gm.And(items):
            return gm.Or(tuple(gm.Not(i) for i in items))
        case gm.Or(items):
            return gm.And(tuple(gm.Not(i) for i in items))
        case gm.Cmp():
            return gm.Cmp(f.lhs, NEGATION[f.op], f.rhs, f.scale, f.unit, f.what)
        case gm.Const(value):
            return gm.Const(not value)
    return gm.Not(f)
