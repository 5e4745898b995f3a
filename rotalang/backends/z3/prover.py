"""Z3 as the prover (`backends.protocol.Prover`): can these groups of instances all
hold, and which of them cannot hold together.

A group is one of `protocol.GroupKind`: every hard instance of a rule, one instance, a
rule broken (some instance fails: an assertion refuted, a hard rule implied), a soft
rule that costs something. Each is tracked behind its own assumption literal on one
solver per engine, so a question asked twice, or a conflict shrunk member by member,
reuses what Z3 learnt.

Two engines of Z3 answer: the SAT core with cutting-plane resolution of cardinality
constraints (`counting`), which refutes pigeonhole-style counting (11 people, 10
one-person posts: 3 000 resource units against > 20 s for the SMT core) that plain
clause learning cannot and is hopeless on most rosters, and the SMT core. A thorough
question goes to the counting engine first for `COUNTING_WORK` units, then to the SMT
core; a conflict is shrunk by the SMT core for a little work (its conflicts read
best), then by the counting engine, then by the SMT core with its full share.
"""

from __future__ import annotations

from typing import Hashable, Sequence

import z3

from rotalang.backends.budget import Budget
from rotalang.backends.protocol import Answer, Decision, Group, GroupKind, Shrunk
from rotalang.backends.z3 import terms
from rotalang.backends.z3.encode import Encoding
from rotalang.backends.z3.linear import difference
from rotalang.backends.z3.mus import Tracker, shrink
from rotalang.ground import model as gm

# A thorough question's first try with the counting engine is capped at COUNTING_WORK
# units (0.2 to 0.5 s): it refutes a counting argument at once (a 10-into-9 pigeonhole:
# 170 000 units) or not at all.
COUNTING_WORK = 500_000
# Shrinking: (counting engine?, cap on the first check's work), tried in turn
SHRINK_ENGINES = ((False, COUNTING_WORK), (True, None), (False, None))


class Z3Prover:
    def __init__(self, model: gm.GroundModel, *, seed: int = 0,
                 encoding: Encoding | None = None):
        self.model = model
        self.seed = seed
        self.enc = encoding or Encoding(model)
        self._trackers: dict[bool, Tracker] = {}
        self._hard = self.enc.hard_by_rule()
        self._asserted = self.enc.assertions_by_rule()
        self._by_constraint = {inst.constraint: inst.expr
                               for inst in self.enc.hard + self.enc.assertions}

    # ------------------------------------------------------------------ protocol

    def ask(self, groups: Sequence[Group], budget: Budget, *, share: float = 1.0,
            cap: int | None = None, thorough: bool = True) -> Answer:
        engines = ((True, COUNTING_WORK), (False, None)) if thorough else ((False, None),)
        checked, tracker = None, None
        for counting, first_cap in engines:
            tracker = self.tracker(counting)
            limit = first_cap if cap is None else min(cap, first_cap or cap)
            checked = tracker.run(list(groups), budget, share=share, cap=limit)
            if checked.result != z3.unknown or budget.timed_out:
                break
        if checked.sat:
            return Answer(Decision.SAT, self.enc.true_vars(tracker.solver.model()))
        if checked.unsat:
            return Answer(Decision.UNSAT)
        return Answer(Decision.UNKNOWN, why=checked.why)

    def shrink(self, groups: Sequence[Group], budget: Budget, *, share: float = 1.0,
               cap: int | None = None, thorough: bool = True) -> Shrunk | None:
        engines = SHRINK_ENGINES if thorough else ((False, cap),)
        found = None
        for counting, first_cap in engines:
            limit = first_cap if cap is None else min(cap, first_cap or cap)
            found = shrink(self.tracker(counting), list(groups), budget, share=share,
                           cap=limit)
            if found is not None or budget.timed_out:
                break
        return found

    # ------------------------------------------------------------------ groups

    def tracker(self, counting: bool) -> Tracker:
        tracker = self._trackers.get(counting)
        if tracker is None:
            tracker = self._trackers[counting] = Tracker(
                self.enc, self.exprs, seed=self.seed, counting=counting)
        return tracker

    def exprs(self, group: Hashable) -> list[z3.BoolRef]:
        """The Z3 formulas a group stands for."""
        match group:
            case Group(GroupKind.RULE, rule):
                return [inst.expr for inst in self._hard.get(rule, ())]
            case Group(GroupKind.INSTANCE, index):
                return [self._by_constraint[index]]
            case Group(GroupKind.BROKEN, rule):
                instances = self._asserted.get(rule) or self._hard.get(rule, ())
                return [z3.Or([z3.Not(inst.expr) for inst in instances])
                        if instances else z3.BoolVal(False, self.enc.ctx)]
            case Group(GroupKind.COSTS, rule):
                soft = [c for c in self.model.constraints
                        if c.rule == rule and c.measure is not gm.Measure.HARD]
                return [z3.Or([self._costs_something(c) for c in soft])
                        if soft else z3.BoolVal(False, self.enc.ctx)]
        raise ValueError(f"not a group: {group!r}")

    def _costs_something(self, c: gm.GroundConstraint) -> z3.BoolRef:
        """A Z3 formula that holds exactly when the soft instance `c` costs more than
        0 (or, for `minimize`, a value other than 0)."""
        enc = self.enc
        if c.measure in (gm.Measure.VIOLATION, gm.Measure.DEVIATION):
            term = terms.neg(enc.formula(c.formula))
        elif c.measure is gm.Measure.VALUE:
            term = enc.compare(difference(c.terms[0], gm.Lin()), "!=")
        elif c.measure is gm.Measure.SPREAD:
            first = c.terms[0]
            term = terms.disj([enc.compare(difference(t, first), "!=") for t in c.terms[1:]])
        else:
            term = True  # an unknown measure: assume it can cost, so nothing is reported
        if c.guard is not None:
            term = terms.conj([enc.formula(c.guard), term])
        return terms.to_z3(term, enc.ctx)
