"""Reading a batch manifest: TOML or CSV, one job per `[[job]]` table or CSV row.

    # batch.toml                              # batch.csv
    [defaults]                                name,program,data,time_limit,seed
    program = "rules.rota"                    unit-01,rules.rota,units/unit-01,10,0
    time_limit = 10                           unit-02,rules.rota,units/unit-02,10,0

    [[job]]
    name = "unit-01"
    data = "units/unit-01"
    output = "rosters/unit-01.csv"

Keys (TOML) or columns (CSV): name, program, data (the data folder), time_limit, seed,
output (the roster's path), cpus; in TOML `[defaults]` gives any of them to every job,
in CSV an empty cell leaves the default. Paths are relative to the manifest's folder.
Every problem is an E0030 at its line and column, with a help line.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tomllib

from rotalang.batch.jobs import DEFAULT_TIME_LIMIT, Job, check_jobs
from rotalang.diagnostics import Diagnostic, DiagnosticError, Span, register_source

KEYS = ("name", "program", "data", "time_limit", "seed", "output", "cpus")
PATHS = ("program", "data", "output")
HELP = "a job has: " + ", ".join(KEYS) + " (see docs/batch.md)"
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


class _Place:
    """Where things are in the manifest's text: line/column of a key in a table."""

    def __init__(self, file: str, text: str):
        self.file, self.lines = file, text.split("\n")
        self.tables: list[tuple[str, int]] = []  # ("job" | "defaults", first line index)
        for i, line in enumerate(self.lines):
            head = line.strip()
            if head.startswith("[[") and head.rstrip("# ").endswith("]]") or \
                    head.startswith("[") and not head.startswith("[["):
                name = head.strip("[] ").split("]")[0].strip()
                self.tables.append((name, i))

    def span(self, line: int, col: int, width: int = 1) -> Span:
        return Span(self.file, line, col, line, col + width)

    def table(self, name: str, index: int = 0) -> int | None:
        found = [i for n, i in self.tables if n == name]
        return found[index] if index < len(found) else None

    def key(self, table: str, index: int, key: str | None) -> Span | None:
        start = self.table(table, index)
        if start is None:
            return None
        if key is None:
            return self.span(start + 1, 1, len(self.lines[start].rstrip()))
        ends = [i for _, i in self.tables if i > start]
        end = min(ends) if ends else len(self.lines)
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=\s*")
        for i in range(start + 1, end):
            m = pattern.match(self.lines[i])
            if m:
                value = self.lines[i][m.end():].split("#")[0].rstrip()
                return self.span(i + 1, m.end() + 1, max(1, len(value)))
        return self.span(start + 1, 1, len(self.lines[start].rstrip()))


def read_manifest(path: str, defaults: dict | None = None) -> list[Job]:
    """The jobs of a TOML or CSV manifest (by extension; `.csv` is CSV, anything else
    TOML). `defaults` (time_limit, seed, cpus): for the jobs whose manifest does not
    say. Raises DiagnosticError with every problem found."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as err:
        raise DiagnosticError(Diagnostic.error(
            "E0001", f"cannot read `{path}`: {err.strerror or err}",
            help="give the path of a .toml or .csv manifest")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DiagnosticError(Diagnostic.error(
            "E0002", f"`{path}` is not valid UTF-8 (byte {err.start})",
            help="save the manifest as UTF-8")) from None
    register_source(path, text)
    base = os.path.dirname(path)
    given = {k: v for k, v in (defaults or {}).items() if v is not None}
    jobs = _csv_jobs(path, text, base, given) if path.lower().endswith(".csv") \
        else _toml_jobs(path, text, base, given)
    check_jobs(jobs)
    return jobs


def _error(message: str, span: Span | None, help: str = HELP, label: str | None = None):
    return Diagnostic.error("E0030", message, span, help=help, label=label)


def _job(fields: dict, spans, base: str, where: Span | None, problems: list) -> Job | None:
    """A Job from one table's or row's fields; `spans(key)` places a key's value."""
    ok = True
    for key in fields:
        if key not in KEYS:
            problems.append(_error(f"unknown key `{key}` in a job", spans(key),
                                   label="not a job's key"))
            ok = False
    if not fields.get("program"):
        problems.append(_error("this job has no `program`", where,
                               help="give `program = \"rules.rota\"` in the job or in "
                                    "[defaults] (CSV: a `program` column)"))
        return None

    def number(key, kind, default, low):
        value = fields.get(key, default)
        if isinstance(value, str):
            try:
                value = kind(value)
            except ValueError:
                value = None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low \
                or (kind is int and value != int(value)):
            problems.append(_error(f"`{key}` must be {'a whole number' if kind is int else 'a number'}"
                                   f" of at least {low}, not {fields.get(key)!r}", spans(key),
                                   help=HELP, label="not a valid value"))
            return None
        return kind(value)

    time_limit = number("time_limit", float, DEFAULT_TIME_LIMIT, 0.001)
    seed = number("seed", int, 0, 0)
    cpus = number("cpus", int, 1, 1)
    for key in ("name",) + PATHS:
        if key in fields and not isinstance(fields[key], str):
            problems.append(_error(f"`{key}` must be a string, not {fields[key]!r}",
                                   spans(key), label="not a string"))
            ok = False
    if not ok or None in (time_limit, seed, cpus):
        return None
    program = os.path.normpath(os.path.join(base, fields["program"]))
    data = fields.get("data") or None
    data = None if data is None else os.path.normpath(os.path.join(base, data))
    output = fields.get("output") or None
    output = None if output is None else os.path.normpath(os.path.join(base, output))
    name = fields.get("name") or os.path.basename(data or "") or \
        os.path.splitext(os.path.basename(program))[0]
    return Job(name, program, data, time_limit, seed, output, cpus, span=where,
               places={k: spans(k) for k in PATHS if k in fields})


def _toml_jobs(path: str, text: str, base: str, given: dict) -> list[Job]:
    place = _Place(path, text)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = _AT.search(str(err))
        line, col = (int(m[1]), int(m[2])) if m else (1, 1)
        message = _AT.sub("", str(err)).strip()
        raise DiagnosticError(_error(f"the manifest is not valid TOML: {message}",
                                     place.span(line, col),
                                     help="strings (names, paths) need double quotes: "
                                          "program = \"rules.rota\"; see docs/batch.md "
                                          "for a manifest's shape")) from None
    problems: list[Diagnostic] = []
    for key in doc:
        if key not in ("defaults", "job"):
            problems.append(_error(f"unknown table or key `{key}`", place.key(key, 0, None)
                                   or place.span(1, 1),
                                   help="a manifest has a [defaults] table and [[job]] "
                                        "tables"))
    defaults = doc.get("defaults", {})
    tables = doc.get("job", [])
    if not isinstance(defaults, dict) or not isinstance(tables, list):
        problems.append(_error("`defaults` must be a table and `job` tables ([[job]])",
                               place.span(1, 1)))
        raise DiagnosticError(problems)
    if not tables:
        problems.append(_error("the manifest lists no job", place.span(1, 1),
                               help="add a [[job]] table for each job"))
    for key in defaults:
        if key not in KEYS or key == "name":
            problems.append(_error(f"`{key}` cannot be a default", place.key("defaults", 0, key),
                                   label="not a default"))
    jobs = []
    for i, table in enumerate(tables):
        fields = {**given, **{k: v for k, v in defaults.items() if k in KEYS and k != "name"},
                  **table}

        def spans(key, i=i):
            here = key in tables[i]
            return place.key("job", i, key) if here else place.key("defaults", 0, key)

        job = _job(fields, spans, base, place.key("job", i, None), problems)
        if job is not None:
            jobs.append(job)
    if problems:
        raise DiagnosticError(problems)
    return jobs


def _csv_jobs(path: str, text: str, base: str, given: dict) -> list[Job]:
    rows = list(csv.reader(io.StringIO(text)))
    lines = text.split("\n")

    def cell(row: int, column: int) -> Span:
        line = lines[row] if row < len(lines) else ""
        col, cells = 1, line.split(",")
        for c in cells[:column]:
            col += len(c) + 1
        width = len(cells[column]) if column < len(cells) else 1
        return Span(path, row + 1, col, row + 1, col + max(1, width))

    if not rows or not any(c.strip() for c in rows[0]):
        raise DiagnosticError(_error("the manifest is empty", Span(path, 1, 1, 1, 1),
                                     help="the first line names the columns: " + ", ".join(KEYS)))
    header = [c.strip() for c in rows[0]]
    problems = []
    for j, column in enumerate(header):
        if column not in KEYS:
            problems.append(_error(f"unknown column `{column}`", cell(0, j),
                                   label="not a job's column"))
    if "program" not in header:
        problems.append(_error("the manifest has no `program` column", cell(0, 0),
                               help="the first line names the columns: " + ", ".join(KEYS)))
    if problems:
        raise DiagnosticError(problems)
    jobs = []
    for r, row in enumerate(rows[1:], start=1):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            problems.append(_error(f"this row has {len(row)} cells, the header {len(header)}",
                                   cell(r, 0), help="give every row one cell per column "
                                                    "(an empty cell keeps the default)"))
            continue
        fields = {**given, **{k: v.strip() for k, v in zip(header, row) if v.strip()}}
        job = _job(fields, lambda key, r=r: cell(r, header.index(key)), base,
                   Span(path, r + 1, 1, r + 1, 1 + max(1, len(lines[r].rstrip()))), problems)
        if job is not None:
            jobs.append(job)
    if problems:
        raise DiagnosticError(problems)
    return jobs
