"""Benchmark instances end to end: import, load, check, solve with a small time limit,
and cross-check the roster with the independent referee (tests/curtois_objective.py):
zero hard violations and the same cost as `solve` reports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rotalang import api
from rotalang.importers.curtois import import_instance
from tests.shared_inputs import bench_instance
from tests.curtois_objective import check_files

def _instance(number: int) -> Path:
    return bench_instance(number)


@pytest.mark.parametrize("number", [1, 2])
def test_imported_instance_loads_and_grounds_to_the_benchmark_size(tmp_path, number):
    program = api.load(import_instance(_instance(number), tmp_path))
    model = program.ground()
    sizes = {1: (8, 14, 1), 2: (14, 14, 2)}[number]
    assert (len(model.people), len(model.days), len(model.shifts)) == sizes


@pytest.mark.slow
@pytest.mark.parametrize("number,time_limit", [(1, 10), (2, 8)])
def test_solved_roster_passes_the_independent_referee(tmp_path, number, time_limit):
    instance = _instance(number)
    program = api.load(import_instance(instance, tmp_path))
    result = program.solve(time_limit=time_limit, seed=0)
    assert result.status in ("optimal", "feasible")
    roster_csv = tmp_path / "roster.csv"
    with open(roster_csv, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["staff", "date", "shift"])
        for a in result.roster.assignments:
            writer.writerow([a.staff, a.date.isoformat(), a.shift])
    outcome = check_files(instance, roster_csv)
    assert outcome.violations == []
    assert outcome.objective == result.cost
    if number == 1:  # small enough to be proved optimal well within the limit
        assert result.status == "optimal"
        assert result.cost == 607
