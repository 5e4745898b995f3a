"""Evaluate every ground constraint on a concrete roster, in plain Python.

This is the independent half of the cross-check: it reads the ground model (shared
with the Z3 encoder) but not the Z3 encoding, so a roster the solver returns can be
re-checked, and a roster typed by a person can be verified.

Semantics (the same as `rotalang/ground/model.py` states for the solver):

- a `guard`, when present, decides whether the instance applies at all;
- "hard": the formula must hold. Hard rules and `(structure)` rules are checked;
  assertions (rule kind "assert") are not part of verification, and facts-only rules
  (no assignment in them: the data breaks them whatever the roster) are left to
  `check`, as the solver does;
- "violation": costs `weight` when the formula is false;
- "deviation": the formula is a comparison `L op R`, or `Or(Not(g), L op R)` for one
  that only counts when `g` holds. Costs weight × (amount it misses by) / scale, where the
  miss of `L op R` in scaled units is `R − L` for `>=`, `R + 1 − L` for `>`,
  `L − R` for `<=`, `L + 1 − R` for `<`, `|L − R|` for `=` (both directions), and one
  whole unit (`scale`) for `!=` when `L = R`. A deviation whose formula is not a
  comparison (a facts-only instance, `Const`) costs `weight` when false;
- "value": costs weight × value(terms[0]) / scale;
- "spread": costs weight × (max − min over the terms) / scale.

Every cost is an exact `Fraction`.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from typing import Iterable, Mapping

import attrs

from rotalang.backends.evaluate.compiled import CMP, CompiledModel, compile_model, holds, lin_of
from rotalang.backends.evaluate.describe import Describer, RuleWords
from rotalang.ground.model import GroundModel
from rotalang.results import CostLine, Violation

CHECKED_RULE_KINDS = ("hard", "structure")


def deviation(op: str, lhs: int, rhs: int, scale: int = 1) -> int:
    """How far `lhs op rhs` misses, in scaled units (0 when it holds)."""
    if op == ">=":
        return max(0, rhs - lhs)
    if op == ">":
        return max(0, rhs + 1 - lhs)
    if op == "<=":
        return max(0, lhs - rhs)
    if op == "<":
        return max(0, lhs + 1 - rhs)
    if op in ("=", "=="):
        return abs(lhs - rhs)
    if op == "!=":
        return scale if lhs == rhs else 0
    raise ValueError(f"unknown comparison {op!r}")


@attrs.frozen
class Evaluation:
    """Everything the evaluator found on one roster.

    `failed_hard` / `failed_asserts` / `failed_facts`: indices into
    `model.constraints` of the hard instances that do not hold — of hard and structural
    rules, of assertions, and of facts-only hard rules (which the data breaks whatever
    the roster; `check` reports them); `costs`: soft rule index → (cost, number of
    instances with a non-zero cost)."""

    values: list
    failed_hard: tuple[int, ...]
    failed_asserts: tuple[int, ...]
    failed_facts: tuple[int, ...]
    costs: Mapping[int, tuple[Fraction, int]]

    @property
    def total_cost(self) -> Fraction:
        return sum((cost for cost, _ in self.costs.values()), Fraction(0))


def evaluate(model: GroundModel | CompiledModel, true_vars: Iterable[int]) -> Evaluation:
    """Evaluate every constraint of `model` with the slot variables `true_vars` true
    (every other slot false; auxiliaries computed from their definitions)."""
    compiled = model if isinstance(model, CompiledModel) else compile_model(model)
    ground = compiled.model
    # where a broken hard instance goes: assertions and facts-only rules (broken by
    # the data, whatever the roster; `check` lists them) are kept apart
    sink = {r.index: "assert" if r.kind == "assert" else "facts" if r.facts_only else "hard"
            for r in ground.rules}
    val = compiled.values(true_vars)
    failed = {"hard": [], "assert": [], "facts": []}
    # soft rule → (weight, scale) → summed amount: integer sums, one Fraction per group
    amounts: dict[int, dict[tuple[Fraction, int], int]] = defaultdict(lambda: defaultdict(int))
    counts: dict[int, int] = defaultdict(int)
    for index, (rule, measure, guard, shape, condition, terms, weight, scale) in \
            enumerate(compiled.constraints):
        if guard is not None and not guard(val):
            continue
        if measure == "hard":
            if not holds(val, shape):
                failed[sink.get(rule, "hard")].append(index)
            continue
        if measure == "deviation" and shape[0] is CMP:
            if condition is not None and not condition(val):
                amount = 0
            else:
                amount = deviation(shape[3], lin_of(val, shape[1]), lin_of(val, shape[2]), scale)
        elif measure in ("violation", "deviation"):
            amount = 0 if holds(val, shape) else scale
        elif measure == "value":
            amount = lin_of(val, terms[0]) if terms else 0
        elif measure == "spread":
            got = [lin_of(val, t) for t in terms]
            amount = max(got) - min(got) if got else 0
        else:
            raise ValueError(f"unknown measure {measure!r} in constraint {index}")
        if amount:
            amounts[rule][(weight, scale)] += amount
            counts[rule] += 1
    costs = {}
    for r in ground.rules:
        if r.kind == "soft":
            groups = amounts.get(r.index, {})
            cost = sum((w * amt / s for (w, s), amt in groups.items()), Fraction(0))
            costs[r.index] = (cost, counts.get(r.index, 0))
    return Evaluation(val, tuple(failed["hard"]), tuple(failed["assert"]),
                      tuple(failed["facts"]), costs)


def breakdown(model: GroundModel, evaluation: Evaluation) -> tuple[CostLine, ...]:
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
    return hard, evaluation.total_cost, breakdown(model, evaluation)
