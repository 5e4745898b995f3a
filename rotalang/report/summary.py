"""The solve summary in words: the status line and the cost broken down by rule.

    optimal, cost 607
    feasible, cost 1200 (lower bound 1100)

    rule        line  broken  cost
    本地优先       12       3     3
    夜班均衡       15       0     0
    total                     607

Every soft rule of the program gets a line, those that cost nothing included, so a rule
author sees which rules were met and which were traded off; when none costs anything
one line says so.
"""

from __future__ import annotations

from fractions import Fraction

from rotalang import ir
from rotalang.diagnostics import Severity
from rotalang.report.text import format_cost, table
from rotalang.results import CostLine, SolveResult, Status


def status_line(result: SolveResult) -> str:
    """One line saying what solve found."""
    if result.status is Status.INFEASIBLE:
        return "infeasible: no roster meets every hard rule"
    if result.status is Status.UNKNOWN or result.cost is None:
        if any(d.severity is Severity.ERROR for d in result.diagnostics):
            return "unknown: no roster found"  # an error said why, not the limits
        return "unknown: no roster found within the limits"
    text = f"{result.status}, cost {format_cost(result.cost)}"
    if result.status is not Status.OPTIMAL:
        # Shown as the backend gives it, even when it looks wrong (a negative bound is
        # a backend bug to fix there, not to hide here).
        text += (f" (lower bound {format_cost(result.lower_bound)})"
                 if result.lower_bound is not None else " (not proved optimal)")
    return text


def soft_rule_lines(breakdown, program: ir.Program | None = None) -> list[CostLine]:
    """`breakdown` with a zero line for each soft rule of `program` it leaves out, in
    the program's rule order (lines for rules the program does not name stay, last)."""
    given = {c.rule: c for c in breakdown}
    lines = []
    for rule in program.rules if program is not None else ():
        if rule.kind == "soft":
            line = rule.span.start_line if rule.span is not None else None
            lines.append(given.pop(rule.name, None) or CostLine(rule.name, line, Fraction(0), 0))
    return lines + [c for c in breakdown if c.rule in given]


def breakdown_table(breakdown: tuple[CostLine, ...] | list[CostLine],
                    total=None, total_label: str = "total") -> str:
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
    rows.append([total_label, "", "", format_cost(total)])
    return "\n".join(table(rows, ["left", "right", "right", "right"])) + "\n"


def format_summary(result: SolveResult, program: ir.Program | None = None, *,
                   verdict: bool = True) -> str:
    """The status line (when `verdict`), then (when a roster was found and soft rules
    exist) the cost of each soft rule, or `all 3 soft rules met` when none costs
    anything."""
    text = status_line(result) + "\n" if verdict else ""
    if result.cost is None:
        return text
    costs = soft_cost_section(soft_rule_lines(result.breakdown, program), result.cost)
    return text + (costs if verdict else costs.lstrip("\n"))


def soft_cost_section(lines: list[CostLine], total, total_label: str = "total") -> str:
    """The soft rules of a roster: `all 3 soft rules met` (or `the soft rule 本地优先 is
    met`) when none costs anything, else a blank line and the table of
    `breakdown_table`; empty when the program has no soft rule. Shared by solve's
    summary and verify's report."""
    if not lines:
        return ""
    if not total and not any(c.cost or c.count for c in lines):
        return (f"all {len(lines)} soft rules met\n" if len(lines) > 1
                else f"the soft rule {lines[0].rule} is met\n")
    return "\n" + breakdown_table(lines, total, total_label)
