"""W0603 `costless-soft-rule`: a soft rule no roster meeting the hard rules can make
cost anything."""

from __future__ import annotations

from rotalang import ir
from rotalang.backends.protocol import Group, GroupKind
from rotalang.diagnostics import Diagnostic
from rotalang.lints.context import LintContext
from rotalang.lints.registry import lint


@lint
class CostlessSoftRule:
    """W0603: no roster meeting the hard rules makes this soft rule cost anything."""

    code = "W0603"
    name = "costless-soft-rule"

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
        if not ctx.feasible():
            return out
        hard = ctx.hard_groups()
        for rule, g in candidates:
            if ctx.out_of_time():
                break
            costs = Group(GroupKind.COSTS, g.index)
            if ctx.ask(lambda b: ctx.prover.ask([*hard, costs], b, thorough=False)).unsat:
                out.append(self.diagnostic(
                    rule, "no roster that meets the hard rules makes it cost anything"))
        return out

    @staticmethod
    def diagnostic(rule: ir.Rule, why: str) -> Diagnostic:
        return Diagnostic.warning(
            CostlessSoftRule.code, f"soft rule {rule.name} can never cost anything: {why}", rule.span,
            label="always costs 0",
            help="check its condition and numbers, or remove it")
