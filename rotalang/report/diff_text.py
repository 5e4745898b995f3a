"""`diff`'s report in words: how the rules were matched, then for each direction the
witness roster (as solve's grid) with the instances that decide it, at their lines in
both files, then the largest soft-cost changes found; and the one-line verdict.

    rules: 1 changed, 5 unchanged
      changed    每周班数上限  值班-四班.rota:16 → 值班-五班.rota:16

    NEW allows a roster that OLD forbids:
    <grid>
    forbidden by OLD 值班-四班.rota: 2 hard rule instances broken
      每周班数上限  值班-四班.rota:16  (NEW 值班-五班.rota:16: met)
        rule: p works at most 4 shifts per week
        张丽 week 2025-W05: shifts worked by 张丽: 5, the rule asks for at most 4
    allowed by NEW 值班-五班.rota: every hard rule met (checked by the evaluator)
"""

from __future__ import annotations

from rotalang import ir
from rotalang.analyses.result import (BUILT_IN, Answer, Change, CostChange, DiffResult,
                                      Direction, RuleChange, Verdict)
from rotalang.report.grid import format_grid
from rotalang.report.instance_words import instance_text
from rotalang.report.text import clean, format_cost, plural, table
from rotalang.results import Violation

LISTED = (Change.CHANGED, Change.REWORDED, Change.RENAMED, Change.REMOVED, Change.ADDED,
          Change.UNDECIDED)
MAX_INSTANCES = 5  # broken instances shown per rule


def format_diff(result: DiffResult, old: ir.Program, new: ir.Program, *,
                max_width: int | None = None) -> str:
    parts = [f"OLD {result.old_file}\nNEW {result.new_file}\n", _rules_text(result.rules)]
    for d in result.directions:
        parts.append(_direction_text(result, d, old, new, max_width))
    if result.costs:
        parts.append(_costs_text(result, new, max_width))
    return "\n".join(parts)


def verdict_line(result: DiffResult) -> str:
    pair = f"{result.old_file} and {result.new_file}"
    if result.verdict is Verdict.EQUIVALENT:
        costs = " at the same soft cost" if result.costs else ""
        return f"equivalent: {pair} allow exactly the same rosters{costs} (proved)"
    if result.verdict is Verdict.DIFFERENT:
        found = [f"{_side(result, d.allowed_by)} allows a roster "
                 f"{_side(result, _other(d.allowed_by))} forbids"
                 for d in result.directions if d.answer is Answer.FOUND]
        found += ["the soft cost changes" for c in result.costs[:1]
                  if any(x.answer is Answer.FOUND for x in result.costs)]
        return f"different: {pair} differ: " + "; ".join(found)
    return (f"unknown: no difference found between {pair}, but not every question was "
            "decided within the limits; raise --time-limit")


# ------------------------------------------------------------------ rules
def _rules_text(rules: tuple[RuleChange, ...]) -> str:
    counts = {}
    for c in rules:
        counts[c.change] = counts.get(c.change, 0) + 1
    head = ", ".join(f"{n} {change}" for change, n in
                     sorted(counts.items(), key=lambda item: list(Change).index(item[0])))
    lines = [f"rules: {head or 'none in either program'}"]
    rows = []
    for c in rules:
        if c.change not in LISTED:
            continue
        if c.change is Change.RENAMED:
            name = f"{c.old[0]} → {c.new[0]}"
        else:
            name = c.name
        where = " → ".join(_at(x) for x in (c.old, c.new) if x is not None)
        rows.append([str(c.change), name, where])
    lines += ["  " + clean(row).rstrip() for row in table(rows)] if rows else []
    return "\n".join(lines) + "\n"


def _at(where) -> str:
    name, file, line = where
    return f"{file}:{line}" if line is not None else file


# ------------------------------------------------------------------ witnesses
def _direction_text(result: DiffResult, d: Direction, old: ir.Program, new: ir.Program,
                    max_width: int | None) -> str:
    allowing, forbidding = _side(result, d.allowed_by), _side(result, _other(d.allowed_by))
    if d.answer is Answer.NONE and d.allows_none:
        return (f"{allowing} allows no roster at all, so none that {forbidding} forbids "
                f"(proved; `rotalang check` explains {allowing}'s conflict)\n")
    if d.answer is Answer.NONE:
        return (f"{allowing} allows no roster that {forbidding} forbids (proved: every "
                f"roster {allowing} allows, {forbidding} allows too)\n")
    if d.answer is Answer.UNDECIDED:
        return (f"{allowing} against {forbidding}: not decided within the limits "
                "(raise --time-limit)\n")
    w = d.witness
    program = new if d.allowed_by == "new" else old
    lines = [f"{allowing} allows a roster that {forbidding} forbids:", "",
             format_grid(w.roster, program, max_width=max_width).rstrip("\n"), ""]
    forbidding_report = w.old_report if d.allowed_by == "new" else w.new_report
    if w.forbidden_by_data:
        lines.append(f"forbidden by {forbidding}: its data breaks a rule whatever the "
                     "roster (`rotalang check` lists it)")
    else:
        broken = forbidding_report.hard_violations
        lines.append(f"forbidden by {forbidding}: "
                     f"{plural(len(broken), 'hard rule instance')} broken")
        lines += _broken_lines(result, broken, _other(d.allowed_by), old, new)
    lines.append(f"allowed by {allowing}: every hard rule met (checked by the evaluator)")
    return "\n".join(lines) + "\n"


def _broken_lines(result: DiffResult, broken: tuple[Violation, ...], side: str,
                  old: ir.Program, new: ir.Program) -> list[str]:
    """The broken instances grouped by rule, each rule at its line in the forbidding
    program and (when it has one) its counterpart's in the other."""
    groups: dict[str, list[Violation]] = {}
    for v in broken:
        groups.setdefault(v.rule, []).append(v)
    out = []
    for name, instances in groups.items():
        here, there = _counterpart(result.rules, name, side)
        other = _side(result, _other(side))
        if here is None:
            also = ""  # a built-in structural rule: both programs have it
        elif there is None and here[1] == BUILT_IN:
            also = f"  (relaxed in {other})"
        elif there is None:
            also = f"  (no such rule in {other})"
        else:
            also = f"  ({other} {_at(there)}" + (f" as {there[0]}" if there[0] != name
                                                   else "") + ": met)"
        out.append(clean(f"  {name}  {_at(here) if here else ''}{also}"))
        if instances[0].statement:
            out.append(clean(f"    rule: {instances[0].statement}"))
        out += [clean(f"    {instance_text(v)}") for v in instances[:MAX_INSTANCES]]
        if len(instances) > MAX_INSTANCES:
            out.append(f"    … and {len(instances) - MAX_INSTANCES} more")
    return out


def _counterpart(rules: tuple[RuleChange, ...], name: str, side: str):
    """(this rule's place, the matching rule's place in the other program or None)."""
    for c in rules:
        mine, theirs = (c.old, c.new) if side == "old" else (c.new, c.old)
        if mine is not None and mine[0] == name:
            return mine, theirs
    return None, None  # a built-in structural rule


# ------------------------------------------------------------------ costs
def _costs_text(result: DiffResult, new: ir.Program, max_width: int | None) -> str:
    old_name, new_name = _side(result, "old"), _side(result, "new")
    empty = [_side(result, d.allowed_by) for d in result.directions if d.allows_none]
    if empty:
        return (f"soft cost: not compared ({' and '.join(empty)} allow"
                f"{'s' if len(empty) == 1 else ''} no roster, so no roster both allow)\n")
    out = []
    for c in result.costs:
        more = "more" if c.sign > 0 else "less"
        if c.answer is Answer.NONE:
            out.append(f"soft cost: no roster both allow costs {more} in {new_name} than in "
                       f"{old_name} (proved)")
        elif c.answer is Answer.UNDECIDED:
            out.append(f"soft cost: whether a roster costs {more} in {new_name}: not "
                       "decided within the limits")
        else:
            out.append(_cost_found(c, old_name, new_name, more, new, max_width))
    return "\n".join(out) + "\n"


def _cost_found(c: CostChange, old_name: str, new_name: str, more: str, new: ir.Program,
                max_width: int | None) -> str:
    size = format_cost(abs(c.change))
    sure = "proved the largest" if c.largest else \
        "the largest found within the limits; a larger one may exist"
    lines = [f"soft cost: {new_name} costs up to {size} {more} than {old_name} on a roster "
             f"both allow ({sure}):", "",
             format_grid(c.roster, new, max_width=max_width).rstrip("\n"), ""]
    by_rule: dict[str, list] = {}
    for side, report in (("old", c.old_report), ("new", c.new_report)):
        for line in report.breakdown:
            by_rule.setdefault(line.rule, [None, None])[0 if side == "old" else 1] = line.cost
    rows = [["rule", old_name, new_name]]
    for rule, (a, b) in by_rule.items():
        rows.append([rule, "-" if a is None else format_cost(a),
                     "-" if b is None else format_cost(b)])
    rows.append(["total", format_cost(c.old_report.cost), format_cost(c.new_report.cost)])
    lines += [clean(r).rstrip() for r in table(rows, ["left", "right", "right"])]
    return "\n".join(lines) + "\n"


def _side(result: DiffResult, side: str) -> str:
    return "OLD" if side == "old" else "NEW"


def _other(side: str) -> str:
    return "new" if side == "old" else "old"
