"""Matching the rules of OLD and NEW: by name first, then by meaning.

A rule in both (by name) is unchanged (same text, same meaning), reworded (other
words, proved the same meaning on this data) or changed (some roster tells them
apart). Of the rest, a rule of OLD and one of NEW of the same kind with the same
meaning are one rule renamed; what is left was removed or added. "The same meaning"
is decided by Z3 on the merged model: no roster within the built-in structural rules
on which one holds and the other fails (for soft rules: on which they cost
differently, weights included)."""

from __future__ import annotations

from rotalang import ir
from rotalang.analyses.encoding import DiffEncoding
from rotalang.analyses.questions import same_meaning
from rotalang.analyses.result import BUILT_IN, Answer, Change, RuleChange
from rotalang.backends.budget import Budget
from rotalang.ground import model as gm
from rotalang.ir_text import format_body, format_expr

SHARE = 0.02  # of the budget, per question
MAX_RENAME_QUESTIONS = 400


def match_rules(old: ir.Program, new: ir.Program, enc: DiffEncoding,
                budget: Budget) -> tuple[RuleChange, ...]:
    ground = _ground_rules(enc)
    old_by_name = {r.name: r for r in old.rules}
    new_by_name = {r.name: r for r in new.rules}
    out: list[RuleChange] = []

    def differs(a: ir.Rule | None, b: ir.Rule | None, kind: str) -> Answer:
        return same_meaning(enc, None if a is None else ground.get(("old", a.name)),
                            None if b is None else ground.get(("new", b.name)), kind,
                            budget, SHARE)

    for b in new.rules:
        a = old_by_name.get(b.name)
        if a is None:
            continue
        if a.kind != b.kind:
            out.append(RuleChange(Change.CHANGED, b.kind, _where(a), _where(b)))
            continue
        answer = differs(a, b, b.kind)
        if answer is Answer.FOUND:
            change = Change.CHANGED
        elif answer is Answer.UNDECIDED:
            change = Change.UNDECIDED
        else:
            change = Change.UNCHANGED if _text(a) == _text(b) else Change.REWORDED
        out.append(RuleChange(change, b.kind, _where(a), _where(b)))
    removed = [a for a in old.rules if a.name not in new_by_name]
    added = [b for b in new.rules if b.name not in old_by_name]
    asked = 0
    for a in removed:
        pair = None
        for b in added:
            if b.kind != a.kind or asked >= MAX_RENAME_QUESTIONS:
                continue
            asked += 1
            if differs(a, b, a.kind) is Answer.NONE:
                pair = b
                break
        if pair is None:
            out.append(RuleChange(Change.REMOVED, a.kind, _where(a), None))
        else:
            added.remove(pair)
            out.append(RuleChange(Change.RENAMED, a.kind, _where(a), _where(pair)))
    out += [RuleChange(Change.ADDED, b.kind, None, _where(b)) for b in added]
    order = {change: i for i, change in enumerate(Change)}
    return tuple(sorted(out, key=lambda c: (_position(c, new, old), order[c.change]))) \
        + _built_in_changes(old, new)


def _built_in_changes(old: ir.Program, new: ir.Program) -> tuple[RuleChange, ...]:
    """A built-in rule one program relaxes (`relax "one shift per day"`) and the other
    keeps: removed or added like an author's rule, after them. Programs of different
    shapes are refused before this (E0801), so both have the same built-in rules."""
    shape = dict(calendar=new.calendar is not None, posts=new.post_kind is not None)
    out = []
    for name in ir.built_in_rules(**shape):
        where = (name, BUILT_IN, None)
        if old.holds(name) and not new.holds(name):
            out.append(RuleChange(Change.REMOVED, BUILT_IN, where, None))
        elif new.holds(name) and not old.holds(name):
            out.append(RuleChange(Change.ADDED, BUILT_IN, None, where))
    return tuple(out)


def _ground_rules(enc: DiffEncoding) -> dict[tuple[str, str], int]:
    """(side, rule name) → ground rule index, for the author's rules."""
    return {(enc.side(r.index), r.name): r.index for r in enc.model.rules
            if r.kind is not gm.RuleKind.STRUCTURE}


def _text(rule: ir.Rule) -> tuple:
    weight = None if rule.weight is None else format_expr(rule.weight)
    return rule.kind, weight, format_body(rule.body)


def _where(rule: ir.Rule) -> tuple[str, str, int | None]:
    span = rule.span
    return rule.name, span.file if span else "", span.start_line if span else None


def _position(c: RuleChange, new: ir.Program, old: ir.Program) -> tuple:
    """NEW's order, then the removed rules in OLD's order."""
    if c.new is not None:
        return (0, [r.name for r in new.rules].index(c.new[0]))
    return (1, [r.name for r in old.rules].index(c.old[0]))
