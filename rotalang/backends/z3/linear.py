"""Linear expressions over Boolean variables, normalised for pseudo-Boolean constraints.

Z3's `PbLe`/`PbGe`/`PbEq` (and the SAT core's cardinality constraints) want positive
coefficients. A term `c·x` with `c < 0` is rewritten as `c + |c|·¬x`, so every linear
expression becomes `Σ a·lit + const` with `a > 0`. Pure Python, no Z3: the encoder and
the tests share it.
"""

from __future__ import annotations

from math import gcd

import attrs

from rotalang.ground.model import Lin


@attrs.frozen
class Literal:
    var: int
    positive: bool = True


@attrs.frozen
class Normal:
    """Σ coef·literal + const, every coef > 0, each variable at most once."""

    terms: tuple[tuple[int, Literal], ...]
    const: int

    @property
    def total(self) -> int:
        """The largest value Σ coef·literal can take (all literals true)."""
        return sum(a for a, _ in self.terms)

    @property
    def divisor(self) -> int:
        """gcd of the coefficients (1 when there are none)."""
        g = 0
        for a, _ in self.terms:
            g = gcd(g, a)
        return g or 1


# Literals are immutable and few (two per variable), and the search's steps normalise
# tens of thousands of terms a second: each is made once and shared.
_literals: dict[tuple[int, bool], Literal] = {}


def literal(var: int, positive: bool = True) -> Literal:
    """The (shared) literal of `var` or of its negation."""
    lit = _literals.get((var, positive))
    if lit is None:
        lit = _literals[(var, positive)] = Literal(var, positive)
    return lit


def combine(*parts: tuple[int, Lin]) -> Normal:
    """Σ factor·lin over `parts`, merged per variable and normalised."""
    coefs: dict[int, int] = {}
    const = 0
    get = coefs.get
    for factor, lin in parts:
        const += factor * lin.const
        for c, v in lin.terms:
            coefs[v] = get(v, 0) + factor * c
    terms = []
    for v in sorted(coefs):
        c = coefs[v]
        if c > 0:
            terms.append((c, literal(v, True)))
        elif c < 0:
            const += c
            terms.append((-c, literal(v, False)))
    return Normal(tuple(terms), const)


def normal(lin: Lin) -> Normal:
    return combine((1, lin))


def difference(lhs: Lin, rhs: Lin) -> Normal:
    """lhs − rhs."""
    return combine((1, lhs), (-1, rhs))


def negate(n: Normal) -> Normal:
    """−n, still with positive coefficients: −a·l = −a + a·¬l."""
    terms = tuple((a, literal(l.var, not l.positive)) for a, l in n.terms)
    return Normal(terms, -n.const - n.total)
