"""The Z3 side of `diff`: both programs in one encoding of the merged model
(`merge.py`), and the formulas its questions are built from — a program's hard rules
all hold, some of them fail, a rule's instances, a set of soft instances' exact cost,
and bounds on the difference of two costs (pseudo-Boolean where the costs allow)."""

from __future__ import annotations

import z3

from rotalang.backends.z3 import pb, terms
from rotalang.backends.z3.cost import Cost, CostBuilder
from rotalang.backends.z3.encode import Encoding, configure
from rotalang.analyses.merge import Merged
from rotalang.ground import model as gm

OLD, NEW = "old", "new"


class DiffEncoding:
    def __init__(self, merged: Merged, *, seed: int = 0):
        self.merged = merged
        self.model = merged.model
        self.seed = seed
        self.enc = Encoding(merged.model)
        self.ctx = self.enc.ctx
        self._costs: dict[tuple, Cost] = {}

    def side(self, rule: int) -> str:
        return OLD if self.merged.is_old_rule(rule) else NEW

    # ------------------------------------------------------------------ formulas

    def solver(self) -> z3.Solver:
        """A solver holding the auxiliaries' and the cost indicators' definitions
        (definitions only name things: they never forbid a roster)."""
        s = z3.Solver(ctx=self.ctx)
        configure(s, seed=self.seed)
        terms.assert_all(s, self.enc.definitions)
        return s

    def finish(self, s: z3.Solver) -> z3.Solver:
        """Add the cost indicators' definitions made since `solver()` (costs are built
        lazily, after the solver may exist)."""
        terms.assert_all(s, self.enc.cost_definitions)
        return s

    def hard(self, side: str, *, structure: bool = True) -> list[z3.BoolRef]:
        """Every hard instance of one program (its structural rules included unless
        `structure=False`)."""
        rules = self.model.rules
        return [i.expr for i in self.enc.hard if self.side(i.rule) == side
                and (structure or rules[i.rule].kind is not gm.RuleKind.STRUCTURE)]

    def structure(self) -> list[z3.BoolRef]:
        """The built-in structural rules of both programs (one shift a day ...)."""
        rules = self.model.rules
        return [i.expr for i in self.enc.hard if rules[i.rule].kind is gm.RuleKind.STRUCTURE]

    def data_forbids(self, side: str) -> bool:
        """Whether the program's data breaks a facts-only hard rule: it then allows no
        roster at all."""
        return any(self.merged.is_old_constraint(i) == (side == OLD)
                   for i in self.enc.facts_violations)

    def allows(self, side: str) -> z3.BoolRef:
        if self.data_forbids(side):
            return z3.BoolVal(False, self.ctx)
        return z3.And(self.hard(side)) if self.hard(side) else z3.BoolVal(True, self.ctx)

    def rule_holds(self, rule: int) -> z3.BoolRef:
        """Every instance of the hard rule or assertion `rule` holds (a facts-only rule:
        whether the data meets it)."""
        r = self.model.rules[rule]
        if r.facts_only:
            broken = any(self.model.constraints[i].rule == rule
                         for i in self.enc.facts_violations)
            return z3.BoolVal(not broken, self.ctx)
        pool = self.enc.assertions if r.kind is gm.RuleKind.ASSERT else self.enc.hard
        items = [i.expr for i in pool if i.rule == rule]
        return z3.And(items) if items else z3.BoolVal(True, self.ctx)

    def cost(self, rules: frozenset[int]) -> Cost:
        """The exact cost of the soft instances of `rules`, in the merged model's
        units (one factor for both programs, so costs compare as integers)."""
        key = tuple(sorted(rules))
        if key not in self._costs:
            builder = CostBuilder(self.enc)
            for c in self.model.constraints:
                if c.rule in rules and c.measure is not gm.Measure.HARD:
                    builder.add(c)
            self._costs[key] = builder.finish()
        return self._costs[key]

    def soft_rules(self, side: str) -> frozenset[int]:
        return frozenset(r.index for r in self.model.rules
                         if r.kind is gm.RuleKind.SOFT and self.side(r.index) == side)

    def difference_at_least(self, new: Cost, old: Cost, k: int) -> z3.BoolRef:
        """new − old ≥ k (integer costs)."""
        if new.ints or old.ints:
            return new.expr() - old.expr() >= k
        # Σ b·l + c_new − Σ a·m − c_old ≥ k, with −a·m = −a + a·¬m
        pairs = list(new.pairs) + [(a, terms.neg(m)) for a, m in old.pairs]
        bound = k - new.const + old.const + sum(a for a, _ in old.pairs)
        return terms.to_z3(pb.at_least(pairs, bound), self.ctx)

    def difference_at_most(self, new: Cost, old: Cost, k: int) -> z3.BoolRef:
        """new − old ≤ k, i.e. old − new ≥ −k."""
        return self.difference_at_least(old, new, -k)

    def true_slots(self, s: z3.Solver) -> tuple[int, ...]:
        return self.enc.true_vars(s.model())
