"""Pseudo-Boolean constraints over Z3 literals, simplified before Z3 sees them.

Each helper takes `pairs` = [(coef, literal)] with every coef > 0 (see `linear.py`)
and returns the smallest Z3 form: a constant when the bound is trivial, a clause or a
conjunction when it is one, a cardinality constraint (`AtLeast`/`AtMost`) when every
coefficient is 1 after dividing by their gcd, a weighted `PbGe`/`PbLe`/`PbEq`
otherwise. Cardinality constraints stay in Z3's SAT core (logic QF_FD), which is far
faster on rosters than integer arithmetic.
"""

from __future__ import annotations

from math import gcd

import z3

Pairs = list[tuple[int, z3.BoolRef]]


def _reduce(pairs: Pairs) -> tuple[int, Pairs, int]:
    g = 0
    for a, _ in pairs:
        g = gcd(g, a)
    g = g or 1
    reduced = [(a // g, lit) for a, lit in pairs] if g != 1 else pairs
    return g, reduced, sum(a for a, _ in reduced)


def _all_ones(pairs: Pairs) -> bool:
    return all(a == 1 for a, _ in pairs)


def at_least(pairs: Pairs, k: int) -> z3.BoolRef:
    """Σ coef·lit ≥ k."""
    g, pairs, total = _reduce(pairs)
    k = -((-k) // g)  # ceil(k / g)
    if k <= 0:
        return z3.BoolVal(True)
    if k > total:
        return z3.BoolVal(False)
    lits = [lit for _, lit in pairs]
    if k == total:
        return lits[0] if len(lits) == 1 else z3.And(lits)
    if _all_ones(pairs):
        return z3.Or(lits) if k == 1 else z3.AtLeast(*lits, k)
    return z3.PbGe([(lit, a) for a, lit in pairs], k)


def at_most(pairs: Pairs, k: int) -> z3.BoolRef:
    """Σ coef·lit ≤ k."""
    g, pairs, total = _reduce(pairs)
    k = k // g
    if k < 0:
        return z3.BoolVal(False)
    if k >= total:
        return z3.BoolVal(True)
    lits = [lit for _, lit in pairs]
    if k == 0:
        return z3.Not(lits[0]) if len(lits) == 1 else z3.Not(z3.Or(lits))
    if _all_ones(pairs):
        return z3.AtMost(*lits, k)
    return z3.PbLe([(lit, a) for a, lit in pairs], k)


def exactly(pairs: Pairs, k: int) -> z3.BoolRef:
    """Σ coef·lit = k."""
    g, pairs, total = _reduce(pairs)
    if k % g:
        return z3.BoolVal(False)
    k //= g
    if k < 0 or k > total:
        return z3.BoolVal(False)
    if total == 0:
        return z3.BoolVal(True)
    if k == 0:
        return at_most(pairs, 0)
    if k == total:
        return at_least(pairs, k)
    return z3.PbEq([(lit, a) for a, lit in pairs], k)
