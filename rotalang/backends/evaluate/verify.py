"""`verify`: a concrete roster checked against a program's ground model, without Z3."""

from __future__ import annotations

import re
from rotalang import ir
from rotalang.backends.evaluate.describe import RuleWords
from rotalang.backends.evaluate.evaluator import evaluate_costs
from rotalang.diagnostics import SOURCES, Diagnostic, DiagnosticError, Span
from rotalang.ground.model import GroundModel
from rotalang.ground.roster_map import UnknownAssignment, roster_to_true_vars
from rotalang.results import Roster, VerifyReport


def verify(model: GroundModel, program: ir.Program | None, roster: Roster) -> VerifyReport:
    """Every broken hard-rule instance of `roster` (in words) and its soft cost."""
    true_vars = roster_true_vars(model, roster)
    hard, cost, lines = evaluate_costs(model, true_vars, rule_words(model, program))
    return VerifyReport(hard, cost, lines)


def roster_true_vars(model: GroundModel, roster: Roster) -> frozenset[int]:
    """The slot variables a roster makes true (the grounder's mapping, shared with
    solve). An assignment that names nothing in the model — possible only for a roster
    built in Python, since `read_roster` checks names first — is an E0716 diagnostic,
    one per such assignment."""
    try:
        return roster_to_true_vars(model, roster)
    except UnknownAssignment:
        pass
    problems = []
    for a in roster.assignments:
        try:
            roster_to_true_vars(model, Roster((a,)))
        except UnknownAssignment as exc:
            problems.append(Diagnostic.error(
                "E0716", f"the roster has an assignment the program has no place for: {exc}"))
    raise DiagnosticError(problems)


def statement_texts(model: GroundModel, program: ir.Program | None) -> dict[int, str]:
    """Ground rule index → the rule's statement as the author wrote it (one line), so a
    broken clause can say what the rule asks for: "no 夜班 followed by 早班"."""
    return {index: words.statement for index, words in rule_words(model, program).items()
            if words.statement}


def rule_words(model: GroundModel, program: ir.Program | None) -> dict[int, RuleWords]:
    """Ground rule index → the words of its source rule (see `RuleWords`)."""
    if program is None:
        return {}
    by_name = {r.name: r for r in program.rules}
    out = {}
    for g in model.rules:
        rule = by_name.get(g.name)
        if rule is None:
            continue
        statement = rule.body.statement
        compared = None
        if isinstance(statement, ir.Require) and isinstance(statement.expr, ir.Compare):
            left = span_text(statement.expr.left.span)
            if left:
                compared = (statement.expr.op, left)
        out[g.index] = RuleWords(span_text(statement.span), compared)
    return out


def span_text(span: Span | None) -> str | None:
    """The source text under a span, whitespace runs made single spaces."""
    if span is None:
        return None
    text = SOURCES.text(span.file)
    if text is None:
        return None
    if span.end_offset > span.start_offset:
        chunk = text[span.start_offset:span.end_offset]
    else:
        lines = text.split("\n")[span.start_line - 1:span.end_line]
        if not lines:
            return None
        if len(lines) == 1:
            chunk = lines[0][span.start_col - 1:span.end_col - 1]
        else:
            chunk = "\n".join([lines[0][span.start_col - 1:], *lines[1:-1],
                               lines[-1][:span.end_col - 1]])
    chunk = re.sub(r"\s+", " ", chunk).strip()
    return chunk or None
