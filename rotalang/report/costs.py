"""The cost explanation: which instances of each soft rule cost what, and the roster
cells behind them, as text, JSON objects and CSV rows (HTML: `html_out`).

    cost by instance, dearest first

    本地人员优先  checkpoint.rota:58  (23 instances, cost 23)
      rule: no 外来人员 p works s on d at k
         1  2025-02-12 中班 西关: 王芳 works 中班 on 2025-02-12 at 西关
         …  and 18 more: `--explain 本地人员优先` lists them all

Rules come dearest first, and within a rule its instances; the text shows a few per
rule (`SHOWN_PER_RULE`), `--explain RULE` every instance of one rule. JSON and CSV
always hold every instance, so they add up to the cost.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from rotalang import ir
from rotalang.check.suggest import did_you_mean
from rotalang.diagnostics import Diagnostic, DiagnosticError
from rotalang.report.text import clean, format_cost, plural, table
from rotalang.report.instance_words import asks_for_a_number, instance_text, rule_locations
from rotalang.results import Assignment, CostItem

SHOWN_PER_RULE = 5  # instances per rule in the text, without --explain
SHOWN_CELLS = 6  # roster cells named on an instance's line in the text
UNKNOWN_RULE = "E0023"


def focus_on(items: tuple[CostItem, ...], rule: str | None,
             program: ir.Program | None) -> tuple[CostItem, ...]:
    """The items of soft rule `rule` (all of them when `rule` is None). A name that is
    not a soft rule of `program` is E0023, with the nearest soft rule's name."""
    if rule is None:
        return items
    soft = [r.name for r in program.rules if r.kind == "soft"] if program is not None \
        else sorted({i.instance.rule for i in items})
    if rule not in soft:
        # a shortened name (`本地优先` for `本地人员优先`) is as likely as a typo
        near = [name for name in soft if all(ch in name for ch in rule)]
        help_ = (f"did you mean `{near[0]}`?" if len(near) == 1 else None) or \
            did_you_mean(rule, soft) or (
            f"the soft rules are {', '.join(soft)}" if soft else "the program has no soft rule")
        raise DiagnosticError(Diagnostic.error(
            UNKNOWN_RULE, f"--explain {rule}: the program has no soft rule `{rule}`",
            help=help_))
    return tuple(i for i in items if i.instance.rule == rule)


def by_rule(items: tuple[CostItem, ...]) -> list[tuple[str, int | None, list[CostItem]]]:
    """(rule, line, its items) with the dearest rule first (ties: the order the items
    first appear, which is rule order)."""
    groups: dict[tuple, list[CostItem]] = {}
    for item in items:
        groups.setdefault((item.instance.rule, item.instance.line), []).append(item)
    ranked = sorted(enumerate(groups.items()),
                    key=lambda g: (-sum(i.cost for i in g[1][1]), g[0]))
    return [(rule, line, group) for _, ((rule, line), group) in ranked]


def cell_text(a: Assignment, known: frozenset[str] = frozenset()) -> str:
    """One roster cell as a sentence reads it: `王芳 2025-02-12 中班 西关`, leaving out
    what the instance's place already says (`known`): `王芳` at `2025-02-12 中班 西关`."""
    parts = (a.staff, a.date.isoformat() if a.date else None, a.shift, a.post)
    return " ".join(x for x in parts if x and x not in known) or a.staff


def _names_cells(item: CostItem) -> bool:
    """Whether the instance's sentence leaves its cells unnamed: a count says how many,
    not who; a sentence about assignments, or a balance rule's, already names them."""
    v = item.instance
    return bool(item.cells) and (asks_for_a_number(v) or bool(v.what)
                                 or v.expected == "as little as possible")


def cost_items_text(items: tuple[CostItem, ...], program: ir.Program | None = None, *,
                    focus: str | None = None) -> str:
    """The explanation as text ending with a newline; empty when nothing costs."""
    if not items:
        return f"no instance of {focus} costs anything\n" if focus else ""
    where = rule_locations(program)
    out = ["cost by instance, dearest first"]
    for rule, line, group in by_rule(items):
        at = where.get(rule) or (f"line {line}" if line is not None else "")
        total = format_cost(sum((i.cost for i in group), Fraction(0)))
        out.append("")
        out.append(clean(f"{rule}  {at}  ({plural(len(group), 'instance')}, cost {total})"))
        if group[0].instance.statement:
            out.append(clean(f"  rule: {group[0].instance.statement}"))
        shown = group if focus else group[:SHOWN_PER_RULE]
        rows = []
        for item in shown:
            text = instance_text(item.instance)
            if _names_cells(item):
                known = frozenset(text for _, text in item.instance.binding)
                cells = [cell_text(a, known) for a in item.cells]
                more = len(cells) - SHOWN_CELLS
                text += " (" + "; ".join(cells[:SHOWN_CELLS]) + \
                    (f"; {more} more" if more > 0 else "") + ")"
            rows.append(["", format_cost(item.cost), text])
        out.extend(clean(row).rstrip() for row in table(rows, ["left", "right", "left"]))
        if len(group) > len(shown):
            out.append(clean(f"  …  and {len(group) - len(shown)} more: `--explain {rule}` "
                             "lists them all"))
    return "\n".join(out) + "\n"


def cell_obj(a: Assignment) -> dict:
    return {"staff": a.staff, "date": a.date.isoformat() if a.date else None,
            "shift": a.shift, "post": a.post}


def cost_items_obj(items: tuple[CostItem, ...], cost_value) -> list[dict]:
    """Every item as a JSON object (`cost_value` writes the exact cost)."""
    return [{"rule": i.instance.rule, "line": i.instance.line,
             "binding": dict(i.instance.binding), "place": i.instance.place,
             "cost": cost_value(i.cost), "found": i.instance.found or i.instance.actual,
             "expected": i.instance.expected, "cells": [cell_obj(a) for a in i.cells]}
            for i in items]


CSV_HEADER = ["kind", "rule", "line", "place", "cost", "found", "expected", "cells"]


def findings_csv(hard, items: tuple[CostItem, ...]) -> str:
    """Broken hard instances (`kind` hard, no cost) then costing instances (`kind`
    soft), one row each, for a spreadsheet; `cells` lists the roster cells, `; `
    apart."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for v in hard:
        writer.writerow(["hard", v.rule, "" if v.line is None else v.line, v.place,
                         "", v.found or v.actual, v.expected, ""])
    for i in items:
        v = i.instance
        writer.writerow(["soft", v.rule, "" if v.line is None else v.line, v.place,
                         format_cost(i.cost), v.found or v.actual, v.expected,
                         "; ".join(cell_text(a) for a in i.cells)])
    return out.getvalue()
