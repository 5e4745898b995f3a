"""verify's report as a JSON object, for tools:

    {"ok": false,
     "hard_violations": [{"rule", "line", "binding", "expected", "actual"}],
     "cost": 33, "breakdown": [{"rule", "line", "cost", "count"}]}

`ok` is true when no hard rule is broken (verify then exits 0); costs are exact (an
int when whole, else a string such as "7/2"); `binding` maps each binder to its value.
"""

from __future__ import annotations

from rotalang.report.json_out import breakdown_obj, cost_value
from rotalang.results import VerifyReport


def verify_report_json(report: VerifyReport) -> dict:
    return {
        "ok": report.ok,
        "hard_violations": [
            {"rule": v.rule, "line": v.line, "binding": dict(v.binding),
             "expected": v.expected, "actual": v.actual}
            for v in report.hard_violations],
        "cost": cost_value(report.cost),
        "breakdown": breakdown_obj(report.breakdown),
    }
