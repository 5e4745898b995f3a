"""Reading a roster to verify: CSV typed by a person, or the JSON `solve` writes.

CSV: UTF-8 (a BOM is accepted), LF or CRLF, RFC 4180 quotes, a header row naming the
columns in any order: `staff,date,shift` (plus `post` where the program has posts), or
`staff,post` for a static plan. JSON: `{"status": …, "assignments": [{"staff", "date",
"shift", "post"}], …}` as `rotalang solve --format json` writes it (a bare list of
assignments is accepted too).

Every problem is a diagnostic at `roster.csv:line:column` with the cell underlined:
unknown people, shifts and posts (with "did you mean"), malformed dates and dates
outside the calendar, duplicate rows (with the first labelled), missing or unknown
columns, empty, binary or non-UTF-8 files. Two assignments of one person on one day are
read as written: judging them is verify's job (the built-in rule they break). All of them are collected, then raised together as one `DiagnosticError`.
"""

from __future__ import annotations

import os

import attrs

from rotalang.check.data import (  # the data loader's position-keeping readers
    _CsvError, _csv_records, _JsonError, _JNode, _Lines, _parse_json, _RepeatedKey,
)
from rotalang.check.literals import LiteralError, read_date
from rotalang.check.suggest import did_you_mean, edit_distance
from rotalang.diagnostics import (
    Diagnostic, DiagnosticError, Diagnostics, Label, Span, register_source,
)
from rotalang.verify.json_errors import json_error
from rotalang.ground.model import GroundModel
from rotalang.results import Assignment, Roster

LISTED_NAMES = 6  # an unknown name's help lists every candidate when there are this few
_PLURALS = {"person": "people", "shift": "shifts", "post": "posts"}


@attrs.frozen
class _Field:
    value: str | None
    span: Span


@attrs.frozen
class _Entry:
    """One assignment as written: a CSV row or a JSON object."""

    span: Span
    fields: dict  # column → _Field


def read_roster(path: str | os.PathLike, model: GroundModel,
                shown_as: str | None = None) -> Roster:
    """The roster in the file at `path`, checked against `model`'s people, calendar,
    shifts and posts. Raises `DiagnosticError` with every problem found."""
    shown = shown_as or os.fspath(path)
    text = _read_text(os.fspath(path), shown)
    lines = _Lines(shown, text)
    if not text.strip():
        raise DiagnosticError(Diagnostic.error(
            "E0701", f"`{shown}` is empty", lines.span(0, 0),
            help=f"a roster starts with the header `{','.join(_columns(model))}`"))
    is_json = (os.path.splitext(shown)[1].lower() == ".json"
               or text.lstrip()[:1] in ("{", "["))
    diags = Diagnostics()
    entries = _json_entries(text, lines, model, diags) if is_json else \
        _csv_entries(text, lines, model, diags)
    assignments = _Checker(model, diags).check(entries)
    diags.raise_if_errors()
    return Roster.of(assignments)


def _columns(model: GroundModel) -> list[str]:
    """The columns a roster of this program needs, in the order `solve` writes them."""
    if not model.days:
        return ["staff", "post"]
    return ["staff", "date", "shift"] + (["post"] if model.posts else [])


# ---------------------------------------------------------------------------- bytes


def _read_text(path: str, shown: str) -> str:
    """The file's text (BOM dropped, line endings made `\\n`), registered for the
    renderer. Unreadable (E0001), binary (E0702) and non-UTF-8 (E0002) files raise."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise DiagnosticError(Diagnostic.error(
            "E0001", f"cannot read `{shown}`: {exc.strerror or exc}")) from None
    if b"\x00" in data:
        raise DiagnosticError(Diagnostic.error(
            "E0702", f"`{shown}` is not a text file (it holds NUL bytes)",
            help="save the roster as CSV (in Excel: “CSV UTF-8”), not as a workbook"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = _normalise(data[: exc.start].decode("utf-8"))
        register_source(shown, _normalise(data.decode("utf-8", errors="replace")))
        line = good.count("\n") + 1
        col = len(good) - (good.rfind("\n") + 1) + 1  # the bad byte's first character
        span = Span(shown, line, col, line, col + 1, len(good), len(good) + 1)
        raise DiagnosticError(Diagnostic.error(
            "E0002", f"`{shown}` is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            span, label="not UTF-8",
            help="save the file as UTF-8 (in Excel: “CSV UTF-8”)")) from None
    text = _normalise(text)
    register_source(shown, text)
    return text


def _normalise(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# ------------------------------------------------------------------------------ CSV


def _csv_entries(text: str, lines: _Lines, model: GroundModel, diags: Diagnostics):
    try:
        records = list(_csv_records(text))
    except _CsvError as exc:
        diags.error("E0705", f"malformed CSV: {exc.message}",
                    lines.span(exc.offset, exc.offset + 1),
                    help='a cell that holds a quote is written "like ""this"""')
        return []
    header, body = records[0], records[1:]
    header_span = lines.span(header[0][1], header[-1][2])
    wanted = _columns(model)
    names = [value.strip().casefold() for value, _, _ in header]
    header_help = f"the header of a roster of this program is `{','.join(wanted)}`"
    if not set(names) & set(wanted) and not set(names) & {"staff", "date", "shift", "post"}:
        diags.error("E0703", "the roster has no header row", header_span,
                    label="this is read as the header", help=f"add a first line: {header_help}")
        return []
    columns: dict[str, int] = {}
    for i, (name, (raw, start, end)) in enumerate(zip(names, header)):
        span = lines.span(start, end)
        if name in columns:
            diags.error("E0704", f"column `{raw.strip()}` appears twice in the header", span,
                        label="repeated", labels=[Label(lines.span(*header[columns[name]][1:]),
                                                        "first here")])
        elif name in wanted:
            columns[name] = i
        else:
            extra = ("" if model.days or name not in ("date", "shift")
                     else "; this program has no calendar, so a roster names no dates or shifts")
            diags.error("E0704", f"unknown column `{raw.strip()}` in the roster{extra}", span,
                        label="not a roster column",
                        help=did_you_mean(name, wanted) or header_help)
    missing = [c for c in wanted if c not in columns]
    if missing:
        listed = ", ".join(f"`{c}`" for c in missing)
        diags.error("E0703", f"the roster has no {listed} column{'s' if len(missing) > 1 else ''}",
                    header_span, label="header", help=header_help)
        return []
    entries = []
    for fields in body:
        row_span = lines.span(fields[0][1], fields[-1][2])
        if len(fields) != len(header):
            diags.error("E0705", f"this row has {len(fields)} cells, the header has {len(header)}",
                        row_span, label=f"{len(fields)} cells",
                        labels=[Label(header_span, f"{len(header)} columns")],
                        help="every row needs one cell per column")
            continue
        entries.append(_Entry(row_span, {
            col: _Field(fields[i][0].strip(), lines.span(fields[i][1], fields[i][2]))
            for col, i in columns.items()}))
    return entries


# ----------------------------------------------------------------------------- JSON


def _json_entries(text: str, lines: _Lines, model: GroundModel, diags: Diagnostics):
    try:
        root = _parse_json(text)
    except _RepeatedKey as exc:
        diags.add(exc.diagnostic("E0713", lines.span))
        return []
    except _JsonError as exc:
        diags.add(json_error(exc.message, exc.offset, text, lines.span))
        return []
    shape_help = ('write the JSON that `rotalang solve --format json` writes: '
                  '{"assignments": [{"staff": …, "date": …, "shift": …, "post": …}]}')

    def span(node: _JNode) -> Span:
        return lines.span(node.start, node.end)

    items = root
    if isinstance(root.value, dict):
        if "assignments" not in root.value:
            diags.error("E0713", "the JSON has no `assignments`", span(root), help=shape_help)
            return []
        items = root.value["assignments"][1]
        if items.value is None:
            status = root.value.get("status", (None, _JNode(None, 0, 0)))[1].value
            diags.error("E0713", "the JSON holds no roster"
                        + (f" (status `{status}`)" if isinstance(status, str) else ""),
                        span(items), help="verify a roster that `solve` found")
            return []
    if not isinstance(items.value, list):
        diags.error("E0713", "expected a list of assignments", span(items), help=shape_help)
        return []
    wanted = _columns(model)
    entries = []
    for node in items.value:
        if not isinstance(node.value, dict):
            diags.error("E0713", "expected an assignment object", span(node), help=shape_help)
            continue
        fields, ok = {}, True
        for key, (key_node, value) in node.value.items():
            if key not in ("staff", "date", "shift", "post"):
                diags.error("E0704", f"unknown key `{key}` in an assignment", span(key_node),
                            help=did_you_mean(key, wanted) or shape_help)
                ok = False
            elif value.value is not None and not isinstance(value.value, str):
                diags.error("E0713", f"`{key}` must be a string", span(value),
                            label="not a string")
                ok = False
            elif key in wanted:  # a string is underlined inside its quotes
                inner = (lines.span(value.start + 1, value.end - 1)
                         if isinstance(value.value, str) else span(value))
                fields[key] = _Field(value.value, inner)
            elif value.value is not None:
                diags.error("E0704", f"this program's rosters have no `{key}`", span(value),
                            label="not used here",
                            help=f"an assignment of this program has {', '.join(wanted)}")
                ok = False
        missing = [c for c in wanted if c not in node.value]
        if missing:
            diags.error("E0703", f"this assignment has no `{missing[0]}`", span(node),
                        help=f"an assignment of this program has {', '.join(wanted)}")
            ok = False
        if ok:
            entries.append(_Entry(span(node), fields))
    return entries


# --------------------------------------------------------------------------- checks


def unknown_name_help(value: str, known: list[str], plural: str) -> str | None:
    """The help for an unknown name: "did you mean `东关`?" only when one name is
    clearly the closest (a likely typo, no other as close); the names themselves when
    there are few of them ("the posts are 东关, 西关, 高速出口"); with many names and
    a tie, the tied ones."""
    limit = max(1, len(value) // 3)
    distances = {name: edit_distance(value.casefold(), name.casefold(), limit)
                 for name in known}
    best = min((d for d in distances.values() if d <= limit), default=None)
    nearest = [name for name in known if distances[name] == best]
    listed = f"the {plural} are {', '.join(known)}" if 0 < len(known) <= LISTED_NAMES else None
    if len(nearest) == 1:
        return f"did you mean `{nearest[0]}`?" + (f" ({listed})" if listed else "")
    if listed:
        return listed
    if nearest:
        return f"did you mean one of {', '.join(f'`{n}`' for n in nearest)}?"
    return None




class _Checker:
    """Names and dates looked up in the model; duplicates and clashes found."""

    def __init__(self, model: GroundModel, diags: Diagnostics):
        self.model, self.diags = model, diags
        self.people = {name: i for i, name in enumerate(model.people)}
        self.days = {d: i for i, d in enumerate(model.days)}
        self.shifts = {name: i for i, name in enumerate(model.shifts)}
        self.posts = {name: i for i, name in enumerate(model.posts)}

    def check(self, entries: list[_Entry]) -> list[Assignment]:
        seen: dict[tuple, _Entry] = {}
        out = []
        for entry in entries:
            key = self._key(entry)
            if key is None:
                continue
            if key in seen:
                self.diags.error(
                    "E0711", f"duplicate row: {self._describe(key)}", entry.span,
                    label="listed again", labels=[Label(seen[key].span, "first listed here")],
                    help="delete one of the two rows")
                continue
            seen[key] = entry
            out.append(self._assignment(key))
        return out

    def _key(self, entry: _Entry) -> tuple | None:
        f = entry.fields
        person = self._name(f["staff"], self.people, "E0706", "person",
                            "not a member of the staff")
        day = self._date(f["date"]) if "date" in f else None
        shift = self._name(f["shift"], self.shifts, "E0707", "shift",
                           "not a shift of the program") if "shift" in f else None
        post = self._name(f["post"], self.posts, "E0708", "post",
                          "not a post of the program") if "post" in f else None
        parts = (person, day, shift, post)
        wanted = (True, bool(self.model.days), bool(self.model.days), bool(self.model.posts))
        if any(w and p is None for w, p in zip(wanted, parts)):
            return None
        if parts not in self.model.slot_index:
            self.diags.error("E0716", f"the program has no place for {self._describe(parts)}",
                             entry.span)
            return None
        return parts

    def _name(self, field: _Field, table: dict, code: str, what: str, label: str):
        value = (field.value or "").strip()
        if not value:
            self.diags.error("E0714", f"empty {what} cell", field.span,
                             label=f"a {what} is needed here")
            return None
        if value in table:
            return table[value]
        help_ = unknown_name_help(value, list(table), _PLURALS.get(what, what + "s"))
        self.diags.error(code, f"unknown {what} `{value}`", field.span, label=label, help=help_)
        return None

    def _date(self, field: _Field):
        value = (field.value or "").strip()
        if not value:
            self.diags.error("E0714", "empty date cell", field.span, label="a date is needed here")
            return None
        try:
            date = read_date(value)  # the data files' reader: one date syntax everywhere
        except LiteralError:
            date = None
        if date is None:
            self.diags.error("E0709", f"invalid date `{value}`", field.span,
                             label="not a date", help="write dates as 2025-02-10 (year-month-day)")
            return None
        if date not in self.days:
            first, last = self.model.days[0], self.model.days[-1]
            self.diags.error("E0710", f"{date.isoformat()} is outside the calendar", field.span,
                             label="outside the calendar",
                             notes=[f"the calendar runs from {first.isoformat()} "
                                    f"to {last.isoformat()}"])
            return None
        return self.days[date]

    # words
    def _describe(self, key: tuple) -> str:
        person, day, shift, post = key
        m = self.model
        text = m.people[person] + (" works" if day is not None else "")
        if shift is not None:
            text += f" {m.shifts[shift]}"
        if day is not None:
            text += f" on {m.days[day].isoformat()}"
        if post is not None:
            text += f" at {m.posts[post]}"
        return text

    def _assignment(self, key: tuple) -> Assignment:
        person, day, shift, post = key
        m = self.model
        return Assignment(m.people[person],
                          None if day is None else m.days[day],
                          None if shift is None else m.shifts[shift],
                          None if post is None else m.posts[post])
