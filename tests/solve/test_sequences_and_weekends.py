"""Sequences (consecutive days worked and off, forbidden successions, rest between
shifts) and weekends, solved end to end. As in test_coverage_and_limits.py, soft
rules pull against each hard rule so that it binds, and the optimum is worked out by
hand in the comments."""

from __future__ import annotations

import datetime

import pytest

from solve_helpers import day, days, runs, solved

TWO_PEOPLE_ONE_SHIFT = """
staff 人员
shift 白班 08:00-17:00
人员 张丽, 王强
rule 每天一人: each day d: count(人员 p where p works on d) = 1
soft rule 王强想休息 weight 1: each day d: 王强 is off on d
"""

THREE_PEOPLE_ONE_WEEKEND = """
calendar from 2025-02-15 to 2025-02-16
staff 人员
shift 白班 08:00-17:00
人员 张丽, 王强, 刘洋
rule 每天两人: each day d: count(人员 p where p works on d) = 2
"""


def test_at_most_three_consecutive_working_days():
    r = solved("calendar from 2025-02-10 to 2025-02-15\n" + TWO_PEOPLE_ONE_SHIFT + """
rule 最多连上三天: each 人员 p: works at most 3 consecutive days
""")
    # 张丽 would work all 6 days; in runs of at most 3 she works 5 (3, a day off, 2):
    # 王强 works 1 day, cost 1.
    assert r.status == "optimal"
    assert r.cost == 1
    horizon = days(day(10), day(15))
    for person, worked in r.by_person().items():
        assert all(length <= 3 for _, length in runs(worked, horizon, True)), person
    assert len(r.by_person()["张丽"]) == 5


def test_at_least_two_consecutive_working_days_except_at_the_edges():
    r = solved("calendar from 2025-02-10 to 2025-02-15\n" + TWO_PEOPLE_ONE_SHIFT + """
rule 至少连上两天: each 人员 p: works at least 2 consecutive days
soft rule 张丽十二日休息 weight 5: 张丽 is off on 2025-02-12
soft rule 张丽十四日休息 weight 5: 张丽 is off on 2025-02-14
""")
    # 王强 covers 张丽's two days off, 12 and 14. Lone working days inside the
    # horizon are not allowed, for him (12, 14) nor for her (13): he works 12–14,
    # cost 3. (Without the rule: 2; dropping a wish: ≥ 5.)
    assert r.status == "optimal"
    assert r.cost == 3
    horizon = days(day(10), day(15))
    for person, worked in r.by_person().items():
        for start, length in runs(worked, horizon, True):
            at_edge = start == 0 or start + length == len(horizon)
            assert at_edge or length >= 2, (person, horizon[start], length)
    assert r.by_person()["王强"] == {day(12), day(13), day(14)}


def test_at_most_four_days_in_each_calendar_week():
    r = solved("calendar from 2025-02-10 to 2025-02-19\n" + TWO_PEOPLE_ONE_SHIFT + """
rule 每周最多四天: each 人员 p, week w: works at most 4 days in w
""")
    # Weeks 10–16 (7 days) and 17–19 (3): 张丽 works 4 + 3, 王强 the other 3: cost 3.
    assert r.status == "optimal"
    assert r.cost == 3
    for person, worked in r.by_person().items():
        assert len(worked & set(days(day(10), day(16)))) <= 4, person
    assert len(r.by_person()["张丽"]) == 7


def test_at_least_two_consecutive_days_off_except_at_the_edges():
    r = solved("calendar from 2025-02-10 to 2025-02-16\n" + TWO_PEOPLE_ONE_SHIFT + """
rule 至少连休两天: each 人员 p: has at least 2 consecutive days off
soft rule 张丽十一日休息 weight 5: 张丽 is off on 2025-02-11
soft rule 张丽十四日休息 weight 5: 张丽 is off on 2025-02-14
""")
    # 张丽's two wishes (5 each) are worth keeping, but a lone day off inside the
    # horizon is not allowed: each wish takes two days off (e.g. 10–11 at the edge and
    # 14–15), so 王强 works 4 days: cost 4. (Without the rule: 2; dropping a wish: ≥ 5.)
    assert r.status == "optimal"
    assert r.cost == 4
    horizon = days(day(10), day(16))
    for person, worked in r.by_person().items():
        for start, length in runs(worked, horizon, False):
            at_edge = start == 0 or start + length == len(horizon)
            assert at_edge or length >= 2, (person, horizon[start], length)
    assert {day(11), day(14)}.isdisjoint(r.by_person()["张丽"])
    assert len(r.by_person()["王强"]) == 4


def test_no_early_shift_after_a_night_shift():
    r = solved("""
calendar from 2025-02-10 to 2025-02-12
staff 人员
shift 早班 06:00-14:00
shift 夜班 22:00-06:00
人员 张丽, 王强
rule 每班一人: each day d, shift s: count(人员 p where p works s on d) = 1
rule 夜班后不接早班: no 夜班 followed by 早班
soft rule 张丽十日想上早班 weight 1: 张丽 works 早班 on 2025-02-10
soft rule 张丽十二日想上夜班 weight 1: 张丽 works 夜班 on 2025-02-12
""")
    # Both work every day. Whoever works a night must work the night after too, so
    # whoever does nights does every night: one of 张丽's two wishes fails, cost 1
    # (without the rule, 早 早 夜 for 张丽 costs 0).
    assert r.status == "optimal"
    assert r.cost == 1
    for person in ("张丽", "王强"):
        shifts = r.shift_of(person)
        for d, s in shifts.items():
            if s == "夜班":
                assert shifts.get(d + datetime.timedelta(1)) != "早班", (person, d)
        assert len(set(shifts.values())) == 1, (person, shifts)


SHIFT_TIMES = {"早班": (6, 14), "中班": (14, 22), "夜班": (22, 30)}  # hours from 00:00


def test_at_least_eleven_hours_rest_between_shifts():
    r = solved("""
calendar from 2025-02-10 to 2025-02-12
staff 人员
shift 早班 06:00-14:00
shift 中班 14:00-22:00
shift 夜班 22:00-06:00
人员 张丽, 王强, 刘洋
rule 每班一人: each day d, shift s: count(人员 p where p works s on d) = 1
rule 休息十一小时: rest at least 11h between shifts
soft rule 张丽十日想上早班 weight 1: 张丽 works 早班 on 2025-02-10
soft rule 张丽十二日想上夜班 weight 1: 张丽 works 夜班 on 2025-02-12
""")
    # 11h rest forbids 中→早 (8h), 夜→早 (0h) and 夜→中 (8h) on the next day: a
    # person's shift never moves earlier. All three work every day on different
    # shifts, so each keeps one shift throughout: one of 张丽's wishes fails, cost 1.
    assert r.status == "optimal"
    assert r.cost == 1
    for person in ("张丽", "王强", "刘洋"):
        shifts = r.shift_of(person)
        for d, s in shifts.items():
            following = shifts.get(d + datetime.timedelta(1))
            if following is not None:
                rest = 24 + SHIFT_TIMES[following][0] - SHIFT_TIMES[s][1]
                assert rest >= 11, (person, d, s, following)


def test_at_most_one_weekend_in_any_two_weeks():
    r = solved("""
calendar from 2025-02-10 to 2025-03-02
staff 人员
shift 白班 08:00-17:00
人员 张丽, 王强, 刘洋, 陈静
rule 周末两人: each day d: count(人员 p where p works on d) = 2 when d is weekend
rule 平日不排: each day d: count(人员 p where p works on d) = 0 unless d is weekend
rule 两周最多一个周末: each 人员 p: works at most 1 weekends in any 2 weeks
soft rule 刘洋想休息 weight 1: each day d: 刘洋 is off on d
""")
    # Three weekends (15–16, 22–23, 1–2), two people each. 张丽 and 王强 may work
    # the first and the third but then not the second, which 刘洋 (1 a day) and 陈静
    # cover: cost 2. (Without the weekend rule 张丽 and 王强 work all three: 0.)
    assert r.status == "optimal"
    assert r.cost == 2
    weekends = [{day(15), day(16)}, {day(22), day(23)}, {day(1, 3), day(2, 3)}]
    for person, worked in r.by_person().items():
        used = [bool(worked & w) for w in weekends]
        assert not (used[0] and used[1]) and not (used[1] and used[2]), (person, used)
        assert all(d.weekday() >= 5 for d in worked), person
    for w in weekends:
        for d in w:
            assert r.count_on(d) == 2


def test_at_most_one_person_works_both_days_of_the_weekend():
    r = solved(THREE_PEOPLE_ONE_WEEKEND + """
rule 整个周末最多一人: count(人员 p where p works on 2025-02-15 and p works on 2025-02-16) <= 1
soft rule 刘洋想休息 weight 1: each day d: 刘洋 is off on d
""")
    # Four person-days; without the weekend rule 张丽 and 王强 work both days (cost 0).
    # With it one of them works both days and the other one day, so 刘洋 works the
    # remaining day: cost 1.
    assert r.status == "optimal"
    assert r.cost == 1
    both = [p for p, worked in r.by_person().items() if worked == {day(15), day(16)}]
    assert len(both) == 1 and both[0] != "刘洋"
    assert len(r.by_person()["刘洋"]) == 1


@pytest.mark.parametrize("whole_weekends", [
    "count(人员 p where p works on 2025-02-15 and p is off on 2025-02-16) = 0",
    # two work both days, so at most one is off on either: the same rosters here
    "count(人员 p where p is off on 2025-02-15 or not p works on 2025-02-16) <= 1",
])
def test_nobody_works_saturday_and_is_off_on_sunday(whole_weekends):
    r = solved(THREE_PEOPLE_ONE_WEEKEND + "rule 周末整休或整上: " + whole_weekends + """
soft rule 张丽想上周六 weight 1: 张丽 works on 2025-02-15
soft rule 张丽周日休息 weight 2: 张丽 is off on 2025-02-16
""")
    # 张丽 would work Saturday and rest on Sunday (cost 0), which the rule forbids:
    # she works both days (cost 2) or neither (cost 1), so neither.
    assert r.status == "optimal"
    assert r.cost == 1
    assert "张丽" not in r.by_person()
    for person, worked in r.by_person().items():
        assert worked == {day(15), day(16)}, person
