"""The exact cost of a roster, as a pseudo-Boolean sum Z3 can bound.

Costs are the objective's integers (`ground.objective`: factor × the author's cost).
Here the integer cost is `Σ coef·literal + const` with coef > 0, where the literals are
slots, auxiliaries, or fresh indicators defined in `Translator.cost_definitions`:

- "violation": an indicator ⇔ (guard ∧ ¬formula), coef = weight;
- "deviation": the amount a comparison misses, in unary: one indicator per step of the
  amount (⇔ "the difference reaches this step"), so `cost < k` stays in the SAT core;
  for `=` both directions count, for `!=` a miss costs the weight;
- "value": the linear expression itself (guarded terms get an indicator each);
- "spread": max − min in unary: "max ≥ t" ⇔ some term ≥ t, "min ≥ t" ⇔ all terms ≥ t.

When an amount has more than `UNARY_LIMIT` steps (after dividing by the gcd of its
coefficients), it falls back to a Z3 integer defined exactly with `If` (`Cost.ints`);
the solver then leaves the SAT core, which is slower but still exact.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

import attrs
import z3

from rotalang.backends.z3 import pb
from rotalang.backends.z3 import terms as tm
from rotalang.backends.z3.linear import Normal, difference, negate, normal
from rotalang.backends.z3.terms import Term
from rotalang.backends.z3.translate import Translator
from rotalang.ground import model as gm
from rotalang.ground.objective import cost_factor

UNARY_LIMIT = 64


@attrs.define
class Cost:
    """integer cost = Σ coef·lit + const + Σ coef·int_var; author's cost = that / factor."""

    ctx: z3.Context = attrs.field(factory=z3.main_ctx, repr=False)
    factor: int = 1
    pairs: list[tuple[int, z3.BoolRef]] = attrs.Factory(list)
    const: int = 0
    ints: list[tuple[int, z3.ArithRef]] = attrs.Factory(list)
    text: bool = False  # the literals are SMT-LIB text (`Encoding(text=True)`)

    def add(self, coef: int, lit: Term) -> None:
        if coef == 0 or lit is False:
            return
        if lit is True:
            self.const += coef
        elif coef > 0:
            self.pairs.append((coef, lit))
        else:  # c·l = c + |c|·¬l
            self.const += coef
            self.pairs.append((-coef, tm.neg(lit)))

    def expr(self) -> z3.ArithRef:
        """The integer cost as a Z3 term (for `Optimize` and model evaluation)."""
        ctx = self.ctx
        parts = [z3.If(lit, z3.IntVal(a, ctx), z3.IntVal(0, ctx)) for a, lit in self.pairs]
        parts += [z3.IntVal(m, ctx) * x for m, x in self.ints]
        return z3.Sum(parts) + self.const if parts else z3.IntVal(self.const, ctx)

    def at_most(self, k: int) -> z3.BoolRef:
        """integer cost ≤ k, as a pseudo-Boolean constraint when possible (as text,
        for a text encoding)."""
        if self.text:
            return tm.to_text(pb.at_most(self.pairs, k - self.const))
        if not self.ints:
            return tm.to_z3(pb.at_most(self.pairs, k - self.const), self.ctx)
        return self.expr() <= k

    def evaluate(self, m: z3.ModelRef) -> int:
        return m.eval(self.expr(), model_completion=True).as_long()

    def to_fraction(self, integer_cost: int) -> Fraction:
        return Fraction(integer_cost, self.factor)


class CostBuilder:
    """Adds each soft instance's cost to one `Cost`, defining the indicators it needs
    in the translator's `cost_definitions`."""

    def __init__(self, enc: Translator, factor: int | None = None):
        self.enc = enc
        factor = cost_factor(enc.model.constraints) if factor is None else factor
        self.cost = Cost(ctx=enc.ctx, factor=factor, text=enc.text)

    def finish(self) -> Cost:
        return self.cost

    def _multiplier(self, weight: Fraction) -> int:
        m = Fraction(weight) * self.cost.factor
        assert m.denominator == 1, "cost factor must clear every denominator"
        return int(m)

    def _define(self, prefix: str, expr: Term) -> Term:
        """A literal equivalent to `expr` (a fresh indicator unless `expr` is trivial)."""
        if isinstance(expr, bool):
            return expr
        if isinstance(expr, str) and not expr.startswith("("):
            return expr  # a name
        if not isinstance(expr, str) and z3.is_const(expr):
            return expr
        b = self.enc.fresh_bool(prefix)
        self.enc.cost_definitions.append(tm.iff(b, expr))
        return b

    def add(self, c: gm.GroundConstraint) -> None:
        enc = self.enc
        weight = Fraction(c.weight)
        guard = enc.formula(c.guard) if c.guard is not None else None
        if guard is False:
            return
        if guard is True:
            guard = None
        per_unit = self._multiplier(weight / c.scale)
        self._measure(c, weight, per_unit, guard)

    def _measure(self, c: gm.GroundConstraint, weight: Fraction, per_unit: int,
                 guard) -> None:
        enc = self.enc
        match c.measure:
            case "violation":
                self._violation(self._multiplier(weight), c.formula, guard)
            case "deviation":
                cmp_, guard = _split_guarded_cmp(c.formula, guard, enc)
                if guard is False:
                    return
                if cmp_ is None:  # not a comparison: a miss costs the weight
                    self._violation(self._multiplier(weight), c.formula, guard)
                elif cmp_.op == "!=":
                    self._violation(self._multiplier(weight), cmp_, guard)
                else:
                    self._deviation(per_unit, cmp_, guard)
            case "value":
                self._value(per_unit, c.terms[0] if c.terms else gm.Lin(), guard)
            case "spread":
                self._spread(per_unit, c.terms, guard)
            case _:
                raise ValueError(f"unknown measure {c.measure!r}")

    # ------------------------------------------------------------- measures

    def _violation(self, m: int, formula: gm.Formula, guard) -> None:
        broken = tm.neg(self.enc.formula(formula))
        if guard is not None:
            broken = tm.conj([guard, broken])
        self.cost.add(m, self._define("v", broken))

    def _deviation(self, m: int, cmp_: gm.Cmp, guard) -> None:
        d = difference(cmp_.lhs, cmp_.rhs)  # lhs − rhs
        match cmp_.op:
            case "<=":
                self._positive_part(m, d, guard)
            case "<":
                self._positive_part(m, _plus(d, 1), guard)
            case ">=":
                self._positive_part(m, negate(d), guard)
            case ">":
                self._positive_part(m, _plus(negate(d), 1), guard)
            case "=" | "==":
                self._positive_part(m, d, guard)
                self._positive_part(m, negate(d), guard)
            case _:
                raise ValueError(f"unknown comparison {cmp_.op!r}")

    def _positive_part(self, m: int, d: Normal, guard) -> None:
        """cost += m × max(0, d) (0 when the guard is false)."""
        if m == 0:
            return
        g, c = d.divisor, d.const
        top = d.total // g  # d = g·S + c with S = Σ (a/g)·lit in 0..top
        first = max(0, (-c) // g + 1)  # the smallest S with d > 0
        if first > top:
            return
        pairs = self.enc.pairs(d)
        if top - first + 1 <= UNARY_LIMIT:
            for t in range(first, top + 1):
                step = g * first + c if t == first else g
                reached = pb.at_least(pairs, g * t)
                if guard is not None:
                    reached = tm.conj([guard, reached])
                self.cost.add(m * step, self._define("d", reached))
            return
        if self.enc.text:
            raise tm.NeedsArithmetic()
        value = _linear_term(pairs, c, self.enc.ctx)
        positive = value > 0 if guard is None else z3.And(guard, value > 0)
        dev = self.enc.fresh_int("dev")
        self.enc.cost_definitions.append(dev == z3.If(positive, value, 0))
        self.cost.ints.append((m, dev))

    def _value(self, m: int, lin: gm.Lin, guard) -> None:
        n = normal(lin)
        if guard is None:
            for a, lit in self.enc.pairs(n):
                self.cost.add(m * a, lit)
            self.cost.const += m * n.const
            return
        for a, lit in self.enc.pairs(n):
            self.cost.add(m * a, self._define("g", tm.conj([guard, lit])))
        self.cost.add(m * n.const, guard)

    def _spread(self, m: int, terms: tuple[gm.Lin, ...], guard) -> None:
        if m == 0 or len(terms) < 2:
            return
        ns = [normal(t) for t in terms]
        lo = min(n.const for n in ns)
        hi = max(n.const + n.total for n in ns)
        g = 0
        for n in ns:
            g = gcd(g, n.divisor if n.terms else 0)
            g = gcd(g, n.const - ns[0].const)
        g = g or 1
        steps = (hi - lo) // g
        if steps == 0:
            return
        pairs = [self.enc.pairs(n) for n in ns]
        if steps <= UNARY_LIMIT:
            for j in range(1, steps + 1):
                t = lo + g * j
                each = [pb.at_least(p, t - n.const) for p, n in zip(pairs, ns)]
                some, every = tm.disj(each), tm.conj(each)
                if guard is not None:
                    some, every = tm.conj([guard, some]), tm.conj([guard, every])
                self.cost.add(m * g, self._define("mx", some))
                self.cost.add(-m * g, self._define("mn", every))
            return
        if self.enc.text:
            raise tm.NeedsArithmetic()
        values = [_linear_term(p, n.const, self.enc.ctx) for p, n in zip(pairs, ns)]
        top, bottom = self.enc.fresh_int("max"), self.enc.fresh_int("min")
        defs = self.enc.cost_definitions
        defs += [top >= v for v in values] + [z3.Or([top == v for v in values])]
        defs += [bottom <= v for v in values] + [z3.Or([bottom == v for v in values])]
        spread = self.enc.fresh_int("spread")
        defs.append(spread == (top - bottom if guard is None else z3.If(guard, top - bottom, 0)))
        self.cost.ints.append((m, spread))


def _plus(d: Normal, k: int) -> Normal:
    return Normal(d.terms, d.const + k)


def _linear_term(pairs: pb.Pairs, const: int, ctx: z3.Context) -> z3.ArithRef:
    parts = [z3.If(lit, z3.IntVal(a, ctx), z3.IntVal(0, ctx)) for a, lit in pairs]
    return z3.Sum(parts) + const if parts else z3.IntVal(const, ctx)


def _split_guarded_cmp(formula: gm.Formula, guard, enc):
    """A deviation's comparison, accepting `Cmp` or `Or(Not(g), Cmp)` (g ⇒ Cmp)."""
    if isinstance(formula, gm.Cmp):
        return formula, guard
    if (isinstance(formula, gm.Or) and len(formula.items) == 2
            and isinstance(formula.items[0], gm.Not) and isinstance(formula.items[1], gm.Cmp)):
        inner = enc.formula(formula.items[0].operand)
        return formula.items[1], inner if guard is None else tm.conj([guard, inner])
    return None, guard
