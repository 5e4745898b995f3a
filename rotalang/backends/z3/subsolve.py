"""One step of the neighbourhood search: re-optimise the free part of a roster.

The free slots and the incumbent's values make a restricted ground model
(`rotalang.ground.restrict`): only the constraints near the free slots, with everything
fixed folded into constants. It gets an encoding and a Z3 solver of its own, so a step
costs in proportion to its neighbourhood, not to the whole roster (on 30 × 28 × 4
rosters, pinning the rest with assumptions on one big solver made every step about a
second, and Z3 could rarely prove a neighbourhood empty). The encoding is written as
SMT-LIB text and parsed by Z3 in one call, about twice as fast as building it term by
term (`benchmarks/bench_steps.py`), which leaves more of each step to Z3.

Within the step Z3 descends: first any roster cheaper than the incumbent's part, then
bigger drops from each roster found (an eighth of what separates it from the cost's
floor, a quarter of that after each "none", down to one unit — "none" then proves the
neighbourhood holds nothing better), until the step's time runs out. When the first
"none" comes at once, the step asks for another roster of the free part at the same
cost: a sideways move, so that a search stuck on a plateau keeps moving (60 s, three
seeds, the harder Curtois instances: docs/benchmarks.md). A walking search passes an
`allowance`: the other roster may then be up to that much dearer.

Costs are read back with the plain-Python evaluation of the restricted model
(`ground_eval`), whose instances cost exactly what the original ones do on the lifted
roster, so the change in the whole roster's cost is exact.
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Sequence

import attrs
import z3

from rotalang.backends.z3 import ground_eval, terms
from rotalang.backends.z3.budget import check_within
from rotalang.backends.z3.encode import Encoding, configure
from rotalang.ground.restrict import Restrictor


@attrs.frozen
class Outcome:
    """What one step found: a new roster (true slots of the whole model) and by how
    much it lowers the cost (author's units; 0 or less for another roster, found when
    nothing cheaper exists), or None; and whether Z3 proved the neighbourhood holds
    nothing cheaper than what the step ends with."""

    true_vars: tuple[int, ...] | None
    gain: Fraction
    exhausted: bool
    checks: int = 0


def improve_part(restrictor: Restrictor, incumbent: Sequence[int], values: Sequence[bool],
                 free_slots: Sequence[int], *, seed: int, time_limit: float,
                 allowance: Fraction = Fraction(0)) -> Outcome:
    """Re-optimise the `free_slots` of the roster `incumbent` (its true slots; `values`
    gives every variable's value on it) within `time_limit` seconds."""
    deadline = time.monotonic() + time_limit
    restriction = restrictor.restrict(free_slots, values)
    sub = restriction.model
    current = restriction.restricted_true(incumbent)
    start_cost = _cost(sub, current)
    enc = _encoding(sub)
    factor = enc.cost.factor
    best_int = _scaled(start_cost, factor)
    floor = enc.cost.floor
    if best_int <= floor:
        return Outcome(None, Fraction(0), True)
    # The SMT core, as `Encoding.solver` uses it (the SAT core was 3-4 times slower on
    # these steps: docs/benchmarks.md).
    s = z3.SimpleSolver(ctx=enc.ctx)
    configure(s, seed=seed)
    enc.assert_model(s)
    best = current
    target, delta = best_int - 1, 0
    exhausted = False
    checks = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0.005:
            break
        bound = cost_bound(s, enc, target)
        checks += 1
        result = check_within(s, left, bound)
        if result == z3.sat:
            found = enc.true_vars(s.model())
            cost = _scaled(_cost(sub, found), factor)
            if cost > target:  # the encoding and the evaluation disagree: a defect,
                break  # which tests/z3 hunts; the incumbent stays as it is
            best, best_int = found, cost
            if best_int <= floor:
                exhausted = True
                break
            delta = delta or max(1, (best_int - floor) // 8)
            target = max(floor, best_int - delta)
        elif result == z3.unsat:
            if target == best_int - 1:
                exhausted = True
                break
            delta = max(1, delta // 4)
            target = best_int - delta
        else:
            break
    if best is current:
        if exhausted and time.monotonic() < deadline:
            # (floored: the restricted model's cost factor may be smaller than the
            # whole model's, which the allowance is counted in)
            other = _sideways(s, enc, sub, current, best_int, deadline,
                              int(allowance * factor))
            if other is not None:
                other_cost = _cost(sub, other)
                return Outcome(restriction.lift(incumbent, other), start_cost - other_cost,
                               True, checks + 1)
        return Outcome(None, Fraction(0), exhausted, checks)
    gain = start_cost - Fraction(best_int, factor)
    return Outcome(restriction.lift(incumbent, best), gain, exhausted, checks)


def _sideways(s: z3.Solver, enc: Encoding, sub, current: Sequence[int], cost: int,
              deadline: float, allowance: int = 0) -> tuple[int, ...] | None:
    """Another roster of the free part at the incumbent's `cost` (up to `allowance`
    more), or None (none exists, or no time). Taking it moves the search along a
    plateau: on rosters where every small change costs something, the next
    neighbourhoods then start from a new place instead of proving the same local
    optimum again."""
    on = set(current)
    differs = terms.disj([terms.neg(x) if v in on else x
                          for v, x in enumerate(enc.vars[:len(sub.slots)])])
    switch = enc.guarded(s, "another_roster", differs)
    bound = cost_bound(s, enc, cost + allowance)
    if check_within(s, deadline - time.monotonic(), switch, bound) != z3.sat:
        return None
    found = enc.true_vars(s.model())
    if not cost <= _scaled(_cost(sub, found), enc.cost.factor) <= cost + allowance:
        return None
    return found


def cost_bound(s: z3.Solver, enc: Encoding, k: int) -> z3.BoolRef:
    """A literal that, assumed, bounds the cost by `k`. The bound sits behind an
    assumption, so the solver keeps what it learnt from one check to the next."""
    return enc.guarded(s, f"cost_at_most_{k}", enc.cost.at_most(k))


def _encoding(sub) -> Encoding:
    """The restricted model's encoding: as text, parsed by Z3 in one call (a third of
    a step on 30 × 28 × 4 rosters went into building it term by term), unless its
    cost needs integer terms, which only the API encoding writes."""
    try:
        return Encoding(sub, text=True)
    except terms.NeedsArithmetic:
        return Encoding(sub)


def _cost(model, true_vars) -> Fraction:
    cost, _ = ground_eval.breakdown(model, ground_eval.assignment(model, true_vars))
    return cost


def _scaled(cost: Fraction, factor: int) -> int:
    scaled = cost * factor
    assert scaled.denominator == 1, "the cost factor clears every denominator"
    return int(scaled)
