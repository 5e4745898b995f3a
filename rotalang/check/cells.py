"""Parsing one data value by its declared type: the meaning of a CSV or JSON cell.

A cell is text (CSV, or a JSON string) or, in JSON, a number, bool or list. The
declared attribute type decides how it is read; names (enum values, records, shifts)
are looked up in `Names`, with a "did you mean" when a name is close to a known one.
"""

from __future__ import annotations

from typing import Collection, Mapping

import attrs

from rotalang import ir
from rotalang.check.literals import (
    LiteralError, read_bool, read_date, read_duration, read_int, read_ratio, read_time,
)
from rotalang.check.suggest import did_you_mean
from rotalang.values import WEEKDAYS, EnumValue, RecordRef, ShiftRef


@attrs.frozen
class Names:
    """What a cell may name: enum values by enum, record names by kind, shift names."""

    enums: Mapping[str, Collection[str]]
    records: Mapping[str, Collection[str]]
    shifts: Collection[str]


@attrs.frozen
class JsonNumber:
    """A JSON number kept as its source text, so that `0.1` stays exactly 1/10."""

    text: str


def parse_value(type_: ir.Type, raw: object, names: Names) -> object:
    """The exact value of `raw` (str, bool, JsonNumber or list) as a `type_`."""
    if type_.name == "set":
        if isinstance(raw, list):
            items = raw
        elif isinstance(raw, str):
            items = [part for part in (p.strip() for p in raw.split("|")) if part]
        else:
            raise LiteralError(f"expected a set of {type_.element}, found `{_show(raw)}`",
                               help="separate the elements with `|`, like `早班|夜班`")
        return frozenset(parse_value(type_.element, item, names) for item in items)
    if isinstance(raw, list):
        raise LiteralError(f"expected a {type_}, found a list")
    if isinstance(raw, bool):
        if type_.name == "bool":
            return raw
        raise LiteralError(f"expected a {type_}, found `{_show(raw)}`")
    text = raw.text if isinstance(raw, JsonNumber) else raw
    return _parse_text(type_, text, names)


def _parse_text(type_: ir.Type, text: str, names: Names) -> object:
    name = type_.name
    if name == "int":
        return read_int(text)
    if name == "ratio":
        return read_ratio(text)
    if name == "bool":
        return read_bool(text)
    if name == "text":
        return text
    if name == "date":
        return read_date(text)
    if name == "time":
        return read_time(text)
    if name == "duration":
        return read_duration(text)
    word = text.strip()
    if name == "weekday":
        return EnumValue("weekday", _one_of(word, WEEKDAYS, "a weekday"))
    if name == "enum":
        values = names.enums.get(type_.ref, ())
        return EnumValue(type_.ref, _one_of(word, values, f"a value of {type_.ref}"))
    if name == "kind":
        known = names.records.get(type_.ref, ())
        return RecordRef(type_.ref, _one_of(word, known, f"a {type_.ref} record"))
    if name == "shift":
        return ShiftRef(_one_of(word, names.shifts, "a shift"))
    raise LiteralError(f"a data file cannot hold a value of type {type_}")


def _one_of(word: str, known: Collection[str], what: str) -> str:
    if word in known:
        return word
    if not word:
        raise LiteralError(f"expected {what}, found an empty cell")
    return _raise_unknown(word, known, what)


def _raise_unknown(word: str, known: Collection[str], what: str):
    help = did_you_mean(word, known)
    if help is None and 0 < len(known) <= 8:
        help = "expected one of " + ", ".join(f"`{k}`" for k in known)
    raise LiteralError(f"`{word}` is not {what}", help=help)


def _show(raw: object) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, JsonNumber):
        return raw.text
    return str(raw)
