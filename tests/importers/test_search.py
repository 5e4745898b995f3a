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
