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

import datetime
import math
from fractions import Fraction

from rotalang.ground.compare import holds
from rotalang.ground.model import And, Atom, Cmp, Const, Formula, Lin, Not, Or

TRUE = Const(True)
FALSE = Const(False)


# ------------------------------------------------------------------ shared objects


class Shared:
    """The small objects one grounding makes millions of, each made once: the term
    `(1, v)` and `(c, v)` of a linear expression, `Atom(v)` and `Not(Atom(v))`, and a
    side `Lin((), c)` with no terms. A constraint then holds pointers to them instead
    of its own copies (a term costs 8 bytes instead of about 90). They are immutable
    and compare by value, so sharing them changes nothing but memory.

    The grounder installs one for the length of a grounding (`sharing`); outside one,
    the constructors below make new objects."""

    __slots__ = ("units", "reserved", "terms", "atoms", "negations", "sides")

    def __init__(self):
        self.units: list = []  # var -> (1, var); made ahead for the first `reserved`
        self.reserved = 0
        self.terms: dict = {}  # (coef, var) -> itself, for coef != 1
        self.atoms: list = []  # var -> Atom(var)
        self.negations: list = []  # var -> Not(Atom(var))
        self.sides: dict = {}  # const -> Lin((), const)


_shared: Shared | None = None


class sharing:
    """`with sharing(): ...` — share the small objects made inside (see `Shared`)."""

    def __enter__(self):
        global _shared
        self.outer = _shared
        _shared = Shared()
        return _shared

    def __exit__(self, *exc):
        global _shared
        _shared = self.outer
        return False


def reserve_units(n: int) -> None:
    """Make the terms `(1, v)` of the variables below `n` (the slots) ahead, so that
    `unit_terms` reads them from a list."""
    shared = _shared
    if shared is not None and n > shared.reserved:
        units = _grown(shared.units, n - 1)
        for v in range(shared.reserved, n):
            if units[v] is None:
                units[v] = (1, v)
        shared.reserved = n


def unit_terms(variables) -> tuple:
    """The terms `(1, v)` of the given variables, in their order."""
    shared = _shared
    if shared is None:
        return tuple((1, v) for v in variables)
    if variables and max(variables) < shared.reserved:
        return tuple(map(shared.units.__getitem__, variables))
    return tuple(map(unit, variables))


def _grown(table: list, var: int) -> list:
    if var >= len(table):
        table.extend([None] * (var + 1 - len(table) + len(table) // 8))
    return table


def unit(var: int) -> tuple[int, int]:
    """The term `(1, var)`."""
    shared = _shared
    if shared is None:
        return (1, var)
    units = shared.units
    if var >= len(units):
        _grown(units, var)
    found = units[var]
    if found is None:
        found = units[var] = (1, var)
    return found


def term(coef: int, var: int) -> tuple[int, int]:
    """The term `(coef, var)`."""
    if coef == 1:
        return unit(var)
    shared = _shared
    if shared is None:
        return (coef, var)
    key = (coef, unit(var)[1])
    return shared.terms.setdefault(key, key)


def atom(var: int) -> Atom:
    shared = _shared
    if shared is None:
        return Atom(var)
    atoms = shared.atoms
    if var >= len(atoms):
        _grown(atoms, var)
    found = atoms[var]
    if found is None:
        found = atoms[var] = Atom(unit(var)[1])
    return found


def negated(var: int) -> Not:
    """`Not(Atom(var))`."""
    shared = _shared
    if shared is None:
        return Not(Atom(var))
    negations = shared.negations
    if var >= len(negations):
        _grown(negations, var)
    found = negations[var]
    if found is None:
        found = negations[var] = Not(atom(var))
    return found


def side(const: int) -> Lin:
    """`Lin((), const)`: a side of a comparison with no terms."""
    shared = _shared
    if shared is None:
        return Lin((), const)
    found = shared.sides.get(const)
    if found is None:
        found = shared.sides[const] = Lin((), const)
    return found


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

    __slots__ = ("vars", "exclusive", "_label")

    def __init__(self, vars: tuple[int, ...], exclusive: bool, label):
        """`label`: the words ("张丽 works 夜班 on 2025-02-11"), or the parts they are
        made of when asked for — (person's name, shifts, day, post), each None when
        the atom does not name it."""
        self.vars = vars
        self.exclusive = exclusive
        self._label = label

    @property
    def label(self) -> str:
        label = self._label
        if type(label) is tuple:
            name, shifts, day, post = label
            words = [name, "works"]
            if shifts is not None:
                words.append(show(shifts))
            if day is not None:
                words.append(f"on {show(day)}")
            if post is not None:
                words.append(f"at {show(post)}")
            label = self._label = " ".join(words)
        return label

    def words(self) -> str:
        return self.label


def show(value) -> str:
    """A value in an auxiliary's words: a set sorted, a date in ISO form."""
    if isinstance(value, (frozenset, set)):
        return "{" + ", ".join(sorted(show(v) for v in value)) + "}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


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


def tree_size(f: Formula) -> int:
    """How many nodes `f` has read as a tree, each shared part counted every time it
    occurs: what a walk of the formula costs. A formula is built as a graph (the
    evaluator reuses what it has computed), so `none(… where none(… where …))` is
    small in memory and exponential as a tree; the grounder's budget counts this."""
    sizes: dict[int, int] = {}
    stack = [f]
    while stack:
        g = stack[-1]
        if id(g) in sizes:
            stack.pop()
            continue
        t = type(g)
        parts = g.items if t is And or t is Or else (g.operand,) if t is Not else ()
        waiting = [p for p in parts if id(p) not in sizes]
        if waiting:
            stack.extend(waiting)
            continue
        sizes[id(g)] = 1 + sum(sizes[id(p)] for p in parts)
        stack.pop()
    return sizes[id(f)]


def mk_not(f: Formula) -> Formula:
    t = type(f)
    if t is Atom:
        return negated(f.var)
    if t is Const:
        return FALSE if f.value else TRUE
    if t is Not:
        return f.operand
    return Not(f)


# A nested And/Or of up to this many items is merged into its parent; a larger one is
# kept as it is, shared: merging copies it into every parent, and nested aggregates
# (`some(… where some(… where …))`) would copy exponentially before the grounder's
# budget (`tree_size`) could refuse them.
MERGED_ITEMS = 64


def mk_and(items) -> Formula:
    out: list[Formula] = []
    for f in items:
        if isinstance(f, Const):
            if not f.value:
                return FALSE
            continue
        if isinstance(f, And) and len(f.items) <= MERGED_ITEMS:
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
        if isinstance(f, Or) and len(f.items) <= MERGED_ITEMS:
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


def _whole(s: Sym) -> bool:
    """Whether every coefficient and the constant are ints."""
    return type(s.const) is int and all(type(c) is int for c in s.terms.values())


def make_cmp(left, op: str, right, unit: str = "count", what: str = "") -> Formula:
    """`left op right` for numbers or Syms, as a `Cmp` with integer coefficients (or a
    `Const` when it is decided whatever the roster: both sides concrete, or a bound
    that every 0/1 assignment meets)."""
    if not isinstance(left, Sym) and not isinstance(right, Sym):
        return Const(holds(op, left, right))
    ls, rs = as_sym(left), as_sym(right)
    # The range of lhs - rhs over all 0/1 assignments: decide the trivial cases.
    if not rs.terms or not ls.terms:
        side_terms, sign = (ls.terms, 1) if ls.terms else (rs.terms, -1)
        coefs = side_terms.values()
        const = ls.const - rs.const
        if not coefs:
            low = high = const
        elif min(coefs) >= 0:
            low, high = const, const + sum(coefs)
        else:
            low = const + sum(c for c in coefs if c < 0)
            high = const + sum(c for c in coefs if c > 0)
        if sign < 0:
            low, high = const - (high - const), const - (low - const)
    else:
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
    factor = 1 if _whole(ls) and _whole(rs) else \
        math.lcm(1, *_denominators(ls), *_denominators(rs))
    return Cmp(_to_lin(ls, factor), op, _to_lin(rs, factor), factor, unit, what)


def _to_lin(s: Sym, factor: int) -> Lin:
    terms = s.terms
    if factor == 1 and type(s.const) is int:
        if not terms:
            return side(s.const)
        coefs = terms.values()
        if min(coefs) == 1 == max(coefs) and all(type(c) is int for c in coefs):
            return Lin(unit_terms(sorted(terms)), s.const)
        return Lin(tuple(term(int(terms[v]), v) for v in sorted(terms)), s.const)
    if not terms:
        return side(int(s.const * factor))
    return Lin(tuple(term(int(terms[v] * factor), v) for v in sorted(terms)),
               int(s.const * factor))
