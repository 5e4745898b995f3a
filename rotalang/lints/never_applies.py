"""W0511 `never-applies`: a rule whose quantifiers bind nothing with this data —
every binding is ruled out by a `where`, by a `when`/`unless`, or a domain is empty.
The rule has no effect, which usually means the data or the condition is wrong."""

from __future__ import annotations

import attrs

from rotalang import ir
from rotalang.diagnostics import Diagnostic, Label, Span
from rotalang.lints.context import LintContext, rule_words, source_text, word_before
from rotalang.lints.registry import lint

MAX_BINDINGS = 200_000  # beyond this many bindings the walk gives up (and says nothing)


@attrs.frozen
class _Reason:
    message: str  # completes "rule X never applies: …"
    span: Span | None
    label: str


@lint
class NeverApplies:
    """W0511: the rule has no binding at all with this data."""

    code = "W0511"
    name = "never-applies"

    def run(self, ctx: LintContext) -> list[Diagnostic]:
        out = []
        evaluator = None
        for rule in ctx.program.rules:
            g = ctx.ground_rule(rule)
            # Cheap filter: a rule with an instance, or one decided true by the data,
            # binds something. The rest may still bind something whose statement makes
            # no constraint (a soft rule of weight 0): the walk below tells them apart.
            if g is None or g.satisfied or ctx.instance_count(rule):
                continue
            if evaluator is None:
                evaluator = _evaluator(ctx.program)
            reason = _why_nothing_binds(rule, evaluator)
            if reason is not None:
                out.append(self.diagnostic(rule, reason))
        return out

    @staticmethod
    def diagnostic(rule: ir.Rule, reason: _Reason) -> Diagnostic:
        labels = ([Label(rule.span, f"{rule_words(rule)} has no effect")]
                  if rule.span is not None and reason.span is not None
                  and rule.span.start_line != reason.span.start_line else [])
        return Diagnostic.warning(
            NeverApplies.code, f"{rule_words(rule)} never applies: {reason.message}",
            reason.span or rule.span, label=reason.label, labels=labels,
            help="check the data and the condition; a rule that never applies has no effect")


def _evaluator(program: ir.Program):
    from rotalang.ground.calendar import CalendarTables
    from rotalang.ground.partial import Evaluator
    from rotalang.ground.slots import AuxRegistry, Slots

    cal = CalendarTables(program.calendar)
    slots = Slots(program, cal)
    return Evaluator(program, cal, slots, AuxRegistry(len(slots.slots)))


def _why_nothing_binds(rule: ir.Rule, ev) -> _Reason | None:
    """The first quantifier (or the guard) that leaves no binding, or None when some
    binding survives (or the walk would be too long, or fails: then say nothing)."""
    from rotalang.ground.errors import GroundError

    envs: list[dict] = [{}]
    seen = 0
    try:
        for q in rule.body.quantifiers:
            survivors, bound_any = [], False
            for env in envs:
                env = dict(env)
                for _ in ev.bindings(q.binders, env):
                    bound_any = True
                    seen += 1
                    if seen > MAX_BINDINGS:
                        return None
                    if q.where is None or ev.condition(q.where, env) is not False:
                        survivors.append(dict(env))
            if not bound_any:
                return _empty_domain(q, envs, ev)
            if not survivors:
                return _where_excludes(q)
            envs = survivors
        guard = rule.body.guard
        if guard is not None and all(ev.condition(guard, env) is False for env in envs):
            return _guard_excludes(guard, rule)
    except GroundError:
        return None
    return None


def _binders_text(binders) -> str:
    texts = [source_text(b.span) or b.var.name for b in binders]
    return ", ".join(texts)


def _empty_domain(q: ir.Quantifier, envs: list[dict], ev) -> _Reason:
    for binder in q.binders:
        env = dict(envs[0])
        if not list(ev.domain_values(binder, env)):
            text = source_text(binder.span) or binder.var.name
            if isinstance(binder.domain, ir.KindDomain):
                message = f"there is no {binder.domain.kind}"
                label = f"no {binder.domain.kind} in the data"
            else:
                message = f"`{text}` has nothing to range over"
                label = "nothing to range over"
            return _Reason(message, binder.span or q.span, label)
    # The domain depends on an earlier binder and is empty for each of its values.
    return _Reason(f"`{_binders_text(q.binders)}` has nothing to range over", q.span,
                   "nothing to range over")


def _where_excludes(q: ir.Quantifier) -> _Reason:
    where = source_text(q.where.span)
    binders = _binders_text(q.binders)
    if where is None:
        return _Reason(f"its `where` excludes every {binders}", q.span, "excludes everything")
    return _Reason(f"there is no {binders} with `{where}`", q.where.span,
                   f"false for every {binders}")


def _guard_excludes(guard: ir.Expr, rule: ir.Rule) -> _Reason:
    span = guard.span
    text = source_text(span)
    keyword = word_before(span) if span is not None else ""
    if text is not None and text.split()[0] in ("when", "unless"):  # `unless` keeps its word
        keyword, text = text.split(maxsplit=1)
    if keyword not in ("when", "unless"):
        keyword = "when"
    binders = _binders_text([b for q in rule.body.quantifiers for b in q.binders])
    every = f" for every {binders}" if binders else ""
    holds = "true" if keyword == "unless" else "false"
    if text is None:
        return _Reason(f"its `{keyword}` condition is {holds}{every}", rule.span,
                       f"{holds}{every}")
    return _Reason(f"`{keyword} {text}` is {holds}{every}", span, f"{holds}{every}")
