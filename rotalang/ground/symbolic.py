"""Symbolic values of the partial evaluator and the formula constructors.

While grounding, every expression is either a concrete exact value (values.py) or
symbolic:

- a number that depends on the roster is a `Sym`: a linear combination of Boolean
  variables with exact (int or Fraction) coefficients, plus a constant; durations are
  in minutes;
- a condition that depends on the roster is a ground `Formula` (model.py), or a
  `Works` indicator (`Ind`) — the slot variables an assignment atom matches — kept
  apart until it is used so that `count` can sum its variables directly.

`make_cmp` turns a comparison of two numbers into a `Cmp` with integer coefficients,
multiplying both sides by the least common multiple of the denominators (the scale).
"""

from __future__ import annotations

import math
from fractions import Fraction

from rotalang.ground.compare import holds
from rotalang.ground.model import And, Atom, Cmp, Const, Formula, Lin, Not, Or

TRUE = Const(True)
FALSE = Const(False)


class Sym:
    """sum(coef × var) + const; coefficients and constant are int or Fraction."""

    __slots__ = ("terms", "const")

    def __init__(self, terms: dict[int, int | Fraction] | None = None,
                 const: int | Fraction = 0):
        self.terms = terms if terms is not None else {}
        self.const = const

    def __repr__(self) -> str:
        return f"Sym({self.terms!r}, {self.const!r})"


class Ind:
    """The slot variables a `works` atom matches. `exclusive` is true when at most one of
    them can be 1 under the structural rules (one day, or one person's posts in a static
    plan), so that their sum is the atom's 0/1 value."""

    __slots__ = ("vars", "exclusive", "label")

    def __init__(self, vars: tuple[int, ...], exclusive: bool, label: str):
        self.vars = vars
        self.exclusive = exclusive
        self.label = label


def is_symbolic(value: object) -> bool:
    return isinstance(value, (Sym, Ind, Atom, Not, And, Or, Cmp, MinMax))


class MinMax:
    """`min(...)`/`max(...)` over roster-dependent values; only a comparison can use it
    (`max(...) <= 3` is "every item <= 3")."""

    __slots__ = ("op", "items")

    def __init__(self, op: str, items: list):
        self.op = op
        self.items = items


# ------------------------------------------------------------------ linear algebra


def as_sym(value) -> Sym:
    if isinstance(value, Sym):
        return value
    return Sym({}, value)


def add(a, b, sign: int = 1):
    """a + sign·b for numbers or Syms."""
    if not isinstance(a, Sym) and not isinstance(b, Sym):
        return a + b if sign == 1 else a - b
    a, b = as_sym(a), as_sym(b)
    terms = dict(a.terms)
    for var, coef in b.terms.items():
        new = terms.get(var, 0) + sign * coef
        if new:
            terms[var] = new
        else:
            terms.pop(var, None)
    return Sym(terms, a.const + sign * b.const)


def scale(a, factor):
    """a × factor, factor a concrete number."""
    if not isinstance(a, Sym):
        return a * factor
    if factor == 0:
        return 0
    return Sym({v: c * factor for v, c in a.terms.items()}, a.const * factor)


def sum_syms(items) -> Sym:
    terms: dict[int, int | Fraction] = {}
    const = 0
    for item in items:
        if isinstance(item, Sym):
            for var, coef in item.terms.items():
                terms[var] = terms.get(var, 0) + coef
            const += item.const
        else:
            const += item
    return Sym({v: c for v, c in terms.items() if c}, const)


# ------------------------------------------------------------------------ formulas


def mk_not(f: Formula) -> Formula:
    if isinstance(f, Const):
        return Const(not f.value)
    if isinstance(f, Not):
        return f.operand
    return Not(f)


def mk_and(items) -> Formula:
    out: list[Formula] = []
    for f in items:
        if isinstance(f, Const):
            if not f.value:
                return FALSE
            continue
        if isinstance(f, And):
            out.extend(f.items)
        else:
            out.append(f)
    if not out:
        return TRUE
    if len(out) == 1:
        return out[0]
    return And(tuple(out))


def mk_or(items) -> Formula:
    out: list[Formula] = []
    for f in items:
        if isinstance(f, Const):
            if f.value:
                return TRUE
            continue
        if isinstance(f, Or):
            out.extend(f.items)
        else:
            out.append(f)
    if not out:
        return FALSE
    if len(out) == 1:
        return out[0]
    return Or(tuple(out))


def _denominators(s: Sym) -> list[int]:
    return [c.denominator for c in (*s.terms.values(), s.const) if type(c) is not int]


def make_cmp(left, op: str, right, unit: str = "count", what: str = "") -> Formula:
    """`left op right` for numbers or Syms, as a `Cmp` with integer coefficients (or a
    `Const` when it is decided whatever the roster: both sides concrete, or a bound
    that every 0/1 assignment meets)."""
    if not isinstance(left, Sym) and not isinstance(right, Sym):
        return Const(holds(op, left, right))
    ls, rs = as_sym(left), as_sym(right)
    factor = math.lcm(1, *_denominators(ls), *_denominators(rs))
    lhs = _to_lin(ls, factor)
    rhs = _to_lin(rs, factor)
    # The range of lhs - rhs over all 0/1 assignments: decide the trivial cases.
    diff = add(ls, rs, -1)
    low = diff.const + sum(c for c in diff.terms.values() if c < 0)
    high = diff.const + sum(c for c in diff.terms.values() if c > 0)
    if op in ("<=", "<") and holds(op, high, 0):
        return TRUE
    if op in (">=", ">") and holds(op, low, 0):
        return TRUE
    if op == "=" and low == high == 0:
        return TRUE
    if op == "!=" and (low > 0 or high < 0):
        return TRUE
    return Cmp(lhs, op, rhs, factor, unit, what)


def _to_lin(s: Sym, factor: int) -> Lin:
    if factor == 1 and type(s.const) is int:
        terms = s.terms
        return Lin(tuple((int(terms[v]), v) for v in sorted(terms)), s.const)
    terms = tuple((int(s.terms[v] * factor), v) for v in sorted(s.terms))
    return Lin(terms, int(s.const * factor))
