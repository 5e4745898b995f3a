"""Terminal text measured in display cells, so that tables line up under CJK names.

A Chinese character takes two cells, a Latin letter one; `len()` counts neither
correctly for a terminal. Every report pads with `pad()` and measures with `width()`.
"""

from __future__ import annotations

import unicodedata
from fractions import Fraction

from wcwidth import wcwidth

from rotalang.values import exact_decimal


def clean(text: str) -> str:
    """`text` safe to print: control and format characters (a stray escape or a
    right-to-left override in a data file) become U+FFFD so they cannot move the cursor
    or break the alignment."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else "\ufffd" for ch in text)


def width(text: str) -> int:
    """Display cells `text` takes in a terminal (after `clean`)."""
    total = 0
    for ch in clean(text):
        w = wcwidth(ch)
        # wcwidth gives -1 for what `clean` already replaced and 0 for combining marks.
        total += w if w >= 0 else 1
    return total


def pad(text: str, cells: int, align: str = "left") -> str:
    """`text` padded with spaces to `cells` display cells (never truncated)."""
    text = clean(text)
    gap = max(cells - width(text), 0)
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap


def table(rows: list[list[str]], align: list[str] | None = None, sep: str = "  ") -> list[str]:
    """Rows of cells laid out in columns; every line has the same display width.
    `align` gives "left" or "right" per column (default left)."""
    if not rows:
        return []
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    align = (align or []) + ["left"] * (n - len(align or []))
    widths = [max(width(r[i]) for r in rows) for i in range(n)]
    return [sep.join(pad(r[i], widths[i], align[i]) for i in range(n)) for r in rows]


def plural(n: int, word: str) -> str:
    """`1 warning`, `2 warnings`: a count with its noun (English, a plain `s`)."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def format_cost(value: Fraction | int | None) -> str:
    """A cost as text, exactly as an author writes numbers: `607`, `160.5` (any number
    of places, never rounded), and a fraction `1/3` only for a cost that has no exact
    decimal."""
    if value is None:
        return "-"
    value = Fraction(value)
    decimal = exact_decimal(value)
    return decimal if decimal is not None else f"{value.numerator}/{value.denominator}"


def is_wide_script(texts) -> bool:
    """True when any of `texts` holds a double-width (CJK) character: reports then use
    Chinese weekday initials, which read better next to Chinese names."""
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for t in texts for ch in t)
