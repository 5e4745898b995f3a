"""Minimal unsatisfiable subsets by deletion, over groups of hard instances.

Each group (a rule, or one instance) is tracked by an assumption literal `t ⇒ group`.
Z3's unsat core is the starting point; then every member is dropped in turn: if the
rest is still unsatisfiable the member stays out (and the rest is narrowed to the new
core), otherwise it is needed. The result is minimal — removing any member makes it
satisfiable — unless the time budget ran out first (`minimal=False`).
"""

from __future__ import annotations

import time
from typing import Hashable, Sequence

import attrs
import z3

from rotalang.backends.z3.encode import Encoding, configure


@attrs.frozen
class Shrunk:
    members: tuple  # group keys, in the order given
    minimal: bool


class Tracker:
    """One solver holding the definitions and each group behind its literal."""

    def __init__(self, enc: Encoding, groups: dict[Hashable, Sequence[z3.BoolRef]], *,
                 seed: int = 0):
        self.solver = enc.solver(hard=False, cost=False, seed=seed)
        self.keys = list(groups)
        self.literal = {key: z3.Bool(f"track{i}", enc.ctx) for i, key in enumerate(self.keys)}
        self.key_of = {lit.get_id(): key for key, lit in self.literal.items()}
        for key, exprs in groups.items():
            lit = self.literal[key]
            self.solver.add([z3.Implies(lit, e) for e in exprs])

    def check(self, keys, deadline: float | None):
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                return z3.unknown
            self.solver.set("timeout", max(1, int(left * 1000)))
        return self.solver.check([self.literal[k] for k in keys])

    def core(self) -> list:
        ids = {lit.get_id() for lit in self.solver.unsat_core()}
        return [k for k in self.keys if self.literal[k].get_id() in ids]


def shrink(tracker: Tracker, keys: Sequence, deadline: float | None) -> Shrunk | None:
    """A minimal subset of `keys` whose groups cannot all hold; None when they can
    (or when even the first check could not finish: then nothing is known)."""
    result = tracker.check(keys, deadline)
    if result != z3.unsat:
        return None
    current = tracker.core()
    minimal = True
    i = 0
    while i < len(current):
        trial = current[:i] + current[i + 1:]
        result = tracker.check(trial, deadline)
        if result == z3.unsat:
            narrowed = set(tracker.core())
            current = [k for k in trial if k in narrowed]
            # members before i were already found necessary and stay in the core
        elif result == z3.sat:
            i += 1
        else:
            minimal = False
            break
    order = {k: n for n, k in enumerate(keys)}
    return Shrunk(tuple(sorted(current, key=order.__getitem__)), minimal)
