"""verify's report as a JSON object, for tools:

    {"ok": false,
     "hard_violations": [{"rule", "line", "binding", "expected", "actual"}],
     "cost": 33, "breakdown": [{"rule", "line", "cost", "count"}],
     "costs": [{"rule", "line", "binding", "place", "cost", "found", "expected",
                "cells"}]}

`ok` is true when no hard rule is broken (verify then exits 0); costs are exact (an
int when whole, else a string such as "7/2"); `binding` maps each binder to its value; `costs` is every instance that costs
something, dearest first (those of one rule with `--explain RULE`), and adds up to
`cost`.
"""

from __future__ import annotations

from rotalang import ir
from rotalang.report.costs import cost_items_obj, focus_on
from rotalang.report.json_out import breakdown_obj, cost_value
from rotalang.results import VerifyReport


def verify_report_json(report: VerifyReport, program: ir.Program | None = None,
                       explain: str | None = None) -> dict:
    return {
        "ok": report.ok,
        "hard_violations": [
            {"rule": v.rule, "line": v.line, "binding": dict(v.binding),
             "expected": v.expected, "actual": v.actual}
            for v in report.hard_violations],
        "cost": cost_value(report.cost),
        "breakdown": breakdown_obj(report.breakdown),
        "costs": cost_items_obj(focus_on(report.cost_items, explain, program), cost_value),
    }
