"""The evaluator on hand-made ground models: each formula shape and cost measure,
a roster that meets it, one that breaks it (exact words), and costs worked by hand."""

from fractions import Fraction

from rotalang.ground.semantics import evaluate
from rotalang.verify import evaluate_costs
from rotalang.ground.model import And, Atom, Cmp, Const, Lin, Not, Or
from rotalang.results import CostLine, Violation

from tests.evaluate.handmade import Builder


def count(vars_, const=0):
    return Lin(tuple((1, v) for v in vars_), const)


def people_on(b, d, shift):
    return [b.var(p, d, shift) for p in b.people]


def test_coverage_at_least_met_and_broken():
    b = Builder(["张丽", "李强", "王芳"], 2, ["早班", "夜班"])
    r = b.rule("每班至少两人", line=14)
    for d in range(2):
        b.add(r, Cmp(count(people_on(b, d, "夜班")), ">=", Lin((), 2), what="people on 夜班"),
              binding=(("day", str(b.days[d])), ("shift", "夜班")))
    m = b.model()
    ok = {b.var("张丽", 0, "夜班"), b.var("李强", 0, "夜班"),
          b.var("张丽", 1, "夜班"), b.var("王芳", 1, "夜班")}
    assert evaluate_costs(m, ok) == ((), Fraction(0), ())
    broken = {b.var("张丽", 0, "夜班"), b.var("李强", 0, "夜班"), b.var("王芳", 1, "夜班")}
    hard, cost, lines = evaluate_costs(m, broken)
    assert hard == (Violation("每班至少两人", 14, (("day", "2025-02-11"), ("shift", "夜班")),
                              "at least 2", "1", "people on 夜班", "people on 夜班: 1",
                              "2025-02-11 夜班"),)
    assert cost == 0 and lines == ()


def test_at_most_in_minutes_is_shown_as_durations():
    b = Builder(["张丽"], 3, ["早班"])
    r = b.rule("工时上限", line=3)
    # 8h shifts; at most 16h in total, scaled in minutes
    b.add(r, Cmp(Lin(tuple((480, b.var("张丽", d, "早班")) for d in range(3))), "<=",
                 Lin((), 960), unit="minutes", what="hours 张丽 works"),
          binding=(("p", "张丽"),))
    m = b.model()
    hard, _, _ = evaluate_costs(m, {b.var("张丽", d, "早班") for d in range(3)})
    assert [(v.expected, v.actual) for v in hard] == [("at most 16h", "24h")]


def test_ratio_comparison_reports_author_units():
    # count(党员) >= 50% of count(all): 2·A >= 1·B with scale 2
    b = Builder(["张丽", "李强", "王芳"], 1, ["早班"])
    r = b.rule("党员过半", line=5)
    on = people_on(b, 0, "早班")
    b.add(r, Cmp(count(on[:1]).__class__(tuple((2, v) for v in on[:1])), ">=", count(on),
                 scale=2, what="party members on 早班"))
    m = b.model()
    hard, _, _ = evaluate_costs(m, set(on))  # 1 member of 3: 1 < 1.5
    assert [(v.expected, v.actual, v.what) for v in hard] == [
        ("at least 1.5", "1", "party members on 早班")]
    assert evaluate_costs(m, set(on[:2]))[0] == ()  # 1 of 2 is 50%


def test_succession_clause_in_words():
    b = Builder(["张丽", "李强"], 3, ["早班", "夜班"])
    r = b.rule("夜班后不接早班", line=7)
    for p in b.people:
        for d in range(2):
            b.add(r, Or((Not(Atom(b.var(p, d, "夜班"))), Not(Atom(b.var(p, d + 1, "早班"))))),
                  binding=(("p", p), ("day", str(b.days[d]))))
    m = b.model()
    assert evaluate_costs(m, {b.var("张丽", 0, "夜班"), b.var("张丽", 1, "夜班")})[0] == ()
    hard, _, _ = evaluate_costs(m, {b.var("张丽", 1, "夜班"), b.var("张丽", 2, "早班")},
                                {r: "no 夜班 followed by 早班"})
    assert hard == (Violation("夜班后不接早班", 7, (("p", "张丽"), ("day", "2025-02-11")),
                              "no 夜班 followed by 早班",
                              "张丽 works 夜班 on 2025-02-11 then 早班 on 2025-02-12", "",
                              "张丽 works 夜班 on 2025-02-11 then 早班 on 2025-02-12",
                              "张丽 2025-02-11", "no 夜班 followed by 早班"),)


def test_max_consecutive_days_run_is_one_range():
    b = Builder(["李强"], 5, ["早班", "夜班"])
    r = b.rule("最多连上三天", line=9)
    for start in range(5 - 3):  # no 4 working days in a row
        b.add(r, Or(tuple(Not(Atom(b.on("李强", d))) for d in range(start, start + 4))),
              binding=(("p", "李强"), ("day", str(b.days[start]))))
    m = b.model()
    roster = {b.var("李强", 0, "早班"), b.var("李强", 1, "夜班"), b.var("李强", 2, "早班"),
              b.var("李强", 3, "早班")}
    hard, _, _ = evaluate_costs(m, roster)
    assert [v.actual for v in hard] == ["李强 works on 2025-02-10 to 2025-02-13 (4 days)"]
    assert hard[0].expected == "the rule to hold"  # no program: no statement text
    assert evaluate_costs(m, roster - {b.var("李强", 1, "夜班")})[0] == ()


def test_min_days_off_clause_names_the_short_gap():
    b = Builder(["王芳"], 3, ["早班"])
    r = b.rule("至少休两天", line=11)
    # forbidden pattern: works, off one day, works
    b.add(r, Or((Not(Atom(b.on("王芳", 0))), Atom(b.on("王芳", 1)), Not(Atom(b.on("王芳", 2))))))
    m = b.model()
    hard, _, _ = evaluate_costs(m, {b.var("王芳", 0, "早班"), b.var("王芳", 2, "早班")})
    assert [v.actual for v in hard] == [
        "王芳 works on 2025-02-10 then is off on 2025-02-11 then works on 2025-02-12"]


def test_static_plan_and_posts_in_words():
    b = Builder(["张丽"], 2, ["夜班"], posts=["东关", "西关"])
    r = b.rule("不连守东关", line=2)
    b.add(r, Not(And((Atom(b.var("张丽", 0, "夜班", "东关")), Atom(b.var("张丽", 1, "夜班", "东关"))))))
    m = b.model()
    hard, _, _ = evaluate_costs(m, {b.var("张丽", 0, "夜班", "东关"), b.var("张丽", 1, "夜班", "东关")})
    assert [v.actual for v in hard] == [
        "张丽 works on 2025-02-10 to 2025-02-11 (2 days) at 东关"]



def test_guard_decides_whether_an_instance_applies():
    b = Builder(["张丽", "李强"], 1, ["早班"])
    r = b.rule("张丽在则李强在", line=4)
    b.add(r, Atom(b.var("李强", 0, "早班")), guard=Atom(b.var("张丽", 0, "早班")))
    m = b.model()
    assert evaluate_costs(m, set())[0] == ()
    hard, _, _ = evaluate_costs(m, {b.var("张丽", 0, "早班")})
    assert [v.actual for v in hard] == ["李强 is off on 2025-02-10"]


def test_assertions_and_facts_only_rules_are_not_verified():
    b = Builder(["张丽"], 1, ["早班"])
    a = b.rule("医护在岗", kind="assert", line=20)
    f = b.rule("报酬不低于700", line=21, facts_only=True)
    b.add(a, Atom(b.var("张丽", 0, "早班")))
    b.add(f, Const(False), binding=(("人员", "张丽"),))
    m = b.model()
    evaluation = evaluate(m, set())
    assert evaluation.failed_hard == ()
    assert evaluation.failed_asserts == (0,)
    assert evaluation.failed_facts == (1,)
    assert evaluate_costs(m, set())[0] == ()


def test_structure_rule_is_checked():
    b = Builder(["张丽"], 1, ["早班", "夜班"])
    r = b.rule("one shift per day", kind="structure")
    b.add(r, Cmp(count([b.var("张丽", 0, "早班"), b.var("张丽", 0, "夜班")]), "<=", Lin((), 1),
                 what="shifts 张丽 works on 2025-02-10"), binding=(("p", "张丽"), ("day", "2025-02-10")))
    m = b.model()
    hard, _, _ = evaluate_costs(m, {b.var("张丽", 0, "早班"), b.var("张丽", 0, "夜班")})
    assert hard == (Violation("one shift per day", None,
                              (("p", "张丽"), ("day", "2025-02-10")), "at most 1", "2",
                              "shifts 张丽 works on 2025-02-10",
                              "shifts 张丽 works on 2025-02-10: 2", "张丽 2025-02-10"),)


# ------------------------------------------------------------------------- soft costs


def test_deviation_costs_weight_per_unit_short():
    b = Builder(["张丽", "李强", "王芳"], 2, ["夜班"])
    r = b.rule("夜班三人", kind="soft", line=6)
    for d in range(2):
        b.add(r, Cmp(count(people_on(b, d, "夜班")), ">=", Lin((), 3)), measure="deviation",
              weight=100)
    m = b.model()
    # day 0: 1 person (2 short: 200); day 1: 3 people (0)
    roster = {b.var("张丽", 0, "夜班")} | set(people_on(b, 1, "夜班"))
    hard, cost, lines = evaluate_costs(m, roster)
    assert hard == ()
    assert cost == 200
    assert lines == (CostLine("夜班三人", 6, Fraction(200), 1),)


def test_deviation_equal_counts_both_directions_and_not_equal_one_miss():
    b = Builder(["张丽", "李强", "王芳"], 1, ["早班"])
    eq = b.rule("恰好两人", kind="soft", line=1)
    ne = b.rule("不要恰好一人", kind="soft", line=2)
    on = people_on(b, 0, "早班")
    b.add(eq, Cmp(count(on), "=", Lin((), 2)), measure="deviation", weight=3)
    b.add(ne, Cmp(count(on), "!=", Lin((), 1)), measure="deviation", weight=7)
    m = b.model()
    _, cost, lines = evaluate_costs(m, set(on))  # 3 people: 1 over
    assert (cost, lines) == (3, (CostLine("恰好两人", 1, Fraction(3), 1),
                                 CostLine("不要恰好一人", 2, Fraction(0), 0)))
    _, cost, _ = evaluate_costs(m, set(on[:1]))  # 1 person: 1 under (3) and = 1 (7)
    assert cost == 10
    _, cost, _ = evaluate_costs(m, set())  # 0 people: 2 under
    assert cost == 6


def test_strict_comparisons_miss_by_one_more():
    b = Builder(["张丽", "李强"], 1, ["早班"])
    gt = b.rule("多于一人", kind="soft", line=1)
    lt = b.rule("少于两人", kind="soft", line=2)
    on = people_on(b, 0, "早班")
    b.add(gt, Cmp(count(on), ">", Lin((), 1)), measure="deviation", weight=5)
    b.add(lt, Cmp(count(on), "<", Lin((), 2)), measure="deviation", weight=11)
    m = b.model()
    assert evaluate_costs(m, set())[1] == 10  # 0 > 1 misses by 2
    assert evaluate_costs(m, set(on))[1] == 11  # 2 < 2 misses by 1


def test_deviation_with_a_condition_and_a_fractional_weight_over_a_scale():
    b = Builder(["张丽", "李强", "王芳"], 1, ["早班"])
    r = b.rule("张丽在时至少三人", kind="soft", line=3)
    on = people_on(b, 0, "早班")
    zhang = b.var("张丽", 0, "早班")
    b.add(r, Or((Not(Atom(zhang)), Cmp(Lin(tuple((2, v) for v in on)), ">=", Lin((), 6), scale=2))),
          measure="deviation", weight=Fraction(3, 2), scale=2)
    m = b.model()
    assert evaluate_costs(m, {b.var("李强", 0, "早班")})[1] == 0  # condition false
    # 张丽 alone: 2·1 vs 6 → 4 scaled units short = 2 people; × 3/2 = 3
    assert evaluate_costs(m, {zhang})[1] == 3
    # two people: 1 short → 3/2
    assert evaluate_costs(m, {zhang, b.var("王芳", 0, "早班")})[1] == Fraction(3, 2)


def test_violation_costs_weight_per_broken_instance():
    b = Builder(["张丽"], 3, ["早班"])
    r = b.rule("张丽想休息", kind="soft", line=8)
    for d in range(3):
        b.add(r, Not(Atom(b.var("张丽", d, "早班"))), measure="violation", weight=4)
    m = b.model()
    _, cost, lines = evaluate_costs(m, {b.var("张丽", 0, "早班"), b.var("张丽", 2, "早班")})
    assert cost == 8
    assert lines == (CostLine("张丽想休息", 8, Fraction(8), 2),)


def test_minimize_value_and_balance_spread():
    b = Builder(["张丽", "李强"], 3, ["夜班"])
    mini = b.rule("少排夜班", kind="soft", line=1)
    bal = b.rule("夜班均衡", kind="soft", line=2)
    nights = {p: Lin(tuple((1, b.var(p, d, "夜班")) for d in range(3))) for p in b.people}
    all_nights = Lin(tuple(t for lin in nights.values() for t in lin.terms))
    b.add(mini, Const(True), measure="value", weight=Fraction(1, 2), terms=(all_nights,))
    b.add(bal, Const(True), measure="spread", weight=10, terms=tuple(nights.values()))
    m = b.model()
    roster = {b.var("张丽", d, "夜班") for d in range(3)}  # 张丽 3 nights, 李强 0
    _, cost, lines = evaluate_costs(m, roster)
    assert lines == (CostLine("少排夜班", 1, Fraction(3, 2), 1),
                     CostLine("夜班均衡", 2, Fraction(30), 1))
    assert cost == Fraction(63, 2)


def test_aux_in_true_vars_is_recomputed_not_trusted():
    b = Builder(["张丽"], 1, ["早班"])
    r = b.rule("张丽不上班", line=1)
    b.add(r, Not(Atom(b.on("张丽", 0))))
    m = b.model()
    assert evaluate_costs(m, {b.on("张丽", 0)})[0] == ()
