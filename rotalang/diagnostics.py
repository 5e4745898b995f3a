"""Diagnostics: the one way every layer reports a problem to a person or a tool.

A `Diagnostic` has a severity, a stable code (listed once in `CODES`), a message that
makes sense alone, a primary `Span` (optionally labelled), secondary labels, notes and a
`help` line. Layers raise `DiagnosticError` (the one exception type of the public API)
or collect several problems in a `Diagnostics` before raising.

Rendering follows rustc / codespan-reporting, with a first line that editors and grep
can jump to::

    值守.rota:9:28: error[E0301]: mismatched types in comparison
      |
    9 |     rest between shifts >= 11
      |     -------------------    ^^ expected a duration, found a number
      |     |
      |     this is a duration
      = help: give the number a unit: `11h`

Columns are counted in code points (like the JSON form and editors); underlines are
laid out in display cells (`wcwidth`), so they line up under CJK text.
"""

from __future__ import annotations

import enum
import json
import os
import unicodedata
from typing import IO, Iterable, Iterator

import attrs
from wcwidth import wcwidth

# ---------------------------------------------------------------------------- codes
# Every diagnostic code, with a short title. One line per code, sorted by code, so that
# layers working in parallel can add theirs without merge conflicts. Ranges:
# E00xx files, E01xx syntax, E02xx names, E03xx types, E04xx data, E05xx grounding,
# E06xx solving, E07xx rosters, E09xx internal; Wxxxx warnings in the same ranges.
CODES: dict[str, str] = {
    "E0001": "cannot read file",
    "E0002": "file is not valid UTF-8",
    "E0003": "`use` cycle",
    "E0004": "path outside the program's folder",
    "E0020": "output file already exists",
    "E0021": "cannot write output file",
    "E0022": "unknown output format",
    "E0030": "malformed batch manifest",
    "E0031": "no data folder for a batch",
    "E0032": "cannot reach the Ray cluster",
    "E0101": "unexpected token",
    "E0102": "unexpected end of file",
    "E0103": "full-width punctuation",
    "E0104": "unterminated string",
    "E0105": "unclosed delimiter",
    "E0106": "unexpected character",
    "E0107": "expression nested too deeply",
    "E0110": "invalid date",
    "E0111": "invalid time of day",
    "E0112": "invalid duration",
    "E0113": "number too long",
    "E0201": "unknown name",
    "E0202": "duplicate definition",
    "E0203": "ambiguous name",
    "E0204": "unknown attribute",
    "E0205": "no staff kind",
    "E0206": "more than one staff kind",
    "E0207": "more than one post kind",
    "E0208": "calendar without shifts",
    "E0209": "shifts without a calendar",
    "E0210": "name of the wrong sort",
    "E0211": "unknown built-in rule",
    "E0301": "mismatched types",
    "E0302": "number where a duration is expected",
    "E0303": "operator does not apply to these types",
    "E0304": "condition is not a boolean",
    "E0305": "wrong arguments to a built-in function",
    "E0306": "statement only allowed in soft rules",
    "E0308": "weight is not a number",
    "E0309": "date arithmetic needs whole days",
    "E0310": "not a constant expression",
    "E0311": "no such property",
    "E0312": "not a person",
    "E0313": "needs a calendar",
    "E0314": "invalid calendar",
    "E0315": "invalid shift",
    "E0316": "a ratio with a unit against one without",
    "E0317": "dates run backwards",
    "E0401": "bad data cell",
    "E0402": "missing column",
    "E0403": "unknown column",
    "E0404": "duplicate record",
    "E0405": "empty data file",
    "E0406": "malformed data file",
    "E0407": "unsupported data file",
    "E0480": "unknown section in a benchmark instance",
    "E0481": "malformed row in a benchmark instance",
    "E0482": "invalid number in a benchmark instance",
    "E0483": "unknown id in a benchmark instance",
    "E0484": "duplicate id in a benchmark instance",
    "E0485": "day outside the benchmark instance's horizon",
    "E0486": "missing section in a benchmark instance",
    "E0487": "data before the first section of a benchmark instance",
    "E0488": "benchmark calendar must start on a Monday",
    "E0489": "benchmark shift id is not a name",
    "E0501": "too many ground constraints",
    "E0502": "not supported by the grounder yet",
    "E0503": "soft rule weight is not a positive number",
    "E0504": "value cannot be computed from the data",
    "E0601": "hard rules cannot all hold",
    "E0602": "assertion does not hold",
    "E0603": "data breaks a rule",
    "E0604": "the chosen engine cannot solve this program",
    "E0701": "empty roster file",
    "E0702": "roster file is not a text file",
    "E0703": "missing roster column or header",
    "E0704": "unknown roster column",
    "E0705": "malformed roster row",
    "E0706": "unknown person in roster",
    "E0707": "unknown shift in roster",
    "E0708": "unknown post in roster",
    "E0709": "invalid date in roster",
    "E0710": "roster date outside the calendar",
    "E0711": "duplicate roster row",
    "E0713": "malformed roster JSON",
    "E0714": "empty roster cell",
    "E0716": "assignment with no place in the program",
    "E0801": "the programs compared do not roster the same slots",
    "E0901": "internal error",
    "E0902": "out of memory",
    "N0601": "assertion proved",
    "N0602": "rule restates a built-in rule",
    "W0201": "names that look alike",
    "W0501": "rest cannot be checked for a shift without clock times",
    "W0502": "soft rule weight is zero",
    "W0511": "rule never applies",
    "W0512": "unavailability outside the calendar",
    "W0601": "solver could not decide within the time limit",
    "W0602": "rule is implied by the other rules",
    "W0603": "soft rule can never cost anything",
    "W0604": "solved with another engine than the default",
    "W0605": "rule is weaker than a built-in rule",
}


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    def __str__(self) -> str:  # "error", as printed
        return self.value


@attrs.frozen
class Span:
    """A region of one file. Lines and columns are 1-based, counted in code points;
    the end is exclusive. Offsets are code-point offsets into the text."""

    file: str
    start_line: int
    start_col: int
    end_line: int
    end_col: int
    start_offset: int = 0
    end_offset: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.start_line}:{self.start_col}"

    def to(self, other: "Span") -> "Span":
        """The span from the start of `self` to the end of `other`."""
        return Span(self.file, self.start_line, self.start_col, other.end_line,
                    other.end_col, self.start_offset, other.end_offset)

    @classmethod
    def at_offset(cls, file: str, text: str, start: int, end: int | None = None) -> "Span":
        """A span from code-point offsets into `text` (lines/columns computed)."""
        end = start if end is None else end

        def line_col(off: int) -> tuple[int, int]:
            line = text.count("\n", 0, off) + 1
            return line, off - (text.rfind("\n", 0, off) + 1) + 1

        sl, sc = line_col(start)
        el, ec = line_col(end)
        return cls(file, sl, sc, el, ec, start, end)


@attrs.frozen
class Label:
    """A secondary span with a short text saying why it matters."""

    span: Span
    text: str = ""


@attrs.frozen
class Diagnostic:
    """One problem. `label` is the text under the primary span's carets."""

    severity: Severity
    code: str
    message: str
    span: Span | None = None
    labels: tuple[Label, ...] = attrs.field(default=(), converter=tuple)
    notes: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    help: str | None = None
    label: str | None = None
    # What the message says, as data for tools (`--format json`): e.g. a conflict's
    # rules, each with its line and whether it was shown to be needed.
    data: dict | None = attrs.field(default=None, eq=False, hash=False)

    @classmethod
    def error(cls, code: str, message: str, span: Span | None = None, **kw) -> "Diagnostic":
        return cls(Severity.ERROR, code, message, span, **kw)

    @classmethod
    def warning(cls, code: str, message: str, span: Span | None = None, **kw) -> "Diagnostic":
        return cls(Severity.WARNING, code, message, span, **kw)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        s = self.span
        if s is None:
            return (0, "", 0, 0, self.code, self.message)
        return (1, s.file, s.start_line, s.start_col, self.code, self.message)


class DiagnosticError(Exception):
    """The one exception type of the public API: carries one or more diagnostics."""

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic]):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: list[Diagnostic] = sorted(
            _dedupe(diagnostics), key=Diagnostic.sort_key)
        super().__init__(self.diagnostics[0].message if self.diagnostics else "error")

    def __str__(self) -> str:
        return "\n".join(short_form(d) for d in self.diagnostics)


def _dedupe(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen: set[Diagnostic] = set()
    out = []
    for d in diags:
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out


class Diagnostics:
    """Collects diagnostics so a layer can report every independent problem at once."""

    def __init__(self, items: Iterable[Diagnostic] = ()):
        self._items: list[Diagnostic] = []
        self._seen: set[Diagnostic] = set()
        self.extend(items)

    def add(self, diag: Diagnostic) -> None:
        if diag not in self._seen:  # the same problem found twice is shown once
            self._seen.add(diag)
            self._items.append(diag)

    def extend(self, diags: Iterable[Diagnostic]) -> None:
        for d in diags:
            self.add(d)

    def error(self, code: str, message: str, span: Span | None = None, **kw) -> None:
        self.add(Diagnostic.error(code, message, span, **kw))

    def warning(self, code: str, message: str, span: Span | None = None, **kw) -> None:
        self.add(Diagnostic.warning(code, message, span, **kw))

    def has_errors(self) -> bool:
        return any(d.is_error for d in self._items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self._items, key=Diagnostic.sort_key)

    def raise_if_errors(self) -> None:
        if self.has_errors():
            raise DiagnosticError(self.sorted())

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)


# ---------------------------------------------------------------------- source map
class SourceMap:
    """File name → text, so renderers can show source lines. Whoever reads a file
    (the parser's `read_source`, the data loader) registers its text here."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._lines: dict[str, list[str]] = {}

    def register(self, file: str, text: str) -> None:
        self._texts[file] = text
        self._lines.pop(file, None)

    def text(self, file: str) -> str | None:
        return self._texts.get(file)

    def line(self, file: str, lineno: int) -> str | None:
        """Line `lineno` (1-based) without its line ending, or None if unknown."""
        if file not in self._texts:
            return None
        lines = self._lines.get(file)
        if lines is None:
            lines = self._lines[file] = self._texts[file].split("\n")
        if 1 <= lineno <= len(lines):
            return lines[lineno - 1].rstrip("\r")
        return None


SOURCES = SourceMap()


def register_source(file: str, text: str) -> None:
    SOURCES.register(file, text)


# ------------------------------------------------------------------- text rendering
TAB_WIDTH = 4
# A source line wider than this many display cells is shown as a window around what is
# underlined (`…` where it is cut): a generated rule can be thousands of cells wide.
MAX_SHOWN_CELLS = 120
CONTEXT_CELLS = 30  # shown before the first underline in a window

_COLORS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "note": "\x1b[1;36m",
           "secondary": "\x1b[1;34m", "bold": "\x1b[1m", "reset": "\x1b[0m"}


def should_color(stream: IO[str]) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _char_width(ch: str, col: int) -> int:
    if ch == "\t":
        return TAB_WIDTH - (col % TAB_WIDTH)
    if unicodedata.category(ch) == "Cc":
        return 1  # a control character is shown as one placeholder cell (`_display`)
    w = wcwidth(ch)
    return w if w >= 0 else 1


def _display(line: str) -> tuple[str, list[int]]:
    """The line as displayed (tabs expanded) and the display cell where each code point
    starts (plus one entry for the end of the line)."""
    out, cells, col = [], [], 0
    for ch in line:
        cells.append(col)
        w = _char_width(ch, col)
        if ch == "\t":
            out.append(" " * w)
        elif unicodedata.category(ch) == "Cc":
            # A control character from a hostile file must not reach the terminal
            # (an escape sequence could rewrite the screen): show a placeholder.
            out.append("\ufffd")
        else:
            out.append(ch)
        col += w
    cells.append(col)
    return "".join(out), cells


def short_form(d: Diagnostic) -> str:
    """`path:line:col: error[E0101]: message` — the first line of the text form."""
    where = f"{d.span}: " if d.span is not None else ""
    return f"{where}{d.severity}[{d.code}]: {d.message}"


def render_text(d: Diagnostic, sources: SourceMap | None = None, color: bool = False) -> str:
    """The full text form of one diagnostic (no trailing newline)."""
    sources = sources or SOURCES
    c = _COLORS if color else {k: "" for k in _COLORS}
    sev = str(d.severity)
    where = f"{d.span}: " if d.span is not None else ""
    head = (f"{c['bold']}{where}{c['reset']}{c[sev]}{sev}[{d.code}]{c['reset']}"
            f"{c['bold']}: {d.message}{c['reset']}")
    # Group underlines by (file, line). Only labels in the primary span's file are
    # drawn; a label elsewhere becomes a note so it is never lost.
    marks: dict[int, list[tuple[int, int, str, str]]] = {}
    extra_notes: list[str] = []
    file = d.span.file if d.span is not None else None

    def add(span: Span, text: str, kind: str) -> None:
        line = sources.line(span.file, span.start_line)
        if span.file != file or line is None:
            if kind == "secondary":
                extra_notes.append(f"{span}: {text}" if text else str(span))
            return
        start = min(span.start_col - 1, len(line))
        end = span.end_col - 1 if span.end_line == span.start_line else len(line)
        end = max(min(end, len(line)), start)
        marks.setdefault(span.start_line, []).append((start, end, text, kind))

    if d.span is not None:
        add(d.span, d.label or "", "primary")
    for lab in d.labels:
        add(lab.span, lab.text, "secondary")

    body: list[str] = []
    if marks:
        gutter = len(str(max(marks)))
        pad = " " * gutter
        bar = f"{c['secondary']}{pad} |{c['reset']}"
        body.append(bar)
        prev = None
        for lineno in sorted(marks):
            if prev is not None and lineno > prev + 1:
                body.append(f"{c['secondary']}...{c['reset']}")
            prev = lineno
            line, line_marks = _window(sources.line(file, lineno) or "", marks[lineno])
            shown, cells = _display(line)
            body.append(f"{c['secondary']}{lineno:>{gutter}} |{c['reset']} {shown}".rstrip())
            body.extend(_underlines(line_marks, cells, bar, c))
    for note in (*d.notes, *extra_notes):
        body.append(_note_line("note", note, len(str(max(marks))) if marks else 0))
    if d.help:
        body.append(_note_line("help", d.help, len(str(max(marks))) if marks else 0))
    return "\n".join([head, *body])


def _window(line: str, marks: list) -> tuple[str, list]:
    """`line` cut to MAX_SHOWN_CELLS around its first mark (`…` at each cut end), with
    the marks moved to match; a line that fits is returned as it is."""
    cells = _display(line)[1]
    if cells[-1] <= MAX_SHOWN_CELLS:
        return line, marks
    first = min(start for start, *_ in marks)
    lo = next(i for i in range(first + 1) if cells[i] >= cells[first] - CONTEXT_CELLS)
    hi = lo
    while hi < len(line) and cells[hi + 1] - cells[lo] <= MAX_SHOWN_CELLS:
        hi += 1
    before = "…" if lo > 0 else ""
    after = "…" if hi < len(line) else ""

    def moved(i: int) -> int:
        return min(max(i, lo), hi) - lo + len(before)

    return (before + line[lo:hi] + after,
            [(moved(start), moved(end), text, kind) for start, end, text, kind in marks])


def _note_line(kind: str, text: str, gutter: int) -> str:
    return f"{' ' * gutter} = {kind}: {text}"


def _underlines(items, cells: list[int], bar: str, c: dict) -> list[str]:
    """The caret row for one source line, then the texts of labels that do not fit
    inline (rustc style: the rightmost label is inline, the others hang below)."""
    spans = []
    for start, end, text, kind in sorted(items, key=lambda t: (t[0], t[1])):
        a, b = cells[start], cells[end]
        spans.append((a, max(b, a + 1), text, kind))  # an empty span still gets one mark
    width = max(b for _, b, _, _ in spans)
    row = [" "] * width
    colour = [""] * width
    # Secondary first so the primary's carets win where they overlap.
    for a, b, _, kind in sorted(spans, key=lambda s: s[3] == "primary"):
        ch = "^" if kind == "primary" else "-"
        for i in range(a, b):
            row[i] = ch
            colour[i] = c["error"] if kind == "primary" else c["secondary"]
    caret = "".join(f"{colour[i]}{row[i]}{c['reset'] if colour[i] else ''}"
                    for i in range(width)).rstrip()
    labelled = [s for s in spans if s[2]]
    out = []
    inline = labelled[-1] if labelled and labelled[-1][0] == max(s[0] for s in spans) else None
    out.append(f"{bar} {caret}" + (f" {inline[2]}" if inline else ""))
    hanging = [s for s in labelled if s is not inline]
    for idx in range(len(hanging) - 1, -1, -1):
        col_of = [s[0] for s in hanging[: idx + 1]]
        pipes = [" "] * (col_of[-1] + 1)
        for x in col_of:
            pipes[x] = "|"
        out.append(f"{bar} {''.join(pipes).rstrip()}")
        text_row = [" "] * col_of[-1]
        for x in col_of[:-1]:
            if x < col_of[-1]:  # a label starting in the same column has no pipe of its own
                text_row[x] = "|"
        out.append(f"{bar} {''.join(text_row)}{hanging[idx][2]}")
    return out


def render_all(diags: Iterable[Diagnostic], sources: SourceMap | None = None,
               color: bool = False) -> str:
    """All diagnostics in text form, separated by blank lines, ending with a newline."""
    parts = [render_text(d, sources, color) for d in diags]
    return "\n\n".join(parts) + ("\n" if parts else "")


def summary_line(diags: Iterable[Diagnostic]) -> str:
    """`error: 3 errors, 1 warning` (or `warning: 2 warnings`; empty when clean).
    The CLI prints it after the diagnostics."""
    diags = list(diags)
    n_err = sum(1 for d in diags if d.severity is Severity.ERROR)
    n_warn = sum(1 for d in diags if d.severity is Severity.WARNING)
    parts = []
    if n_err:
        parts.append(f"{n_err} error{'s' if n_err != 1 else ''}")
    if n_warn:
        parts.append(f"{n_warn} warning{'s' if n_warn != 1 else ''}")
    if not parts:
        return ""
    return f"{'error' if n_err else 'warning'}: {', '.join(parts)}"


# ------------------------------------------------------------------- JSON rendering
def _span_json(span: Span | None) -> dict:
    if span is None:
        return {"file": None, "line": None, "column": None, "end_line": None,
                "end_column": None}
    return {"file": span.file, "line": span.start_line, "column": span.start_col,
            "end_line": span.end_line, "end_column": span.end_col}


def to_json_obj(d: Diagnostic) -> dict:
    return {"severity": str(d.severity), "code": d.code, "message": d.message,
            **_span_json(d.span), "label": d.label,
            "labels": [{**_span_json(l.span), "label": l.text} for l in d.labels],
            "notes": list(d.notes), "help": d.help, **(d.data or {})}


def render_json(diags: Iterable[Diagnostic], extra: dict | None = None) -> str:
    """`{"diagnostics": [...]}` with 1-based lines and code-point columns, then any
    `extra` keys (`check --show`'s indicators)."""
    return json.dumps({"diagnostics": [to_json_obj(d) for d in diags], **(extra or {})},
                      ensure_ascii=False, indent=2) + "\n"
