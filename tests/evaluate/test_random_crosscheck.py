"""Random small programs, solved and cross-checked against the plain-Python evaluator.

Hypothesis writes `.rota` text with 2–4 people, 3–7 days and 1–2 shifts, and a random
mix of coverage, limits, sequences, weekends, pairing and requests, each hard or soft
(plus soft-only balance and minimize). Every roster the solver returns must break no
hard rule and cost what the solver says; on instances small enough to enumerate every
roster, the evaluator's optimum must equal the solver's cost when it says `optimal`,
and no roster may meet the hard rules when it says `infeasible`.
"""

from __future__ import annotations

import datetime
import itertools

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import rotalang
from rotalang.ground.semantics import evaluate
from rotalang.ground.semantics import compile_model

PEOPLE = ("甲", "乙", "丙", "丁")
SHIFTS = (("早", "06:00-14:00"), ("夜", "22:00-06:00"))
BRUTE_FORCE_LIMIT = 20_000  # rosters


@st.composite
def programs(draw) -> str:
    n_people = draw(st.integers(2, 4))
    n_days = draw(st.integers(3, 7))
    n_shifts = draw(st.integers(1, 2))
    start = datetime.date(2025, 2, 10) + datetime.timedelta(days=draw(st.integers(0, 6)))
    end = start + datetime.timedelta(days=n_days - 1)
    people = PEOPLE[:n_people]
    shifts = [name for name, _ in SHIFTS[:n_shifts]]
    last = shifts[-1]
    person = st.sampled_from(people)
    day = st.integers(0, n_days - 1).map(lambda i: (start + datetime.timedelta(days=i)).isoformat())
    small = st.integers(0, 2)

    templates = {
        "cover_min": small.map(
            lambda k: f"each day d, shift s: count(人员 p where p works s on d) >= {k}"),
        "cover_max": small.map(
            lambda k: f"each day d, shift s: count(人员 p where p works s on d) <= {k}"),
        "window": st.tuples(st.integers(1, 3), st.integers(2, 4)).map(
            lambda t: f"each 人员 p: works at most {t[0]} shifts in any {t[1]} days"),
        "total": st.tuples(st.integers(0, 2), st.integers(2, 5)).map(
            lambda t: f"each 人员 p: works between {t[0]} and {t[1]} shifts"),
        "hours": st.integers(1, 4).map(lambda h: f"each 人员 p: works at most {8 * h}h"),
        "consecutive": st.integers(1, 3).map(
            lambda n: f"each 人员 p: works at most {n} consecutive days"),
        "days_off": st.just("each 人员 p: has at least 2 consecutive days off"),
        "succession": st.just(f"no {last} followed by {shifts[0]}"),
        "weekends": st.integers(0, 1).map(lambda n: f"each 人员 p: works at most {n} weekends"),
        "pairing": st.tuples(person, person).filter(lambda t: t[0] != t[1]).map(
            lambda t: f"each day d: if {t[0]} works on d then {t[1]} works on d"),
        "off_request": st.tuples(person, day).map(lambda t: f"{t[0]} is off on {t[1]}"),
        "work_request": st.tuples(person, st.sampled_from(shifts), day).map(
            lambda t: f"{t[0]} works {t[1]} on {t[2]}"),
    }
    soft_only = {
        "balance": st.just("balance shifts(p) across 人员 p"),
        "minimize": st.just(f"minimize count(人员 p, day d where p works {last} on d)"),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(templates) + sorted(soft_only)),
                           min_size=1, max_size=5))
    rules = []
    for i, name in enumerate(chosen):
        body = draw(templates[name] if name in templates else soft_only[name])
        soft = name in soft_only or draw(st.booleans())
        if soft:
            rules.append(f"soft rule r{i} weight {draw(st.integers(1, 5))}: {body}")
        else:
            rules.append(f"rule r{i}: {body}")
    return (f"calendar from {start.isoformat()} to {end.isoformat()}\n"
            "staff 人员 { }\n"
            + "".join(f"shift {name} {times}\n" for name, times in SHIFTS[:n_shifts])
            + f"人员 {', '.join(people)}\n" + "\n".join(rules) + "\n")


def every_roster(model):
    """Every roster with at most one shift a person a day: for each (person, day), no
    slot or one of its slots. None when there are more than BRUTE_FORCE_LIMIT."""
    per_day: dict[tuple, list[int]] = {}
    for var, slot in enumerate(model.slots):
        per_day.setdefault((slot.person, slot.day), []).append(var)
    choices = [[None, *slots] for _, slots in sorted(per_day.items())]
    total = 1
    for c in choices:
        total *= len(c)
    if total > BRUTE_FORCE_LIMIT:
        return None
    return ([v for v in pick if v is not None] for pick in itertools.product(*choices))


def brute_force_optimum(model):
    """The least cost of a roster meeting every hard rule (None: no such roster), or
    ... when there are too many rosters to enumerate."""
    rosters = every_roster(model)
    if rosters is None:
        return ...
    compiled = compile_model(model)
    best = None
    for true_vars in rosters:
        e = evaluate(compiled, true_vars)
        if not e.failed_hard and (best is None or e.total_cost < best):
            best = e.total_cost
    return best


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_generated_programs_load_and_ground(text):
    """The generator writes valid programs (so the cross-check below tests the solver,
    not the generator)."""
    model = rotalang.load(text).ground()
    assert model.slots


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_solver_agrees_with_the_evaluator(text):
    from tests.crosscheck import crosscheck

    program = rotalang.load(text)
    result = program.solve(time_limit=10, seed=0)
    crosscheck(program, result)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_solver_finds_the_optimum_brute_force_finds(text):
    """On the programs small enough to enumerate every roster (the others are filtered
    out, and Hypothesis counts them, so a generator drifting to big programs shows)."""
    from tests.crosscheck import crosscheck

    program = rotalang.load(text)
    optimum = brute_force_optimum(program.ground())
    assume(optimum is not ...)
    result = program.solve(time_limit=10, seed=0)
    crosscheck(program, result)
    if result.status == "optimal":
        assert result.cost == optimum, (text, result.cost, optimum)
    elif result.status == "infeasible":
        assert optimum is None, (text, optimum)
    elif result.status == "feasible":
        assert optimum is not None and result.cost >= optimum


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(programs(), st.randoms(use_true_random=False))
def test_semantics_agree_with_the_grounding_tests_own_reading(text, rng):
    """The ground model's semantics (`ground/semantics.py`) and the grounding tests'
    independent reading of it (`tests/ground/ground_helpers.py`) agree on random
    rosters (any subset of slots, so structural rules get broken too)."""
    from tests.ground.ground_helpers import hard_ok, soft_cost, values_of

    model = rotalang.load(text).ground()
    for _ in range(5):
        true_vars = {v for v in range(len(model.slots)) if rng.random() < 0.4}
        e = evaluate(model, true_vars)
        values = values_of(model, true_vars)
        assert (not e.failed_hard) == hard_ok(model, values)
        assert e.total_cost == soft_cost(model, values)
