"""Max − min fairness (issue 23, point 8): 30 shifts over 8 people cannot be shared
evenly (3.75 each), nor 10 night shifts (1.25 each), so the best roster has a spread
of 1 in both: 10 × 1 + 5 × 1 = 15. CP-SAT proves it — the bound reaches the cost, and
the answer is the same whatever the seed; an engine that stops short states
"feasible" with a bound it has proved, never a bound above the cost."""

from __future__ import annotations

import pytest

import rotalang
from tests.crosscheck import crosscheck

FAIR = """
calendar from 2025-03-03 to 2025-03-07
staff 人员
shift 早班 08:00-16:00
shift 中班 16:00-24:00
shift 夜班 00:00-08:00
人员 甲, 乙, 丙, 丁, 戊, 己, 庚, 辛
rule 每班两人: each day d, shift s: count(人员 p where p works s on d) = 2
rule 休息: rest at least 16h between shifts
soft rule 班数均衡 weight 10: balance shifts(p) across 人员 p
soft rule 夜班均衡 weight 5: balance shifts(p, 夜班) across 人员 p
"""


def solve(engine: str, seed: int, time_limit: float):
    program = rotalang.load(FAIR)
    result = program.solve(engine=engine, time_limit=time_limit, seed=seed)
    crosscheck(program, result)  # the evaluator agrees with the roster and its costs
    return program, result


@pytest.mark.parametrize("seed", [0, 1])
def test_cpsat_proves_the_balanced_roster_optimal_whatever_the_seed(seed):
    _, result = solve("cpsat", seed, time_limit=30)
    assert (result.status, result.cost, result.lower_bound) == ("optimal", 15, 15)
    by_rule = {c.rule: c.cost for c in result.breakdown}
    assert by_rule == {"班数均衡": 10, "夜班均衡": 5}


def test_an_engine_that_stops_short_states_a_bound_it_has_proved(engine):
    _, result = solve(engine, 0, time_limit=2)
    assert result.cost >= 15  # no roster does better (see above)
    assert result.lower_bound is not None and result.lower_bound <= 15
    if result.status == "optimal":
        assert result.cost == result.lower_bound == 15
    else:
        assert result.status == "feasible"
