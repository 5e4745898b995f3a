"""Reports for people and tools: roster grids, CSV, JSON, HTML, the cost summary, and
atomic writing of output files. Inputs are `rotalang.results` objects and the checked
program (`rotalang.ir.Program`) for names, shift codes and the calendar."""

from rotalang.report.csv_out import roster_csv
from rotalang.report.grid import format_grid
from rotalang.report.html_out import solve_html
from rotalang.report.json_out import cost_value, solve_json, solve_obj
from rotalang.report.output import FORMATS, format_for_path, write_output
from rotalang.report.render import render_solve
from rotalang.report.summary import breakdown_table, format_summary, status_line
from rotalang.report.text import format_cost

__all__ = [
    "FORMATS", "breakdown_table", "cost_value", "format_cost", "format_for_path",
    "format_grid", "format_summary", "render_solve", "roster_csv", "solve_html",
    "solve_json", "solve_obj", "status_line", "write_output",
]
