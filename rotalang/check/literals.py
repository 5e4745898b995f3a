"""Reading a literal's text into an exact value, one function per scalar type.

Used for data-file cells (CSV/JSON) and anywhere the checker holds literal text.
Every reader returns an exact value (values.py) or raises `LiteralError` whose
message says what was expected and whose `help` suggests a fix, if one is likely.
"""

from __future__ import annotations

import datetime
import re
from fractions import Fraction

from rotalang.values import Duration, TimeOfDay


class LiteralError(ValueError):
    def __init__(self, message: str, help: str | None = None):
        super().__init__(message)
        self.message = message
        self.help = help


_INT = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"([+-]?)(\d+)(?:\.(\d+))?")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(min|h|d)")
_UNIT_MINUTES = {"min": 1, "h": 60, "d": 1440}

TRUE_WORDS = ("true", "yes", "是")
FALSE_WORDS = ("false", "no", "否")


def read_int(text: str) -> int:
    text = text.strip()
    if _INT.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        raise LiteralError(f"expected a whole number, found `{text}`",
                           help="an `int` attribute holds whole numbers")
    raise LiteralError(f"expected a whole number, found `{text}`")


def _decimal(text: str) -> Fraction | None:
    m = _DECIMAL.fullmatch(text)
    if not m:
        return None
    sign, whole, frac = m.groups()
    value = Fraction(int(whole + (frac or "")), 10 ** len(frac or ""))
    return -value if sign == "-" else value


def read_ratio(text: str) -> Fraction:
    """`94%` = 94/100, `5.32‰` = 532/100000, `0.5` = 1/2, `3` = 3 — all exact."""
    text = text.strip()
    scale = 1
    body = text
    if text.endswith("%"):
        body, scale = text[:-1].rstrip(), 100
    elif text.endswith("‰"):
        body, scale = text[:-1].rstrip(), 1000
    elif text.endswith("％"):
        raise LiteralError(f"expected a ratio, found `{text}`",
                           help=f"use the ASCII percent sign: `{text[:-1]}%`")
    value = _decimal(body)
    if value is None:
        raise LiteralError(f"expected a ratio (like `94%`, `5.32‰` or `0.5`), found `{text}`")
    return value / scale


def read_bool(text: str) -> bool:
    word = text.strip()
    if word.lower() in TRUE_WORDS or word in TRUE_WORDS:
        return True
    if word.lower() in FALSE_WORDS or word in FALSE_WORDS:
        return False
    raise LiteralError(f"expected `true` or `false`, found `{word}`",
                       help="a yes/no cell holds true, false, yes, no, 是 or 否")


def read_date(text: str) -> datetime.date:
    text = text.strip()
    m = _DATE.fullmatch(text)
    if not m:
        raise LiteralError(f"expected a date like `2025-03-24`, found `{text}`")
    y, mo, d = (int(g) for g in m.groups())
    try:
        return datetime.date(y, mo, d)
    except ValueError as exc:
        raise LiteralError(f"`{text}` is not a date of the calendar ({exc})") from None


def read_time(text: str) -> TimeOfDay:
    text = text.strip()
    m = _TIME.fullmatch(text)
    if not m:
        raise LiteralError(f"expected a time of day like `06:00`, found `{text}`")
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 24 or mi > 59 or (h == 24 and mi):
        raise LiteralError(f"`{text}` is not a time of day",
                           help="hours run 00–23 (24:00 is midnight at the end of a day)")
    return TimeOfDay(h * 60 + mi)


def read_duration(text: str) -> Duration:
    """`8h`, `30min`, `14d`, `7.5h` (= 450 min), `7h30min`: whole minutes only."""
    text = text.strip()
    pos, total, parts = 0, Fraction(0), 0
    for m in _DURATION_PART.finditer(text):
        if m.start() != pos:
            break
        total += Fraction(_decimal(m.group(1))) * _UNIT_MINUTES[m.group(2)]
        pos, parts = m.end(), parts + 1
    if not parts or pos != len(text):
        if _DECIMAL.fullmatch(text):
            raise LiteralError(f"expected a duration, found the number `{text}`",
                               help=f"give the number a unit: `{text}h`")
        raise LiteralError(f"expected a duration like `8h`, `30min` or `14d`, found `{text}`")
    if total.denominator != 1:
        raise LiteralError(f"`{text}` is not a whole number of minutes")
    return Duration(int(total))
