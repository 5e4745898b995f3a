"""Importing a benchmark instance as a rotalang program a rule author could have written.

`import_instance("Instance1.txt", "out/")` writes `out/Instance1.rota` and its data
files (`nurses.csv`, `shift_limits.csv`, `days_off.csv`, `on_requests.csv`,
`off_requests.csv`, `cover.csv`). The program states each of the benchmark's rules once
with the language's own constructs — coverage with under/over weights, requests,
consecutive-day limits, weekends, per-person limits — and takes the numbers from the
data files, so it reads like a hand-written rota whose data came from a spreadsheet.

Day indexes become dates: day 0 is `start` (a Monday, so that weekend `w` is days
7w+5 and 7w+6, as in the benchmark).
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

from rotalang.diagnostics import Diagnostic, DiagnosticError
from rotalang.importers.curtois_format import Instance, read_instance

DEFAULT_START = datetime.date(2024, 1, 1)

STAFF_KIND = "Nurse"

# Data file name → (header, rows) is built by `data_files`; the program names them.
PROGRAM_TEMPLATE = """\
# {name}: an instance of the Employee Shift Scheduling Benchmark (Curtois & Qu, 2014),
# imported from {source}: {people} nurses, {days} days, {shift_count} shift type{plural}.
# The objective is the benchmark's: unmet requests plus weighted under- and over-cover.

calendar from {start} to {end}
weekend sat, sun

{shift_lines}

staff Nurse {{
    max_minutes: duration,      # most time worked in the horizon
    min_minutes: duration,      # least time worked in the horizon
    max_consecutive: int,       # most working days in a row
    min_consecutive: int,       # fewest working days in a row (between days off)
    min_days_off: int,          # fewest days off in a row (between working days)
    max_weekends: int           # most weekends with a shift on Saturday or Sunday
}}
kind ShiftLimit {{ nurse: Nurse, type: shift, limit: int }}
kind DayOff {{ nurse: Nurse, date: date }}
kind OnRequest {{ nurse: Nurse, date: date, type: shift, penalty: int }}
kind OffRequest {{ nurse: Nurse, date: date, type: shift, penalty: int }}
kind Cover {{ date: date, type: shift, requirement: int, under_weight: int, over_weight: int }}

Nurse from "nurses.csv"
ShiftLimit from "shift_limits.csv"
DayOff from "days_off.csv"
OnRequest from "on_requests.csv"
OffRequest from "off_requests.csv"
Cover from "cover.csv"

# Hard rules
{succession_lines}rule shift_limits: each ShiftLimit m: shifts(m.nurse, m.type) <= m.limit
rule total_time: each Nurse n: n works between n.min_minutes and n.max_minutes
rule max_consecutive: each Nurse n: n works at most n.max_consecutive consecutive days
rule min_consecutive: each Nurse n: n works at least n.min_consecutive consecutive days
rule min_days_off: each Nurse n: n has at least n.min_days_off consecutive days off
rule max_weekends: each Nurse n: n works at most n.max_weekends weekends
rule days_off: each DayOff o: o.nurse is off on o.date

# Soft rules: each costs its weight when broken; cover costs its weight per nurse short or over
soft rule on_request weight r.penalty: each OnRequest r: r.nurse works r.type on r.date
soft rule off_request weight r.penalty: each OffRequest r: r.nurse is off r.type on r.date
soft rule cover_under weight c.under_weight:
    each Cover c: count(Nurse n where n works c.type on c.date) >= c.requirement
soft rule cover_over weight c.over_weight:
    each Cover c: count(Nurse n where n works c.type on c.date) <= c.requirement
"""


def import_instance(path: str | Path, output_dir: str | Path, *,
                    start: datetime.date = DEFAULT_START, force: bool = False) -> Path:
    """Write `<name>.rota` and its CSV data files into `output_dir`; return the .rota path.

    Raises DiagnosticError for a malformed instance (E048x at `file:line:column`), an
    unreadable file (E0001), a start date that is not a Monday (E0488), a horizon
    that runs past 9999-12-31 from it (E0482), or — unless `force` — files of those
    names already in `output_dir` (E0020: they may hold the author's edits)."""
    if start.weekday() != 0:
        raise DiagnosticError(Diagnostic.error(
            "E0488", f"the benchmark's calendar starts on a Monday, and {start} is a "
                     f"{start.strftime('%A')}",
            help=f"use a Monday, like {start - datetime.timedelta(days=start.weekday())}"))
    instance = read_instance(path)
    _check_calendar_fits(instance, start)
    out = Path(output_dir)
    files = data_files(instance, start)
    program = out / f"{instance.name}.rota"
    existing = [p for p in [program, *(out / name for name in files)] if p.exists()]
    if existing and not force:
        shown = ", ".join(f"`{p}`" for p in existing[:3]) + (
            f" and {len(existing) - 3} more" if len(existing) > 3 else "")
        raise DiagnosticError(Diagnostic.error(
            "E0020", f"{shown} already exist{'s' if len(existing) == 1 else ''}",
            notes=[f"importing writes {program.name} and {len(files)} data files into "
                   f"`{out}`"],
            help="choose another --output folder, or use --force to overwrite them"))
    out.mkdir(parents=True, exist_ok=True)
    for file_name, text in files.items():
        (out / file_name).write_text(text, encoding="utf-8", newline="")
    program.write_text(program_text(instance, start, source=Path(path).name), encoding="utf-8")
    return program


def _check_calendar_fits(instance: Instance, start: datetime.date) -> None:
    """E0482 when the horizon, counted from `start`, runs past the last date Python's
    calendar holds (9999-12-31): an error to fix, not an internal one."""
    room = (datetime.date.max - start).days + 1
    if instance.horizon > room:
        raise DiagnosticError(Diagnostic.error(
            "E0482", f"a horizon of {instance.horizon} days from {start} runs past "
                     f"{datetime.date.max}, the last date a calendar can hold",
            help=f"use at most {room} days from {start}, or an earlier --start"))


def program_text(instance: Instance, start: datetime.date, source: str) -> str:
    """The .rota program for `instance` (its data lives in the files of `data_files`)."""
    shift_lines = "\n".join(f"shift {s.id} length {s.minutes}min" for s in instance.shifts)
    succession_lines = "".join(
        f"rule after_{s.id}: no {s.id} followed by {_shift_set(s.cannot_follow)}\n"
        for s in instance.shifts if s.cannot_follow)
    end = start + datetime.timedelta(days=instance.horizon - 1)
    return PROGRAM_TEMPLATE.format(
        name=instance.name, source=source, people=len(instance.staff), days=instance.horizon,
        shift_count=len(instance.shifts), plural="" if len(instance.shifts) == 1 else "s",
        start=start.isoformat(), end=end.isoformat(), shift_lines=shift_lines,
        succession_lines=succession_lines)


def _shift_set(ids: tuple[str, ...]) -> str:
    return ids[0] if len(ids) == 1 else "{" + ", ".join(ids) + "}"


def data_files(instance: Instance, start: datetime.date) -> dict[str, str]:
    """File name → CSV text. Record names (first column) are unique and say what the
    record is, so that reports like `on_request (A_day2_D)` point at the right row."""

    def date(index: int) -> str:
        return (start + datetime.timedelta(days=index)).isoformat()

    files = {
        "nurses.csv": (
            ["name", "max_minutes", "min_minutes", "max_consecutive", "min_consecutive",
             "min_days_off", "max_weekends"],
            [[s.id, f"{s.max_minutes}min", f"{s.min_minutes}min", s.max_consecutive,
              s.min_consecutive, s.min_days_off, s.max_weekends] for s in instance.staff]),
        "shift_limits.csv": (
            ["name", "nurse", "type", "limit"],
            [[f"{s.id}_{shift}", s.id, shift, most]
             for s in instance.staff for shift, most in s.max_shifts]),
        "days_off.csv": (
            ["name", "nurse", "date"],
            [[f"{who}_day{d}", who, date(d)] for who, days in instance.days_off for d in days]),
        "on_requests.csv": (
            ["name", "nurse", "date", "type", "penalty"],
            [[f"{r.staff}_day{r.day}_{r.shift}", r.staff, date(r.day), r.shift, r.weight]
             for r in instance.on_requests]),
        "off_requests.csv": (
            ["name", "nurse", "date", "type", "penalty"],
            [[f"{r.staff}_day{r.day}_{r.shift}", r.staff, date(r.day), r.shift, r.weight]
             for r in instance.off_requests]),
        "cover.csv": (
            ["name", "date", "type", "requirement", "under_weight", "over_weight"],
            [[f"day{c.day}_{c.shift}", date(c.day), c.shift, c.requirement, c.under_weight,
              c.over_weight] for c in instance.cover]),
    }
    return {name: _csv(header, _unique_names(rows)) for name, (header, rows) in files.items()}


def _unique_names(rows: list[list]) -> list[list]:
    """A repeated row (the same request twice) keeps its own record: `_2`, `_3`…"""
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        name = row[0]
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            row = [f"{name}_{seen[name]}", *row[1:]]
        out.append(row)
    return out


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
