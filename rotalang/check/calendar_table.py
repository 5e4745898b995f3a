"""`calendar from "日历.csv"`: the horizon read from a table, one row per date.

Offices keep the month as a sheet: every date, which of them are holidays, often a
note (`清明节`). The first column is the date (whatever its header says), the dates
in order with none left out; a `holiday` column (or `假日`, `节假日`) marks the
holidays with yes/no (是/否, true/false; empty is no); a `note` column (`备注`,
`名称`) is for people and is not read. The table stands for the declarations it
replaces — `calendar from FIRST to LAST` and `holidays …` — with each holiday's span
its row, so a later check points into the file.
"""

from __future__ import annotations

import datetime

from rotalang.check.data import Table, report_unknown_columns
from rotalang.check.literals import LiteralError, read_bool, read_date
from rotalang.diagnostics import Diagnostics, Label, Span
from rotalang.syntax import ast

COLUMNS = {"holiday": "holiday", "假日": "holiday", "节假日": "holiday",
           "note": "note", "备注": "note", "名称": "note"}


def calendar_decls(table: Table, at: Span | None, diags: Diagnostics
                   ) -> tuple[ast.Calendar, list[ast.Holidays]] | None:
    """The calendar the table stands for, and its holidays (one declaration per
    holiday row); None when it has no usable date. Unknown columns (E0403), bad cells
    (E0401) and dates out of order or left out (E0314) are reported into `diags`."""
    report_unknown_columns(table, COLUMNS, "calendar",
                           "the columns after the date are holiday and note (假日, 备注)", diags)
    dates: list[tuple[datetime.date, ast.Span]] = []
    holidays: list[ast.Holidays] = []
    for row in table.rows:
        try:
            date = read_date(row.name)
        except LiteralError as err:
            diags.error("E0401", f"the first column holds the dates: {err}", row.name_span,
                        help="write each date as `2025-03-24`")
            continue
        if dates and date != dates[-1][0] + datetime.timedelta(days=1):
            previous, span = dates[-1]
            expected = previous + datetime.timedelta(days=1)
            if date > previous:
                message = f"the dates jump from {previous} to {date}, leaving out " \
                          f"{_gap(expected, date)}"
            elif date == previous:
                message = f"{date} is listed twice"
            else:
                message = f"{date} comes after {previous}: the dates are out of order"
            diags.error("E0314", message, row.name_span, label=f"expected {expected}",
                        labels=[Label(span, "the date before")],
                        help="list every date of the horizon once, in order")
            if date <= previous:
                continue  # the horizon goes on from the latest date (a gap is reported once)
        dates.append((date, row.name_span))
        for column, cell in row.cells:
            if COLUMNS.get(column) != "holiday":
                continue
            text = cell.raw if isinstance(cell.raw, str) else "" if cell.raw is None \
                else str(cell.raw).lower()
            if not text.strip():
                continue
            try:
                holiday = cell.raw if isinstance(cell.raw, bool) else read_bool(text)
            except LiteralError as err:
                diags.error("E0401", f"holiday on {date}: {err}", cell.span,
                            help=getattr(err, "help", None))
                continue
            if holiday:
                holidays.append(ast.Holidays((date,), span=row.span))
    if not dates:
        if table.rows:
            return None
        diags.error("E0405", f"the calendar table `{table.file}` has no dates", at,
                    help="give one row per date of the horizon")
        return None
    return ast.Calendar(dates[0][0], dates[-1][0], span=at), holidays


def _gap(first: datetime.date, after: datetime.date) -> str:
    last = after - datetime.timedelta(days=1)
    return str(first) if first == last else f"{first} to {last}"
