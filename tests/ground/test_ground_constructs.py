"""Each construct of the language table, grounded on a tiny instance, with the exact
ground constraints asserted in their printed form (rotalang/ground/printer.py)."""

from __future__ import annotations

from fractions import Fraction

from ground_helpers import count, ground_text, lines, soft_cost, values_of

HEAD = """
calendar from 2025-02-14 to 2025-02-16
holidays 2025-02-16
enum 身份 { 党员, 群众 }
staff 人员 { 身份: 身份, 有证: bool, 可上岗: date = 2025-02-14, 优先: int = 1 }
kind 申请 { 人: 人员, 日期: date }
shift 早 06:00-14:00
shift 夜 22:00-06:00
人员 甲 { 身份: 党员, 有证: true, 优先: 2 }, 乙 { 身份: 群众, 有证: false, 可上岗: 2025-02-16 }
申请 a1 { 人: 甲, 日期: 2025-02-15 }
"""


def test_coverage_counts_the_people_on_each_shift():
    m = ground_text(HEAD + "rule 覆盖: each day d, shift s where d = 2025-02-14: "
                    "count(人员 p where p works s on d) >= 2")
    assert lines(m, "覆盖") == [
        "[覆盖] d=2025-02-14 s=早: x[甲 2025-02-14 早] + x[乙 2025-02-14 早] >= 2",
        "[覆盖] d=2025-02-14 s=夜: x[甲 2025-02-14 夜] + x[乙 2025-02-14 夜] >= 2",
    ]


def test_coverage_with_a_property_filters_people_by_the_data():
    m = ground_text(HEAD + "rule 带班: each day d where d = 2025-02-15: "
                    "some(人员 p where p.身份 = 党员 and p works 夜 on d)")
    assert lines(m, "带班") == ["[带班] d=2025-02-15: x[甲 2025-02-15 夜]"]


def test_qualification_binds_only_the_unqualified():
    m = ground_text(HEAD + "rule 资格: each 人员 p, day d where not p.有证: p is off 夜 on d")
    assert lines(m, "资格") == [
        "[资格] p=乙 d=2025-02-14: not x[乙 2025-02-14 夜]",
        "[资格] p=乙 d=2025-02-15: not x[乙 2025-02-15 夜]",
        "[资格] p=乙 d=2025-02-16: not x[乙 2025-02-16 夜]",
    ]


def test_availability_guard_on_the_data_decides_which_instances_exist():
    m = ground_text(HEAD + "rule 可上岗: each 人员 p, day d: p is off on d when d < p.可上岗")
    assert lines(m, "可上岗") == [
        "[可上岗] p=乙 d=2025-02-14: not a[乙 works on 2025-02-14]",
        "[可上岗] p=乙 d=2025-02-15: not a[乙 works on 2025-02-15]",
    ]
    aux = {a.label: a.of for a in m.aux}
    assert aux["乙 works on 2025-02-14"] == (m.var(1, 0, 0, None), m.var(1, 0, 1, None))


def test_per_person_limit_per_week_one_constraint_per_calendar_week():
    m = ground_text(HEAD + "rule 周: each 人员 p where p.优先 = 2: works at most 1 shifts per week")
    assert lines(m, "周") == [
        "[周] p=甲 period=week 2025-W07: x[甲 2025-02-14 早] + x[甲 2025-02-14 夜] + "
        "x[甲 2025-02-15 早] + x[甲 2025-02-15 夜] + x[甲 2025-02-16 早] + x[甲 2025-02-16 夜] <= 1",
    ]


def test_total_time_worked_is_in_minutes():
    m = ground_text(HEAD + "rule 时: each 人员 p where p.优先 = 2: works at least 16h")
    assert lines(m, "时") == [
        "[时] p=甲: 480·x[甲 2025-02-14 早] + 480·x[甲 2025-02-14 夜] + 480·x[甲 2025-02-15 早] + "
        "480·x[甲 2025-02-15 夜] + 480·x[甲 2025-02-16 早] + 480·x[甲 2025-02-16 夜] >= 960",
    ]
    assert m.constraints[0].formula.unit == "minutes"


def test_within_a_bound_week():
    m = ground_text(HEAD + "rule 周内: each week w, 人员 p where p.优先 = 2: "
                    "p works at most 1 早 shifts in w")
    assert lines(m, "周内") == [
        "[周内] w=week 2025-W07 p=甲: x[甲 2025-02-14 早] + x[甲 2025-02-15 早] + "
        "x[甲 2025-02-16 早] <= 1",
    ]


def test_between_gives_one_constraint_per_side():
    m = ground_text(HEAD + "rule 区间: each 人员 p where p.优先 = 2: works between 1 and 2 夜 days")
    assert [c.formula.op for c in m.constraints if m.rules[c.rule].name == "区间"] == [">=", "<="]


def test_requests_are_soft_violations_with_their_weight():
    m = ground_text(HEAD + "soft rule 申请 weight 3: each 申请 a: a.人 is off on a.日期")
    assert lines(m, "申请") == [
        "[申请] a=a1: not a[甲 works on 2025-02-15]  [violation, weight 3]"]


def test_composition_ratio_is_scaled_to_integers():
    m = ground_text(HEAD + "rule 构成: count(人员 p where p.身份 = 党员 and p works 早 on "
                    "2025-02-14) >= 50% of count(人员 p where p works 早 on 2025-02-14)")
    assert lines(m, "构成") == [
        "[构成]: 2·x[甲 2025-02-14 早] >= x[甲 2025-02-14 早] + x[乙 2025-02-14 早] (scale 2)"]


def test_pairing_becomes_an_implication():
    m = ground_text(HEAD + "rule 带: each day d, shift s where d = 2025-02-14: "
                    "if 乙 works s on d then 甲 works s on d")
    assert lines(m, "带") == [
        "[带] d=2025-02-14 s=早: not x[乙 2025-02-14 早] or x[甲 2025-02-14 早]",
        "[带] d=2025-02-14 s=夜: not x[乙 2025-02-14 夜] or x[甲 2025-02-14 夜]",
    ]


def test_fairness_balance_has_one_term_per_binding():
    m = ground_text(HEAD + "soft rule 均 weight 2: balance shifts(p, 夜) across 人员 p")
    (c,) = [c for c in m.constraints if m.rules[c.rule].name == "均"]
    assert c.measure == "spread" and c.weight == 2 and len(c.terms) == 2
    assert lines(m, "均") == [
        "[均]: spread of x[甲 2025-02-14 夜] + x[甲 2025-02-15 夜] + x[甲 2025-02-16 夜]; "
        "x[乙 2025-02-14 夜] + x[乙 2025-02-15 夜] + x[乙 2025-02-16 夜]  [spread, weight 2]"]


def test_roster_dependent_guard_is_kept_as_the_guard():
    m = ground_text(HEAD + "rule 条件: each day d where d = 2025-02-15: 甲 works on d "
                    "when 乙 works 早 on d")
    assert lines(m, "条件") == [
        "[条件] d=2025-02-15: when x[乙 2025-02-15 早]: a[甲 works on 2025-02-15]"]


def test_roster_dependent_where_becomes_the_guard():
    m = ground_text(HEAD + "rule 条件: each 人员 p where p works 早 on 2025-02-14: "
                    "p is off on 2025-02-15")
    assert lines(m, "条件") == [
        "[条件] p=甲: when x[甲 2025-02-14 早]: not a[甲 works on 2025-02-15]",
        "[条件] p=乙: when x[乙 2025-02-14 早]: not a[乙 works on 2025-02-15]",
    ]


def test_facts_only_rule_lists_each_violator_and_counts_the_rest():
    m = ground_text(HEAD + "rule 数据: each 人员 p: p.优先 >= 2")
    assert lines(m, "数据") == ["[数据] p=乙: false"]
    rule = next(r for r in m.rules if r.name == "数据")
    assert rule.facts_only and rule.satisfied == 1


def test_data_only_expressions_dates_lets_holidays_weeks_and_shift_lengths():
    m = ground_text(HEAD + """
let 基准 = 2025-02-14
rule 日期: each day d where d - 基准 >= 1d and d is not holiday: some(人员 p where p works 早 on d)
rule 周: each day d where d is sat and len(d.week) = 3 and days(基准, d) = 1: 甲 works on d
rule 长: each shift s where s.length = 8h and s.start > 12:00: 甲 works s on 2025-02-14
""")
    assert lines(m, "日期") == ["[日期] d=2025-02-15: x[甲 2025-02-15 早] or x[乙 2025-02-15 早]"]
    assert lines(m, "周") == ["[周] d=2025-02-15: a[甲 works on 2025-02-15]"]
    assert lines(m, "长") == ["[长] s=夜: x[甲 2025-02-14 夜]"]


def test_soft_numeric_bound_costs_weight_per_unit_of_deviation():
    m = ground_text(HEAD + "soft rule 缺 weight 100: each day d, shift s where d = 2025-02-14 "
                    "and s = 早: count(人员 p where p works s on d) >= 2")
    (c,) = [c for c in m.constraints if m.rules[c.rule].name == "缺"]
    assert c.measure == "deviation" and c.weight == 100
    assert soft_cost(m, values_of(m, set())) == 200  # 2 short at weight 100
    assert soft_cost(m, values_of(m, {m.var(0, 0, 0, None)})) == 100


def test_soft_weight_is_evaluated_per_binding():
    m = ground_text(HEAD + "soft rule 权 weight p.优先: each 人员 p: p works at most 1 shifts")
    assert [c.weight for c in m.constraints if m.rules[c.rule].name == "权"] == [
        Fraction(2), Fraction(1)]


def test_minimize_is_a_value_term():
    m = ground_text(HEAD + "soft rule 少 weight 1: minimize count(人员 p where p works 夜 on 2025-02-14)")
    assert lines(m, "少") == [
        "[少]: value of x[甲 2025-02-14 夜] + x[乙 2025-02-14 夜]  [value, weight 1]"]


def test_assertions_are_grounded_and_marked():
    m = ground_text(HEAD + "assert 断言: each day d where d = 2025-02-14: "
                    "count(人员 p where p works on d) <= 1")
    rule = next(r for r in m.rules if r.name == "断言")
    assert rule.kind == "assert"
    assert lines(m, "断言") == [
        "[断言] d=2025-02-14: x[甲 2025-02-14 早] + x[甲 2025-02-14 夜] + x[乙 2025-02-14 早] + "
        "x[乙 2025-02-14 夜] <= 1"]


def test_structure_one_shift_a_day_per_person_day():
    m = ground_text(HEAD)
    assert [r.name for r in m.rules] == ["one shift per day"]
    assert lines(m)[0] == ("[one shift per day] person=甲 day=2025-02-14: "
                           "x[甲 2025-02-14 早] + x[甲 2025-02-14 夜] <= 1")
    assert count(m, "one shift per day") == 6


def test_static_plan_slots_are_person_by_post():
    m = ground_text("""
staff 人 { }
post 村 { }
人 张, 李
村 东, 西
rule 每村一人: each 村 v: count(人 c where c works at v) = 1
rule 张不去西: not (张 works at 西)
""")
    assert [m.describe_slot(v) for v in range(len(m.slots))] == ["张 东", "张 西", "李 东", "李 西"]
    assert lines(m) == [
        "[每村一人] v=东: x[张 东] + x[李 东] = 1",
        "[每村一人] v=西: x[张 西] + x[李 西] = 1",
        "[张不去西]: not x[张 西]",
        "[one post per person] person=张: x[张 东] + x[张 西] <= 1",
        "[one post per person] person=李: x[李 东] + x[李 西] <= 1",
    ]


POSTS_ON_A_CALENDAR = """
calendar from 2025-02-14 to 2025-02-14
staff 人 { }
post 卡口 { }
卡口 东, 西
人 张
shift 早 06:00-14:00
shift 夜 22:00-06:00
"""


def test_posts_on_a_calendar_make_two_built_in_rules_each_named():
    """One shift a day counts shifts worked at any post; one post per shift counts the
    posts of each shift: each on its own, so a conflict names the one it needs."""
    m = ground_text(POSTS_ON_A_CALENDAR)
    assert lines(m) == [
        "[one shift per day] person=张 day=2025-02-14: "
        "a[张 works {早} on 2025-02-14] + a[张 works {夜} on 2025-02-14] <= 1",
        "[one post per shift] person=张 day=2025-02-14 shift=早: "
        "x[张 2025-02-14 早 东] + x[张 2025-02-14 早 西] <= 1",
        "[one post per shift] person=张 day=2025-02-14 shift=夜: "
        "x[张 2025-02-14 夜 东] + x[张 2025-02-14 夜 西] <= 1"]


def test_a_relaxed_built_in_rule_is_not_grounded():
    only_posts = ground_text(POSTS_ON_A_CALENDAR + 'relax "one shift per day"\n')
    assert [r.name for r in only_posts.rules] == ["one post per shift"]
    neither = ground_text(POSTS_ON_A_CALENDAR + 'relax "one shift per day", "one post per shift"\n')
    assert neither.rules == () and neither.constraints == ()


def test_grounding_is_deterministic():
    text = HEAD + """
rule 覆盖: each day d, shift s: count(人员 p where p works s on d) >= 1
rule 连续: each 人员 p: works at most 1 consecutive days
soft rule 申请 weight 3: each 申请 a: a.人 is off on a.日期
"""
    assert lines(ground_text(text)) == lines(ground_text(text))
    assert ground_text(text) == ground_text(text)
