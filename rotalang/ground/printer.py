"""A readable text form of ground constraints, for debugging and golden tests.

    [每班至少两人] k=东关 d=2025-02-11 s=夜班: x[张丽 2025-02-11 夜班 东关] + x[王强 …] >= 2

Slot variables print as `x[person day shift post]`, auxiliaries as `a[label]`.
`format_ground_model` prints a whole model (sizes, auxiliaries, rules, constraints) for
the ground-model golden files in tests/ground/golden/.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from rotalang.ground.model import (
    And, Atom, AuxDef, Cmp, Const, Formula, GroundConstraint, GroundModel, GroundRule, Lin,
    Not, Or,
)
from rotalang.values import WEEKDAYS, format_value


def format_var(model: GroundModel, var: int) -> str:
    if var < len(model.slots):
        return f"x[{model.describe_slot(var)}]"
    return f"a[{model.aux[var - len(model.slots)].label}]"


def format_lin(model: GroundModel, lin: Lin) -> str:
    parts: list[str] = []
    for coef, var in lin.terms:
        name = format_var(model, var)
        sign = "-" if coef < 0 else "+"
        text = name if abs(coef) == 1 else f"{abs(coef)}·{name}"
        parts.append(f"{sign} {text}")
    if lin.const or not parts:
        parts.append(f"{'-' if lin.const < 0 else '+'} {abs(lin.const)}")
    text = " ".join(parts)
    return text[2:] if text.startswith("+ ") else "-" + text[2:]


def format_formula(model: GroundModel, f: Formula) -> str:
    if isinstance(f, Atom):
        return format_var(model, f.var)
    if isinstance(f, Const):
        return "true" if f.value else "false"
    if isinstance(f, Not):
        return f"not {_wrap(model, f.operand)}"
    if isinstance(f, And):
        return " and ".join(_wrap(model, i) for i in f.items)
    if isinstance(f, Or):
        return " or ".join(_wrap(model, i) for i in f.items)
    if isinstance(f, Cmp):
        text = f"{format_lin(model, f.lhs)} {f.op} {format_lin(model, f.rhs)}"
        return text if f.scale == 1 else f"{text} (scale {f.scale})"
    raise TypeError(f"not a formula: {f!r}")


def _wrap(model: GroundModel, f: Formula) -> str:
    text = format_formula(model, f)
    return f"({text})" if isinstance(f, (And, Or, Cmp)) else text


def format_constraint(model: GroundModel, c: GroundConstraint) -> str:
    """One line: `[rule] binding: formula`, plus the guard, measure and weight when
    they matter."""
    rule = model.rules[c.rule].name
    binding = " ".join(f"{name}={value}" for name, value in c.binding)
    head = f"[{rule}]" + (f" {binding}" if binding else "")
    if c.measure in ("value", "spread"):
        body = f"{c.measure} of " + "; ".join(format_lin(model, t) for t in c.terms)
        if c.scale != 1:
            body += f" (scale {c.scale})"
    else:
        body = format_formula(model, c.formula)
    if c.guard is not None:
        body = f"when {format_formula(model, c.guard)}: {body}"
    if c.measure != "hard":
        body += f"  [{c.measure}, weight {format_value(Fraction(c.weight))}]"
    return f"{head}: {body}"


def format_model(model: GroundModel) -> str:
    """Every constraint, one a line, in model order."""
    return "".join(format_constraint(model, c) + "\n" for c in model.constraints)


def format_ground_model(model: GroundModel) -> str:
    """The whole model as text, for golden files a reader can check by eye: the tables
    and sizes, each auxiliary's definition, each rule's provenance, then every
    constraint. Everything comes in model order (which the grounder keeps stable), and
    only names and indices are printed, so the text is the same on every run."""
    out = [_sizes(model), _table("people", model.people),
           _table("days", [f"{d.isoformat()} {WEEKDAYS[d.weekday()]}" for d in model.days]),
           _table("shifts", model.shifts), _table("posts", model.posts), ""]
    out.append("auxiliaries:")
    out += [f"  {format_aux(model, a)}" for a in model.aux] or ["  (none)"]
    out += ["", "rules:"]
    made = Counter(c.rule for c in model.constraints)
    out += [f"  {format_rule(r, made[r.index])}" for r in model.rules] or ["  (none)"]
    if model.diagnostics:
        out += ["", "warnings:"]
        out += [f"  {d.code}: {d.message}" for d in model.diagnostics]
    out += ["", "constraints:"]
    out += [format_constraint(model, c) for c in model.constraints] or ["(none)"]
    return "\n".join(out) + "\n"


def format_aux(model: GroundModel, aux: AuxDef) -> str:
    """`a[label] = x[…] or x[…]` (`and` for a conjunction), so that a reader sees what
    each auxiliary a constraint mentions stands for."""
    joiner = " and " if aux.conjunction else " or "
    return f"{format_var(model, aux.var)} = " + joiner.join(format_var(model, v) for v in aux.of)


def format_rule(rule: GroundRule, constraints: int) -> str:
    """`#index kind name`, whether it is facts-only, how many of its instances the data
    decided true (they are left out of the model) and how many constraints it made."""
    facts = "yes" if rule.facts_only else "no"
    return (f"#{rule.index} {rule.kind} {rule.name}: facts_only {facts}, "
            f"decided true {rule.satisfied}, constraints {constraints}")


def _sizes(model: GroundModel) -> str:
    return (f"ground model: {len(model.people)} people, {len(model.days)} days, "
            f"{len(model.shifts)} shifts, {len(model.posts)} posts, {len(model.slots)} slots, "
            f"{len(model.aux)} auxiliaries, {len(model.rules)} rules, "
            f"{len(model.constraints)} constraints")


def _table(name: str, items) -> str:
    return f"{name}: " + (", ".join(items) if items else "(none)")
