"""W0602 `implied-rule`: a hard rule that the other hard rules (and the structural
ones) already imply, so it never changes the roster — the prover finds "the others hold
and this one fails" unsatisfiable. Rules are tried from the last to the first and a
rule found implied is left out of the others for the rest, so all the rules reported
can be removed together (of two duplicates, the later one is reported). A hard rule the
data alone makes true for every roster is reported the same way. A rule implied by a
built-in structural rule alone restates it (N0602, a note) when it also implies the
built-in rule: authors write "one shift per day" out to document it, and it is no
mistake. When it asks less than the built-in rule (`<= 2` shifts a day), it allows
rosters the built-in rule forbids: W0605, with the `relax` that would let it."""

from __future__ import annotations

from rotalang import ir
from rotalang.backends.protocol import Group, GroupKind
from rotalang.diagnostics import Diagnostic, Severity
from rotalang.ground import model as gm
from rotalang.ground.words import built_in_text, join_names, rule_label
from rotalang.lints.context import LintContext
from rotalang.lints.registry import lint


RESTATES = "N0602"
WEAKER = "W0605"


@lint
class ImpliedRule:
    """W0602: a hard rule the other hard rules imply (or the data makes always true)."""

    code = "W0602"
    name = "implied-rule"

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
        if not ctx.feasible():  # infeasible or undecided: everything would be "implied"
            return out
        kept = list(ctx.hard_rules)
        for rule, g in reversed(candidates):
            if ctx.out_of_time():
                break
            if g.index not in kept:
                continue
            broken = Group(GroupKind.BROKEN, g.index)
            others = [Group(GroupKind.RULE, r) for r in kept if r != g.index]
            found = ctx.ask(lambda b: ctx.prover.shrink([*others, broken], b, thorough=False))
            if found is None or broken not in found.members:
                continue
            implying = [ctx.model.rules[key.index] for key in found.members if key != broken]
            if implying and found.minimal and all(r.span is None for r in implying):
                # Stating a built-in rule in the author's words is documentation, not a
                # mistake: kept among the rules, and named in conflicts in its stead.
                # Asking less than it is a rule the author thinks lets more through.
                weaker = [r for r in implying if not self._implies(ctx, g, r)]
                out.append(self.weaker(rule, weaker) if weaker else
                           self.restates(rule, implying))
                continue
            kept.remove(g.index)
            out.append(self.implied(rule, implying, found.minimal))
        return out

    @staticmethod
    def _implies(ctx: LintContext, g: gm.GroundRule, built_in: gm.GroundRule) -> bool:
        """Whether rule `g` alone implies `built_in` (undecided counts as yes: the
        note then stays the milder one)."""
        groups = [Group(GroupKind.RULE, g.index), Group(GroupKind.BROKEN, built_in.index)]
        answer = ctx.ask(lambda b: ctx.prover.ask(groups, b))
        return not answer.sat

    @staticmethod
    def weaker(rule: ir.Rule, built_in: list[gm.GroundRule]) -> Diagnostic:
        said = join_names([built_in_text(r) for r in built_in])
        relax = ", ".join(f'"{r.name}"' for r in built_in)
        return Diagnostic.warning(
            WEAKER, f"rule {rule.name} allows rosters that {said} forbids", rule.span,
            label="asks less than the built-in rule",
            notes=[f"{said} still holds, so this rule changes no roster"],
            help=f"if that is meant to be allowed, write `relax {relax}`; "
                 f"otherwise remove the rule")

    @staticmethod
    def restates(rule: ir.Rule, built_in: list[gm.GroundRule]) -> Diagnostic:
        said = join_names([built_in_text(r) for r in built_in])
        return Diagnostic(Severity.NOTE, RESTATES, f"rule {rule.name} restates {said}",
                          rule.span, label="the same as a built-in rule",
                          notes=["conflicts name this rule where the built-in one takes "
                                 "part; it changes no roster"])

    @staticmethod
    def always_true(rule: ir.Rule) -> Diagnostic:
        return Diagnostic.warning(
            ImpliedRule.code, f"rule {rule.name} holds for every roster with this data (it never "
            "changes the roster)", rule.span, label="no instance of it can be broken",
            help="check its numbers against the data and the calendar, or remove it")

    @staticmethod
    def implied(rule: ir.Rule, implying: list[gm.GroundRule], minimal: bool) -> Diagnostic:
        names = join_names([rule_label(r) for r in implying])
        if not implying:
            note = "it holds for every roster, whatever the other rules say"
        elif minimal:
            note = f"implied by {names}" if len(implying) == 1 else \
                f"implied by {names} together"
        else:
            note = f"implied by {names} together (perhaps by fewer of them)"
        return Diagnostic.warning(
            ImpliedRule.code, f"rule {rule.name} is implied by the other rules (it never changes "
            "the roster)", rule.span, label="implied by the other rules", notes=[note],
            help=f"remove it, or write `assert {rule.name}: ...` to keep it as a check")
