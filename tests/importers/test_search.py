"""The solver-neutral search on hand-built ground models of benchmark instances
(tests/importers/curtois_ground.py), independent of the grounder, under each engine:
every roster it reports meets the hard rules and costs what the independent referee
says."""

from __future__ import annotations

import pytest

from rotalang.backends import engine_named
from rotalang.ground.objective import objective
from rotalang.search import Meter, search
from rotalang.search import lns
from rotalang.search.lns import Search
from tests.curtois_objective import evaluate, read_bench
from tests.importers.curtois_ground import build, roster_rows
from tests.shared_inputs import bench_instance


def _first_roster(model, engine: str, seed: int):
    goal = objective(model)
    whole = engine_named(engine).model(model, goal)
    outcome = whole.solve(Meter(30).limits(), seed=seed, optimise=False)
    assert outcome.best is not None
    return outcome.best.true_slots


def test_search_proves_the_small_instance_optimal_and_reports_each_improvement(engine):
    path = bench_instance(1)
    model = build(path)
    reported = []
    result = search(model, objective(model), engine_named(engine), meter=Meter(20), seed=3,
                    on_improvement=lambda cost, _bound, _t, true_vars:
                    reported.append((cost, true_vars)))
    assert result.status == "optimal" and result.cost == result.bound == 607
    costs = [c for c, _ in reported]
    assert costs == sorted(costs, reverse=True) and len(set(costs)) == len(costs)
    bench = read_bench(path)
    for cost, true_vars in reported:  # every intermediate roster is a valid roster
        outcome = evaluate(bench, roster_rows(model, true_vars))
        assert outcome.violations == []
        assert outcome.objective == cost


def test_search_starts_from_a_given_roster_and_never_reports_a_worse_one(engine):
    path = bench_instance(2)
    model = build(path)
    start = _first_roster(model, engine, seed=1)
    start_cost = evaluate(read_bench(path), roster_rows(model, start)).objective
    reported = []
    lns_search = Search(model, objective(model), engine_named(engine), seed=1, meter=Meter(3),
                        on_improvement=lambda cost, _tv: reported.append(cost))
    lns_search.set_incumbent(start)
    lns_search.run()
    assert reported[0] == start_cost  # the incumbent itself, then only improvements
    assert lns_search.best_cost == min(reported) < start_cost
    assert reported == sorted(reported, reverse=True)


def test_cost_guided_neighbourhood_frees_cells_where_the_incumbent_pays():
    path = bench_instance(2)
    model = build(path)
    start = _first_roster(model, "z3", seed=1)
    lns_search = Search(model, objective(model), engine_named("z3"), seed=1)
    lns_search.set_incumbent(start)
    costs = lns_search.hoods.costs
    costs.load(lns_search.current)
    paying = set().union(*(costs.cells_of(i) for i, c in enumerate(costs.instance_cost)
                           if c > 0))
    free = lns_search.hoods.costly(10, lns_search.current)
    assert len(free) >= 10
    # every freed cell is a paying cell or its person's cell within three days of one
    for person, day in free:
        assert any(p == person and abs(d - day) <= 3 for p, d in paying)


def test_window_pairs_free_everyone_on_separate_runs_of_days():
    model = build(bench_instance(2))
    hoods = Search(model, objective(model), engine_named("z3"), seed=5).hoods
    windows = next(k for k in hoods.kinds if k.name == "windows")
    runs_seen = set()
    for _ in range(40):
        free = hoods.draw(windows, ())
        days = sorted({d for _, d in free})
        assert free == {c for c in hoods.cells if c[1] in days}  # everyone on those days
        runs = 1 + sum(1 for a, b in zip(days, days[1:]) if b - a > 1)
        runs_seen.add(runs)
    assert runs_seen == {2, 3}  # counted by gaps: runs that touch would count as one


def _search_from_the_optimum(engine: str) -> tuple:
    """A search on instance 1 started from its proved optimum (607), where every
    neighbourhood holds nothing cheaper: the search stalls at once."""
    model = build(bench_instance(1))
    goal = objective(model)
    optimum = search(model, goal, engine_named(engine), meter=Meter(20), seed=3)
    assert optimum.status == "optimal" and optimum.cost == 607
    stalled = Search(model, goal, engine_named(engine), seed=4)
    stalled.set_incumbent(optimum.true_vars)
    stalled.optimal = False  # as a search that has not proved it would be
    return model, stalled


def test_a_stalled_search_walks_through_dearer_valid_rosters_and_comes_back(engine):
    model, stalled = _search_from_the_optimum(engine)
    bench = read_bench(bench_instance(1))
    reported = []
    stalled.on_improvement = lambda cost, _tv: reported.append(cost)
    walked = {}
    came_back = False
    for _ in range(lns.WALK_BACK + lns.WALK_AFTER + 5):
        stalled.step(1.0)
        if stalled.current_cost > stalled.best_cost:
            walked[stalled.current] = stalled.current_cost
        elif walked:  # back at the best cost: by a descent, or sent back to the best
            came_back = True
    assert walked, "a stalled search should walk"
    assert stalled.walk == 100  # one under-covered shift, the heaviest unit
    for true_vars, cost in walked.items():  # each roster walked through is valid
        outcome = evaluate(bench, roster_rows(model, true_vars))
        assert outcome.violations == []
        assert outcome.objective == cost <= 607 + lns.WALK_SPAN * stalled.walk
    assert came_back and stalled.best_cost == 607 and reported == []


def test_the_search_does_not_walk_in_its_last_stretch(engine):
    _, stalled = _search_from_the_optimum(engine)
    stalled.walk_until = 0.0  # the last stretch has begun
    for _ in range(lns.WALK_AFTER + 5):
        stalled.step(1.0)
        assert stalled.current_cost == stalled.best_cost == 607


@pytest.mark.parametrize("seed", [0, 1])
def test_a_work_limited_run_is_the_same_run_every_time(engine, seed):
    """With a work limit every decision is taken on work, never on the clock: two runs
    go through the same rosters to the same end (one second of work: already some
    thirty improvements under CP-SAT, six under Z3, to repeat step by step)."""
    model = build(bench_instance(2))
    runs = []
    for _ in range(2):
        reported = []
        result = search(model, objective(model), engine_named(engine),
                        meter=Meter(None, 1.0), seed=seed,
                        on_improvement=lambda cost, _b, _t, tv: reported.append((cost, tv)))
        runs.append((result, reported))
    assert runs[0] == runs[1]
    assert runs[0][0].true_vars is not None
    assert len(runs[0][1]) >= 5  # a run of many steps, not one lucky roster
