"""`verify`: a concrete roster checked against a program's ground model, without Z3."""

from __future__ import annotations

import re

import attrs

from rotalang import ir
from rotalang.verify.describe import RuleWords, SomeFilter
from rotalang.verify.findings import cost_lines, violations
from rotalang.verify.itemise import cost_items
from rotalang.diagnostics import SOURCES, Diagnostic, DiagnosticError, Span
from rotalang.ground.model import GroundModel
from rotalang.ground.semantics import evaluate
from rotalang.ground.roster_map import UnknownAssignment, roster_to_true_vars
from rotalang.verify.roster_io import unknown_name_help
from rotalang.results import Assignment, Roster, VerifyReport


def verify(model: GroundModel, program: ir.Program | None, roster: Roster) -> VerifyReport:
    """Every broken hard-rule instance of `roster` (in words) and its soft cost."""
    true_vars = roster_true_vars(model, roster, program)
    words = rule_words(model, program)
    evaluation = evaluate(model, true_vars)
    return VerifyReport(violations(model, evaluation, evaluation.failed_hard, words),
                        evaluation.total_cost, cost_lines(model, evaluation),
                        cost_items=cost_items(model, evaluation, words))


def roster_true_vars(model: GroundModel, roster: Roster,
                     program: ir.Program | None = None) -> frozenset[int]:
    """The slot variables a roster makes true (the grounder's mapping, shared with
    solve). An assignment that names nothing in the model — possible only for a roster
    built in Python, since `read_roster` checks names first — is an E0716 diagnostic,
    one per such assignment (naming the staff and post kinds of `program` when given)."""
    try:
        return roster_to_true_vars(model, roster)
    except UnknownAssignment:
        pass
    problems = []
    for a in roster.assignments:
        try:
            roster_to_true_vars(model, Roster((a,)))
        except UnknownAssignment:
            problems.append(misplaced_assignment(model, program, a))
    raise DiagnosticError(problems)


def misplaced_assignment(model: GroundModel, program: ir.Program | None,
                         a: Assignment) -> Diagnostic:
    """E0716 in one sentence: what the roster assigns, and what the program lacks."""
    staff_kind = program.staff_kind if program is not None else None
    post_kind = program.post_kind if program is not None else None
    people = f"the {staff_kind.name}" if staff_kind else "the staff"
    posts = f"the {post_kind.name}" if post_kind else "the posts"
    assigns = f"the roster assigns {a.staff}" + (f" to {a.shift}" if a.shift else "") \
        + (f" on {a.date.isoformat()}" if a.date else "") + (f" at {a.post}" if a.post else "")
    help_ = None
    if a.staff not in model.people:
        why = f"{a.staff} is not one of {people}"
        help_ = unknown_name_help(a.staff, list(model.people), "people")
    elif model.days and (a.date is None or a.shift is None):
        why = "an assignment of this program needs a date and a shift"
    elif model.days and a.date not in model.days:
        why = (f"{a.date.isoformat()} is outside the calendar "
               f"({model.days[0].isoformat()} to {model.days[-1].isoformat()})")
    elif model.shifts and a.shift not in model.shifts:
        why = f"the program has no shift {a.shift}"
        help_ = unknown_name_help(a.shift, list(model.shifts), "shifts")
    elif model.posts and a.post is None:
        why = f"it names none of {posts}, and every assignment of this program is at one"
    elif model.posts and a.post not in model.posts:
        why = f"{a.post} is not one of {posts}"
        help_ = unknown_name_help(a.post, list(model.posts), "posts")
    elif not model.posts and a.post is not None:
        why = "the program has no posts"
    else:
        why = "the program has no place for it"
    return Diagnostic.error("E0716", f"{assigns}, but {why}", help=help_)


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
        compared = counted = None
        if isinstance(statement, ir.Require) and isinstance(statement.expr, ir.Compare):
            left = span_text(statement.expr.left.span)
            if left:
                compared = (statement.expr.op, left)
                counted = counted_noun(statement.expr.left, program)
        some = None
        if isinstance(statement, ir.Require):
            some = some_filter(statement.expr)
        text = span_text(statement.span)
        guard = span_text(rule.body.guard.span) if rule.body.guard is not None else None
        shown = f"{text} when {guard}" if text and guard else text
        out[g.index] = RuleWords(text, compared, counted, some, shown)
    return out


def some_filter(expr: ir.Expr) -> SomeFilter | None:
    """For `some(人员 p where p.身份 = 党员干部 and p works s on d at k)`: the kind, the
    binder and the conditions that do not mention the roster (`p.身份 = 党员干部`), so a
    failed instance can name who was eligible; None for any other expression or when a
    condition's text is not at hand."""
    if not (isinstance(expr, ir.Aggregate) and expr.op == "some" and len(expr.binders) == 1):
        return None
    binder = expr.binders[0]
    if not isinstance(binder.domain, ir.KindDomain):
        return None
    conditions = []
    for item in _conjuncts(expr.where):
        if isinstance(item, ir.Works):
            continue  # what the story of each person tells
        if _mentions_roster(item):
            return None  # leaving it out would name too many people
        text = span_text(item.span)
        if text is None:
            return None
        conditions.append(text)
    return SomeFilter(binder.domain.kind, binder.var.name, tuple(conditions))


def _conjuncts(expr: ir.Expr | None) -> list[ir.Expr]:
    if expr is None:
        return []
    if isinstance(expr, ir.And):
        return [c for item in expr.items for c in _conjuncts(item)]
    return [expr]


def _mentions_roster(node) -> bool:
    """True when an expression reads the assignment (`works`, `shifts(p)` …): any IR
    node that is not a plain value, a name, an attribute or an operator on those."""
    if isinstance(node, (tuple, list)):
        return any(_mentions_roster(n) for n in node)
    if not attrs.has(type(node)) or type(node).__module__ != ir.__name__:
        return False  # a value (an enum value, a date …), not an expression
    if type(node).__name__ not in _STATIC_NODES:
        return True
    return any(_mentions_roster(getattr(node, f.name)) for f in attrs.fields(type(node))
               if f.name not in ("span", "type"))


_STATIC_NODES = frozenset({"Lit", "VarRef", "LetRef", "Var", "Attr", "Arith", "Neg",
                           "Compare", "And", "Or", "Not", "Implies", "Member", "DateIs",
                           "SetLit"})


def counted_noun(expr: ir.Expr, program: ir.Program) -> tuple[str, str] | None:
    """What a `count` over one binder counts, singular and plural: ("person",
    "people") for the staff kind, ("day", "days"), ("shift", "shifts"), a kind's name
    for other records; None for anything else."""
    if not (isinstance(expr, ir.Aggregate) and expr.op == "count" and len(expr.binders) == 1):
        return None
    domain = expr.binders[0].domain
    if isinstance(domain, ir.KindDomain):
        staff = program.staff_kind
        if staff is not None and domain.kind == staff.name:
            return "person", "people"
        return domain.kind, domain.kind
    if isinstance(domain, ir.DayDomain):
        return "day", "days"
    if isinstance(domain, ir.ShiftDomain):
        return "shift", "shifts"
    return None


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
