"""A verify report as text (for people) and as a JSON object (for tools).

Text: the broken hard-rule instances grouped by rule (where the rule is, then one line
per instance: its binding and, in words, what was found against what the rule asks
for), then the soft cost of each rule and the total:

    2 hard rule instances broken
      每班至少两人  值守.rota:14
        东关 2025-02-11 夜班: 1 (people on 夜班 at 东关), the rule asks for at least 2
    soft cost by rule
      本地优先  值守.rota:21    3  (3 instances)
    total cost: 3

JSON: `{"hard_violations": [{"rule", "line", "binding", "expected", "actual"}],
"cost", "breakdown": [{"rule", "line", "cost", "count"}]}`, costs exact (an int when
whole, else a string such as "7/2"), `binding` an object from binder to value.
"""

from __future__ import annotations

from fractions import Fraction

from wcwidth import wcswidth

from rotalang import ir
from rotalang.results import VerifyReport, Violation

_COMPARISON_WORDS = ("at least ", "at most ", "exactly ", "more than ", "less than ",
                     "anything but ")
_NO_STATEMENT = "the rule to hold"


def cost_value(value: Fraction | int) -> int | str:
    """An exact cost for JSON: 607, or "7/2"."""
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def cost_text(value: Fraction | int) -> str:
    return str(cost_value(value))


def verify_report_json(report: VerifyReport) -> dict:
    return {
        "hard_violations": [
            {"rule": v.rule, "line": v.line, "binding": dict(v.binding),
             "expected": v.expected, "actual": v.actual}
            for v in report.hard_violations],
        "cost": cost_value(report.cost),
        "breakdown": [{"rule": c.rule, "line": c.line, "cost": cost_value(c.cost),
                       "count": c.count} for c in report.breakdown],
    }


def violation_text(v: Violation) -> str:
    """One broken instance in a sentence (without the rule's name)."""
    where = v.place or " ".join(text for _, text in v.binding)
    found = v.found or (f"{v.what}: {v.actual}" if v.what else v.actual)
    if v.expected.startswith(_COMPARISON_WORDS):
        sentence = f"{found}, the rule asks for {v.expected}"
    elif v.expected == _NO_STATEMENT:
        sentence = found
    else:
        sentence = f"{found}; the rule asks for `{v.expected}`"
    return f"{where}: {sentence}" if where else sentence


def _width(text: str) -> int:
    """Display cells (CJK counts double); control characters count one each."""
    cells = wcswidth(text)
    return cells if cells >= 0 else len(text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _locations(program: ir.Program | None) -> dict[str, str]:
    """Rule name → `file:line` of the rule, for editors to jump to."""
    if program is None:
        return {}
    return {r.name: f"{r.span.file}:{r.span.start_line}" for r in program.rules
            if r.span is not None}


def format_verify_report(report: VerifyReport, program: ir.Program | None = None) -> str:
    """The report as text, ending with a newline."""
    where = _locations(program)

    def rule_heading(name: str, line: int | None) -> str:
        at = where.get(name) or (f"line {line}" if line is not None else "")
        return f"{name}  {at}" if at else name

    out: list[str] = []
    broken = report.hard_violations
    if not broken:
        out.append("no hard rule is broken")
    else:
        n_rules = len({(v.rule, v.line) for v in broken})
        out.append(f"{len(broken)} hard rule instance{'s' if len(broken) != 1 else ''} broken"
                   + (f" ({n_rules} rules)" if n_rules > 1 else ""))
        current = None
        for v in broken:
            if (v.rule, v.line) != current:
                current = (v.rule, v.line)
                out.append(f"  {rule_heading(v.rule, v.line)}")
            out.append(f"    {violation_text(v)}")
    if report.breakdown:
        out.append("soft cost by rule")
        headings = [rule_heading(c.rule, c.line) for c in report.breakdown]
        width = max(_width(h) for h in headings)
        costs = [cost_text(c.cost) for c in report.breakdown]
        cost_width = max(len(c) for c in costs)
        for heading, cost, line in zip(headings, costs, report.breakdown):
            count = (f"  ({line.count} instance{'s' if line.count != 1 else ''})"
                     if line.count else "")
            out.append(f"  {_pad(heading, width)}  {cost:>{cost_width}}{count}")
    out.append(f"total cost: {cost_text(report.cost)}")
    return "\n".join(out) + "\n"
