"""Runtime values of rotalang, shared by the checker, the grounder and the evaluator.

Every value is exact: ratios are `fractions.Fraction`, durations are whole minutes,
times of day are minutes since midnight. Nothing in rule semantics is a float.

Python representation of each rotalang type:

| type       | Python value                     |
|------------|----------------------------------|
| int        | int                              |
| bool       | bool                             |
| text       | str                              |
| ratio      | fractions.Fraction               |
| date       | datetime.date                    |
| time       | TimeOfDay                        |
| duration   | Duration                         |
| weekday    | EnumValue("weekday", "mon")      |
| enum E     | EnumValue("E", "value")          |
| kind K     | RecordRef("K", "name")           |
| shift      | ShiftRef("name")                 |
| day set    | DaySet (a week, weekend or window of calendar days) |
| set of T   | frozenset of the element values  |
"""

from __future__ import annotations

import datetime
from fractions import Fraction

import attrs

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@attrs.frozen(order=True)
class Duration:
    """A length of time in whole minutes (`8h` is Duration(480))."""

    minutes: int

    def __str__(self) -> str:
        return format_duration(self.minutes)


@attrs.frozen(order=True)
class TimeOfDay:
    """A clock time, minutes since midnight (`06:00` is TimeOfDay(360))."""

    minutes: int

    def __str__(self) -> str:
        return f"{self.minutes // 60:02d}:{self.minutes % 60:02d}"


@attrs.frozen(order=True)
class EnumValue:
    enum: str
    name: str

    def __str__(self) -> str:
        return self.name


class _Missing:
    """The value of an optional attribute (`到达日期: date?`) left empty: the record has
    none. An instance that needs it does not apply, a `where` that needs it excludes
    the record, and `known(x)` tests for it."""

    _made = None

    def __new__(cls):
        if cls._made is None:
            cls._made = super().__new__(cls)
        return cls._made

    def __repr__(self) -> str:
        return "MISSING"

    def __str__(self) -> str:
        return "—"

    def __reduce__(self):
        return (_Missing, ())


MISSING = _Missing()


@attrs.frozen(order=True)
class RecordRef:
    """A reference to a data record (a person, a post, a village...) by its name."""

    kind: str
    name: str

    def __str__(self) -> str:
        return self.name


@attrs.frozen(order=True)
class ShiftRef:
    name: str

    def __str__(self) -> str:
        return self.name


@attrs.frozen
class DaySet:
    """A named set of calendar days: a week, a weekend or a window of N days."""

    label: str  # e.g. "week 2025-W07", "weekend 2025-02-15", "2025-02-10..2025-02-16"
    days: tuple[datetime.date, ...]

    def __str__(self) -> str:
        return self.label

    def __contains__(self, day: object) -> bool:
        return day in self.days


def format_duration(minutes: int) -> str:
    """`480` → `8h`, `450` → `7h30min`, `20160` → `14d`, `0` → `0min`."""
    if minutes == 0:
        return "0min"
    sign = "-" if minutes < 0 else ""
    m = abs(minutes)
    if m % 1440 == 0:
        return f"{sign}{m // 1440}d"
    hours, mins = divmod(m, 60)
    if hours and mins:
        return f"{sign}{hours}h{mins}min"
    if hours:
        return f"{sign}{hours}h"
    return f"{sign}{mins}min"


def exact_decimal(value: Fraction) -> str | None:
    """The exact decimal of `value` when it has one — `Fraction(321, 2)` → `160.5`,
    `Fraction(133, 25000)` → `0.00532` — however many places that takes; None when it
    has none (1/3: its denominator has a factor other than 2 and 5)."""
    d, places = value.denominator, 0
    for factor in (2, 5):
        count = 0
        while d % factor == 0:
            d //= factor
            count += 1
        places = max(places, count)
    if d != 1:
        return None
    return format_decimal(value, places) if places else str(value.numerator)


def format_decimal(value: Fraction, places: int = 4) -> str | None:
    """`Fraction(1096, 10)` → `109.6`; None when it needs more than `places` decimals."""
    scale = 10**places
    if (value * scale).denominator != 1:
        return None
    units = int(value * scale)
    whole, frac = divmod(abs(units), scale)
    text = f"{'-' if units < 0 else ''}{whole}"
    if frac:
        text += f".{frac:0{places}d}".rstrip("0")
    return text


def format_ratio(value: Fraction) -> str:
    """Show an exact ratio the way rule authors write it: `94%`, `5.32‰`, `109.6`, else a
    fraction. Quantities of one or more (a sex ratio of 109.6) read best as decimals."""
    if abs(value) >= 1:
        decimal = format_decimal(value)
        if decimal is not None:
            return decimal
    for factor, sign in ((100, "%"), (1000, "‰")):
        scaled = value * factor
        # at most two decimals, rendered from integer hundredths (no float rounding)
        if (scaled * 100).denominator == 1:
            hundredths = int(scaled * 100)
            whole, frac = divmod(abs(hundredths), 100)
            text = f"{'-' if hundredths < 0 else ''}{whole}"
            if frac:
                text += f".{frac:02d}".rstrip("0")
            return text + sign
    return f"{value.numerator}/{value.denominator}"


def format_value(value: object, *, literal: bool = False) -> str:
    """The text a report shows for a value. With `literal`, texts are quoted and escaped
    so that the result reads back as a rotalang literal (the IR printer uses this)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return format_ratio(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and literal:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(format_value(v, literal=literal) for v in value)) + "}"
    return str(value)
