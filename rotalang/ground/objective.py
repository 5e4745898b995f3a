"""The objective: a ground model's soft cost as an integer, the same for every engine.

Costs are rationals in the author's units (`weight × amount / scale`, see
`semantics.py`). One factor makes them integers: the lcm of the denominators of every
`weight / scale` and of every weight (a missed comparison or a broken instance costs
a whole weight). Engines minimise `factor × cost`; reports divide it back.

`floor` is a sound lower bound on the integer cost of any roster: the sum over soft
instances of the least each can cost on its own (0 for a violation, a deviation or a
spread with a weight ≥ 0; the least value of a `minimize` term). An incumbent at the
floor is optimal without asking a solver.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm
from typing import Iterable

import attrs

from rotalang.ground.compare import missed_by
from rotalang.ground.model import GroundConstraint, GroundModel, Lin, Measure
from rotalang.ground.semantics import comparison_of


@attrs.frozen
class Objective:
    """integer cost = `factor` × the author's cost; no roster costs less than `floor`;
    `heaviest_unit` is the most that one slot changing can add to one instance's
    integer cost (the step a walking search may go uphill by)."""

    factor: int
    floor: int
    heaviest_unit: int

    def integer(self, cost: Fraction) -> int:
        scaled = Fraction(cost) * self.factor
        if scaled.denominator != 1:
            raise ValueError(f"cost {cost} is not a whole number of 1/{self.factor} units")
        return int(scaled)

    def fraction(self, integer_cost: int) -> Fraction:
        return Fraction(integer_cost, self.factor)


def objective(model: GroundModel, *, factor: int | None = None) -> Objective:
    """The model's objective; `factor` (a multiple of the model's own) keeps a part of
    a bigger model in the bigger model's units."""
    soft = [c for c in model.constraints if c.measure is not Measure.HARD]
    own = cost_factor(soft)
    if factor is None:
        factor = own
    elif factor % own:
        raise ValueError(f"factor {factor} does not clear this model's costs (1/{own})")
    floor = sum(_least(c, factor) for c in soft)
    heaviest = max((_unit(c, factor) for c in soft), default=0)
    return Objective(factor, floor, heaviest)


def cost_factor(constraints: Iterable[GroundConstraint]) -> int:
    factor = 1
    for c in constraints:
        if c.measure is not Measure.HARD:
            weight = Fraction(c.weight)
            factor = lcm(factor, weight.denominator, (weight / c.scale).denominator)
    return factor


def lin_range(lin: Lin) -> tuple[int, int]:
    """The least and the greatest value of `lin` over 0/1 values of its variables."""
    low = lin.const + sum(a for a, _ in lin.terms if a < 0)
    high = lin.const + sum(a for a, _ in lin.terms if a > 0)
    return low, high


def amount_range(c: GroundConstraint) -> tuple[int, int]:
    """The least and greatest amount (scaled units, see `semantics`) of one soft
    instance over 0/1 values of its variables, each variable on its own."""
    if c.measure is Measure.VALUE:
        return lin_range(c.terms[0]) if c.terms else (0, 0)
    if c.measure is Measure.SPREAD:
        if len(c.terms) < 2:
            return 0, 0
        ranges = [lin_range(t) for t in c.terms]
        return 0, max(0, max(h for _, h in ranges) - min(lo for lo, _ in ranges))
    # a violation, a deviation: at most the largest miss of its comparison
    cmp, _ = comparison_of(c.formula) if c.measure is Measure.DEVIATION else (None, None)
    if cmp is None or cmp.op == "!=":
        return 0, c.scale
    d_low, d_high = lin_range(_minus(cmp.lhs, cmp.rhs))
    return 0, max(missed_by(cmp.op, d_low), missed_by(cmp.op, d_high))


def _minus(a: Lin, b: Lin) -> Lin:
    return Lin(a.terms + tuple((-coef, var) for coef, var in b.terms), a.const - b.const)


def _per_unit(c: GroundConstraint, factor: int) -> Fraction:
    """The integer cost of one scaled unit of amount."""
    return Fraction(c.weight) * factor / c.scale


def _least(c: GroundConstraint, factor: int) -> int:
    low, high = amount_range(c)
    per_unit = _per_unit(c, factor)
    least = per_unit * (low if per_unit >= 0 else high)
    if c.guard is not None:  # a false guard makes the instance cost nothing
        least = min(least, Fraction(0))
    assert least.denominator == 1, "the factor clears every denominator"
    return int(least)


def _unit(c: GroundConstraint, factor: int) -> int:
    per_unit = abs(_per_unit(c, factor))
    if c.measure is Measure.VIOLATION:
        return int(abs(Fraction(c.weight)) * factor)
    lins = list(c.terms)
    if c.measure is Measure.DEVIATION:
        cmp, _ = comparison_of(c.formula)
        if cmp is None or cmp.op == "!=":
            return int(abs(Fraction(c.weight)) * factor)
        lins = [cmp.lhs, cmp.rhs]
    biggest = max((abs(a) for lin in lins for a, _ in lin.terms), default=0)
    return int(per_unit * biggest)
