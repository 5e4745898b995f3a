"""Pseudo-Boolean constraints over Z3 literals, simplified before Z3 sees them.

Each helper takes `pairs` = [(coef, literal)] with every coef > 0 (see `linear.py`)
and returns the smallest form (a `terms.Term`): a constant when the bound is trivial, a
clause or a conjunction when it is one, a cardinality constraint (at-least/at-most)
when every coefficient is 1 after dividing by their gcd, a weighted PB constraint
otherwise. Cardinality constraints stay in Z3's SAT core (logic QF_FD), which is far
faster on rosters than integer arithmetic.
"""

from __future__ import annotations

from math import gcd

import z3

from rotalang.backends.z3 import terms
from rotalang.backends.z3.terms import Term

Pairs = list[tuple[int, z3.BoolRef]]


def _reduce(pairs: Pairs) -> tuple[int, list[int], list[z3.BoolRef], int]:
    """(g, coefs / g, literals, Σ coefs / g) where g is the coefficients' gcd."""
    coefs = [a for a, _ in pairs]
    g = 0
    for a in coefs:
        g = gcd(g, a)
        if g == 1:  # most constraints count people: every coefficient is 1
            break
    if g > 1:
        coefs = [a // g for a in coefs]
    return g or 1, coefs, [lit for _, lit in pairs], sum(coefs)


def at_least(pairs: Pairs, k: int) -> Term:
    """Σ coef·lit ≥ k."""
    g, coefs, lits, total = _reduce(pairs)
    k = -((-k) // g)  # ceil(k / g)
    if k <= 0:
        return True
    if k > total:
        return False
    if k == total:
        return terms.conj(lits)
    if total == len(coefs):  # every coefficient is 1 (each is at least 1)
        return terms.disj(lits) if k == 1 else terms.at_least_ones(lits, k)
    return terms.pb_ge(coefs, lits, k)


def at_most(pairs: Pairs, k: int) -> Term:
    """Σ coef·lit ≤ k."""
    g, coefs, lits, total = _reduce(pairs)
    k = k // g
    if k < 0:
        return False
    if k >= total:
        return True
    if k == 0:
        return terms.neg(terms.disj(lits))
    if total == len(coefs):  # every coefficient is 1
        return terms.at_most_ones(lits, k)
    return terms.pb_le(coefs, lits, k)


def exactly(pairs: Pairs, k: int) -> Term:
    """Σ coef·lit = k."""
    g, coefs, lits, total = _reduce(pairs)
    if k % g:
        return False
    k //= g
    if k < 0 or k > total:
        return False
    if total == 0:
        return True
    if k == 0:
        return terms.neg(terms.disj(lits))
    if k == total:
        return terms.conj(lits)
    return terms.pb_eq(coefs, lits, k)
