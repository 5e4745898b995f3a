"""`verify`: a concrete roster checked against a program's ground model, without Z3."""

from __future__ import annotations

import re
from typing import Iterable

from rotalang import ir
from rotalang.backends.evaluate.evaluator import evaluate_costs
from rotalang.diagnostics import SOURCES, Diagnostic, DiagnosticError, Span
from rotalang.ground.model import GroundModel
from rotalang.results import Roster, VerifyReport


def verify(model: GroundModel, program: ir.Program | None, roster: Roster) -> VerifyReport:
    """Every broken hard-rule instance of `roster` (in words) and its soft cost."""
    true_vars = roster_true_vars(model, roster)
    hard, cost, lines = evaluate_costs(model, true_vars, statement_texts(model, program))
    return VerifyReport(hard, cost, lines)


def roster_true_vars(model: GroundModel, roster: Roster) -> set[int]:
    """The slot variables a roster makes true. Uses the grounder's mapping when it is
    there; an assignment that names nothing in the model is a diagnostic (E0716)."""
    try:
        from rotalang.ground.roster_map import roster_to_true_vars
    except ImportError:
        return _true_vars(model, roster.assignments)
    return set(roster_to_true_vars(model, roster))


def _true_vars(model: GroundModel, assignments: Iterable) -> set[int]:
    people = {name: i for i, name in enumerate(model.people)}
    days = {d: i for i, d in enumerate(model.days)}
    shifts = {name: i for i, name in enumerate(model.shifts)}
    posts = {name: i for i, name in enumerate(model.posts)}
    out, problems = set(), []
    for a in assignments:
        key = (people.get(a.staff),
               None if a.date is None else days.get(a.date, -1),
               None if a.shift is None else shifts.get(a.shift, -1),
               None if a.post is None else posts.get(a.post, -1))
        var = model.slot_index.get(key)
        if var is None:
            shown = " ".join(str(x) for x in (a.staff, a.date, a.shift, a.post) if x is not None)
            problems.append(Diagnostic.error(
                "E0716", f"the roster assigns `{shown}`, which this program has no place for"))
        else:
            out.add(var)
    if problems:
        raise DiagnosticError(problems)
    return out


def statement_texts(model: GroundModel, program: ir.Program | None) -> dict[int, str]:
    """Ground rule index → the rule's statement as the author wrote it (one line), so a
    broken clause can say what the rule asks for: "no 夜班 followed by 早班"."""
    if program is None:
        return {}
    by_name = {r.name: r for r in program.rules}
    out = {}
    for g in model.rules:
        rule = by_name.get(g.name)
        if rule is None:
            continue
        text = span_text(rule.body.statement.span)
        if text:
            out[g.index] = text
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
