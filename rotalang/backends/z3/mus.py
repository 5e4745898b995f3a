"""Minimal unsatisfiable subsets by deletion, over tracked groups of constraints.

Each group (a rule's hard instances, one instance, a negated rule ...) is tracked by an
assumption literal `t ⇒ group`. Z3's unsat core is the starting point; then every
member is dropped in turn: if the rest is still unsatisfiable the member stays out (and
the rest is narrowed to the new core), otherwise it is needed.

Every step is bounded by the deterministic work of a `backends.budget.Budget` (at most
`STEP_SHARE` of the allowance), never by the wall clock, so the subset found depends
only on the input, the seed and the time limit — not on how loaded the machine is. A
step that runs out of work keeps its member (conservatively: it may not be needed) as
unconfirmed, and the result is marked not proved minimal; the next members are still
tried. Only the
wall-clock guard stops the shrinking early.
"""

from __future__ import annotations

from typing import Callable, Hashable, Sequence

import z3

from rotalang.backends.budget import Budget
from rotalang.backends.protocol import Decision, Shrunk, delete_one_by_one
from rotalang.backends.z3.encode import Encoding
from rotalang.backends.z3.run import Checked, run

STEP_SHARE = 0.1  # of the check's whole allowance, for one deletion step


class Tracker:
    """One solver holding the auxiliaries' definitions and each group behind its own
    literal. Groups are added when first asked about (`exprs_of(key)` gives them)."""

    def __init__(self, enc: Encoding, exprs_of: Callable[[Hashable], Sequence[z3.BoolRef]],
                 *, seed: int = 0, counting: bool = False):
        self.solver = enc.solver(hard=False, cost=False, seed=seed, counting=counting)
        self.ctx = enc.ctx
        self.exprs_of = exprs_of
        self.literal: dict[Hashable, z3.BoolRef] = {}

    def track(self, keys: Sequence[Hashable]) -> list[z3.BoolRef]:
        out = []
        for key in keys:
            lit = self.literal.get(key)
            if lit is None:
                lit = self.literal[key] = z3.Bool(f"track{len(self.literal)}", self.ctx)
                self.solver.add([z3.Implies(lit, e) for e in self.exprs_of(key)])
            out.append(lit)
        return out

    def run(self, keys, budget: Budget, *, share: float = 1.0,
            cap: int | None = None) -> Checked:
        """Can the groups of `keys` all hold? Within `share` of the budget (and `cap`)."""
        return run(budget, self.solver, self.track(keys), share=share, cap=cap)

    def core(self, keys) -> list:
        ids = {lit.get_id() for lit in self.solver.unsat_core()}
        return [k for k in keys if self.literal[k].get_id() in ids]


def shrink(tracker: Tracker, keys: Sequence, budget: Budget, *, share: float = 1.0,
           cap: int | None = None) -> Shrunk | None:
    """A subset of `keys` whose groups cannot all hold, minimal unless a step ran out of
    work or time; None when they can all hold (or when even the first check could not
    finish: then nothing is known). The first check may use `share` of the allowance
    (at most `cap` units)."""
    if not tracker.run(keys, budget, share=share, cap=cap).unsat:
        return None

    def step(trial: list) -> tuple[Decision, list | None]:
        outcome = tracker.run(trial, budget, share=STEP_SHARE)
        if outcome.unsat:
            return Decision.UNSAT, tracker.core(trial)
        return (Decision.SAT if outcome.sat else Decision.UNKNOWN), None

    return delete_one_by_one(keys, tracker.core(keys), budget, step)

