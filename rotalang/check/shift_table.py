"""`shift from "班次.csv"`: the shifts of a program read from a table, one row per
shift, as the shift declarations they stand for.

The first column is the shift's name (whatever its header says); the others are the
words of a declaration, in English or Chinese: `start`/`开始` and `end`/`结束` (clock
times, `06:00`), `length`/`时长` (a duration, `8h`), `code`/`代号` (its short code).
An empty cell leaves that part out, as in `shift 值守 length 8h`. Each row becomes an
`ast.ShiftDecl` spanning its row, so every later check (a length that disagrees with
the times, a shift without one, a name used twice) points into the file.
"""

from __future__ import annotations

from rotalang.check.data import Table, report_unknown_columns
from rotalang.check.literals import LiteralError, read_duration, read_time
from rotalang.diagnostics import Diagnostics
from rotalang.syntax import ast

COLUMNS = {"start": "start", "开始": "start", "end": "end", "结束": "end",
           "length": "length", "时长": "length", "code": "code", "代号": "code"}


def shift_decls(table: Table, diags: Diagnostics
                ) -> tuple[list[ast.ShiftDecl], list[ast.Ident]]:
    """(the table's shifts, the names of rows left out). An unknown column (E0403) or a
    bad cell (E0401) is reported into `diags` and its row left out; the caller still
    declares its name, so that rules naming it get no follow-on "unknown name"."""
    report_unknown_columns(table, COLUMNS, "shift",
                           "the columns are start, end, length and code (开始, 结束, 时长, 代号)",
                           diags)
    out, broken = [], []
    for row in table.rows:
        if not row.name:
            diags.error("E0401", "a shift without a name", row.name_span, label="empty name",
                        help="the first column holds each shift's name")
            continue
        parts: dict[str, object] = {}
        ok = True
        for column, cell in row.cells:
            part = COLUMNS.get(column)
            text = cell.raw if isinstance(cell.raw, str) else str(cell.raw or "")
            if part is None or part in parts or not text.strip():
                continue
            try:
                if part in ("start", "end"):
                    parts[part] = read_time(text).minutes
                elif part == "length":
                    parts[part] = read_duration(text).minutes
                else:
                    parts[part] = text.strip()
            except LiteralError as err:
                diags.error("E0401", f"{part} of shift {row.name}: {err}", cell.span,
                            help=getattr(err, "help", None))
                ok = False
        if ok and ("start" in parts) != ("end" in parts):
            given, missing = ("a start", "end") if "start" in parts else ("an end", "start")
            diags.error("E0401", f"shift {row.name} has {given} but no {missing}", row.span,
                        help="give both times, or neither and a length")
            ok = False
        name = ast.Ident(row.name, span=row.name_span)
        if ok:
            out.append(ast.ShiftDecl(name, parts.get("start"), parts.get("end"),
                                     parts.get("length"), parts.get("code"), span=row.span))
        else:
            broken.append(name)
    return out, broken
