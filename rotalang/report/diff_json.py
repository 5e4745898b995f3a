"""`diff --format json`: the same findings as the text report, as one object.

    {"verdict": "different", "old": "a.rota", "new": "b.rota",
     "rules": [{"change": "changed", "kind": "hard", "old": {...}, "new": {...}}],
     "directions": [{"allowed_by": "new", "answer": "found",
                     "roster": [...], "broken": [...]}, ...],
     "costs": [{"direction": "more", "answer": "found", "change": 3, "largest": true,
                "roster": [...], "old_cost": 2, "new_cost": 5}],
     "diagnostics": [...]}
"""

from __future__ import annotations

from rotalang.analyses.result import CostChange, DiffResult, Direction, RuleChange
from rotalang.diagnostics import to_json_obj
from rotalang.report.json_out import assignments_obj, breakdown_obj, cost_value
from rotalang.results import Violation


def diff_json(result: DiffResult) -> dict:
    return {"verdict": str(result.verdict), "old": result.old_file, "new": result.new_file,
            "rules": [_rule(c) for c in result.rules],
            "directions": [_direction(d) for d in result.directions],
            "costs": [_cost(c) for c in result.costs],
            "diagnostics": [to_json_obj(d) for d in result.diagnostics]}


def _place(where) -> dict | None:
    if where is None:
        return None
    name, file, line = where
    return {"name": name, "file": file, "line": line}


def _rule(c: RuleChange) -> dict:
    return {"change": str(c.change), "kind": c.kind, "old": _place(c.old),
            "new": _place(c.new)}


def _violation(v: Violation) -> dict:
    return {"rule": v.rule, "line": v.line, "place": v.place, "expected": v.expected,
            "actual": v.actual, "found": v.found}


def _direction(d: Direction) -> dict:
    out = {"allowed_by": d.allowed_by, "answer": str(d.answer),
           "allows_no_roster": d.allows_none}
    w = d.witness
    if w is not None:
        forbidding = w.old_report if d.allowed_by == "new" else w.new_report
        out.update(roster=assignments_obj(w.roster),
                   broken=[_violation(v) for v in forbidding.hard_violations],
                   forbidden_by_data=w.forbidden_by_data)
    return out


def _cost(c: CostChange) -> dict:
    out = {"direction": "more" if c.sign > 0 else "less", "answer": str(c.answer)}
    if c.roster is not None:
        out.update(change=cost_value(c.change), largest=c.largest,
                   roster=assignments_obj(c.roster),
                   old_cost=cost_value(c.old_report.cost),
                   new_cost=cost_value(c.new_report.cost),
                   old_breakdown=breakdown_obj(c.old_report.breakdown),
                   new_breakdown=breakdown_obj(c.new_report.breakdown))
    return out
