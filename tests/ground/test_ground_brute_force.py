"""Brute force on tiny instances: every roster (every subset of the slot variables)
is checked against the ground hard constraints and against a hand-written Python
predicate of the rule; both must allow exactly the same rosters. This catches
off-by-one errors in windows, runs, weeks and successions."""

from __future__ import annotations

import datetime

import pytest

from ground_helpers import all_rosters, ground_text, hard_ok, values_of

ONE_SHIFT = "shift 早 06:00-14:00\n"
TWO_SHIFTS = "shift 早 06:00-14:00\nshift 夜 22:00-06:00\n"


def program(start: str, end: str, shifts: str, people: str, rules: str) -> str:
    return (f"calendar from {start} to {end}\nstaff 人员 {{ }}\n{shifts}"
            f"人员 {people}\n{rules}\n")


def days_of(model):
    return range(len(model.days))


def structure_ok(model, work) -> bool:
    return all(len(shifts) <= 1 for shifts in work.values())


def on(work, person, day) -> bool:
    return bool(work.get((person, day)))


def runs(model, work, person, working: bool):
    """(start, length, bounded) of each maximal run of working (or off) days;
    `bounded`: it has a neighbour on both sides inside the horizon."""
    n = len(model.days)
    out, d = [], 0
    while d < n:
        if on(work, person, d) == working:
            start = d
            while d < n and on(work, person, d) == working:
                d += 1
            out.append((start, d - start, start > 0 and d < n))
        else:
            d += 1
    return out


def max_run(model, work, person, working, limit):
    return all(length <= limit for _, length, _ in runs(model, work, person, working))


def min_run(model, work, person, working, limit):
    return all(length >= limit for _, length, bounded in runs(model, work, person, working)
               if bounded)


def shifts_in(work, person, days, names=None):
    return sum(1 for d in days for s in work.get((person, d), ())
               if names is None or s in names)


def weekend_worked(model, work, person, week_days):
    return any(on(work, person, d) for d in week_days if model.days[d].weekday() >= 5)


def weeks(model):
    """Day indices of each calendar week (Monday start) inside the horizon."""
    out: dict[tuple, list[int]] = {}
    for i, day in enumerate(model.days):
        out.setdefault(day.isocalendar()[:2], []).append(i)
    return list(out.values())


PEOPLE = ("甲", "乙")

CASES = {
    "max consecutive work": (
        program("2025-02-10", "2025-02-14", ONE_SHIFT, "甲, 乙",
                "rule r: each 人员 p: works at most 2 consecutive days"),
        lambda m, w: all(max_run(m, w, p, True, 2) for p in PEOPLE)),
    "min consecutive work": (
        program("2025-02-10", "2025-02-14", ONE_SHIFT, "甲, 乙",
                "rule r: each 人员 p: works at least 3 consecutive days"),
        lambda m, w: all(min_run(m, w, p, True, 3) for p in PEOPLE)),
    "exact consecutive work": (
        program("2025-02-10", "2025-02-14", ONE_SHIFT, "甲, 乙",
                "rule r: each 人员 p: works exactly 2 consecutive days"),
        lambda m, w: all(max_run(m, w, p, True, 2) and min_run(m, w, p, True, 2)
                         for p in PEOPLE)),
    "min consecutive off": (
        program("2025-02-10", "2025-02-14", ONE_SHIFT, "甲, 乙",
                "rule r: each 人员 p: has at least 2 consecutive days off"),
        lambda m, w: all(min_run(m, w, p, False, 2) for p in PEOPLE)),
    "max consecutive off": (
        program("2025-02-10", "2025-02-14", ONE_SHIFT, "甲, 乙",
                "rule r: each 人员 p: has at most 1 consecutive days off"),
        lambda m, w: all(max_run(m, w, p, False, 1) for p in PEOPLE)),
    "shifts in any window": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: each 人员 p: works at most 1 shifts in any 2 days"),
        lambda m, w: all(shifts_in(w, p, (d, d + 1)) <= 1 for p in PEOPLE for d in (0, 1))),
    "per week, across a week boundary": (
        program("2025-02-15", "2025-02-19", ONE_SHIFT, "甲, 乙",
                "rule r: each 人员 p: works between 1 and 2 shifts per week"),
        lambda m, w: all(1 <= shifts_in(w, p, wk) <= 2 for p in PEOPLE for wk in weeks(m))),
    "days of given shifts in total": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: each 人员 p: works at least 1 夜 days"),
        lambda m, w: all(shifts_in(w, p, days_of(m), {"夜"}) >= 1 for p in PEOPLE)),
    "total time worked": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: each 人员 p: works at most 16h"),
        lambda m, w: all(shifts_in(w, p, days_of(m)) * 8 <= 16 for p in PEOPLE)),
    "succession": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙", "rule r: no 夜 followed by 早"),
        lambda m, w: not any("夜" in w.get((p, d), ()) and "早" in w.get((p, d + 1), ())
                             for p in PEOPLE for d in (0, 1))),
    "rest between shifts": (
        program("2025-02-10", "2025-02-12", "shift 早 06:00-14:00\nshift 晚 14:00-22:00\n",
                "甲, 乙", "rule r: rest at least 9h between shifts"),
        # 晚 ends 22:00, 早 next day starts 06:00: 8h of rest
        lambda m, w: not any("晚" in w.get((p, d), ()) and "早" in w.get((p, d + 1), ())
                             for p in PEOPLE for d in (0, 1))),
    "coverage with a guard on the data": (
        program("2025-02-14", "2025-02-16", TWO_SHIFTS, "甲, 乙",
                "rule r: each day d, shift s: count(人员 p where p works s on d) >= 1 "
                "unless d is weekend"),
        lambda m, w: all(sum(1 for p in PEOPLE if s in w.get((p, 0), ())) >= 1
                         for s in ("早", "夜"))),
    "pairing": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: each day d, shift s: if 甲 works s on d then 乙 works s on d"),
        lambda m, w: all(s in w.get(("乙", d), ()) for d in days_of(m)
                         for s in w.get(("甲", d), ()))),
    "never together": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: each day d: not (甲 works on d and 乙 works on d)"),
        lambda m, w: not any(on(w, "甲", d) and on(w, "乙", d) for d in days_of(m))),
    "some and none": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: each day d: some(人员 p where p works 夜 on d) "
                "and none(人员 p where p works 早 on d)"),
        lambda m, w: all(any("夜" in w.get((p, d), ()) for p in PEOPLE)
                         and not any("早" in w.get((p, d), ()) for p in PEOPLE)
                         for d in days_of(m))),
    "shifts() and a ratio": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: shifts(甲, 夜) >= 50% of shifts(甲)"),
        lambda m, w: 2 * shifts_in(w, "甲", days_of(m), {"夜"}) >= shifts_in(w, "甲", days_of(m))),
    "hours() difference": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: abs(hours(甲) - hours(乙)) <= 8h"),
        lambda m, w: abs(shifts_in(w, "甲", days_of(m)) - shifts_in(w, "乙", days_of(m))) <= 1),
    "max over people": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: max(shifts(p) for 人员 p) <= 2"),
        lambda m, w: all(shifts_in(w, p, days_of(m)) <= 2 for p in PEOPLE)),
    # Arithmetic on min/max/abs over the roster stays one min/max (issue 30's fuzzer).
    "abs plus a number": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: abs(shifts(甲) - shifts(乙)) + 1 <= 2"),
        lambda m, w: abs(shifts_in(w, "甲", days_of(m)) - shifts_in(w, "乙", days_of(m))) <= 1),
    "a number minus abs": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: 3 - abs(shifts(甲) - shifts(乙)) >= 3"),
        lambda m, w: shifts_in(w, "甲", days_of(m)) == shifts_in(w, "乙", days_of(m))),
    "abs times a number": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: 2 * abs(shifts(甲) - 2) <= 2"),
        lambda m, w: abs(shifts_in(w, "甲", days_of(m)) - 2) <= 1),
    "max negated": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: -max(shifts(p) for 人员 p) >= -2"),
        lambda m, w: all(shifts_in(w, p, days_of(m)) <= 2 for p in PEOPLE)),
    "max of maxes": (
        program("2025-02-10", "2025-02-12", TWO_SHIFTS, "甲, 乙",
                "rule r: max(max(shifts(p) + shifts(q) for 人员 q) for 人员 p) <= 3"),
        lambda m, w: all(shifts_in(w, p, days_of(m)) + shifts_in(w, q, days_of(m)) <= 3
                         for p in PEOPLE for q in PEOPLE)),
}

WEEKEND_CASES = {
    "weekends in total": (
        program("2025-02-15", "2025-02-23", ONE_SHIFT, "甲",
                "rule r: each 人员 p: works at most 1 weekends"),
        lambda m, w: sum(weekend_worked(m, w, "甲", wk) for wk in weeks(m)) <= 1),
    "weekends in any 2 weeks": (
        program("2025-02-16", "2025-03-01", ONE_SHIFT, "甲",
                "rule r: each 人员 p: works at most 1 weekends in any 2 weeks"),
        lambda m, w: all(sum(weekend_worked(m, w, "甲", wk) for wk in weeks(m)[i:i + 2]) <= 1
                         for i in range(len(weeks(m)) - 1))),
}


@pytest.mark.parametrize("name", sorted({**CASES, **WEEKEND_CASES}))
def test_ground_hard_rules_allow_exactly_the_rosters_the_rule_allows(name):
    text, predicate = {**CASES, **WEEKEND_CASES}[name]
    model = ground_text(text)
    allowed = disagreements = 0
    for true, work in all_rosters(model):
        expected = structure_ok(model, work) and predicate(model, work)
        actual = hard_ok(model, values_of(model, true))
        allowed += expected
        if expected != actual:
            disagreements += 1
            example = sorted((p, model.days[d].isoformat(), sorted(s)) for (p, d), s in work.items())
            assert expected == actual, f"{name}: roster {example} expected {expected}"
    assert allowed > 0  # the case is not vacuous


def test_brute_force_cases_use_the_expected_calendars():
    model = ground_text(WEEKEND_CASES["weekends in any 2 weeks"][0])
    assert model.days[0] == datetime.date(2025, 2, 16)
    assert len(weeks(model)) == 3
