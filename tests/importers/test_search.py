"""The large-neighbourhood search on hand-built ground models of benchmark instances
(tests/importers/curtois_ground.py), independent of the grounder: every roster it
reports meets the hard rules and costs what the independent referee says."""

from __future__ import annotations

from pathlib import Path

import pytest

from rotalang.backends.z3.encode import encode
from rotalang.backends.z3.search import first_roster, improve
from tests.curtois_objective import evaluate, read_bench
from tests.importers.curtois_ground import build, roster_rows

BENCH = Path(__file__).resolve().parents[3] / "shared" / "bench" / "curtois"


def _instance(number: int) -> Path:
    path = BENCH / f"Instance{number}.txt"
    if not path.exists():
        pytest.skip(f"benchmark instance {path} not available")
    return path


def test_search_proves_the_small_instance_optimal_and_reports_each_improvement():
    path = _instance(1)
    model = build(path)
    enc = encode(model)
    reported = []
    result = improve(enc, None, time_limit=20, seed=3,
                     on_improvement=lambda cost, true_vars, _t: reported.append((cost, true_vars)))
    assert result.optimal and result.cost == 607
    costs = [c for c, _ in reported]
    assert costs == sorted(costs, reverse=True) and len(set(costs)) == len(costs)
    bench = read_bench(path)
    for cost, true_vars in reported:  # every intermediate roster is a valid roster
        outcome = evaluate(bench, roster_rows(model, true_vars))
        assert outcome.violations == []
        assert outcome.objective == cost


def test_search_starts_from_a_given_roster_and_never_reports_a_worse_one():
    path = _instance(2)
    model = build(path)
    enc = encode(model)
    start = first_roster(enc, seed=1, timeout=30)
    assert isinstance(start, tuple)
    start_cost = evaluate(read_bench(path), roster_rows(model, start)).objective
    reported = []
    result = improve(enc, start, time_limit=3, seed=1,
                     on_improvement=lambda cost, tv, _t: reported.append(cost))
    assert reported[0] == start_cost  # the incumbent itself, then only improvements
    assert result.cost == min(reported) < start_cost


def test_hill_climber_keeps_every_hard_rule_and_tracks_the_referees_cost():
    import random

    from rotalang.backends.z3.search import LocalSearch, Search

    path = _instance(4)
    model = build(path)
    enc = encode(model)
    start = first_roster(enc, seed=2, timeout=30)
    assert isinstance(start, tuple)
    bench = read_bench(path)
    search = Search(enc, seed=2)
    local = LocalSearch(enc, search.cells, random.Random(2))
    start_cost = local.load(start)
    assert start_cost == evaluate(bench, roster_rows(model, start)).objective
    change = local.climb(float("inf"), search.people, search.days)
    outcome = evaluate(bench, roster_rows(model, local.true_vars()))
    assert outcome.violations == []
    assert change < 0 and outcome.objective == start_cost + change


def test_cost_guided_neighbourhood_frees_cells_where_the_incumbent_pays():
    from rotalang.backends.z3.search import Search

    path = _instance(2)
    model = build(path)
    enc = encode(model)
    start = first_roster(enc, seed=1, timeout=30)
    search = Search(enc, seed=1)
    search.set_incumbent(start)
    local = search.synced_local()
    paying = set().union(*(local.cells_of[i] for i, c in enumerate(local.inst_cost) if c > 0))
    free = search.costly_neighbourhood(10)
    assert len(free) >= 10
    # every freed cell is a paying cell or its person's cell within three days of one
    for person, day in free:
        assert any(p == person and abs(d - day) <= 3 for p, d in paying)


def test_window_pairs_free_everyone_on_separate_runs_of_days():
    from rotalang.backends.z3.search import Search

    model = build(_instance(2))
    search = Search(encode(model), seed=5)
    windows = next(k for k in search.kinds if k.name == "windows")
    runs_seen = set()
    for _ in range(40):
        free = search.neighbourhood(windows)
        days = sorted({d for _, d in free})
        assert free == {c for c in search.cells if c[1] in days}  # everyone on those days
        runs = 1 + sum(1 for a, b in zip(days, days[1:]) if b - a > 1)
        runs_seen.add(runs)
    assert runs_seen == {2, 3}  # counted by gaps: runs that touch would count as one


def _search_from_the_optimum(path: Path):
    """A search on instance 1 started from its proved optimum (607), where every
    neighbourhood holds nothing cheaper: the search stalls at once."""
    from rotalang.backends.z3.search import Search

    model = build(path)
    enc = encode(model)
    optimum = improve(enc, None, time_limit=20, seed=3)
    assert optimum.optimal and optimum.cost == 607
    search = Search(enc, seed=4)
    search.set_incumbent(optimum.true_vars)
    return model, search


def test_a_stalled_search_walks_through_dearer_valid_rosters_and_comes_back():
    from rotalang.backends.z3 import search as lns

    path = _instance(1)
    model, search = _search_from_the_optimum(path)
    bench = read_bench(path)
    reported = []
    search.on_improvement = lambda cost, _tv, _t: reported.append(cost)
    walked = {}
    came_back = False
    for _ in range(lns.WALK_BACK + lns.WALK_AFTER + 5):
        search.step(1.0)
        if search.current_cost > search.best_cost:
            walked[search.current] = search.current_cost
        elif walked:  # back at the best cost: by a descent, or sent back to the best
            came_back = True
    assert walked, "a stalled search should walk"
    assert search.walk == 100  # one under-covered shift, the heaviest unit
    for true_vars, cost in walked.items():  # each roster walked through is valid
        outcome = evaluate(bench, roster_rows(model, true_vars))
        assert outcome.violations == []
        assert outcome.objective == cost <= 607 + lns.WALK_SPAN * search.walk
    assert came_back and search.best_cost == 607 and reported == []


def test_the_search_does_not_walk_in_its_last_stretch():
    from rotalang.backends.z3 import search as lns

    _, search = _search_from_the_optimum(_instance(1))
    search.walk_until = 0.0  # the last stretch has begun
    for _ in range(lns.WALK_AFTER + 5):
        search.step(1.0)
        assert search.current_cost == search.best_cost == 607
