"""What each soft rule instance costs on a roster, and why: the cost explanation that
`solve` and `verify` print under the cost by rule.

One `CostItem` per instance with a non-zero cost: where it is (its binding, as a
sentence reads it), what the roster has there and what the rule asks for (in the words
hard-rule violations use), what it costs, and the roster's assignments the instance
reads. The items add up to the roster's cost exactly: each is `weight × amount /
scale` of `semantics.CompiledModel.cost`, the same terms `evaluate` sums by rule.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Mapping

from rotalang.ground.index import constraint_vars
from rotalang.ground.model import GroundConstraint, GroundModel, Measure
from rotalang.ground.roster_map import true_vars_to_roster
from rotalang.ground.semantics import (CompiledModel, Evaluation, comparison_of,
                                       compile_model, lin_value)
from rotalang.results import CostItem, Violation
from rotalang.verify.describe import Describer, RuleWords, format_number
from rotalang.verify.findings import reading_order


def cost_items(model: GroundModel, evaluation: Evaluation,
               words: Mapping[int, RuleWords | str] | None = None) -> tuple[CostItem, ...]:
    """Every soft instance that costs something on the roster `evaluation` was made
    from, dearest first (then in rule order, then in the model's order)."""
    compiled = compile_model(model)
    val = evaluation.values
    describer = Describer(model)
    order = {r.index: pos for pos, r in enumerate(model.rules)}
    found = []
    for index, c in enumerate(compiled.constraints):
        if c.measure is Measure.HARD:
            continue
        cost = compiled.cost(index, val)
        if cost:
            found.append((-cost, order.get(c.rule, 0), index))
    found.sort()
    return tuple(_item(model, compiled, describer, index, val, (words or {}).get(
        model.constraints[index].rule)) for _, _, index in found)


def _item(model: GroundModel, compiled: CompiledModel, describer: Describer, index: int,
          val, words: RuleWords | str | None) -> CostItem:
    c = model.constraints[index]
    rule = model.rules[c.rule]
    scale = c.scale or 1
    statement = words if isinstance(words, str) else \
        (words.shown or words.statement if words else None)
    if c.measure is Measure.VALUE:
        value = Fraction(lin_value(c.terms[0], val), scale) if c.terms else Fraction(0)
        expected, actual = "as little as possible", format_number(value)
        what, text = "", f"value {actual}"
        cells = _true_slots(describer, constraint_vars(c), val)
    elif c.measure is Measure.SPREAD:
        values = [Fraction(lin_value(t, val), scale) for t in c.terms]
        high, low = max(values), min(values)
        expected = "every term equal"
        actual = (f"highest {format_number(high)}{_whose(model, describer, c, values, high)}, "
                  f"lowest {format_number(low)}{_whose(model, describer, c, values, low)}")
        what, text = "", actual
        ends = {values.index(high), values.index(low)}
        cells = _true_slots(describer, {v for i in ends for _, v in c.terms[i].terms}, val)
    else:
        expected, actual, what, text = describer.failure(_compared(c), val, words, c.binding)
        cells = _true_slots(describer, constraint_vars(c), val)
    place = " ".join(word for _, word in reading_order(model, c.binding))
    instance = Violation(rule.name, rule.span.start_line if rule.span else None, c.binding,
                         expected, actual, what, text, place, statement or "")
    return CostItem(instance, compiled.cost(index, val),
                    true_vars_to_roster(model, cells).assignments)


def _whose(model: GroundModel, describer: Describer, c: GroundConstraint, values,
           value) -> str:
    """` (甲)`, ` (乙, 丙)`: the people whose terms of a balance rule have `value`,
    when each such term is about one person (else nothing); at most `NAMED` of them."""
    names = []
    for term, got in zip(c.terms, values):
        if got != value:
            continue
        people = {model.slots[s].person for _, v in term.terms for s in describer.slots_of(v)}
        if len(people) != 1:
            return ""
        names.append(model.people[people.pop()])
    if not names:
        return ""
    shown = ", ".join(names[:NAMED])
    return f" ({shown} and {len(names) - NAMED} more)" if len(names) > NAMED else f" ({shown})"


NAMED = 3


def _compared(c: GroundConstraint):
    """The formula whose failure the instance costs: a deviation's comparison without
    its `when` condition (which holds, or the instance would cost nothing)."""
    if c.measure is Measure.DEVIATION:
        cmp, _ = comparison_of(c.formula)
        if cmp is not None:
            return cmp
    return c.formula


def _true_slots(describer: Describer, variables, val) -> set[int]:
    """The slots under `variables` (through auxiliaries) that the roster fills."""
    out: set[int] = set()
    for v in variables:
        out.update(s for s in describer.slots_of(v) if val[s])
    return out
