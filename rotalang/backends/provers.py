"""The prover `check`, assertions and the lints use: CP-SAT first, then Z3.

CP-SAT (`cpsat/prover.py`) decides counting conflicts — more people needed than can
serve, a pigeonhole of posts — at once, where Z3 may spend the whole time limit; Z3
(`z3/prover.py`) takes what CP-SAT cannot ask (a soft rule costing something, numbers
beyond 64-bit integers) and what CP-SAT left undecided within `CPSAT_SHARE` of the
question's work. Conflicts are shrunk by Z3 first (its cores narrow a set of hundreds
of instances in a few steps, where each of CP-SAT's steps may take seconds), then by
CP-SAT where Z3 could not show every member needed. Both are bounded by the same deterministic budget, so the answer is
the same on every machine.
"""

from __future__ import annotations

from typing import Sequence

from rotalang.backends.budget import Budget
from rotalang.backends.cpsat.prover import CannotAsk, CpSatProver
from rotalang.backends.protocol import Answer, Decision, Group, Shrunk
from rotalang.backends.z3.prover import Z3Prover
from rotalang.ground import model as gm

CPSAT_SHARE = 0.5  # of a question's work, at most, for CP-SAT's try
Z3_SHRINK_SHARE = 0.5  # of a shrinking's work, at most, for Z3's part of it
# What encoding the model for Z3 costs, in work units per variable and per
# constraint. The encoding cannot be stopped by the clock: on 730,500 slots and
# 438,300 constraints it took 17 s (15 units an element at the budget's million a
# nominal second), and asserting them about as much again. So it is charged to the
# budget like any other work, and not started when the work left cannot pay for it:
# the question is then undecided at once (2,000 people × a year: `check --time-limit
# 60` ended after 168 s and 9.5 GB, most of it Z3's encoding after CP-SAT's try).
Z3_ENCODE_WORK = 30


class CpSatThenZ3:
    def __init__(self, model: gm.GroundModel, *, seed: int = 0):
        self.model, self.seed = model, seed
        self.cpsat = CpSatProver(model, seed=seed)
        self._z3: Z3Prover | None = None

    def _z3_affordable(self, budget: Budget) -> bool:
        """Whether Z3 can be asked within the work left: its encoding, once, is charged
        here (so the account, and the answer, stay deterministic)."""
        if self._z3 is not None or not budget.metered:
            return True
        cost = z3_encoding_work(self.model)
        if cost >= budget.left:
            return False
        budget.charge(cost)
        return True

    @property
    def z3(self) -> Z3Prover:
        """Z3's prover, encoded when first needed: on a large feasible model CP-SAT
        answers every question, and Z3's encoding of 730,000 slots alone took 1.5 GB."""
        if self._z3 is None:
            self._z3 = Z3Prover(self.model, seed=self.seed)
        return self._z3

    def ask(self, groups: Sequence[Group], budget: Budget, *, share: float = 1.0,
            cap: int | None = None, thorough: bool = True) -> Answer:
        try:
            answer = self.cpsat.ask(groups, budget, share=share * CPSAT_SHARE, cap=cap)
            if answer.decision is not Decision.UNKNOWN or budget.timed_out:
                return answer
        except CannotAsk:
            answer = Answer(Decision.UNKNOWN, None, "work")
        if not self._z3_affordable(budget):
            return answer
        return self.z3.ask(groups, budget, share=share, cap=cap, thorough=thorough)

    def shrink(self, groups: Sequence[Group], budget: Budget, *, share: float = 1.0,
               cap: int | None = None, thorough: bool = True) -> Shrunk | None:
        """Decided first (`ask`: CP-SAT, then Z3); an infeasible set is shrunk by Z3,
        whose cores narrow it fast, and what Z3 could not prove minimal is shrunk
        further by CP-SAT, from Z3's result: on a counting conflict a deletion step that
        Z3 cannot decide in its share is often instant for CP-SAT (so "minimal" is
        said of a set where it is true, and the rule that is not needed goes)."""
        decided = self.ask(groups, budget, share=share, cap=cap, thorough=thorough)
        if not decided.unsat:
            return None
        if not self._z3_affordable(budget):
            try:
                return self.cpsat.shrink_deciding(list(groups), budget, share=share,
                                                  cap=cap)[1]
            except CannotAsk:
                return None
        # Z3 within a part of the question's work, so that CP-SAT has the rest
        limit = budget.limit_for(share, cap)
        part = budget.part(int(limit * Z3_SHRINK_SHARE))
        try:
            found = self.z3.shrink(groups, part, thorough=thorough)
        finally:
            budget.absorb(part)
        if (found is not None and found.minimal) or budget.timed_out:
            return found
        start = list(found.members) if found is not None else list(groups)
        try:
            decision, refined = self.cpsat.shrink_deciding(start, budget, share=share, cap=cap)
        except CannotAsk:
            return found
        if refined is None:
            return found
        if found is None or refined.minimal or len(refined.members) < len(found.members):
            return refined
        return found


def z3_encoding_work(model: gm.GroundModel) -> int:
    """The work units encoding `model` for Z3 is charged (see Z3_ENCODE_WORK)."""
    return (model.num_vars + len(model.constraints)) * Z3_ENCODE_WORK
