"""Reading an Employee Shift Scheduling Benchmark instance (Curtois & Qu, `.txt`).

The format is plain text in sections (`SECTION_HORIZON`, `SECTION_SHIFTS`,
`SECTION_STAFF`, `SECTION_DAYS_OFF`, `SECTION_SHIFT_ON_REQUESTS`,
`SECTION_SHIFT_OFF_REQUESTS`, `SECTION_COVER`), one comma-separated row per line, `#`
comments. `read_instance` returns the instance as plain data, or raises
`DiagnosticError` listing every problem found at `file:line:column` — a malformed
instance never produces a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from rotalang.check.suggest import did_you_mean
from rotalang.diagnostics import (
    Diagnostic, DiagnosticError, Diagnostics, Label, Span, register_source,
)


# ----------------------------------------------------------------------- the data


@attrs.frozen
class Shift:
    id: str
    minutes: int
    cannot_follow: tuple[str, ...]  # shifts that may not be worked the next day


@attrs.frozen
class Staff:
    id: str
    max_shifts: tuple[tuple[str, int], ...]  # (shift id, maximum number in the horizon)
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int


@attrs.frozen
class Request:
    staff: str
    day: int
    shift: str
    weight: int


@attrs.frozen
class Cover:
    day: int
    shift: str
    requirement: int
    under_weight: int
    over_weight: int


@attrs.frozen
class Instance:
    name: str
    horizon: int  # number of days; day 0 is a Monday
    shifts: tuple[Shift, ...]
    staff: tuple[Staff, ...]
    days_off: tuple[tuple[str, tuple[int, ...]], ...]  # (staff id, day indexes)
    on_requests: tuple[Request, ...]
    off_requests: tuple[Request, ...]
    cover: tuple[Cover, ...]


# -------------------------------------------------------------------- the columns

# Section → (column names, minimum fields, maximum fields or None for "any number").
COLUMNS: dict[str, tuple[str, int, int | None]] = {
    "SECTION_HORIZON": ("number of days", 1, 1),
    "SECTION_SHIFTS": ("ShiftID, length in minutes, shifts which cannot follow (`|`-separated)", 2, 3),
    "SECTION_STAFF": ("ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, "
                      "MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends", 8, 8),
    "SECTION_DAYS_OFF": ("EmployeeID, day indexes", 1, None),
    "SECTION_SHIFT_ON_REQUESTS": ("EmployeeID, Day, ShiftID, Weight", 4, 4),
    "SECTION_SHIFT_OFF_REQUESTS": ("EmployeeID, Day, ShiftID, Weight", 4, 4),
    "SECTION_COVER": ("Day, ShiftID, Requirement, WeightUnder, WeightOver", 5, 5),
}
REQUIRED = ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF")

# A shift id becomes a shift name in the generated program, so it must be a name there.
_NAME = re.compile(r"[^\W\d]\w*")


@attrs.frozen
class _Field:
    text: str
    span: Span


@attrs.frozen
class _Row:
    section: str
    fields: tuple[_Field, ...]
    span: Span  # the whole line


# ------------------------------------------------------------------------ reading


def read_instance(path: str | Path) -> Instance:
    """Parse an instance file; raise DiagnosticError (E0001/E0002/E048x) if it is bad."""
    path = Path(path)
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DiagnosticError(Diagnostics([_io_error(file, err)]).sorted()) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise DiagnosticError(Diagnostic.error(
            "E0002", "file is not valid UTF-8", Span(file, line, 1, line, 1),
            help="save the instance as UTF-8 text")) from None
    return parse_instance(text, file, name=path.stem)


def parse_instance(text: str, file: str, name: str = "instance") -> Instance:
    """Parse instance text (`file` is only used in locations)."""
    register_source(file, text)
    diags = Diagnostics()
    rows, seen_sections = _split_rows(text, file, diags)
    reader = _Reader(file, diags)
    instance = reader.build(name, rows, seen_sections)
    diags.raise_if_errors()
    assert instance is not None
    return instance


def _io_error(file: str, err: OSError):
    reason = err.strerror or str(err)
    return Diagnostic.error("E0001", f"cannot read `{file}`: {reason}")


def _split_rows(text: str, file: str, diags: Diagnostics):
    """Lines → rows with a span per field; reports unknown sections and stray rows."""
    rows: list[_Row] = []
    seen: dict[str, Span] = {}
    section: str | None = None
    offset = 0
    for lineno, raw in enumerate(text.split("\n"), 1):
        line_start = offset
        offset += len(raw) + 1
        line = raw.rstrip("\r")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        lead = len(line) - len(line.lstrip())
        whole = Span(file, lineno, lead + 1, lineno, len(line.rstrip()) + 1,
                     line_start + lead, line_start + len(line.rstrip()))
        if stripped.startswith("SECTION_"):
            if stripped not in COLUMNS:
                diags.error("E0480", f"unknown section `{stripped}`", whole,
                            help=did_you_mean(stripped, COLUMNS)
                            or "expected one of " + ", ".join(f"`{s}`" for s in COLUMNS))
                section = ""  # skip its rows without a second error each
            elif stripped in seen:
                diags.error("E0484", f"section `{stripped}` appears twice", whole,
                            label="second time here")
                section = stripped
            else:
                seen[stripped] = whole
                section = stripped
            continue
        if section is None:
            diags.error("E0487", "data before the first section", whole,
                        help="start the file with `SECTION_HORIZON`")
            section = ""
            continue
        if section == "":
            continue
        fields = []
        col = 0
        for part in line.split(","):
            start = col + (len(part) - len(part.lstrip()))
            end = col + len(part.rstrip()) if part.strip() else start
            fields.append(_Field(part.strip(), Span(file, lineno, start + 1, lineno, end + 1,
                                                    line_start + start, line_start + end)))
            col += len(part) + 1
        rows.append(_Row(section, tuple(fields), whole))
    return rows, seen


class _Reader:
    """Turns rows into the instance, checking numbers, ids and day indexes."""

    def __init__(self, file: str, diags: Diagnostics):
        self.file = file
        self.diags = diags

    # numbers ---------------------------------------------------------------
    def number(self, field: _Field, what: str, minimum: int = 0) -> int | None:
        if not re.fullmatch(r"[+-]?\d+", field.text):
            self.diags.error("E0482", f"expected a whole number for {what}, found `{field.text}`",
                             field.span, label="not a whole number")
            return None
        value = int(field.text)
        if value < minimum:
            self.diags.error("E0482", f"{what} must be at least {minimum}, found {value}",
                             field.span, label="too small")
            return None
        return value

    def fields_ok(self, row: _Row) -> bool:
        columns, low, high = COLUMNS[row.section]
        n = len(row.fields)
        if n < low or (high is not None and n > high):
            want = str(low) if low == high else (f"{low} to {high}" if high else f"at least {low}")
            self.diags.error("E0481", f"a {row.section} row needs {want} fields, found {n}",
                             row.span, help=f"the columns are: {columns}")
            return False
        return True

    # the whole file ----------------------------------------------------------
    def build(self, name: str, rows: list[_Row], seen: dict[str, Span]) -> Instance | None:
        for section in REQUIRED:
            if section not in seen:
                self.diags.error("E0486", f"the instance has no {section}",
                                 Span(self.file, 1, 1, 1, 1),
                                 help=f"add `{section}` with rows of: {COLUMNS[section][0]}")
        by_section: dict[str, list[_Row]] = {s: [] for s in COLUMNS}
        for row in rows:
            if self.fields_ok(row):
                by_section[row.section].append(row)

        horizon = self.horizon(by_section["SECTION_HORIZON"], seen.get("SECTION_HORIZON"))
        shifts, shift_spans = self.shifts(by_section["SECTION_SHIFTS"])
        staff_ids = self.ids(by_section["SECTION_STAFF"], "staff member")
        shift_ids = list(shift_spans)

        def shift_ref(field: _Field) -> str | None:
            return self.known(field, shift_ids, "shift")

        def staff_ref(field: _Field) -> str | None:
            return self.known(field, staff_ids, "staff member")

        def day(field: _Field) -> int | None:
            value = self.number(field, "a day index")
            if value is not None and horizon is not None and value >= horizon:
                self.diags.error("E0485", f"day {value} is outside the horizon "
                                 f"(days 0 to {horizon - 1})", field.span,
                                 label="no such day")
                return None
            return value

        for shift in by_section["SECTION_SHIFTS"]:
            if len(shift.fields) > 2:
                for part in _split_bar(shift.fields[2]):
                    shift_ref(part)

        staff = []
        for row in by_section["SECTION_STAFF"]:
            f = row.fields
            limits = []
            for part in _split_bar(f[1]):
                sid, eq, count = part.text.partition("=")
                if not eq:
                    self.diags.error("E0481", f"expected `ShiftID=max` in MaxShifts, found "
                                     f"`{part.text}`", part.span,
                                     help="write each maximum as `D=14`, separated by `|`")
                    continue
                sid_field = _Field(sid.strip(), part.span)
                count_field = _Field(count.strip(), part.span)
                if shift_ref(sid_field) is not None:
                    value = self.number(count_field, f"the maximum number of {sid.strip()} shifts")
                    if value is not None:
                        limits.append((sid.strip(), value))
            numbers = [self.number(f[i], what) for i, what in enumerate(
                ("MaxTotalMinutes", "MinTotalMinutes", "MaxConsecutiveShifts",
                 "MinConsecutiveShifts", "MinConsecutiveDaysOff", "MaxWeekends"), 2)]
            if None not in numbers:
                staff.append(Staff(f[0].text, tuple(limits), *numbers))

        days_off = []
        for row in by_section["SECTION_DAYS_OFF"]:
            who = staff_ref(row.fields[0])
            days = [day(f) for f in row.fields[1:] if f.text]
            if who is not None and None not in days:
                days_off.append((who, tuple(days)))

        def requests(section: str) -> list[Request]:
            out = []
            for row in by_section[section]:
                f = row.fields
                values = (staff_ref(f[0]), day(f[1]), shift_ref(f[2]),
                          self.number(f[3], "a weight"))
                if None not in values:
                    out.append(Request(*values))
            return out

        on_requests = requests("SECTION_SHIFT_ON_REQUESTS")
        off_requests = requests("SECTION_SHIFT_OFF_REQUESTS")
        cover = []
        for row in by_section["SECTION_COVER"]:
            f = row.fields
            values = (day(f[0]), shift_ref(f[1]), self.number(f[2], "a requirement"),
                      self.number(f[3], "a weight"), self.number(f[4], "a weight"))
            if None not in values:
                cover.append(Cover(*values))
        if self.diags.has_errors() or horizon is None:
            return None
        return Instance(name, horizon, tuple(shifts), tuple(staff), tuple(days_off),
                        tuple(on_requests), tuple(off_requests), tuple(cover))

    def horizon(self, rows: list[_Row], header: Span | None) -> int | None:
        if not rows:
            if header is not None:
                self.diags.error("E0481", "SECTION_HORIZON has no number of days", header,
                                 help="write the number of days on the next line, like `14`")
            return None
        for extra in rows[1:]:
            self.diags.error("E0481", "SECTION_HORIZON holds one number, found a second row",
                             extra.span)
        return self.number(rows[0].fields[0], "the number of days", minimum=1)

    def shifts(self, rows: list[_Row]):
        shifts, spans = [], {}
        for row in rows:
            f = row.fields
            sid = f[0].text
            if not _NAME.fullmatch(sid):
                self.diags.error("E0489", f"shift id `{sid}` cannot be a shift name", f[0].span,
                                 help="a shift id must start with a letter and hold only "
                                      "letters, digits and `_`")
                continue
            if sid in spans:
                self._duplicate(f[0], spans[sid], "shift")
                continue
            spans[sid] = f[0].span
            minutes = self.number(f[1], "a shift length in minutes", minimum=1)
            follow = tuple(p.text for p in _split_bar(f[2])) if len(f) > 2 else ()
            if minutes is not None:
                shifts.append(Shift(sid, minutes, follow))
        return shifts, spans

    def ids(self, rows: list[_Row], what: str) -> list[str]:
        spans: dict[str, Span] = {}
        for row in rows:
            field = row.fields[0]
            if not field.text:
                self.diags.error("E0481", f"a {what} needs an id", field.span)
            elif field.text in spans:
                self._duplicate(field, spans[field.text], what)
            else:
                spans[field.text] = field.span
        return list(spans)

    def _duplicate(self, field: _Field, first: Span, what: str) -> None:
        self.diags.error("E0484", f"{what} `{field.text}` is declared twice", field.span,
                         label="declared again here",
                         labels=[Label(first, "first declared here")])

    def known(self, field: _Field, ids: list[str], what: str) -> str | None:
        if field.text in ids:
            return field.text
        # Ids are often single letters, where "did you mean" would guess at random:
        # list a short set of ids instead.
        if 0 < len(ids) <= 8:
            help = "expected one of " + ", ".join(f"`{i}`" for i in ids)
        else:
            help = did_you_mean(field.text, ids)
        self.diags.error("E0483", f"unknown {what} `{field.text}`", field.span,
                         label=f"not a {what} of this instance", help=help)
        return None


def _split_bar(field: _Field) -> list[_Field]:
    """`E|D` → its parts, each with its own span (empty parts dropped)."""
    out = []
    col = field.span.start_col
    off = field.span.start_offset
    for part in field.text.split("|"):
        lead = len(part) - len(part.lstrip())
        text = part.strip()
        if text:
            s = Span(field.span.file, field.span.start_line, col + lead,
                     field.span.start_line, col + lead + len(text),
                     off + lead, off + lead + len(text))
            out.append(_Field(text, s))
        col += len(part) + 1
        off += len(part) + 1
    return out
