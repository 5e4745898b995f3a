"""The solve result as JSON, for tools (and for `verify --roster` to read back).

    {"status": "optimal", "cost": 607, "lower_bound": 607,
     "assignments": [{"staff": "张丽", "date": "2025-02-10", "shift": "早班", "post": null}],
     "breakdown": [{"rule": "本地优先", "line": 12, "cost": 3, "count": 3}],
     "costs": [{"rule": "本地优先", "line": 12, "binding": {"d": "2025-02-10", ...},
                "place": "2025-02-10 早班 东关", "cost": 1, "found": "...",
                "expected": "...", "cells": [{"staff": "王芳", ...}]}]}

`costs` lists every instance that costs something, dearest first (only those of one
rule with `--explain RULE`); their costs add up to `cost`.

Costs are exact: an int when whole, else a string fraction such as "7/2" (never a
float). Text is written as is (`ensure_ascii=False`). Nothing time-dependent is
included, so the same inputs and seed give byte-identical files.
"""

from __future__ import annotations

import json
from fractions import Fraction

from rotalang import ir
from rotalang.report.costs import cost_items_obj, focus_on
from rotalang.report.layout import layout_of
from rotalang.report.text import format_cost
from rotalang.results import Roster, SolveResult


def cost_value(value: Fraction | int | None) -> int | float | str | None:
    """An exact cost for JSON: 607; 160.5 as a number when the JSON text of the
    number is the exact decimal (any reader gets 160.5 back); else the exact text as a
    string ("0.1000000000000000000001", "1/3"); None stays null."""
    if value is None:
        return None
    value = Fraction(value)
    if value.denominator == 1:
        return value.numerator
    text = format_cost(value)
    number = float(value)
    return number if repr(number) == text else text


def assignments_obj(roster: Roster | None, program: ir.Program | None = None) -> list[dict]:
    layout = layout_of(roster, program)
    return [{"staff": a.staff, "date": a.date.isoformat() if a.date else None,
             "shift": a.shift, "post": a.post}
            for a in (layout.order(roster) if roster else [])]


def breakdown_obj(breakdown) -> list[dict]:
    return [{"rule": c.rule, "line": c.line, "cost": cost_value(c.cost), "count": c.count}
            for c in breakdown]


def solve_obj(result: SolveResult, program: ir.Program | None = None,
              explain: str | None = None) -> dict:
    return {"status": result.status, "cost": cost_value(result.cost),
            "lower_bound": cost_value(result.lower_bound),
            "assignments": assignments_obj(result.roster, program),
            "breakdown": breakdown_obj(result.breakdown),
            "costs": cost_items_obj(focus_on(result.cost_items, explain, program),
                                    cost_value)}


def solve_json(result: SolveResult, program: ir.Program | None = None,
               explain: str | None = None) -> str:
    """The JSON document, ending with a newline: one key per line at the top, one
    assignment, breakdown or cost entry per line, so rosters diff line by line."""
    return dumps_listing(solve_obj(result, program, explain))


def dumps_listing(obj: dict) -> str:
    """`obj` as JSON with its top-level keys on their own lines and each element of a
    top-level list on one line."""
    def one(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    fields = []
    for key, value in obj.items():
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {one(v)}" for v in value)
            fields.append(f"  {one(key)}: [\n{items}\n  ]")
        else:
            fields.append(f"  {one(key)}: {one(value)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"
