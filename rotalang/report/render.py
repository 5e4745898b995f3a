"""One entry point for `solve` output: the result in the format the user asked for."""

from __future__ import annotations

import datetime

from rotalang import ir
from rotalang.report.costs import cost_items_text, focus_on
from rotalang.report.csv_out import roster_csv
from rotalang.report.grid import format_grid
from rotalang.report.html_out import solve_html
from rotalang.report.json_out import solve_json
from rotalang.report.summary import format_summary
from rotalang.results import SolveResult


def render_solve(result: SolveResult, program: ir.Program | None, fmt: str, *,
                 color: bool = False, max_width: int | None = None,
                 title: str = "rotalang roster", verdict: bool = True,
                 explain: str | None = None,
                 generated: datetime.datetime | None = None) -> str:
    """`fmt` is one of table, csv, json, html. The table is the grid and its legend,
    then the status line (unless `verdict` is False: the command prints it on stderr
    when the table goes to stdout), the cost by rule and by instance; CSV holds the
    roster only (empty of rows when there is none). `explain` names the one soft rule
    whose instances are all listed (E0023 when there is no such rule); `generated`, the
    time an HTML page says it was made."""
    if fmt == "csv":
        return roster_csv(result.roster, program)
    if fmt == "json":
        return solve_json(result, program, explain)
    if fmt == "html":
        return solve_html(result, program, title=title, explain=explain, generated=generated)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}")
    summary = format_summary(result, program, verdict=verdict)
    items = cost_items_text(focus_on(result.cost_items, explain, program), program,
                            focus=explain) if result.cost is not None else ""
    if items:
        summary += "\n" + items
    if result.roster is None:
        return summary
    grid = format_grid(result.roster, program, color=color, max_width=max_width)
    return grid + "\n" + summary if summary else grid
