"""Evaluating constant expressions: attribute defaults and inline record fields.

Only what needs no data and no unknowns: literals, sets of literals, `-x`, arithmetic
and references to constant `let`s. Anything else is `NotConstant` (E0310 for the
caller). Values follow values.py exactly (Fraction, whole-minute Duration).
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from typing import Mapping

from rotalang import ir
from rotalang.values import Duration, TimeOfDay


class NotConstant(Exception):
    def __init__(self, expr: ir.Expr, reason: str | None = None):
        super().__init__(reason or "not a constant")
        self.expr, self.reason = expr, reason


class OutOfRange(Exception):
    """A constant that has no value at all (a date past 9999-12-31): an error in the
    rules, where NotConstant only means "leave it to the grounder"."""

    def __init__(self, expr: ir.Expr | None, message: str, help: str):
        super().__init__(message)
        self.expr, self.message, self.help = expr, message, help


def evaluate(expr: ir.Expr, lets: Mapping[str, object] = {}) -> object:
    if isinstance(expr, ir.Lit):
        return expr.value
    if isinstance(expr, ir.LetRef) and expr.name in lets:
        return lets[expr.name]
    if isinstance(expr, ir.SetLit):
        return frozenset(evaluate(i, lets) for i in expr.items)
    if isinstance(expr, ir.Neg):
        value = evaluate(expr.operand, lets)
        return Duration(-value.minutes) if isinstance(value, Duration) else -value
    if isinstance(expr, ir.Arith):
        return arith(expr.op, evaluate(expr.left, lets), evaluate(expr.right, lets), expr)
    raise NotConstant(expr)


def arith(op: str, a: object, b: object, expr: ir.Expr | None = None) -> object:
    """`a op b` on exact values; the checker has already typed the operands."""
    if isinstance(a, (int, Fraction)) and isinstance(b, (int, Fraction)):
        if op == "/":
            if b == 0:
                raise NotConstant(expr, "divides by zero")
            return Fraction(a) / b
        return {"+": a + b, "-": a - b, "*": a * b}[op]
    if isinstance(a, datetime.date) and isinstance(b, datetime.date):
        return Duration((a - b).days * 1440)
    if isinstance(a, datetime.date) and isinstance(b, Duration):
        days, rest = divmod(b.minutes, 1440)
        if rest:
            raise NotConstant(expr, "adds a part of a day to a date")
        try:
            return a + datetime.timedelta(days=days if op == "+" else -days)
        except OverflowError:  # Python's dates, like the language's, end at 9999-12-31
            raise OutOfRange(expr, f"{a.isoformat()} {op} {b} is not a date",
                             "dates run from 0001-01-01 to 9999-12-31") from None
    if isinstance(a, Duration) and isinstance(b, datetime.date):
        return arith(op, b, a, expr)
    if isinstance(a, TimeOfDay) and isinstance(b, TimeOfDay):
        return Duration(a.minutes - b.minutes)
    if isinstance(a, Duration) and isinstance(b, Duration):
        if op == "/":
            return Fraction(a.minutes, b.minutes)
        return Duration(a.minutes + b.minutes if op == "+" else a.minutes - b.minutes)
    if isinstance(a, Duration) or isinstance(b, Duration):
        d, n = (a, b) if isinstance(a, Duration) else (b, a)
        minutes = Fraction(d.minutes) * n if op == "*" else Fraction(d.minutes) / n
        if minutes.denominator != 1:
            raise NotConstant(expr, "is not a whole number of minutes")
        return Duration(int(minutes))
    raise NotConstant(expr)


def coerce(type_: ir.Type, value: object) -> object:
    """An int stored where a ratio is declared becomes a Fraction (exact)."""
    if type_.name == "ratio" and isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if type_.name == "set" and isinstance(value, frozenset):
        return frozenset(coerce(type_.element, v) for v in value)
    return value
