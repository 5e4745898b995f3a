"""The comparison operators of ground formulas, and what each means: written once here
for the grounder, the restrictor, the plain-Python semantics and the engines.

An operator is one of `= != < <= > >=` (`==` is read as `=`). Besides truth, a soft
comparison has a *miss*: how far the difference `lhs − rhs` falls short of meeting it,
in the comparison's scaled units (0 when it holds); `!=` misses by one whole unit of
its scale when the sides are equal.
"""

from __future__ import annotations

import operator
from typing import Callable

HOLDS: dict[str, Callable[[object, object], bool]] = {
    "=": operator.eq, "==": operator.eq, "!=": operator.ne,
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}

# `not (a op b)` is `a NEGATION[op] b`
NEGATION = {"=": "!=", "==": "!=", "!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}

# `a op b` is `b MIRROR[op] a`
MIRROR = {"=": "=", "==": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

OPERATORS = ("=", "!=", "<", "<=", ">", ">=")


def holds(op: str, a, b) -> bool:
    """Whether `a op b`."""
    return HOLDS[op](a, b)


def missed_by(op: str, difference: int, scale: int = 1) -> int:
    """How far `lhs op rhs` misses, given `difference = lhs − rhs`, in scaled units."""
    d = difference
    if op == "<=":
        return max(0, d)
    if op == "<":
        return max(0, d + 1)
    if op == ">=":
        return max(0, -d)
    if op == ">":
        return max(0, 1 - d)
    if op in ("=", "=="):
        return abs(d)
    if op == "!=":
        return scale if d == 0 else 0
    raise ValueError(f"unknown comparison {op!r}")
