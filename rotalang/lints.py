"""Lints: rules that are legal but probably not what the author meant.

- `NeverApplies` (W0511): a rule whose quantifiers bind nothing with this data — every
  binding is ruled out by a `where`, by a `when`/`unless`, or a domain is empty. The
  rule has no effect, which usually means the data or the condition is wrong.
- `ImpliedRule` (W0602): a hard rule that the other hard rules (and the structural
  ones) already imply, so it never changes the roster: Z3 finds "the others hold and
  this one fails" unsatisfiable. Rules are tried from the last to the first and a rule
  found implied is left out of the others for the rest, so all the rules reported can
  be removed together (of two duplicates, the later one is reported). A hard rule the
  data alone makes true for every roster is reported the same way.
- `CostlessSoftRule` (W0603): a soft rule no roster meeting the hard rules can make
  cost anything.

The Z3 lints need the hard rules to be satisfiable (otherwise everything is implied);
they are skipped on large models, and each rule's question gets a fixed amount of Z3
work (`PER_RULE_WORK`, Z3's deterministic resource limit, see backends/z3/budget.py),
so which lints fire does not depend on how loaded the machine is; a lint that cannot
decide within its work says nothing, since lints are advice, never errors. The wall
clock is only the outer guard of the whole time limit.

Entry point: `run_lints(program_ir, ground_model, time_limit=...)`.
"""

from __future__ import annotations

import attrs
import z3

from rotalang import ir
from rotalang.diagnostics import SOURCES, Diagnostic, Label, Span
from rotalang.ground import model as gm

NEVER_APPLIES = "W0511"
IMPLIED = "W0602"
COSTLESS = "W0603"

# Z3 work for one rule's question, shrinking included (about a second, see budget.py)
PER_RULE_WORK = 1_000_000
MAX_VARIABLES = 20_000  # larger models skip the Z3 lints
MAX_INSTANCES = 50_000
MAX_BINDINGS = 200_000  # NeverApplies stops explaining beyond this many bindings


def run_lints(program_ir: ir.Program, ground_model: gm.GroundModel, *,
              time_limit: float | None = 10.0, encoding=None,
              budget=None) -> list[Diagnostic]:
    """Every lint's warnings, sorted. `time_limit` bounds the Z3 lints together, as
    work at budget.RLIMIT_PER_SECOND (None: no overall bound, each rule still gets
    PER_RULE_WORK); or pass `budget` (a `backends.z3.budget.Budget`, whose work the
    lints then spend). Pass `encoding` (a `backends.z3.encode.Encoding` of the same
    model) to reuse one already built."""
    if budget is None:
        from rotalang.backends.z3.budget import Budget

        budget = Budget(time_limit)
    ctx = LintContext(program_ir, ground_model, budget, encoding)
    out: list[Diagnostic] = []
    for lint in (NeverApplies(), ImpliedRule(), CostlessSoftRule()):
        out += lint.run(ctx)
    return sorted(out, key=Diagnostic.sort_key)


# ----------------------------------------------------------------------- context


class LintContext:
    """What the lints share: the program, its ground model with each source rule's
    ground rule and instances, and (built on first use) the Z3 encoding."""

    def __init__(self, program: ir.Program, model: gm.GroundModel, budget,
                 encoding=None):
        self.program = program
        self.model = model
        self.budget = budget
        self._encoding = encoding
        self._tracker = None
        self.feasible: bool | None = None
        # The grounder appends one GroundRule per source rule, in order; match by name
        # and kind anyway so that a change there cannot pair the wrong rules.
        by_name = {(r.name, r.kind): r.index for r in model.rules if r.kind != "structure"}
        self.ground_index: dict[int, int] = {
            rule.index: by_name[(rule.name, rule.kind)] for rule in program.rules
            if (rule.name, rule.kind) in by_name}
        self.instances: dict[int, list[int]] = {}  # ground rule → constraint indices
        for i, c in enumerate(model.constraints):
            self.instances.setdefault(c.rule, []).append(i)

    def ground_rule(self, rule: ir.Rule) -> gm.GroundRule | None:
        index = self.ground_index.get(rule.index)
        return None if index is None else self.model.rules[index]

    def instance_count(self, rule: ir.Rule) -> int:
        index = self.ground_index.get(rule.index)
        return 0 if index is None else len(self.instances.get(index, ()))

    # Z3 ----------------------------------------------------------------------
    @property
    def small_enough(self) -> bool:
        return (self.model.num_vars <= MAX_VARIABLES
                and len(self.model.constraints) <= MAX_INSTANCES)

    @property
    def encoding(self):
        if self._encoding is None:
            from rotalang.backends.z3.encode import encode

            self._encoding = encode(self.model)
        return self._encoding

    def ask(self, question):
        """`question(budget)` with PER_RULE_WORK units at most, counted in the whole."""
        part = self.budget.part(PER_RULE_WORK)
        try:
            return question(part)
        finally:
            self.budget.absorb(part)

    def out_of_time(self) -> bool:
        return self.budget.exhausted()

    def hard_tracker(self):
        """A tracker holding every hard and structural rule behind its own literal, and
        nothing else; None when the hard rules cannot all hold (or Z3 cannot say)."""
        if self.feasible is None:
            from rotalang.backends.z3.mus import Tracker

            by_rule = self.encoding.hard_by_rule()
            self._hard_rules = list(by_rule)
            self._tracker = Tracker(self.encoding, {
                ("hard", r): [inst.expr for inst in insts] for r, insts in by_rule.items()})
            keys = [("hard", r) for r in by_rule]
            self.feasible = self.ask(lambda b: self._tracker.run(keys, b)).sat
        return self._tracker if self.feasible else None

    @property
    def hard_rules(self) -> list[int]:
        """Ground rule indices with hard instances (structure included), in order."""
        return self._hard_rules

    def add_group(self, key, exprs: list) -> None:
        """Put one more group (a negated rule, a rule's cost) behind its own literal."""
        tracker = self._tracker
        lit = z3.Bool(f"lint{len(tracker.keys)}", self.encoding.ctx)
        tracker.keys.append(key)
        tracker.literal[key] = lit
        tracker.key_of[lit.get_id()] = key
        tracker.solver.add([z3.Implies(lit, e) for e in exprs])


# --------------------------------------------------------------- source helpers


def source_text(span: Span | None) -> str | None:
    """The text a span covers, on one line, or None when the source is not known."""
    if span is None:
        return None
    text = SOURCES.text(span.file)
    if text is None or span.end_offset <= span.start_offset:
        return None
    return " ".join(text[span.start_offset:span.end_offset].split())


def word_before(span: Span) -> str:
    text = SOURCES.text(span.file) or ""
    before = text[:span.start_offset].rstrip().split()
    return before[-1] if before else ""


def rule_words(rule: ir.Rule) -> str:
    kind = {"soft": "soft rule", "assert": "assertion"}.get(rule.kind, "rule")
    return f"{kind} {rule.name}"


# ------------------------------------------------------------------ never applies


@attrs.frozen
class _Reason:
    message: str  # completes "rule X never applies: …"
    span: Span | None
    label: str


class NeverApplies:
    """W0511: the rule has no binding at all with this data."""

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
            NEVER_APPLIES, f"{rule_words(rule)} never applies: {reason.message}",
            reason.span or rule.span, label=reason.label, labels=labels,
            help="check the data and the condition; a rule that never applies has no effect")


def _evaluator(program: ir.Program):
    from rotalang.ground.calendar import CalendarTables
    from rotalang.ground.evaluate import Evaluator
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


# ---------------------------------------------------------------- implied rules


class ImpliedRule:
    """W0602: a hard rule the other hard rules imply (or the data makes always true)."""

    def run(self, ctx: LintContext) -> list[Diagnostic]:
        out = []
        candidates = []
        for rule in ctx.program.rules:
            g = ctx.ground_rule(rule)
            if rule.kind != "hard" or rule.facts_only or g is None:
                continue
            if not ctx.instance_count(rule):
                if g.satisfied:  # every instance decided true while grounding
                    out.append(self.always_true(rule))
                continue
            candidates.append((rule, g))
        if not candidates or not ctx.small_enough:
            return out
        tracker = ctx.hard_tracker()
        if tracker is None:  # infeasible or undecided: everything would be "implied"
            return out
        from rotalang.backends.z3.mus import shrink

        kept = list(ctx.hard_rules)
        by_rule = ctx.encoding.hard_by_rule()
        for rule, g in reversed(candidates):
            if ctx.out_of_time():
                break
            if g.index not in by_rule:
                continue
            negated = ("not", g.index)
            ctx.add_group(negated, [z3.Or([z3.Not(i.expr) for i in by_rule[g.index]])])
            others = [("hard", r) for r in kept if r != g.index]
            found = ctx.ask(lambda b: shrink(tracker, [*others, negated], b))
            if found is None or negated not in found.members:
                continue
            kept.remove(g.index)
            implying = [ctx.model.rules[key[1]] for key in found.members if key != negated]
            out.append(self.implied(rule, implying, found.minimal))
        return out

    @staticmethod
    def always_true(rule: ir.Rule) -> Diagnostic:
        return Diagnostic.warning(
            IMPLIED, f"rule {rule.name} holds for every roster with this data (it never "
            "changes the roster)", rule.span, label="no instance of it can be broken",
            help="check its numbers against the data and the calendar, or remove it")

    @staticmethod
    def implied(rule: ir.Rule, implying: list[gm.GroundRule], minimal: bool) -> Diagnostic:
        from rotalang.backends.z3.words import join_names, rule_label

        names = join_names([rule_label(r) for r in implying])
        if not implying:
            note = "it holds for every roster, whatever the other rules say"
        elif minimal:
            note = f"implied by {names}" if len(implying) == 1 else \
                f"implied by {names} together"
        else:
            note = f"implied by {names} together (perhaps by fewer of them)"
        return Diagnostic.warning(
            IMPLIED, f"rule {rule.name} is implied by the other rules (it never changes "
            "the roster)", rule.span, label="implied by the other rules", notes=[note],
            help=f"remove it, or write `assert {rule.name}: ...` to keep it as a check")


# ------------------------------------------------------------ costless soft rules


class CostlessSoftRule:
    """W0603: no roster meeting the hard rules makes this soft rule cost anything."""

    def run(self, ctx: LintContext) -> list[Diagnostic]:
        out = []
        candidates = []
        for rule in ctx.program.rules:
            g = ctx.ground_rule(rule)
            if rule.kind != "soft" or g is None:
                continue
            if not ctx.instance_count(rule):
                if g.satisfied:
                    out.append(self.diagnostic(rule, "no instance of it can be broken "
                                                     "with this data"))
                continue
            candidates.append((rule, g))
        if not candidates or not ctx.small_enough:
            return out
        tracker = ctx.hard_tracker()
        if tracker is None:
            return out
        hard = [("hard", r) for r in ctx.hard_rules]
        for rule, g in candidates:
            if ctx.out_of_time():
                break
            key = ("costs", g.index)
            ctx.add_group(key, [z3.Or([_costs_something(ctx.encoding, ctx.model.constraints[i])
                                       for i in ctx.instances[g.index]])])
            if ctx.ask(lambda b: tracker.run([*hard, key], b)).unsat:
                out.append(self.diagnostic(
                    rule, "no roster that meets the hard rules makes it cost anything"))
        return out

    @staticmethod
    def diagnostic(rule: ir.Rule, why: str) -> Diagnostic:
        return Diagnostic.warning(
            COSTLESS, f"soft rule {rule.name} can never cost anything: {why}", rule.span,
            label="always costs 0",
            help="check its condition and numbers, or remove it")


def _costs_something(enc, c: gm.GroundConstraint) -> z3.BoolRef:
    """A Z3 formula that holds exactly when the soft instance `c` costs more than 0
    (or, for `minimize`, a value other than 0)."""
    from rotalang.backends.z3 import terms
    from rotalang.backends.z3.linear import difference

    if c.measure in ("violation", "deviation"):
        term = terms.neg(enc.formula(c.formula))
    elif c.measure == "value":
        term = enc.compare(difference(c.terms[0], gm.Lin()), "!=")
    elif c.measure == "spread":
        first = c.terms[0]
        term = terms.disj([enc.compare(difference(t, first), "!=") for t in c.terms[1:]])
    else:
        term = True  # an unknown measure: assume it can cost, so nothing is reported
    if c.guard is not None:
        term = terms.conj([enc.formula(c.guard), term])
    return terms.to_z3(term, enc.ctx)
