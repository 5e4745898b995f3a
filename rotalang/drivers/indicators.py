"""The rules that read the data alone, instance by instance, with their values:
what `check --show` lists. A county's target indicators (计划生育率 at least 94% in each
district) are such rules; `check` reports only the ones the data breaks (E0603), and
an office also wants to see the ones that pass, and by how much.

Each facts-only rule and data-only assertion is evaluated on the data for every
binding its data-only `where` admits: a comparison gives its two sides and their
difference, a conjunction of comparisons one line per comparison, anything else its
truth. A binding whose value is missing (an optional field) is left out, as the
grounder leaves its instance out."""

from __future__ import annotations

import datetime
from fractions import Fraction

from rotalang import ir
from rotalang.ground import model as gm
from rotalang.ground.calendar import CalendarTables
from rotalang.ground.compare import holds
from rotalang.ground.errors import GroundError, MissingValue
from rotalang.ground.partial import Evaluator
from rotalang.ground.slots import AuxRegistry, Slots
from rotalang.ir_text import format_expr
from rotalang.results import Indicator
from rotalang.values import Duration, exact_decimal, format_value


def indicators(program: ir.Program, model: gm.GroundModel) -> tuple[Indicator, ...]:
    """Every instance of the program's facts-only rules and data-only assertions, in
    rule order, then binding order."""
    cal = CalendarTables(program.calendar)
    slots = Slots(program, cal)
    ev = Evaluator(program, cal, slots, AuxRegistry(len(slots.slots)))
    by_place = {(r.name, r.span): r for r in program.rules}
    out: list[Indicator] = []
    for ground_rule in model.rules:
        rule = by_place.get((ground_rule.name, ground_rule.span))
        if rule is None or not ground_rule.facts_only or \
                not isinstance(rule.body.statement, ir.Require):
            continue
        binders = [b for q in rule.body.quantifiers for b in q.binders]
        for env in _bindings(ev, rule.body.quantifiers, {}, 0):
            binding = tuple((b.var.name, format_value(env[b.var.uid])) for b in binders)
            try:
                if rule.body.guard is not None and ev.condition(rule.body.guard, env) is not True:
                    continue
                out.extend(_lines(ev, rule, rule.body.statement.expr, env, binding))
            except (MissingValue, GroundError):
                continue
    return tuple(out)


def _bindings(ev: Evaluator, quantifiers, env: dict, i: int):
    if i == len(quantifiers):
        yield env
        return
    q = quantifiers[i]
    for _ in ev.bindings(q.binders, env):
        if q.where is not None:
            try:
                if ev.condition(q.where, env) is not True:
                    continue
            except MissingValue:
                continue
        yield from _bindings(ev, quantifiers, env, i + 1)


def _lines(ev: Evaluator, rule: ir.Rule, expr, env: dict, binding) -> list[Indicator]:
    """The lines of one instance: the comparisons that decide it. Conditions are read
    as an author means them — `if 比较 = 至少 then 实际 >= 目标 else 实际 <= 目标` shows
    the one comparison its data selects, and a branch of an `or` whose conditions hold
    shows its comparison — so that a target sheet with its operator in a column lists
    actual against target like any other."""
    line = rule.span.start_line if rule.span is not None else None
    assertion = rule.kind == "assert"
    if isinstance(expr, ir.And):
        return [x for part in expr.items if not _is_condition(ev, part, env)
                for x in _lines(ev, rule, part, env, binding)]
    if isinstance(expr, ir.Implies):
        if ev.eval(expr.condition, env) is not True:
            return []  # its condition leaves this instance out
        return _lines(ev, rule, expr.consequence, env, binding)
    if isinstance(expr, ir.Or):
        chosen = next((item for item in expr.items if _conditions_hold(ev, item, env)), None)
        if chosen is not None and chosen is not expr:
            return _lines(ev, rule, chosen, env, binding)
    if isinstance(expr, ir.Compare) and expr.op in ("<", "<=", ">", ">=", "=", "!="):
        left, right = ev.eval(expr.left, env), ev.eval(expr.right, env)
        if isinstance(expr.left, ir.Attr) and isinstance(expr.left.obj, ir.VarRef):
            measure = expr.left.name
        else:
            measure = format_expr(expr.left)
        target = format_value(right)
        return [Indicator(rule.name, line, binding, measure, _in_unit_of(left, target),
                          expr.op, target, _difference(left, right),
                          holds(expr.op, left, right), assertion)]
    value = ev.eval(expr, env)
    return [Indicator(rule.name, line, binding, format_expr(expr), format_value(value),
                      met=value is True, assertion=assertion)]


def _is_condition(ev: Evaluator, part, env: dict) -> bool:
    """Whether a conjunct only selects (a true test of the data that is no comparison
    of quantities, like `比较 = 至少`), rather than being checked."""
    if isinstance(part, ir.Compare) and _quantities(ev, part, env):
        return False
    if isinstance(part, (ir.And, ir.Or, ir.Implies)):
        return False
    return ev.eval(part, env) is True


def _conditions_hold(ev: Evaluator, item, env: dict) -> bool:
    """Whether the selecting conjuncts of an `or` branch hold (it is the branch the
    data chose); a branch without any is chosen only when it holds."""
    parts = item.items if isinstance(item, ir.And) else (item,)
    conditions = [p for p in parts if not (isinstance(p, ir.Compare)
                                            and _quantities(ev, p, env))]
    if not conditions:
        return ev.eval(item, env) is True
    return all(ev.eval(p, env) is True for p in conditions)


def _quantities(ev: Evaluator, compare: ir.Compare, env: dict) -> bool:
    """Whether a comparison compares amounts (numbers, ratios, durations, dates), the
    kind an indicator has, rather than names (`比较 = 至少`)."""
    return compare.left.type.name in ("int", "ratio", "duration", "date", "time")


def _per(target: str) -> tuple[str, int]:
    """The unit a target is shown in (`94%`: "%", 100), or ("", 1)."""
    unit = target[-1:]
    return (unit, {"%": 100, "‰": 1000}[unit]) if unit in ("%", "‰") else ("", 1)


def _in_unit_of(value, target: str) -> str:
    """`value` as the author reads it beside the target: 0.0042 beside 5.32‰ is 4.2‰,
    not 0.42%."""
    unit, per = _per(target)
    if per != 1 and isinstance(value, (int, Fraction)) and not isinstance(value, bool):
        text = exact_decimal(Fraction(value) * per)
        if text is not None:
            return text + unit
    return format_value(value)


def _difference(left, right) -> str:
    """`left - right` with its sign, where both are quantities: `+1.48%`, `-3`, `+2h`."""
    if isinstance(left, bool) or isinstance(right, bool):
        return ""
    if isinstance(left, (int, Fraction)) and isinstance(right, (int, Fraction)):
        # in the target's unit: 97.56% against 94% is +3.56%, 107.5 against 108 is -0.5
        unit, per = _per(format_value(right))
        d = (Fraction(left) - Fraction(right)) * per
        text = exact_decimal(d) or f"{d.numerator}/{d.denominator}"
        return ("+" if d > 0 else "") + text + (unit if per != 1 else "")
    if isinstance(left, Duration) and isinstance(right, Duration):
        d = left.minutes - right.minutes
        return ("+" if d > 0 else "-" if d < 0 else "") + str(Duration(abs(d)))
    if isinstance(left, datetime.date) and isinstance(right, datetime.date):
        return f"{(left - right).days:+d}d"
    return ""
