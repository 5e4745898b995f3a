"""The type rules and unit algebra of rotalang (docs/design.md, "Types and units").

Pure functions over `ir.Type`; the checker attaches spans and labels. A rule that
fails returns a `Problem` (code, message, help) instead of raising, so that the
checker can report it and carry on with `ERROR`, a type that is compatible with
everything and so suppresses follow-on errors from one mistake.

- `int` promotes to `ratio` in arithmetic and comparisons; `int / int` is a ratio.
- `duration` only adds to and compares with `duration`; it scales by a number.
- `date - date` is a duration (in days); `date ± duration` is a date.
"""

from __future__ import annotations

from typing import Collection

import attrs

from rotalang import ir

ERROR = ir.Type("error")
NUMERIC = ("int", "ratio")
ORDERED = ("int", "ratio", "duration", "date", "time")


@attrs.frozen
class Problem:
    code: str
    message: str
    help: str | None = None


def is_error(t: ir.Type) -> bool:
    return t.name == "error" or (t.name == "set" and t.element is not None
                                 and is_error(t.element))


def is_numeric(t: ir.Type) -> bool:
    return t.name in NUMERIC


def describe(t: ir.Type) -> str:
    """The type in words, for messages: "a number", "a duration", "a 身份 value"."""
    return {
        "int": "a number", "ratio": "a ratio", "bool": "a condition", "text": "a text",
        "date": "a date", "time": "a time of day", "duration": "a duration",
        "weekday": "a weekday", "shift": "a shift", "days": "a set of days",
    }.get(t.name) or (f"a {t.ref} value" if t.name == "enum" else
                      f"a {t.ref}" if t.name == "kind" else
                      f"a set of {t.element}" if t.name == "set" else str(t))


def assignable(expected: ir.Type, actual: ir.Type) -> bool:
    """Can a value of type `actual` stand where `expected` is wanted?"""
    if is_error(expected) or is_error(actual) or expected == actual:
        return True
    if expected.name == "ratio" and actual.name == "int":
        return True
    if expected.name == "set" and actual.name == "set":
        if actual.element is None:  # the empty set literal `{}`
            return True
        return assignable(expected.element, actual.element)
    return False


def join(a: ir.Type, b: ir.Type) -> ir.Type | None:
    """The common type of two values (set elements, `=` operands), or None."""
    if is_error(a):
        return b
    if is_error(b) or a == b:
        return a
    if is_numeric(a) and is_numeric(b):
        return ir.RATIO
    if a.name == "set" and b.name == "set":
        if a.element is None:
            return b
        if b.element is None:
            return a
        inner = join(a.element, b.element)
        return ir.set_type(inner) if inner is not None else None
    return None


def _mismatch_with_duration(a: ir.Type, b: ir.Type) -> bool:
    return {a.name, b.name} in ({"duration", "int"}, {"duration", "ratio"})


def arith(op: str, left: ir.Type, right: ir.Type) -> ir.Type | Problem:
    """The result type of `left op right`, op in + - * /."""
    if is_error(left) or is_error(right):
        return ERROR
    l, r = left.name, right.name
    if l in NUMERIC and r in NUMERIC:
        if op == "/" or "ratio" in (l, r):
            return ir.RATIO
        return ir.INT
    if op in "+-":
        if l == r == "duration":
            return ir.DURATION
        if l == "date" and r == "duration":
            return ir.DATE
        if op == "+" and l == "duration" and r == "date":
            return ir.DATE
        if op == "-" and l == r == "date":
            return ir.DURATION
        if op == "-" and l == r == "time":
            return ir.DURATION
        if {l, r} == {"date", "int"}:
            return Problem("E0302", f"cannot {_verb(op)} a date and a number",
                           "give the number a unit: days, like `14d`")
        if _mismatch_with_duration(left, right):
            return Problem("E0302", f"cannot {_verb(op)} a duration and a number",
                           "give the number a unit, like `8h`")
    if op == "*":
        if {l, r} in ({"duration", "int"}, {"duration", "ratio"}):
            return ir.DURATION
    if op == "/":
        if l == "duration" and r in NUMERIC:
            return ir.DURATION
        if l == r == "duration":
            return ir.RATIO
    return Problem("E0303", f"cannot {_verb(op)} {describe(left)} and {describe(right)}")


def _verb(op: str) -> str:
    return {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}[op]


def negate(operand: ir.Type) -> ir.Type | Problem:
    if is_error(operand) or operand.name in ("int", "ratio", "duration"):
        return operand
    return Problem("E0303", f"cannot negate {describe(operand)}")


def compare(op: str, left: ir.Type, right: ir.Type,
            ordered_enums: Collection[str] = ()) -> Problem | None:
    """None when `left op right` is well typed. `ordered_enums`: the enums declared
    `ordered`, whose values `<` and the like compare by their declared order."""
    if is_error(left) or is_error(right):
        return None
    if _mismatch_with_duration(left, right):
        return Problem("E0302", "cannot compare a duration with a number",
                       "give the number a unit, like `40h`")
    if join(left, right) is None:
        return Problem("E0301", f"cannot compare {describe(left)} with {describe(right)}")
    if op in ("<", "<=", ">", ">=") and left.name not in ORDERED:
        if left.name == "enum" and left.ref in ordered_enums:
            return None
        if left.name == "enum" and left.ref != "weekday":
            return Problem("E0303", f"`{op}` does not apply to {describe(left)}",
                           f"to compare its values by their order, declare it "
                           f"`enum {left.ref} ordered {{ … }}`, lowest first")
        return Problem("E0303", f"`{op}` does not apply to {describe(left)}",
                       "only numbers, ratios, durations, dates, times and the values of "
                       "an `ordered` enum are ordered")
    return None


def member(element: ir.Type, collection: ir.Type) -> Problem | None:
    """None when `element in collection` is well typed."""
    if is_error(element) or is_error(collection):
        return None
    if collection.name == "days":
        if element.name == "date":
            return None
        return Problem("E0301", f"a set of days holds dates, not {describe(element)}")
    if collection.name != "set":
        return Problem("E0303", f"`in` needs a set on its right, found {describe(collection)}")
    if collection.element is None or assignable(collection.element, element) \
            or join(collection.element, element) is not None:
        return None
    return Problem("E0301", f"{describe(collection)} cannot hold {describe(element)}")


def unit_help(number_text: str) -> str:
    """The E0302 help for a bare number literal: "give the number a unit: `40h`"."""
    return f"give the number a unit: `{number_text}h`"
