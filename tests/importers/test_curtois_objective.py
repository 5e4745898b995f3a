"""The independent referee (tests/curtois_objective.py) on hand-made rosters whose cost
and violations are worked out by hand in the comments."""

from __future__ import annotations

import pytest

from tests.curtois_objective import evaluate, read_bench, read_roster_csv

# 7 days (Mon..Sun), shifts D and N (no D after N), two nurses.
TINY = """\
SECTION_HORIZON
7

SECTION_SHIFTS
D,480,
N,600,D

SECTION_STAFF
A,D=7|N=1,2400,960,3,2,2,1
B,D=7|N=0,3360,0,5,1,1,1

SECTION_DAYS_OFF
A,6
B

SECTION_SHIFT_ON_REQUESTS
A,0,D,2
B,3,D,5

SECTION_SHIFT_OFF_REQUESTS
A,1,D,3

SECTION_COVER
0,D,1,100,1
1,D,2,100,1
2,N,1,50,1
"""


@pytest.fixture
def bench(tmp_path):
    path = tmp_path / "Tiny.txt"
    path.write_text(TINY)
    return read_bench(path)


def test_a_clean_roster_costs_its_requests_and_cover(bench):
    # A: D D N off off off off (3 shifts, 1560 min; off run touches the end)
    # B: off D off off off off off (one shift, 480 min; single days are fine for B)
    roster = [("A", 0, "D"), ("A", 1, "D"), ("A", 2, "N"), ("B", 1, "D")]
    out = evaluate(bench, roster)
    assert out.violations == []
    # on A/0/D met; on B/3/D missed: 5; off A/1/D violated: 3;
    # cover 0/D: 1 on, ok; 1/D: 2 on, ok; 2/N: 1 on, ok.
    assert out.objective == 8


def test_cover_counts_under_and_over_with_their_weights(bench):
    # Day 0 D: A and B on (over by 1: 1); day 1 D: nobody (under 2: 200);
    # day 2 N: nobody (under 1: 50). Requests: B/3/D missed 5.
    roster = [("A", 0, "D"), ("B", 0, "D")]
    out = evaluate(bench, roster)
    assert out.objective == 1 + 200 + 50 + 5
    assert out.violations == ["A works 480 min, at least 960"]


def test_every_hard_rule_is_reported(bench):
    roster = [
        ("A", 0, "N"), ("A", 1, "D"),   # D after N
        ("A", 3, "N"),                   # second N (max 1); A: 0,1 work, 2 off, 3..6 work
        ("A", 4, "D"), ("A", 5, "D"), ("A", 6, "D"),  # 4 in a row (max 3); day off 6
        ("B", 2, "N"),                   # B may not work N
        ("B", 2, "D"),                   # two shifts on one day
        ("B", 5, "D"),                   # B's second weekend? no: B has 1 weekend, fine
    ]
    out = evaluate(bench, roster)
    assert out.violations == [
        "B has two shifts on day 2",
        "A works on day off 6",
        "A works D on day 1 after N",
        "A works D on day 4 after N",
        "A works 2 N shifts, at most 1",
        "A works 3120 min, at most 2400",
        "A has 1 days off in a row from day 2, at least 2",
        "A works 4 days in a row from day 3, at most 3",
        "B works 1 N shifts, at most 0",
    ]


def test_minimum_runs_only_bind_between_two_neighbours_inside_the_horizon(bench):
    roster = [("A", 0, "D"), ("A", 3, "D"), ("A", 4, "D")]
    out = evaluate(bench, roster)
    # 1440 min; day 0 touches the start (fine), off 1-2 is 2 days (fine), 3-4 is 2 days (fine)
    assert out.violations == []
    roster = [("A", 0, "D"), ("A", 2, "D"), ("A", 3, "D"), ("A", 4, "D")]
    out = evaluate(bench, roster)
    assert out.violations == ["A has 1 days off in a row from day 1, at least 2"]
    roster = [("A", 0, "D"), ("A", 1, "D"), ("A", 4, "D")]
    out = evaluate(bench, roster)
    assert out.violations == ["A works 1 days in a row from day 4, at least 2"]


def test_weekends_count_when_either_day_is_worked(bench):
    a = [("A", 0, "D"), ("A", 1, "D")]
    roster = a + [("B", 5, "D"), ("B", 6, "D")]
    assert evaluate(bench, roster).violations == []  # one weekend, both days
    bench.staff["B"]["max_weekends"] = 0
    assert evaluate(bench, a + [("B", 6, "D")]).violations == ["B works 1 weekends, at most 0"]


def test_roster_csv_dates_map_to_day_indexes(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("staff,date,shift\nA,2024-01-01,D\nB,2024-01-03,N\n")
    assert read_roster_csv(path) == [("A", 0, "D"), ("B", 2, "N")]
