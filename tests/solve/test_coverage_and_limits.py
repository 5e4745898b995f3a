"""Coverage, qualification, availability and per-person limits, solved end to end.

Each program is small enough to be solved to a proved optimum in a few seconds. Each
one pairs the hard rule under test with soft rules that would profit from breaking it,
so the rule visibly binds: the optimal cost (worked out by hand in the comments) is
higher than it would be without the rule, and the roster property is checked directly.
"""

from __future__ import annotations

from solve_helpers import day, days, solved

PEOPLE_CADRES = """
enum 身份 { 党员干部, 医务人员, 社区志愿者 }
staff 人员 { 身份: 身份 }
"""


def test_coverage_per_post_and_shift_with_a_party_cadre_on_every_dongguan_shift():
    r = solved("""
calendar from 2025-02-10 to 2025-02-10
""" + PEOPLE_CADRES + """
post 卡口
shift 早班 06:00-14:00
shift 夜班 22:00-06:00
卡口 东关, 西关
人员 张丽 { 身份: 党员干部 }, 王强 { 身份: 党员干部 }, 孙敏 { 身份: 党员干部 },
     刘洋 { 身份: 医务人员 }, 陈静 { 身份: 医务人员 },
     李娜 { 身份: 社区志愿者 }, 赵磊 { 身份: 社区志愿者 }

rule 东关每班两人:
  each 卡口 k, day d, shift s where k = 东关:
    count(人员 p where p works s on d at k) >= 2
rule 东关党员干部带班:
  each 卡口 k, day d, shift s:
    some(人员 p where p.身份 = 党员干部 and p works s on d at k) when k = 东关
rule 西关每班一人:
  each day d, shift s: count(人员 p where p works s on d at 西关) >= 1

soft rule 少排班 weight 1: minimize count(人员 p, day d where p works on d)
soft rule 干部少排 weight 1:
  each 人员 p, day d where p.身份 = 党员干部: p is off on d
""")
    # Per day: 东关 2 + 2, 西关 1 + 1 = 6 assignments (cost 6), at least one cadre on
    # each 东关 shift (cost 2): 8. (One day: proving the optimum of two takes Z3 5 s.)
    assert r.status == "optimal"
    assert r.cost == 8
    cadres = {"张丽", "王强", "孙敏"}
    for d in [day(10)]:
        for s in ("早班", "夜班"):
            dongguan = r.people_on(d, s, "东关")
            assert len(dongguan) == 2 and len(dongguan & cadres) == 1, (d, s, dongguan)
            xiguan = r.people_on(d, s, "西关")
            assert len(xiguan) == 1 and not xiguan & cadres, (d, s, xiguan)
    assert r.cost_of("少排班") == 6 and r.cost_of("干部少排") == 2


def test_qualification_keeps_volunteers_off_night_shifts():
    r = solved("""
calendar from 2025-02-10 to 2025-02-11
""" + PEOPLE_CADRES + """
shift 早班 06:00-14:00
shift 夜班 22:00-06:00
人员 张丽 { 身份: 党员干部 }, 刘洋 { 身份: 医务人员 }, 赵磊 { 身份: 社区志愿者 }

rule 每班一人: each day d, shift s: count(人员 p where p works s on d) = 1
rule 夜班须党员干部或医务人员:
  each 人员 p, day d:
    if p works 夜班 on d then p.身份 != 社区志愿者

soft rule 张丽少上夜班 weight 2: each day d: 张丽 is off 夜班 on d
soft rule 刘洋少上夜班 weight 1: each day d: 刘洋 is off 夜班 on d
""")
    # 赵磊 would take every night for free; barred, the cheaper of the two qualified
    # people (刘洋, 1 a night) does both nights: cost 2.
    assert r.status == "optimal"
    assert r.cost == 2
    for d in days(day(10), day(11)):
        assert r.people_on(d, "夜班") == {"刘洋"}
    assert "赵磊" not in r.people_on(shift="夜班")


def test_availability_before_and_after_a_date_and_a_day_off():
    r = solved("""
calendar from 2025-02-10 to 2025-02-13
staff 人员 { 可上岗日期: date = 2025-02-10, 离岗日期: date = 2025-12-31 }
shift 白班 08:00-17:00
人员 张丽, 王强, 刘洋,
     李娜 { 可上岗日期: 2025-02-12 },
     陈静 { 离岗日期: 2025-02-11 }

rule 每天两人: each day d: count(人员 p where p works on d) >= 2
rule 外地人员先隔离:
  each 人员 p, day d where d < p.可上岗日期:
    p is off on d
rule 离岗后不排班: each 人员 p, day d: p is off on d when d > p.离岗日期
rule 王强十一日请假: 王强 is off on 2025-02-11

soft rule 少排班 weight 1: minimize count(人员 p, day d where p works on d)
soft rule 张丽想休息 weight 3: each day d: 张丽 is off on d
soft rule 刘洋想休息 weight 3: each day d: 刘洋 is off on d
""")
    # Available cheap people: 10th 王强 陈静; 11th only 陈静 (王强 on leave, 李娜
    # isolating), so 张丽 or 刘洋 must work (3); 12th, 13th 王强 李娜.
    # Cost: 8 assignments + 3 = 11 (without the availability rules: 8).
    assert r.status == "optimal"
    assert r.cost == 11
    worked = r.by_person()
    assert all(d >= day(12) for d in worked["李娜"])
    assert all(d <= day(11) for d in worked["陈静"])
    assert day(11) not in worked["王强"]
    assert len(r.people_on(day(11)) & {"张丽", "刘洋"}) == 1
    assert r.people_on(day(12)) == r.people_on(day(13)) == {"王强", "李娜"}


ONE_SHIFT_TWO_PEOPLE = """
staff 人员
shift 白班 08:00-17:00
人员 张丽, 王强
rule 每天一人: each day d: count(人员 p where p works on d) = 1
soft rule 王强想休息 weight 1: each day d: 王强 is off on d
"""


def test_at_most_five_shifts_in_any_seven_days():
    r = solved("calendar from 2025-02-10 to 2025-02-18\n" + ONE_SHIFT_TWO_PEOPLE + """
rule 每七天最多五班: each 人员 p: works at most 5 shifts in any 7 days
""")
    # 张丽 would work all 9 days. With ≤ 5 in each of the windows 10–16, 11–17, 12–18
    # she works at most 7 (e.g. 10, 11, three of 12–16, 17, 18): 王强 works 2, cost 2.
    assert r.status == "optimal"
    assert r.cost == 2
    horizon = days(day(10), day(18))
    for person, worked in r.by_person().items():
        for start in range(len(horizon) - 6):
            window = set(horizon[start:start + 7])
            assert len(worked & window) <= 5, (person, horizon[start])
    assert len(r.by_person()["张丽"]) == 7


def test_total_hours_limit_with_long_and_short_shifts():
    r = solved("""
calendar from 2025-02-10 to 2025-02-16
staff 人员
shift 长班 08:00-20:00
shift 短班 08:00-12:00
人员 张丽, 王强
rule 每天一人: each day d: count(人员 p where p works on d) = 1
rule 张丽工时上限: each 人员 p where p = 张丽: works at most 40h
soft rule 王强想休息 weight 2: each day d: 王强 is off on d
soft rule 少排短班 weight 1: minimize count(人员 p, day d where p works 短班 on d)
""")
    # 张丽 works k long (12h) and m short (4h) days, 12k + 4m ≤ 40h, k + m ≤ 7;
    # 王强 takes the other days on long shifts. Cost 2·(7 − k − m) + m is least, 6,
    # at (k, m) = (2, 4) or (1, 6); without the hours limit it would be 0.
    assert r.status == "optimal"
    assert r.cost == 6
    lengths = {"长班": 12, "短班": 4}
    zhang = r.shift_of("张丽")
    assert sum(lengths[s] for s in zhang.values()) <= 40
    assert r.shifts_of("王强", "短班") == 0


def test_night_shifts_per_week_and_in_total():
    r = solved("""
calendar from 2025-02-10 to 2025-02-19
staff 人员
shift 夜班 22:00-06:00
人员 张丽, 王强, 刘洋
rule 每晚一人: each day d: count(人员 p where p works 夜班 on d) = 1
rule 每周最多三个夜班: each 人员 p: works at most 3 夜班 shifts per week
rule 每人至少一个夜班: each 人员 p: works at least 1 夜班 shifts in total
soft rule 王强少上夜班 weight 1: each day d: 王强 is off on d
soft rule 刘洋少上夜班 weight 2: each day d: 刘洋 is off on d
""")
    # 10 nights over the weeks 10–16 and 17–19. 张丽 (free) takes at most 3 a week,
    # 6 in all; 刘洋 (2 each) the one night he must; 王强 (1 each) the other 3: cost 5.
    # Without the weekly limit 8 + 1 + 1 (cost 3); without the minimum 6 + 4 + 0 (4).
    assert r.status == "optimal"
    assert r.cost == 5
    weeks = [set(days(day(10), day(16))), set(days(day(17), day(19)))]
    for person, worked in r.by_person().items():
        for week in weeks:
            assert len(worked & week) <= 3, (person, min(week))
    assert [r.shifts_of(p) for p in ("张丽", "王强", "刘洋")] == [6, 3, 1]


def test_a_single_post_written_as_a_bare_record_before_the_people():
    # `卡口 东关` then `人员 …` on the next line: once refused with E0101 (the two
    # data items ran together); fixed in ee80d8b.
    r = solved("""
calendar from 2025-02-10 to 2025-02-11
staff 人员
post 卡口
shift 白班 08:00-17:00
卡口 东关
人员 张丽
人员 王强
rule 东关每天一人: each day d: count(人员 p where p works on d at 东关) = 1
soft rule 王强想休息 weight 1: each day d: 王强 is off on d
""")
    assert (r.status, r.cost) == ("optimal", 0)
    assert r.people_on(post="东关") == {"张丽"} and r.count_on(post="东关") == 2
