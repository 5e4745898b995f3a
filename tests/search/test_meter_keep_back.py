"""`Meter.keep_back`: a search over a model whose roster takes long to evaluate keeps
part of the wall-clock limit for what follows it (the final evaluation and the cost
explained item by item), so that the answer comes within the limit."""

from __future__ import annotations

from rotalang.search.meter import Meter


def test_kept_back_seconds_end_the_search_sooner_and_only_the_largest_counts():
    meter = Meter(100.0, start=0.0)
    meter.keep_back(12.0)
    assert meter.deadline == 88.0
    meter.keep_back(5.0)  # less than already kept: nothing changes
    assert meter.deadline == 88.0
    meter.keep_back(20.0)  # more: the difference only
    assert meter.deadline == 80.0


def test_without_a_time_limit_nothing_is_kept():
    meter = Meter(None, 10.0, start=0.0)
    meter.keep_back(12.0)
    assert meter.deadline is None and meter.work_left() == 10.0
