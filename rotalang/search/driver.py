"""`search`: a roster meeting every hard rule at the least cost found — anytime, with
any engine.

An engine whose own parallel search is its best use on a whole model (`portfolio`:
CP-SAT) gets the whole model and every worker for the whole run. A large model whose
hard rules fall apart into independent parts (`construct.py`) gets its first roster
part by part: over `CONSTRUCT_SLOTS` slots, the engine's own search then starts from
that roster; over `WHOLE_MODEL_SLOTS`, too large to hand the engine whole, the
large-neighbourhood search improves it instead, never building the whole model's
engine model. Otherwise (Z3) the run goes through phases, each using what is left of
the limits:

(a) a first roster from the hard rules alone, no cost (fastest);
(b) descent on the whole model for `DESCENT_SHARE` of the run's work (the first
    roster's included: where finding it took more, the search starts at once); it
    may prove the roster optimal;
(c) the large-neighbourhood search (`lns.py`) for what is left, with a peer process
    on a second core.

A run that proves its roster optimal ends on a canonical optimum (`Run.canonical`), so
that it gives the same roster every time, whatever raced to it first.

Every roster an engine proposes is re-costed with the ground model's semantics and
re-checked against the hard rules before it is kept (`Run.offer`), and each better
one is reported through `on_improvement(cost, bound, elapsed, true slots)`.

The time limit is a hard stop: a watchdog interrupts the whole model's engine
`WATCHDOG_MARGIN` after it, so a run returns within the limit plus a fraction of a
second. Ctrl-C keeps the best roster found so far (with none, it is raised again).
"""

from __future__ import annotations

import threading
import time
from typing import Callable

import attrs

from rotalang.backends.protocol import Engine, EngineModel, Incumbent, Limits, Status
from rotalang.ground import model as gm
from rotalang.ground.objective import Objective
from rotalang.ground.restrict import Restrictor
from rotalang.ground.semantics import compile_model, evaluate
from rotalang.search.construct import Part, construct, independent_parts
from rotalang.search.lns import Search
from rotalang.search.meter import Meter

DESCENT_SHARE = 0.1  # of the run (as work), at most, for the whole-model descent
WATCHDOG_MARGIN = 0.1  # seconds after the limit at which the engine is interrupted
UNBOUNDED_SEARCH = 60.0  # seconds of neighbourhood search in a run without limits
# A roster built part by part keeps this many times its first evaluation's time for
# after the search (see `Meter.keep_back`).
FINISHING_EVALUATIONS = 4
# Slots beyond which a portfolio engine is not handed the whole model when it splits
# into parts: CP-SAT needed 11.5 GB and found no roster in 300 s on Curtois
# instance 24 (1.7 million slots); see docs/benchmarks.md for the instances either side.
WHOLE_MODEL_SLOTS = 400_000
# Slots beyond which a portfolio engine gets its first roster part by part, when the
# model splits, and its own search starts from that roster: handed the whole model,
# CP-SAT found no roster in 300 s of Curtois instances 20 and 21 (54 600 and 145 600
# slots); part by part, one in 9 s. Below, CP-SAT's first roster comes as fast.
CONSTRUCT_SLOTS = 40_000

# (objective, lower bound, seconds since the start, true slots)
OnImprovement = Callable[[int, int, float, tuple[int, ...]], None]


@attrs.frozen
class SearchResult:
    """How a run ended: its status, the best roster (true slots) and its objective,
    and a proved lower bound on the objective of every roster (objective units)."""

    status: Status
    true_vars: tuple[int, ...] | None = None
    cost: int | None = None
    bound: int | None = None


class Run:
    def __init__(self, model: gm.GroundModel, objective: Objective, engine: Engine, *,
                 meter: Meter, seed: int, workers: int,
                 on_improvement: OnImprovement | None):
        self.model = model
        self.objective = objective
        self.engine = engine
        self.meter = meter
        self.seed = seed
        self.workers = workers
        self.on_improvement = on_improvement
        self.compiled = compile_model(model)
        self._whole: EngineModel | None = None  # built when first asked for
        self.best: tuple[int, ...] | None = None
        self.best_cost: int | None = None
        self.bound = objective.floor  # the least objective any roster can have
        self.optimal = False

    @property
    def whole(self) -> EngineModel:
        """The engine model of the whole model, built on first use."""
        if self._whole is None:
            self._whole = self.engine.model(self.model, self.objective)
        return self._whole

    def interrupt(self) -> None:
        """Stop the whole model's solve, if one is running (the watchdog)."""
        if self._whole is not None:
            self._whole.interrupt()

    def offer(self, found: Incumbent) -> bool:
        """Keep an engine's roster if it meets the hard rules, costs no more than the
        engine says, and is cheaper than the best one; report it."""
        evaluation = evaluate(self.compiled, found.true_slots)
        cost = self.objective.integer(evaluation.total_cost)
        if evaluation.failed_hard or cost > found.objective:
            return False  # an encoding defect: never pass it on as a roster
        return self._keep(tuple(sorted(found.true_slots)), cost)

    def _keep(self, true_vars: tuple[int, ...], cost: int) -> bool:
        if self.best_cost is not None and cost >= self.best_cost:
            return False
        self.best, self.best_cost = true_vars, cost
        if cost <= self.bound:
            self.optimal = True
        if self.on_improvement is not None:
            self.on_improvement(cost, min(self.bound, cost), self.meter.elapsed(), true_vars)
        return True

    def raise_bound(self, bound: int | None) -> None:
        if bound is not None and bound > self.bound:
            self.bound = bound
            if self.best_cost is not None and self.best_cost <= bound:
                self.optimal = True

    # ---------------------------------------------------------------- phases

    def portfolio(self, hint: tuple[int, ...] | None = None) -> Status | None:
        outcome = self.whole.solve(self.meter.limits(), seed=self.seed, workers=self.workers,
                                   hint=hint, on_incumbent=self.offer)
        self.meter.charge(outcome.work)
        if outcome.best is not None:
            self.offer(outcome.best)
        if outcome.status is Status.OPTIMAL and outcome.best is not None:
            self.raise_bound(outcome.best.objective)
        else:
            self.raise_bound(outcome.bound)
        if self.best is None:
            return outcome.status if outcome.status is Status.INFEASIBLE else Status.UNKNOWN
        return None

    def first(self) -> Status | None:
        outcome = self.whole.solve(self.meter.limits(), seed=self.seed, optimise=False)
        self.meter.charge(outcome.work)
        if outcome.best is not None and self.offer(outcome.best):
            return None
        return Status.INFEASIBLE if outcome.status is Status.INFEASIBLE else Status.UNKNOWN

    def descend(self) -> None:
        budget = self.meter.budget if self.meter.deterministic else None
        total = budget if budget is not None else self._seconds()
        allowance = None if total is None else DESCENT_SHARE * total - self.meter.work
        if allowance is not None and allowance <= 0:
            return
        limits = self.meter.limits(allowance)
        if not self.meter.deterministic and allowance is not None:
            limits = Limits(limits.seconds, allowance)  # bounded by work: reproducible
        outcome = self.whole.solve(limits, seed=self.seed, at_most=self.best_cost - 1,
                                   on_incumbent=self.offer)
        self.meter.charge(outcome.work)
        if outcome.status in (Status.OPTIMAL, Status.INFEASIBLE):
            self.raise_bound(self.best_cost)

    def by_parts(self, parts: list[Part], restrictor: Restrictor) -> Status | None:
        """The first roster built part by part; None when it was kept, else how the
        run ends (no roster)."""
        status, first = construct(self.model, self.objective, self.engine, parts,
                                  restrictor=restrictor, compiled=self.compiled,
                                  meter=self.meter, seed=self.seed, workers=self.workers)
        if first is None:
            return status
        started = time.monotonic()
        evaluation = evaluate(self.compiled, first)
        # What follows the search reads the whole roster again, several times over
        # (evaluation, the cost item by item, the roster itself): on Curtois 24 that
        # was 12 s past a 300-s limit.
        self.meter.keep_back(FINISHING_EVALUATIONS * (time.monotonic() - started))
        if evaluation.failed_hard:
            # the parts were not independent, or a part's roster broke its rules: a
            # defect, and no roster
            return Status.UNKNOWN
        self._keep(first, self.objective.integer(evaluation.total_cost))
        return None

    def parts_then_neighbourhoods(self, parts: list[Part]) -> Status | None:
        """A model too large to hand the engine whole: the first roster part by part,
        then the neighbourhood search on it (one process: a peer would need a copy of
        the model)."""
        restrictor = Restrictor(self.model)
        ended = self.by_parts(parts, restrictor)
        if ended is None and not self.optimal and not self.meter.out():
            # the search's own indexes are built after the first roster is reported
            self.neighbourhoods(self._search(whole_tries=False, restrictor=restrictor),
                                workers=1)
        return ended

    def parts_then_portfolio(self, parts: list[Part]) -> Status | None:
        """A model the engine can hold but may take minutes to find a roster of: the
        first roster part by part, then the engine's own search from it."""
        ended = self.by_parts(parts, Restrictor(self.model))
        if ended is not None:
            return ended
        if self.optimal or self.meter.out():
            return None
        return self.portfolio(hint=self.best)

    def _search(self, *, whole_tries: bool = True,
                restrictor: Restrictor | None = None) -> Search:
        # A run with no limits that the descent could not finish: the neighbourhoods
        # get UNBOUNDED_SEARCH seconds (they never end on their own).
        meter = self.meter if self.meter.bounded else Meter(UNBOUNDED_SEARCH)
        return Search(self.model, self.objective, self.engine, seed=self.seed,
                      meter=meter, whole=self._whole if whole_tries else None,
                      whole_tries=whole_tries, restrictor=restrictor,
                      on_improvement=lambda cost, true_vars: self._keep(true_vars, cost))

    def neighbourhoods(self, search: Search | None = None, *,
                       workers: int | None = None) -> None:
        search = search or self._search()
        search.take(self.best, self.best_cost, report=False)
        search.run(workers=self.workers if workers is None else workers)
        if search.best_cost < self.best_cost:
            self._keep(search.best, search.best_cost)
        if search.optimal:
            self.raise_bound(self.best_cost)

    def canonical(self) -> None:
        """Replace a proved optimum by the one a fresh, single-threaded solve finds.

        Which of several optimal rosters a run proves first depends on timing (CP-SAT's
        workers race, the peer trades rosters, Z3 learns along the run's own path);
        one more solve, on a fresh engine model with one worker and no hint, asked for
        any roster at the optimal cost, depends only on the model and the seed. So a
        run that ends proved optimal ends on the same roster every time. Without time
        for it, the roster found is kept."""
        if self.meter.out(0.05):
            return
        fresh = self.engine.model(self.model, self.objective)
        outcome = fresh.solve(self.meter.limits(), seed=self.seed, workers=1,
                              at_most=self.best_cost, optimise=False)
        self.meter.charge(outcome.work)
        if outcome.best is None:
            return
        evaluation = evaluate(self.compiled, outcome.best.true_slots)
        if evaluation.failed_hard or self.objective.integer(evaluation.total_cost) != self.best_cost:
            return
        self.best = tuple(sorted(outcome.best.true_slots))

    def _seconds(self) -> float | None:
        return None if self.meter.deadline is None else self.meter.deadline - self.meter.start

    def result(self, status: Status | None = None) -> SearchResult:
        if self.best is None:
            return SearchResult(status or Status.UNKNOWN, bound=None)
        status = status or (Status.OPTIMAL if self.optimal else Status.FEASIBLE)
        bound = self.best_cost if status is Status.OPTIMAL else min(self.bound, self.best_cost)
        return SearchResult(status, self.best, self.best_cost, bound)


def search(model: gm.GroundModel, objective: Objective, engine: Engine, *, meter: Meter,
           seed: int = 0, workers: int = 1,
           on_improvement: OnImprovement | None = None) -> SearchResult:
    """The best roster found within the meter's limits (see the module docstring)."""
    run = Run(model, objective, engine, meter=meter, seed=seed, workers=workers,
              on_improvement=on_improvement)
    watchdog = None
    if meter.deadline is not None:
        watchdog = threading.Timer(max(0.0, meter.seconds_left()) + WATCHDOG_MARGIN,
                                   run.interrupt)
        watchdog.daemon = True
        watchdog.start()
    try:
        parts = (independent_parts(model)
                 if engine.portfolio and len(model.slots) > CONSTRUCT_SLOTS else None)
        if parts is not None and len(model.slots) > WHOLE_MODEL_SLOTS:
            ended = run.parts_then_neighbourhoods(parts)
            if ended is not None:
                return run.result(ended)
        elif parts is not None:
            ended = run.parts_then_portfolio(parts)
            if ended is not None:
                return run.result(ended)
        elif engine.portfolio:
            ended = run.portfolio()
            if ended is not None:
                return run.result(ended)
        else:
            ended = run.first()
            if ended is not None:
                return run.result(ended)
            if not run.optimal and not meter.out():
                run.descend()
            if not run.optimal and not meter.out():
                run.neighbourhoods()
        if run.optimal and not meter.deterministic and len(model.slots) <= WHOLE_MODEL_SLOTS:
            run.canonical()  # (a fresh whole model: not for one too large for that)
    except KeyboardInterrupt:  # protocol.Interrupted too: Ctrl-C an engine took
        if run.best is None:
            raise  # nothing to keep: the caller sees the Ctrl-C
    finally:
        if watchdog is not None:
            watchdog.cancel()
    return run.result()
