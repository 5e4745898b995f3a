"""`check --show`: every check a rule makes on the data alone (drivers/indicators.py),
as a table — rule, for whom, what is measured, actual, target, difference, verdict —
or as JSON objects for `--format json`."""

from __future__ import annotations

from typing import Sequence

from rotalang.report.text import plural, table
from rotalang.results import Indicator

HEADER = ["rule", "for", "measure", "actual", "target", "difference", "verdict"]


def indicator_text(found: Sequence[Indicator]) -> str:
    """The table, headed by a count: `indicators: 125 checks, all met` or `..., 2 not
    met`; an empty text when no rule reads the data alone."""
    if not found:
        return ""
    missed = sum(1 for i in found if not i.met)
    rules = len({(i.rule, i.line) for i in found})
    verdict = "all met" if not missed else f"{missed} not met"
    head = f"indicators: {plural(len(found), 'check')} of {plural(rules, 'rule')}, {verdict}"
    rows = [HEADER] + [[_rule(i), ", ".join(v for _, v in i.binding), i.measure, i.actual,
                        f"{i.op} {i.target}".strip(), i.difference,
                        ("holds" if i.met else "FAILS") if i.assertion else
                        ("met" if i.met else "NOT MET")] for i in found]
    lines = table(rows, align=["left", "left", "left", "right", "right", "right", "left"])
    return "\n".join([head, *(line.rstrip() for line in lines)]) + "\n"


def indicator_json(found: Sequence[Indicator]) -> list[dict]:
    return [{"rule": i.rule, "line": i.line, "binding": dict(i.binding),
             "measure": i.measure, "actual": i.actual, "op": i.op or None,
             "target": i.target or None, "difference": i.difference or None,
             "met": i.met, "assertion": i.assertion} for i in found]


def _rule(i: Indicator) -> str:
    return f"{i.rule} (line {i.line})" if i.line is not None else i.rule
