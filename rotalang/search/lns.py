"""Large-neighbourhood search over the ground model, with any engine as sub-solver.

A whole roster handed to a solver stalls far from the optimum on real instances. This
search keeps an incumbent roster and repeatedly

1. frees a *neighbourhood* of it (`neighbourhoods.py`);
2. fixes every other slot at its incumbent value and re-optimises the free part
   (`step.improve_part`): the restricted model gets an engine model of its own, so a
   step costs in proportion to the neighbourhood;
3. keeps improvements and reports each through `on_improvement`, and moves sideways
   (to another roster at the same cost) when a neighbourhood holds nothing cheaper;
4. walks when stalled: after `WALK_AFTER` steps without a new best roster, a step may
   move to a roster up to one unit of the heaviest soft rule dearer, so the search can
   cross the ridge around a basin that no neighbourhood small enough for a step spans
   (on the Curtois instances, the weekends arranged one way rather than another). The
   best roster is what is kept and reported; the search starts from it again after
   `WALK_BACK` steps without a new best, and for the last stretch of the run.

Now and then the whole model, held by one engine model for the whole search, is tried
with the current bound: if nothing is cheaper, the incumbent is proved optimal. Each
time a whole try runs out, the next gets twice the limit and waits four times as many
steps, so its share of the time halves (on big models, where it never finishes, it
cost a tenth of every minute).

Given the seed, the sequence of neighbourhoods is deterministic (`random.Random`);
in a deterministic run (`meter.py`) every limit is work, so the whole run is too.
Nothing here depends on what the rules mean, nor on which engine solves the steps.
"""

from __future__ import annotations

import random
from typing import Callable, Iterable

from rotalang.backends.protocol import Engine, EngineModel, Incumbent, Status
from rotalang.ground import model as gm
from rotalang.ground.index import ModelIndex
from rotalang.ground.objective import Objective
from rotalang.ground.restrict import Restrictor
from rotalang.ground.semantics import compile_model, evaluate
from rotalang.search.incremental import InstanceCosts
from rotalang.search.meter import Meter
from rotalang.search.neighbourhoods import Neighbourhoods
from rotalang.search.step import improve_part

# Seconds (or work) per step at most. With sizes adapting to it, shorter steps mean
# smaller neighbourhoods and more of them: on a 20 × 28 × 3 instance at 40 s, 1 s per
# step reached 1490, 0.5 s 1196, 0.25 s 1308 (one run each, Z3 steps).
SUB_LIMIT = 0.5
WHOLE_EVERY = 25  # steps between tries of the whole model, at first
WHOLE_LIMIT = 1.0  # the first whole try's limit
# Seconds left, at least, for starting a peer search in a second process: starting
# one (a fresh interpreter, the model pickled, its own engine model) takes a second.
PEER_MIN_TIME = 5.0
# Walking: after WALK_AFTER steps without a new best roster, a step that finds nothing
# cheaper may move to a roster up to `walk` dearer, never more than WALK_SPAN × `walk`
# above the best; after WALK_BACK steps without a new best, and for the last
# (1 − WALK_END) of the run, the search starts from the best again. Curtois instances
# 5, 6, 8, seeds 0–5, 60 s, both cores (Z3 steps): mean 1248 / 2193 / 1874 walking
# against 1293 / 2240 / 2004 without.
WALK_AFTER = 10
WALK_BACK = 30
WALK_SPAN = 2
WALK_END = 0.8

OnImprovement = Callable[[int, tuple[int, ...]], None]  # (objective, true slots)


class Search:
    """The search state: the incumbent, the neighbourhood kinds, the whole model's
    engine model. `run` drives it until the meter runs out or it proves optimality."""

    def __init__(self, model: gm.GroundModel, objective: Objective, engine: Engine, *,
                 seed: int = 0, meter: Meter | None = None,
                 on_improvement: OnImprovement | None = None,
                 whole: EngineModel | None = None, whole_tries: bool = True,
                 restrictor: Restrictor | None = None):
        self.model = model
        self.objective = objective
        self.engine = engine
        self.seed = seed
        self.rng = random.Random(seed)
        self.meter = meter or Meter()
        self.on_improvement = on_improvement
        self.sub_limit = SUB_LIMIT
        self._whole = whole
        # False for a model too large to hand an engine whole (`driver.py`): then the
        # steps alone improve it, and optimality is never proved here.
        self.whole_tries = whole_tries
        self.restrictor = restrictor or Restrictor(model, ModelIndex(model))
        index = self.restrictor.index
        self.compiled = compile_model(model)
        self.hoods = Neighbourhoods(model, self.rng, InstanceCosts(model, index))
        self.values: list[int] = []  # every variable's value on the current roster
        self.best: tuple[int, ...] | None = None
        self.best_cost: int | None = None
        # Where the steps start from: the best roster, or (walking) one a little worse.
        self.current: tuple[int, ...] | None = None
        self.current_cost: int | None = None
        self.walk = objective.heaviest_unit  # 0 turns walking off
        self.stalled = 0  # steps since the best roster last improved
        self.walk_until = float("inf")  # meter.used() after which no walking
        self.optimal = False
        self.iterations = 0

    # ------------------------------------------------------------- bookkeeping

    def cost_of(self, true_vars: Iterable[int]) -> int:
        return self.objective.integer(evaluate(self.compiled, true_vars).total_cost)

    def take(self, true_vars: tuple[int, ...], cost: int, *, report: bool = True) -> None:
        """Make a roster the best one, and the steps' starting point, and (unless
        `report=False`) report it."""
        self.best, self.best_cost = true_vars, cost
        self.current, self.current_cost = true_vars, cost
        self.values = self.compiled.values(true_vars)
        self.stalled = 0
        if cost <= self.objective.floor:
            self.optimal = True
        if report and self.on_improvement is not None:
            self.on_improvement(cost, true_vars)

    def move(self, true_vars: tuple[int, ...], cost: int) -> None:
        """Continue from `true_vars`; it becomes the best roster if it is cheaper."""
        if cost < self.best_cost:
            self.take(true_vars, cost)
            return
        self.current, self.current_cost = true_vars, cost
        self.values = self.compiled.values(true_vars)

    def adopt(self, true_vars: Iterable[int], cost: int) -> None:
        """Continue from another search's roster if it is cheaper (not reported: it
        was found elsewhere)."""
        if cost < self.best_cost:
            self.take(tuple(true_vars), cost, report=False)

    def set_incumbent(self, true_vars: Iterable[int]) -> None:
        """Start from a roster that meets the hard rules."""
        true_vars = tuple(sorted(true_vars))
        self.take(true_vars, self.cost_of(true_vars))

    def accept(self, found: Incumbent) -> None:
        """An engine's roster of the whole model: kept when cheaper, once its objective
        is confirmed by the ground model's semantics (an engine that disagrees has an
        encoding defect, and its roster is not trusted)."""
        evaluation = evaluate(self.compiled, found.true_slots)
        cost = self.objective.integer(evaluation.total_cost)
        if cost > found.objective or evaluation.failed_hard:
            return
        if self.best_cost is None or cost < self.best_cost:
            self.take(tuple(found.true_slots), cost)

    # ------------------------------------------------------------- steps

    def whole(self) -> EngineModel:
        if self._whole is None:
            self._whole = self.engine.model(self.model, self.objective)
        return self._whole

    def try_whole(self, limit: float) -> bool:
        """Free everything: an improvement, or a proof that the incumbent is optimal.
        Returns whether the try ran to its end (proved, or found the optimum)."""
        outcome = self.whole().solve(self.meter.limits(limit), seed=self.seed,
                                     hint=self.best, at_most=self.best_cost - 1,
                                     on_incumbent=self.accept)
        self.meter.charge(outcome.work)
        if outcome.status in (Status.OPTIMAL, Status.INFEASIBLE):
            if outcome.best is None or outcome.best.objective == self.best_cost:
                self.optimal = True
            return True
        return False

    def step(self, limit: float) -> None:
        """Re-optimise one neighbourhood of the current roster (walking when stalled,
        see the module docstring)."""
        late = self.meter.used() >= self.walk_until
        if self.current_cost > self.best_cost and (self.stalled >= WALK_BACK or late):
            self.move(self.best, self.best_cost)  # the walk led nowhere
            self.stalled = 0
        kind = self.hoods.pick()
        free = self.hoods.draw(kind, self.current)
        walking = (self.walk and self.stalled >= WALK_AFTER and not late
                   and self.current_cost + self.walk <= self.best_cost + WALK_SPAN * self.walk)
        before = self.meter.used()
        wall_before = self.meter.elapsed()
        outcome = improve_part(
            self.engine, self.restrictor, self.current, self.values, self.hoods.slots(free),
            factor=self.objective.factor, seed=self.seed + self.iterations,
            limits=self.meter.limits(limit), allowance=self.walk if walking else 0)
        self.meter.charge(outcome.work)
        spent = (self.meter.used() - before if self.meter.deterministic
                 else self.meter.elapsed() - wall_before)
        kind.record(max(0, outcome.gain), spent)
        self.stalled += 1
        if outcome.true_vars is not None:  # reported only if cheaper than the best
            self.move(outcome.true_vars, self.current_cost - outcome.gain)
        kind.adapt(outcome.exhausted, spent < limit / 2, outcome.gain > 0)
        self.iterations += 1

    def run(self, *, workers: int = 1, should_stop: Callable[[], bool] | None = None) -> None:
        """Improve until the meter runs out or the incumbent is proved optimal. The
        whole model is tried first with a short limit, so small models get proved
        optimal at once. With `workers` > 1 in a run on the wall clock, and at least
        `PEER_MIN_TIME` left after that first try, a peer search runs in a second
        process (`peer.py`) and the two share their best rosters between steps."""
        if self.best_cost is None:
            return
        meter = self.meter
        next_whole, interval, limit = 0, WHOLE_EVERY, WHOLE_LIMIT
        left = meter.left()
        self.walk_until = float("inf") if left is None else meter.used() + WALK_END * left
        step = 0
        peer = None
        try:
            while not self.optimal and not meter.out():
                if should_stop is not None and should_stop():
                    return
                left = meter.left()
                if (peer is None and workers > 1 and step > 0 and not meter.deterministic
                        and left is not None and left >= PEER_MIN_TIME):
                    from rotalang.search.peer import start_peer

                    peer = start_peer(self.model, self.best, engine=self.engine.name,
                                      seed=self.seed, time_limit=left)
                    workers = 1 if peer is None else workers  # no second attempt
                if peer is not None:
                    for cost, true_vars in peer.receive():
                        if cost < self.best_cost:
                            self.take(tuple(true_vars), cost)
                before = self.best_cost
                if step == next_whole and self.whole_tries:
                    if not self.try_whole(limit):
                        interval, limit = interval * 4, limit * 2
                    next_whole = step + interval
                else:
                    self.step(self.sub_limit)
                if peer is not None and self.best_cost < before:
                    peer.send(self.best_cost, self.best)
                step += 1
        finally:
            if peer is not None:
                for cost, true_vars in peer.receive():
                    if cost < self.best_cost:
                        self.take(tuple(true_vars), cost)
                peer.close()
