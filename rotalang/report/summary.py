"""The solve summary in words: the status line and the cost broken down by rule.

    optimal, cost 607
    feasible, cost 1200 (lower bound 1100)

    rule        line  broken  cost
    本地优先       12       3     3
    total                     607
"""

from __future__ import annotations

from rotalang.report.text import format_cost, table
from rotalang.results import CostLine, SolveResult


def status_line(result: SolveResult) -> str:
    """One line saying what solve found."""
    if result.status == "infeasible":
        return "infeasible: no roster meets every hard rule"
    if result.status == "unknown" or result.cost is None:
        return "unknown: no roster found within the limits"
    text = f"{result.status}, cost {format_cost(result.cost)}"
    if result.status != "optimal" and result.lower_bound is not None:
        text += f" (lower bound {format_cost(result.lower_bound)})"
    return text


def breakdown_table(breakdown: tuple[CostLine, ...] | list[CostLine],
                    total=None) -> str:
    """The cost of each soft rule (how many instances it broke, what they cost) and the
    total, as aligned text ending with a newline; empty when there is nothing to show."""
    lines = list(breakdown)
    if not lines:
        return ""
    rows = [["rule", "line", "broken", "cost"]]
    for c in lines:
        rows.append([c.rule, "" if c.line is None else str(c.line), str(c.count),
                     format_cost(c.cost)])
    if total is None:
        total = sum((c.cost for c in lines), 0)
    rows.append(["total", "", "", format_cost(total)])
    return "\n".join(table(rows, ["left", "right", "right", "right"])) + "\n"


def format_summary(result: SolveResult) -> str:
    """The status line, then the breakdown table (when there is a cost)."""
    text = status_line(result) + "\n"
    if result.cost is not None and result.breakdown:
        text += "\n" + breakdown_table(result.breakdown, result.cost)
    return text
