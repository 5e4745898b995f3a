"""Data files: records of one kind read from CSV or JSON, every value exact and typed.

Reading happens in two steps so that a cell may name a record of any kind, loaded
from any file, in any order:

1. `read_table(path, shown_as)` reads a file into rows of raw cells, each with the
   exact span of its text (`人员.csv:7:12`). File-level problems (missing file, bad
   UTF-8, malformed CSV/JSON, empty file) are raised as `DiagnosticError`.
2. `build_records(kind, table, names, diags)` matches the columns to the kind's
   attributes and parses each cell by its attribute's type (`cells.py`). Every bad
   cell is reported (E0401 at the cell), not just the first.

CSV: UTF-8 (a BOM is accepted), CRLF or LF, comma-separated, RFC 4180 quotes, a header
row; the first column holds the record's name whatever its header says. JSON: a list of
objects with a `name` key (else the first key is the name), or an object mapping
name → object. Texts are registered in `diagnostics.SOURCES` so errors show the line.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from typing import Iterable

import attrs

from rotalang import ir, memory
from rotalang.check.cells import JsonNumber, Names, parse_value
from rotalang.check.literals import LiteralError
from rotalang.check.suggest import did_you_mean
from rotalang.diagnostics import (
    Diagnostic, DiagnosticError, Diagnostics, Label, Span, register_source,
)
from rotalang.values import MISSING


# A text or set attribute that is not given is empty — in a record written in the
# program (names-only records such as `卡口 东关, 西关` are common), an empty CSV cell or
# a JSON record without the key; a CSV file without its column is E0402, as for any
# attribute without a default (a column left out is more often a mistake than a
# choice). Every other attribute needs a value or a default.
EMPTY_VALUES = {"text": "", "set": frozenset()}


@attrs.frozen
class Place:
    """Where a cell is, as offsets into its file: made into a `Span` (lines and
    columns) only when a diagnostic needs it. A table has a cell for each attribute of
    each row, nearly all of them never reported: as Spans they took more memory than
    the records read from them."""

    lines: "_Lines"
    start: int
    end: int

    @property
    def span(self) -> Span:
        return self.lines.span(self.start, self.end)


@attrs.frozen
class Cell:
    raw: object  # str (CSV or JSON string), bool, JsonNumber, list of raw values, None
    at: Span | Place

    @property
    def span(self) -> Span:
        return self.at if isinstance(self.at, Span) else self.at.span


@attrs.frozen
class Row:
    name: str
    name_at: Span | Place
    span: Span  # the whole row (CSV line / JSON object)
    cells: tuple[tuple[str, Cell], ...]  # column name → cell, in file order
    # the header (CSV) or key (JSON) the name was read from, when it has one: if it is
    # also an attribute of the kind, the table is a relation (see `build_records`)
    name_column: str | None = None

    @property
    def name_span(self) -> Span:
        return self.name_at if isinstance(self.name_at, Span) else self.name_at.span


@attrs.frozen
class Table:
    file: str
    columns: tuple[tuple[str, Span], ...]  # attribute columns (not the name column)
    header_span: Span
    rows: tuple[Row, ...]
    json: bool = False
    name_column: tuple[str, Span] | None = None  # CSV: the first header cell


# ------------------------------------------------------------------------- reading


class _Lines:
    """Offset → (line, column) for one text, in O(log lines)."""

    def __init__(self, file: str, text: str):
        self.file = file
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def span(self, start: int, end: int) -> Span:
        sl = bisect.bisect_right(self.starts, start) - 1
        el = bisect.bisect_right(self.starts, end) - 1
        return Span(self.file, sl + 1, start - self.starts[sl] + 1,
                    el + 1, end - self.starts[el] + 1, start, end)


def read_text(path: str, shown_as: str, at: Span | None = None) -> str:
    """A data or program file's text: UTF-8 (BOM dropped), line endings made `\\n`,
    registered for rendering. Raises E0001 (cannot read) or E0002 (not UTF-8)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DiagnosticError(Diagnostic.error(
            "E0001", f"cannot read `{shown_as}`: {reason}", at,
            help="paths are relative to the file that names them")) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8").replace("\r\n", "\n")
        shown = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
        register_source(shown_as, shown.lstrip("\ufeff"))
        good = good.lstrip("\ufeff")
        span = _Lines(shown_as, good + "\n").span(len(good), len(good) + 1)
        raise DiagnosticError(Diagnostic.error(
            "E0002", f"`{shown_as}` is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            span, label="not UTF-8",
            help="save the file as UTF-8 (in Excel: “CSV UTF-8”)")) from None
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    register_source(shown_as, text)
    return text


def read_table(path: str, shown_as: str, at: Span | None = None) -> Table:
    """Read one data file. `shown_as` is the name used in spans; `at` is the `from`
    clause that names it (for a missing file)."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in (".csv", ".json"):
        raise DiagnosticError(Diagnostic.error(
            "E0407", f"cannot load records from `{shown_as}`: not a .csv or .json file", at,
            help="records are read from CSV (`.csv`) or JSON (`.json`) files"))
    text = read_text(path, shown_as, at)
    _check_table_memory(text, shown_as, at)
    lines = _Lines(shown_as, text)
    if not text.strip():
        raise DiagnosticError(Diagnostic.error(
            "E0405", f"`{shown_as}` is empty", lines.span(0, 0),
            help="a CSV file starts with a header row naming the columns"
            if ext == ".csv" else "a JSON data file holds a list of objects"))
    return _read_csv(text, lines) if ext == ".csv" else _read_json(text, lines)


# What a table costs at its peak, while its records are made from it: each row (its
# name, places, the record made from it) and each cell (its text, place and value),
# measured on a staff CSV of 140,000 rows and 2 columns (1.5 KB a row), rounded up.
ROW_BYTES = 1_200
CELL_BYTES = 200


def _check_table_memory(text: str, shown_as: str, at: Span | None) -> None:
    """Refuse (E0501), before its rows are made, a data file whose table would not fit
    in what the memory budget leaves. Rows and cells are counted from the text: lines
    and commas of a CSV, objects and keys of a JSON file (upper bounds both)."""
    if len(text) * 4 < (1 << 20):  # a small file: not worth reading the memory
        return
    if shown_as.lower().endswith(".json"):
        rows, cells = text.count("{"), text.count(":")
    else:
        rows = text.count("\n") + 1
        cells = rows * (text.count(",", 0, max(text.find("\n"), 0)) + 1)
    need = rows * ROW_BYTES + cells * CELL_BYTES
    room, source = memory.memory_room()
    if room is None or need <= room:
        return
    raise DiagnosticError(Diagnostic.error(
        "E0501", f"reading `{shown_as}` would take about {memory.size_words(need)} of "
                   f"memory, more than {memory.room_words(room, source)}",
        at, label=f"{rows:,} rows, {cells:,} cells",
        help="split the data into smaller programs (one per unit), or raise "
             "--memory-limit (MB) if the machine has more memory to give"))


def _csv_records(text: str) -> Iterable[list[tuple[str, int, int]]]:
    """RFC 4180 records as lists of (value, start, end) with code-point offsets.
    Blank lines are skipped. A quoted field may hold commas, quotes (`""`) and newlines."""
    i, n = 0, len(text)
    while i < n:
        if text[i] == "\n":
            i += 1
            continue
        fields: list[tuple[str, int, int]] = []
        while True:
            start = i
            if i < n and text[i] == '"':
                parts, i = [], i + 1
                while True:
                    j = text.find('"', i)
                    if j < 0:
                        raise _CsvError("unterminated quoted cell", start)
                    parts.append(text[i:j])
                    if j + 1 < n and text[j + 1] == '"':
                        parts.append('"')
                        i = j + 2
                        continue
                    i = j + 1
                    break
                while i < n and text[i] not in ",\n":
                    if not text[i].isspace():
                        raise _CsvError("text after a closing quote", i)
                    i += 1
                fields.append(("".join(parts), start, i))
            else:
                while i < n and text[i] not in ",\n":
                    i += 1
                fields.append((text[start:i], start, i))
            if i < n and text[i] == ",":
                i += 1
                continue
            i += 1  # the newline (or past the end)
            break
        yield fields


class _CsvError(Exception):
    def __init__(self, message: str, offset: int):
        self.message, self.offset = message, offset


def _read_csv(text: str, lines: _Lines) -> Table:
    try:
        return _csv_table(text, lines)
    except _CsvError as exc:
        raise DiagnosticError(Diagnostic.error(
            "E0406", f"malformed CSV: {exc.message}", lines.span(exc.offset, exc.offset + 1),
            help='a cell that holds a quote is written "like ""this"""')) from None


def _csv_table(text: str, lines: _Lines) -> Table:
    """The table, each row made as it is read: the cells of every row are not held at
    once beside the rows made from them (a staff list of 140,000 rows took 55 times
    its file's size at its peak)."""
    body = _csv_records(text)
    header = next(body)
    header_span = lines.span(header[0][1], header[-1][2])
    separator = _other_separator(header)
    if separator is not None:
        raise DiagnosticError(Diagnostic.error(
            "E0406", f"the header is one column holding {separator[0]}: this file seems to "
                     f"separate its columns with {separator[0]}", header_span,
            label="read as one column",
            help=f"rotalang reads comma-separated files: save it with commas (in Excel, "
                 f"\u201cCSV UTF-8\u201d), or replace each {separator[0]} by `,`"))
    columns = tuple((v.strip(), lines.span(s, e)) for v, s, e in header[1:])
    name_header = header[0][0].strip()  # one string for every row
    rows = []
    for fields in body:
        row_span = lines.span(fields[0][1], fields[-1][2])
        if len(fields) != len(header):
            raise DiagnosticError(Diagnostic.error(
                "E0406", f"this row has {len(fields)} cells, the header has {len(header)}",
                row_span, label=f"{len(fields)} cells",
                labels=[Label(header_span, f"{len(header)} columns")],
                help="every row needs one cell per column (an empty cell is written `,,`)"))
        name, ns, ne = fields[0]
        cells = tuple((col, Cell(v.strip(), Place(lines, s, e)))
                      for (col, _), (v, s, e) in zip(columns, fields[1:]))
        rows.append(Row(name.strip(), Place(lines, ns, ne), row_span, cells, name_header))
    return Table(lines.file, columns, header_span, tuple(rows),
                 name_column=(name_header, lines.span(header[0][1], header[0][2])))


# ---------------------------------------------------------------------------- JSON

_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_WS = re.compile(r"[ \t\n\r]*")


# Arrays and objects open at once, at most, in a JSON data or roster file (they need
# three: the file, a list of records, a record); deeper, the reader's recursion would
# reach Python's limit.
MAX_JSON_DEPTH = 64


class _JsonError(Exception):
    def __init__(self, message: str, offset: int):
        self.message, self.offset = message, offset


class _RepeatedKey(_JsonError):
    """One object names a key twice. JSON readers keep one of the two values without a
    word, so a record would silently lose an attribute: it is an error here."""

    def __init__(self, key: str, second: tuple[int, int], first: tuple[int, int]):
        super().__init__(f"the key `{key}` appears twice in one object", second[0])
        self.second, self.first = second, first

    def diagnostic(self, code: str, span_at) -> Diagnostic:
        return Diagnostic.error(
            code, f"malformed JSON: {self.message}", span_at(*self.second),
            label="given again here", labels=[Label(span_at(*self.first), "first given here")],
            help="keep one of the two: an object names each key once")


@attrs.frozen
class _JNode:
    value: object  # str, bool, None, JsonNumber, list[_JNode], dict[str, (key span, _JNode)]
    start: int
    end: int


def _parse_json(text: str) -> _JNode:
    """A small JSON parser that keeps every value's offsets (the json module does not)."""

    def ws(i: int) -> int:
        return _WS.match(text, i).end()

    depth = 0  # of the arrays and objects open around the value being read

    def value(i: int) -> _JNode:
        nonlocal depth
        i = ws(i)
        if i >= len(text):
            raise _JsonError("unexpected end of file", i)
        ch = text[i]
        if ch in "[{":
            if depth >= MAX_JSON_DEPTH:
                raise _JsonError(f"nested more than {MAX_JSON_DEPTH} levels deep (a data "
                                 f"or roster file needs three)", i)
            depth += 1
            try:
                return container(i, ch)
            finally:
                depth -= 1
        return scalar(i, ch)

    def container(i: int, ch: str) -> _JNode:
        if ch == "{":
            items: dict = {}
            j = ws(i + 1)
            if text.startswith("}", j):
                return _JNode(items, i, j + 1)
            while True:
                j = ws(j)
                if not text.startswith('"', j):
                    raise _JsonError("expected a quoted key", j)
                key = value(j)
                j = ws(key.end)
                if not text.startswith(":", j):
                    raise _JsonError("expected `:` after a key", j)
                item = value(j + 1)
                if key.value in items:
                    first = items[key.value][0]
                    raise _RepeatedKey(key.value, (key.start, key.end), (first.start, first.end))
                items[key.value] = (key, item)
                j = ws(item.end)
                if text.startswith(",", j):
                    j += 1
                    continue
                if text.startswith("}", j):
                    return _JNode(items, i, j + 1)
                raise _JsonError("expected `,` or `}`", j)
        if ch == "[":
            elems: list = []
            j = ws(i + 1)
            if text.startswith("]", j):
                return _JNode(elems, i, j + 1)
            while True:
                item = value(j)
                elems.append(item)
                j = ws(item.end)
                if text.startswith(",", j):
                    j += 1
                    continue
                if text.startswith("]", j):
                    return _JNode(elems, i, j + 1)
                raise _JsonError("expected `,` or `]`", j)

    def scalar(i: int, ch: str) -> _JNode:
        if ch == '"':
            try:
                s, end = json.decoder.scanstring(text, i + 1)
            except json.JSONDecodeError as exc:
                raise _JsonError(exc.msg.lower(), exc.pos) from None
            return _JNode(s, i, end)
        for word, val in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, i):
                return _JNode(val, i, i + len(word))
        m = _NUMBER.match(text, i)
        if m:
            return _JNode(JsonNumber(m.group()), i, m.end())
        raise _JsonError(f"unexpected character `{ch}`", i)

    node = value(0)
    end = ws(node.end)
    if end != len(text):
        raise _JsonError("text after the end of the data", end)
    return node


def _raw(node: _JNode) -> object:
    if isinstance(node.value, list):
        return [_raw(n) for n in node.value]
    return node.value


def _read_json(text: str, lines: _Lines) -> Table:
    try:
        root = _parse_json(text)
    except _RepeatedKey as exc:
        raise DiagnosticError(exc.diagnostic("E0406", lines.span)) from None
    except _JsonError as exc:
        raise DiagnosticError(Diagnostic.error(
            "E0406", f"malformed JSON: {exc.message}", lines.span(exc.offset, exc.offset + 1)
        )) from None
    rows: list[Row] = []
    columns: dict[str, Span] = {}

    def add(name_node: _JNode, obj: _JNode, name_key: str | None,
            name_column: str | None = None) -> None:
        if not isinstance(obj.value, dict):
            raise DiagnosticError(Diagnostic.error(
                "E0406", "expected an object with the record's attributes",
                lines.span(obj.start, obj.end)))
        if not isinstance(name_node.value, str) or not name_node.value.strip():
            raise DiagnosticError(Diagnostic.error(
                "E0406", "a record's name must be a non-empty string",
                lines.span(name_node.start, name_node.end)))
        cells = []
        for key, (key_node, item) in obj.value.items():
            if key == name_key:
                continue
            columns.setdefault(key, lines.span(key_node.start, key_node.end))
            cells.append((key, Cell(_raw(item), lines.span(item.start, item.end))))
        rows.append(Row(name_node.value.strip(), lines.span(name_node.start, name_node.end),
                        lines.span(obj.start, obj.end), tuple(cells), name_column))

    if isinstance(root.value, list):
        for obj in root.value:
            if not isinstance(obj.value, dict) or not obj.value:
                raise DiagnosticError(Diagnostic.error(
                    "E0406", "expected an object with a `name` key",
                    lines.span(obj.start, obj.end),
                    help='write each record as {"name": "张丽", "身份": "医务人员"}'))
            key = "name" if "name" in obj.value else next(iter(obj.value))
            add(obj.value[key][1], obj, key, None if key == "name" else key)
    elif isinstance(root.value, dict):
        for key, (key_node, obj) in root.value.items():
            add(key_node, obj, None)
    else:
        raise DiagnosticError(Diagnostic.error(
            "E0406", "expected a list of records or an object mapping names to records",
            lines.span(root.start, root.end)))
    return Table(lines.file, tuple(columns.items()), lines.span(root.start, root.start + 1),
                 tuple(rows), json=True)


# ------------------------------------------------------------------------- records


def _other_separator(header) -> tuple[str] | None:
    """(`;`,) or (a tab,) when the header is one cell holding that separator: a file
    saved with another separator (Excel does so in many locales)."""
    if len(header) != 1:
        return None
    for char, shown in ((";", "`;`"), ("\t", "tabs")):
        if char in header[0][0]:
            return (shown,)
    return None


def build_records(kind: ir.KindDecl, table: Table, names: Names,
                  diags: Diagnostics) -> list[ir.Record]:
    """The records of `table` as `kind` records. Reports unknown columns (E0403),
    missing attributes without a default (E0402) and bad cells (E0401) into `diags`;
    rows with a bad cell are left out (their errors are reported)."""
    attrs_by_name = {a.name: a for a in kind.attributes}
    known_columns = set()
    first_seen: dict[str, Span] = {}
    for column, span in table.columns:
        if column in first_seen:
            diags.error("E0406", f"the header names the column `{column}` twice", span,
                        label="second column with this name",
                        labels=[Label(first_seen[column], "first named here")],
                        help="each column holds one attribute; rename or delete one of them")
            continue
        first_seen[column] = span
        if column in attrs_by_name:
            known_columns.add(column)
            continue
        help = did_you_mean(column, attrs_by_name)
        what = "key" if table.json else "column"
        diags.error("E0403", f"{kind.name} has no attribute `{column}` ({what} in {table.file})",
                    span, label="unknown attribute",
                    help=help or _attribute_list(kind))
    if not table.json:
        for attribute in kind.attributes:
            if attribute.name not in known_columns and attribute.default is None:
                diags.error("E0402", f"`{table.file}` has no column `{attribute.name}`",
                            table.header_span, label="header row",
                            help=f"add a column `{attribute.name}` ({attribute.type}) or give "
                                 f"the attribute a default in the declaration of {kind.name}")
    records = []
    for row in table.rows:
        if not row.name:
            diags.error("E0401", f"a {kind.name} record without a name", row.name_span,
                        label="empty name", help="the first column holds each record's name")
            continue
        given: dict[str, Cell] = {}
        for col, cell in row.cells:  # a repeated column is reported above; the first counts
            if col in attrs_by_name:
                given.setdefault(col, cell)
        record = _build_record(kind, row, given, names, diags, table.json)
        if record is not None:
            records.append(record)
    return records


def as_relation(table: Table, attributes, written: str | None = None) -> Table:
    """A table whose name column is an attribute of the kind (`候选人,村` for `kind 申请
    { 候选人: 候选人, 村: 村 }`) is a relation: many rows may share a first column, so
    every column is an attribute and each row is named after its place in the file
    (`申请.csv:3`; JSON `申请.json:3:5`, as its objects may share a line), which is where
    a diagnostic or an explanation points the reader; `written` is the path as the
    program writes it, so that the names do not depend on where the program lives."""
    csv_relation = table.name_column is not None and table.name_column[0] in attributes
    if not csv_relation and not any(row.name_column in attributes for row in table.rows):
        return table
    rows = []
    for row in table.rows:
        if row.name_column not in attributes:
            rows.append(row)
            continue
        first = (row.name_column, Cell(row.name, row.name_at))
        place = f"{written or table.file}:{row.span.start_line}" + (
            f":{row.span.start_col}" if table.json else "")  # JSON rows may share a line
        rows.append(attrs.evolve(row, name=place,
                                 cells=(first, *row.cells), name_column=None))
    columns = (table.name_column, *table.columns) if csv_relation else table.columns
    return attrs.evolve(table, columns=columns, rows=tuple(rows), name_column=None)


def _build_record(kind, row: Row, given: dict, names: Names, diags: Diagnostics,
                  is_json: bool) -> ir.Record | None:
    values = []
    ok = True
    for attribute in kind.attributes:
        cell = given.get(attribute.name)
        empty = cell is None or cell.raw is None or cell.raw == "" and attribute.type.name != "text"
        if empty:
            if attribute.default is not None:
                values.append((attribute.name, attribute.default))
                continue
            if attribute.optional:
                values.append((attribute.name, MISSING))
                continue
            if attribute.type.name in EMPTY_VALUES:
                values.append((attribute.name, EMPTY_VALUES[attribute.type.name]))
                continue
            if cell is None and not is_json:
                ok = False  # the missing column is reported once, at the header
                continue
            ok = False
            diags.error("E0401", f"{kind.name} `{row.name}` has no value for `{attribute.name}`",
                        cell.span if cell is not None else row.name_span,
                        label=f"expected a {attribute.type}",
                        help=f"give `{attribute.name}` a value, a default in the "
                             f"declaration of {kind.name}, or declare it optional there: "
                             f"`{attribute.name}: {attribute.type}?`")
            continue
        try:
            values.append((attribute.name, parse_value(attribute.type, cell.raw, names)))
        except LiteralError as exc:
            ok = False
            diags.error("E0401", f"bad {attribute.name} for {kind.name} `{row.name}`: "
                                 f"{exc.message}", cell.span,
                        label=f"expected a {attribute.type}", help=exc.help)
    if not ok:
        return None
    return ir.Record(kind.name, row.name, tuple(values), span=row.span)


def _attribute_list(kind: ir.KindDecl) -> str:
    if not kind.attributes:
        return f"{kind.name} declares no attributes"
    return f"{kind.name} has: " + ", ".join(f"`{a.name}`" for a in kind.attributes)


def report_unknown_columns(table: Table, known, what: str, listing: str,
                           diags: Diagnostics) -> None:
    """E0403 for each column of a declaration table (`shift from`, `calendar from`)
    that is not one of `known`, suggesting the nearest or else listing them."""
    for column, span in table.columns:
        if column not in known:
            diags.error("E0403", f"a {what} table has no column `{column}`", span,
                        label="unknown column",
                        help=did_you_mean(column, known) or listing)


def report_duplicates(records: Iterable[ir.Record], diags: Diagnostics) -> list[ir.Record]:
    """Records with unique names within their kind (E0404 for each repeat, pointing at
    the first one); the first of each name is kept."""
    first: dict[tuple[str, str], ir.Record] = {}
    kept = []
    for record in records:
        key = (record.kind, record.name)
        if key in first:
            earlier = first[key]
            diags.error("E0404", f"{record.kind} `{record.name}` is defined twice", record.span,
                        label="second definition",
                        labels=[Label(earlier.span, "first defined here")] if earlier.span else [],
                        help="record names are unique within a kind; rename one of them")
            continue
        first[key] = record
        kept.append(record)
    return kept
