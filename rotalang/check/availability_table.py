"""`unavailable from "请假.csv"`: sick calls and leave as a table, one row per absence.

Offices keep leave as a sheet: who, from, to, often why. The first column is the
person (whatever its header says); a `from` column (`开始`, `开始日期`) holds the first
day away and a `to` column (`结束`, `结束日期`) the last (empty: the one day); a `note`
column (`原因`, `备注`) is for people and is not read. Each row stands for the line
`张丽 unavailable FROM to TO`, with the row as its span, so a conflict points into the
file.
"""

from __future__ import annotations

from rotalang.check.data import Table, report_unknown_columns
from rotalang.check.literals import LiteralError, read_date
from rotalang.diagnostics import Diagnostics, Span
from rotalang.syntax import ast

COLUMNS = {"from": "from", "开始": "from", "开始日期": "from", "to": "to", "结束": "to",
           "结束日期": "to", "note": "note", "原因": "note", "备注": "note"}


def availability_lines(table: Table, at: Span | None,
                       diags: Diagnostics) -> list[ast.Availability]:
    """One `unavailable` line per row. Unknown columns (E0403), a missing `from`
    column (E0402) and bad dates (E0401) are reported into `diags`."""
    report_unknown_columns(table, COLUMNS, "unavailability",
                           "the columns after the person are from, to and note "
                           "(开始, 结束, 原因)", diags)
    if table.rows and not any(COLUMNS.get(c) == "from" for c, _ in table.columns):
        diags.error("E0402", f"the table `{table.file}` has no `from` column", table.header_span,
                    label="the header", help="add a `from` column (开始) with the first day away")
        return []
    out = []
    for row in table.rows:
        dates = {}
        for column, cell in row.cells:
            role = COLUMNS.get(column)
            text = "" if cell.raw is None else str(cell.raw).strip()
            if role not in ("from", "to") or not text:
                continue
            try:
                dates[role] = read_date(text)
            except LiteralError as err:
                diags.error("E0401", f"{row.name}'s {role} date: {err}", cell.span,
                            help="write each date as `2025-03-24`")
        if "from" not in dates:
            if not any(COLUMNS.get(c) == "from" and str(cell.raw or "").strip()
                       for c, cell in row.cells):
                diags.error("E0401", f"{row.name} has no first day away", row.span,
                            help="fill in the `from` column")
            continue
        person = ast.Ident(row.name, span=row.name_span)
        span = ast.DateSpan(dates["from"], dates.get("to"), span=row.span)
        out.append(ast.Availability(person, "unavailable", (span,), span=row.span))
    return out
