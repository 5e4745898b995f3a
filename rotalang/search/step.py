"""One step of the neighbourhood search: re-optimise the free part of a roster.

The free slots and the incumbent's values make a restricted ground model
(`ground.restrict`): only the constraints near the free slots, with everything fixed
folded into constants. It gets an engine model of its own, so a step costs in
proportion to its neighbourhood, not to the whole roster (on 30 × 28 × 4 rosters,
pinning the rest of one big model made every step about a second).

The engine is asked for the best roster of the free part cheaper than the incumbent's
part within the step's limits. When it proves there is none with time left, the step
asks for another roster of the free part at the same cost: a sideways move, so that a
search stuck on a plateau keeps moving. A walking search passes an `allowance`: the
other roster may then be up to that much dearer.

Costs are integers in the whole model's objective units (the restricted model's
objective uses the same factor), computed with the ground model's semantics: its
instances cost exactly what the original ones do on the lifted roster, so the change
in the whole roster's cost is exact.
"""

from __future__ import annotations

import time
from typing import Sequence

import attrs

from rotalang.backends.protocol import Engine, Limits, Status
from rotalang.ground.objective import objective
from rotalang.ground.restrict import Restrictor
from rotalang.ground.semantics import evaluate, total_cost


@attrs.frozen
class StepOutcome:
    """What one step found: a new roster of the whole model and by how much it lowers
    the cost (objective units; 0 or less for a sideways move), or None; whether the
    engine proved the neighbourhood holds nothing cheaper than what the step ends
    with; and the engine's deterministic work."""

    true_vars: tuple[int, ...] | None
    gain: int
    exhausted: bool
    work: float = 0.0


def improve_part(engine: Engine, restrictor: Restrictor, incumbent: Sequence[int],
                 values: Sequence[int], free_slots: Sequence[int], *, factor: int,
                 seed: int, limits: Limits, allowance: int = 0) -> StepOutcome:
    """Re-optimise the `free_slots` of the roster `incumbent` (its true slots; `values`
    gives every variable's value on it) within `limits`. `factor` is the whole model's
    objective factor."""
    deadline = None if limits.seconds is None else time.monotonic() + limits.seconds
    restriction = restrictor.restrict(free_slots, values)
    sub = restriction.model
    goal = objective(sub, factor=factor)
    current = restriction.restricted_true(incumbent)
    start = goal.integer(total_cost(sub, current))
    if start <= goal.floor:
        return StepOutcome(None, 0, True)
    model = engine.model(sub, goal)
    outcome = model.solve(limits, seed=seed, hint=current, at_most=start - 1)
    work = outcome.work
    if outcome.best is not None:
        cost = _confirmed(sub, goal, outcome.best, start - 1)
        if cost is None:
            return StepOutcome(None, 0, False, work)
        return StepOutcome(restriction.lift(incumbent, outcome.best.true_slots),
                           start - cost, outcome.status is Status.OPTIMAL, work)
    exhausted = outcome.status is Status.INFEASIBLE
    seconds = None if deadline is None else deadline - time.monotonic()
    if exhausted and (seconds is None or seconds > 0.005):
        rest = Limits(seconds, None if limits.work is None else max(0.001, limits.work - work))
        other = model.solve(rest, seed=seed, at_most=start + allowance, differ_from=current,
                            optimise=False)
        work += other.work
        cost = None if other.best is None else _confirmed(sub, goal, other.best,
                                                          start + allowance)
        if cost is not None and cost >= start:
            return StepOutcome(restriction.lift(incumbent, other.best.true_slots),
                               start - cost, True, work)
    return StepOutcome(None, 0, exhausted, work)


def _confirmed(sub, goal, found, at_most: int) -> int | None:
    """The cost of an engine's roster of the restricted model, by the ground model's
    semantics, when it meets the hard rules and costs no more than the engine says
    (an engine's reading may be above the true cost, never below) and no more than
    asked; None otherwise: an encoding that disagrees is not trusted with a roster."""
    evaluation = evaluate(sub, found.true_slots)
    cost = goal.integer(evaluation.total_cost)
    if evaluation.failed_hard or cost > found.objective or cost > at_most:
        return None
    return cost
