"""A roster's findings in a rule author's words: each broken hard instance, and the
cost of each soft rule. The meaning of each instance is `rotalang.ground.semantics`;
this module only puts what it finds into words (`describe.py`) and into order."""

from __future__ import annotations

from fractions import Fraction
from typing import Iterable, Mapping

from rotalang.ground.model import GroundModel
from rotalang.ground.semantics import Evaluation, compile_model, evaluate
from rotalang.results import CostLine, Violation
from rotalang.verify.describe import Describer, RuleWords


def cost_lines(model: GroundModel, evaluation: Evaluation) -> tuple[CostLine, ...]:
    """One line per soft rule, in rule order (rules that cost nothing included)."""
    lines = []
    for r in model.rules:
        if r.index in evaluation.costs:
            cost, count = evaluation.costs[r.index]
            lines.append(CostLine(r.name, r.span.start_line if r.span else None, cost, count))
    return tuple(lines)


def violations(model: GroundModel, evaluation: Evaluation, indices: Iterable[int],
               words: Mapping[int, RuleWords | str] | None = None) -> tuple[Violation, ...]:
    """The failed instances `indices` in words, in rule order then model order."""
    rules = {r.index: r for r in model.rules}
    order = {r.index: pos for pos, r in enumerate(model.rules)}
    describer = Describer(model)
    out = []
    for i in sorted(indices, key=lambda i: (order.get(model.constraints[i].rule, 0), i)):
        c = model.constraints[i]
        rule = rules[c.rule]
        rule_words = (words or {}).get(c.rule)
        expected, actual, what, found = describer.failure(
            c.formula, evaluation.values, rule_words, c.binding)
        statement = rule_words if isinstance(rule_words, str) else \
            (rule_words.shown or rule_words.statement if rule_words else None)
        out.append(Violation(rule.name, rule.span.start_line if rule.span else None,
                             c.binding, expected, actual, what, found,
                             " ".join(text for _, text in reading_order(model, c.binding)),
                             statement or ""))
    return tuple(out)


def reading_order(model: GroundModel, binding: tuple) -> tuple:
    """A binding ordered as a sentence reads it: who, when, which shift, where (then
    anything else in the rule's order): "2025-02-11 夜班 东关"."""
    people, shifts, posts = set(model.people), set(model.shifts), set(model.posts)
    days = {d.isoformat() for d in model.days}

    def rank(item) -> int:
        text = item[1]
        if text in people:
            return 0
        if text in days:
            return 1
        if text in shifts:
            return 2
        if text in posts:
            return 3
        return 4
    return tuple(sorted(binding, key=rank))


def evaluate_costs(model: GroundModel, true_vars: Iterable[int],
                   words: Mapping[int, RuleWords | str] | None = None,
                   ) -> tuple[tuple[Violation, ...], Fraction, tuple[CostLine, ...]]:
    """(broken hard instances in words, total soft cost, cost per soft rule).

    Hard rules and structural rules are checked; assertions are not. `words` (rule
    index → `RuleWords`, or just the statement's text) lets a broken instance say
    what the rule asks for in the author's own words."""
    compiled = compile_model(model)
    evaluation = evaluate(compiled, true_vars)
    hard = violations(model, evaluation, evaluation.failed_hard, words)
    return hard, evaluation.total_cost, cost_lines(model, evaluation)
