"""What the lints share: the program, its ground model with each source rule's ground
rule and instances, the prover (asked only when a lint needs it), and the budget every
question spends."""

from __future__ import annotations

from rotalang import ir
from rotalang.backends.budget import Budget
from rotalang.backends.protocol import Group, GroupKind, Prover
from rotalang.diagnostics import SOURCES, Span
from rotalang.ground import model as gm

# Work for one rule's question, shrinking included (about a second: backends/budget.py)
PER_RULE_WORK = 1_000_000
MAX_VARIABLES = 20_000  # larger models skip the prover's lints
MAX_INSTANCES = 50_000


class LintContext:
    def __init__(self, program: ir.Program, model: gm.GroundModel, budget: Budget,
                 prover: Prover | None = None, *, prover_factory=None):
        self.program = program
        self.model = model
        self.budget = budget
        self._prover = prover
        self._prover_factory = prover_factory
        self._feasible: bool | None = None
        # The grounder appends one GroundRule per source rule, in order; match by name
        # and kind anyway so that a change there cannot pair the wrong rules.
        by_name = {(r.name, r.kind): r.index for r in model.rules
                   if r.kind is not gm.RuleKind.STRUCTURE}
        self.ground_index: dict[int, int] = {
            rule.index: by_name[(rule.name, rule.kind)] for rule in program.rules
            if (rule.name, rule.kind) in by_name}
        self.instances: dict[int, list[int]] = {}  # ground rule → constraint indices
        for i, c in enumerate(model.constraints):
            self.instances.setdefault(c.rule, []).append(i)
        # ground rules with hard instances a roster must meet, in order
        self.hard_rules: list[int] = sorted({
            c.rule for c in model.constraints if c.measure is gm.Measure.HARD
            and model.rules[c.rule].kind.binding and not model.rules[c.rule].facts_only})

    def ground_rule(self, rule: ir.Rule) -> gm.GroundRule | None:
        index = self.ground_index.get(rule.index)
        return None if index is None else self.model.rules[index]

    def instance_count(self, rule: ir.Rule) -> int:
        index = self.ground_index.get(rule.index)
        return 0 if index is None else len(self.instances.get(index, ()))

    # prover --------------------------------------------------------------------
    @property
    def small_enough(self) -> bool:
        return (self.model.num_vars <= MAX_VARIABLES
                and len(self.model.constraints) <= MAX_INSTANCES)

    @property
    def prover(self) -> Prover:
        if self._prover is None:
            self._prover = self._prover_factory(self.model)
        return self._prover

    def ask(self, question):
        """`question(budget)` with PER_RULE_WORK units at most, counted in the whole."""
        part = self.budget.part(PER_RULE_WORK)
        try:
            return question(part)
        finally:
            self.budget.absorb(part)

    def out_of_time(self) -> bool:
        return self.budget.exhausted()

    def feasible(self) -> bool:
        """Whether the hard rules can all hold (the prover's lints need it: otherwise
        everything is implied). Asked once; undecided counts as no."""
        if self._feasible is None:
            groups = self.hard_groups()
            self._feasible = self.ask(
                lambda b: self.prover.ask(groups, b, thorough=False)).sat
        return self._feasible

    def hard_groups(self, leave_out: int | None = None) -> list[Group]:
        return [Group(GroupKind.RULE, r) for r in self.hard_rules if r != leave_out]


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
