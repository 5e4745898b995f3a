"""Minimal unsatisfiable subsets by deletion, over groups of hard instances.

Each group (a rule, or one instance) is tracked by an assumption literal `t ⇒ group`.
Z3's unsat core is the starting point; then every member is dropped in turn: if the
rest is still unsatisfiable the member stays out (and the rest is narrowed to the new
core), otherwise it is needed.

Every step is bounded by the deterministic resource limit of `budget.Budget` (at most
`STEP_SHARE` of the allowance), never by the wall clock, so the subset found depends
only on the input, the seed and the time limit — not on how loaded the machine is. A
step that runs out of work keeps its member (conservatively: it may not be needed) and
the result is marked not proved minimal; the next members are still tried. Only the
wall-clock guard stops the shrinking early.
"""

from __future__ import annotations

from typing import Hashable, Sequence

import attrs
import z3

from rotalang.backends.z3.budget import Budget, Outcome
from rotalang.backends.z3.encode import Encoding

STEP_SHARE = 0.1  # of the check's whole allowance, for one deletion step


@attrs.frozen
class Shrunk:
    members: tuple  # group keys, in the order given
    minimal: bool


class Tracker:
    """One solver holding the definitions and each group behind its literal."""

    def __init__(self, enc: Encoding, groups: dict[Hashable, Sequence[z3.BoolRef]], *,
                 seed: int = 0, counting: bool = False):
        self.solver = enc.solver(hard=False, cost=False, seed=seed, counting=counting)
        self.keys = list(groups)
        self.literal = {key: z3.Bool(f"track{i}", enc.ctx) for i, key in enumerate(self.keys)}
        self.key_of = {lit.get_id(): key for key, lit in self.literal.items()}
        for key, exprs in groups.items():
            lit = self.literal[key]
            self.solver.add([z3.Implies(lit, e) for e in exprs])

    def run(self, keys, budget: Budget, *, share: float = 1.0,
            cap: int | None = None) -> Outcome:
        """Can the groups of `keys` all hold? Within `share` of the budget (and `cap`)."""
        return budget.run(self.solver, [self.literal[k] for k in keys], share=share, cap=cap)

    def check(self, keys, deadline: float | None):
        """The same with a wall-clock deadline only (answers may depend on the load):
        z3.sat, z3.unsat or z3.unknown."""
        return self.run(keys, Budget.until(deadline)).result

    def core(self) -> list:
        ids = {lit.get_id() for lit in self.solver.unsat_core()}
        return [k for k in self.keys if self.literal[k].get_id() in ids]


def shrink(tracker: Tracker, keys: Sequence, budget: Budget | float | None, *,
           share: float = 1.0, cap: int | None = None) -> Shrunk | None:
    """A subset of `keys` whose groups cannot all hold, minimal unless a step ran out of
    work or time; None when they can all hold (or when even the first check could not
    finish: then nothing is known). The first check may use `share` of the allowance
    (at most `cap` units).
    `budget` may also be a wall-clock deadline (time.monotonic()) or None."""
    if not isinstance(budget, Budget):
        budget = Budget.until(budget)
    if not tracker.run(keys, budget, share=share, cap=cap).unsat:
        return None
    current = tracker.core()
    minimal = True
    i = 0
    while i < len(current):
        if budget.timed_out:
            minimal = False
            break
        trial = current[:i] + current[i + 1:]
        outcome = tracker.run(trial, budget, share=STEP_SHARE)
        if outcome.unsat:
            narrowed = set(tracker.core())
            current = [k for k in trial if k in narrowed]
            # members before i were already found necessary and stay in the core
        else:
            minimal = minimal and outcome.sat
            i += 1
    order = {k: n for n, k in enumerate(keys)}
    return Shrunk(tuple(sorted(current, key=order.__getitem__)), minimal)
