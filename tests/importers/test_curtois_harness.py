"""The benchmark harness's table says what the runs did: medians and ranges over the
seeds beside the peer's, issue 22's conditions met or missed, and any disagreement of
the verifier shown — never a single lucky run presented as the whole story."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import curtois  # noqa: E402


def _run(cost, *, status="feasible", first=1.0, verdict="ok"):
    return {"cost": cost, "status": status, "first": first, "best_at": 30.0,
            "peak_mb": 200.0, "verify": {"ok": verdict == "ok", "verdict": verdict}}


def _row(number, runs, peer=(), size=(16, 28, 2), limit=60.0):
    return {"instance": number, "size": size, "time_limit": limit, "runs": list(runs),
            "peer": list(peer)}


def _cells(text):
    return [c.strip() for c in text.splitlines()[2].strip("|").split("|")]


def test_the_median_is_a_cost_some_run_reached_and_no_roster_is_dearest():
    assert curtois.median_cost([_run("1148"), _run("1249"), _run("1254"), _run("1239")]) == 1239
    assert curtois.median_cost([_run("1150"), _run(None), _run(None)]) is None
    assert curtois.median_cost([_run("1150"), _run("1300"), _run(None)]) == 1300


def test_three_seeds_give_median_range_and_the_peer_beside_it():
    rotalang = [_run("1248"), _run("1150"), _run("1350", first=2.5)]
    peer = [_run("1246", status="FEASIBLE"), _run("1250"), _run("1350")]
    cells = _cells(curtois.table([_row(5, rotalang, peer)], "cpsat"))
    assert cells[:6] == ["5", "16 × 28 × 2", "60 s", "1143", "1248 (1150–1350)", "+9.2%"]
    assert cells[6:8] == ["1250 (1246–1350)", "yes"]
    assert cells[8] == "2.5 s"  # the slowest first roster
    assert cells[-1] == "3/3 · peer 3/3"


def test_a_run_without_a_roster_shows_in_the_first_roster_and_the_verdict():
    cells = _cells(curtois.table([_row(5, [_run("1248"), _run(None, first=None,
                                                                verdict="no roster")])],
                                 "cpsat"))
    assert cells[8] == "none in 1/2"
    assert cells[-1] == "1/2 (no roster)"


def test_issue_22s_conditions_name_the_instances_that_missed():
    rows = [_row(2, [_run("837")]), _row(5, [_run("1248")], [_run("1246")]),
            _row(24, [_run("5000", first=40.0)], [_run(None)], size=(150, 364, 32), limit=300)]
    lines = curtois.done_when(rows, "cpsat")
    assert "- median ≤ 1% above best known (2): missed on 2" in lines  # 828 × 1.01 < 837
    assert "- median at or below the peer's (5, 24): missed on 5" in lines
    assert "- first roster within 10 s (2, 5): met" in lines
    assert "- peak RSS under 4 GB (24): met" in lines


def test_the_z3_engine_is_compared_with_its_recorded_figures():
    assert curtois.z3_within(5, 1374)  # 1348 × 1.02 = 1374.96
    assert not curtois.z3_within(5, 1375)
    assert curtois.z3_within(14, 1) is None
    cells = _cells(curtois.table([_row(5, [_run("1375")])], "z3"))
    assert cells[6:8] == ["1348 (1254–1350)", "**no**"]
