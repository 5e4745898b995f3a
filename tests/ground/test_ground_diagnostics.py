"""What grounding reports instead of a traceback: size guard, unsupported constructs,
bad weights and values, and rest rules that cannot see a shift's clock times."""

from __future__ import annotations

import pytest

from ground_helpers import ground_text, lines
from rotalang.diagnostics import DiagnosticError, render_text, short_form
from rotalang.ground.statements import forbidden_after
from rotalang import ir

HEAD = """calendar from 2025-02-14 to 2025-02-16
staff 人员 { 优先: int }
shift 早 06:00-14:00
shift 夜 22:00-06:00
人员 甲 { 优先: 2 }, 乙 { 优先: 0 }
"""


def errors(text: str, **kw) -> list[str]:
    with pytest.raises(DiagnosticError) as info:
        ground_text(text, **kw)
    return [short_form(d) for d in info.value.diagnostics]


def rendered(text: str, **kw) -> list[str]:
    """The diagnostics as the terminal shows them (grounding errors, else warnings)."""
    try:
        model = ground_text(text, **kw)
    except DiagnosticError as err:
        return [render_text(d) for d in err.diagnostics]
    return [render_text(d) for d in model.diagnostics]


def test_size_guard_names_the_rule_and_the_instances_it_would_create():
    text = HEAD + "rule 覆盖: each day d, shift s, 人员 p: p works s on d\n"
    assert errors(text, max_constraints=10) == [
        "<input>:6:1: error[E0501]: rule 覆盖 would create about 12 ground constraints; "
        "the limit is 10"]


def test_size_guard_counts_constraints_as_they_are_made():
    # the estimate of rule 3 fits, but the running total does not
    text = HEAD + ("rule 一: each day d: 甲 works on d\n"
                   "rule 二: each day d: 乙 works on d\n"
                   "rule 三: each day d: 甲 works on d\n")
    assert errors(text, max_constraints=8) == [
        "error[E0501]: the built-in rule \"one shift per day\" would create about 6 "
        "ground constraints; the limit is 8",
        "<input>:8:1: error[E0501]: rule 三 would create about 3 ground constraints; "
        "the limit is 8"]


def test_a_built_in_rule_too_large_alone_is_refused_before_any_rule_is_grounded():
    text = HEAD + "rule 一: each day d: 甲 works on d\n"
    assert errors(text, max_constraints=5) == [
        "error[E0501]: the built-in rule \"one shift per day\" would create about 6 "
        "ground constraints; the limit is 5"]


def test_size_guard_says_where_the_instances_come_from_and_what_to_narrow():
    text = HEAD + "rule 覆盖: each day d, shift s, 人员 p: p works s on d\n"
    assert rendered(text, max_constraints=10) == [
        "<input>:6:1: error[E0501]: rule 覆盖 would create about 12 ground constraints; "
        "the limit is 10\n"
        "  |\n"
        "6 | rule 覆盖: each day d, shift s, 人员 p: p works s on d\n"
        "  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ "
        "3 days d × 2 shifts s × 2 人员 p = 12 bindings\n"
        "  = note: the limit keeps grounding within memory; Python callers can change it: "
        "`rotalang.ground.ground(program, max_constraints=…)`\n"
        "  = help: narrow the rule with `where` so that fewer bindings apply, or shorten "
        "the calendar (3 days)"]


def test_size_guard_counts_the_constraints_each_binding_makes():
    # one shift: the built-in rule has nothing to forbid, and makes no constraints
    text = (HEAD.replace("shift 夜 22:00-06:00\n", "")
            + "rule 周: each 人员 p: p works at most 2 shifts per week\n")
    (message,) = rendered(text, max_constraints=3)
    assert "^ 2 人员 p, about 2 constraints each\n" in message


def test_negative_weight_is_an_error_at_the_weight_naming_the_binding():
    text = HEAD + "soft rule 权 weight p.优先 - 1: each 人员 p: p works at most 1 shifts\n"
    assert rendered(text) == [
        "<input>:6:20: error[E0503]: the weight of soft rule 权 is negative (-1) for p = 乙\n"
        "  |\n"
        "6 | soft rule 权 weight p.优先 - 1: each 人员 p: p works at most 1 shifts\n"
        "  |                     ^^^^^^^^^^ -1 for 乙\n"
        "  = help: a weight is a cost: make it 0 or more for every binding, or leave such "
        "bindings out with `where`"]


def test_zero_weight_instances_are_left_out_with_a_warning():
    m = ground_text(HEAD + "soft rule 权 weight p.优先: each 人员 p: p works at most 1 shifts\n")
    assert [line.split(":")[0] for line in lines(m, "权")] == ["[权] p=甲"]
    assert [render_text(d) for d in m.diagnostics] == [
        "<input>:6:20: warning[W0502]: the weight of soft rule 权 is 0 for some bindings; "
        "those instances cost nothing and are left out\n"
        "  |\n"
        "6 | soft rule 权 weight p.优先: each 人员 p: p works at most 1 shifts\n"
        "  |                     ^^^^^^ 0 for 乙\n"
        "  = help: give those bindings a positive weight, or narrow the rule with `where`"]


def test_zero_weight_warning_names_a_few_bindings_once():
    text = HEAD + ("soft rule 权 weight 0: each 人员 p, day d: p works at most 1 shifts\n")
    (message,) = rendered(text)
    assert "^ 0 for p = 甲, d = 2025-02-14; p = 甲, d = 2025-02-15; p = 甲, d = 2025-02-16 " \
           "and 3 more\n" in message


def test_rest_warns_about_shifts_without_clock_times():
    text = HEAD.replace("shift 夜 22:00-06:00", "shift 夜 22:00-06:00\nshift 值 length 8h")
    m = ground_text(text + "rule 休: rest at least 11h between shifts\n")
    assert [short_form(d) for d in m.diagnostics] == [
        "<input>:7:9: warning[W0501]: rule 休 cannot check rest around shift 值: it has a "
        "length but no clock times"]


def test_count_over_assignments_joined_by_and_grounds_to_one_conjunction_per_person():
    text = HEAD + ("rule 双: count(人员 p where p works 早 on 2025-02-14 and "
                   "(p works 夜 on 2025-02-15 or p works 夜 on 2025-02-16)) <= 1\n")
    model = ground_text(text)
    joined = [a for a in model.aux if a.conjunction]
    assert [a.label for a in joined] == [
        f"{p} 2025-02-14 早 and ({p} 2025-02-15 夜 or {p} 2025-02-16 夜)" for p in ("甲", "乙")]
    assert all(model.aux[v - len(model.slots)].conjunction is False
               for a in joined for v in a.of if v >= len(model.slots))


def test_count_over_an_and_with_a_negated_assignment_sums_conjunctions():
    # [早 on 14 ∧ ¬夜 on 15] = [早 on 14] − [早 on 14 ∧ 夜 on 15], for each person
    text = HEAD + ("rule 双: count(人员 p where p works 早 on 2025-02-14 and "
                   "not p works 夜 on 2025-02-15) <= 1\n")
    model = ground_text(text)
    joined = [a for a in model.aux if a.conjunction]
    assert [a.label for a in joined] == [
        f"{p} 2025-02-14 早 and {p} 2025-02-15 夜" for p in ("甲", "乙")]
    (count,) = [c for c in model.constraints if model.rules[c.rule].name == "双"]
    coefs = sorted(coef for coef, _ in count.formula.lhs.terms)
    assert coefs == [-1, -1, 1, 1]


def test_count_over_an_and_with_a_roster_comparison_is_refused_with_a_help():
    text = HEAD + ("rule 双: count(人员 p where p works 早 on 2025-02-14 and "
                   "shifts(p) >= 2) <= 1\n")
    (message,) = rendered(text)
    assert message.splitlines()[0] == (
        "<input>:6:26: error[E0502]: counting bindings by an `and` of this form is not "
        "supported yet")
    assert message.splitlines()[-1] == (
        "  = help: count by assignments joined with `and`, `or` and `not`, or state the "
        "condition as a rule over each binding")


def test_count_over_a_roster_comparison_is_refused_with_a_help_for_comparisons():
    (message,) = rendered(HEAD + "rule 比: count(人员 p where shifts(p) >= 2) <= 1\n")
    assert message.splitlines()[0] == (
        "<input>:6:26: error[E0502]: counting bindings by a comparison of roster-dependent "
        "numbers is not supported yet")
    assert message.splitlines()[-1] == (
        "  = help: state the comparison as a rule over each binding instead, like "
        "`each 人员 p: shifts(p) >= 3`")


def test_max_over_the_roster_compared_for_equality_is_refused():
    text = HEAD + "rule 最: max(shifts(p) for 人员 p) = 2\n"
    (message,) = errors(text)
    assert message.endswith("error[E0502]: min/max over the roster can only be compared "
                            "with <, <=, > or >= against one value")


def test_product_of_two_roster_quantities_is_refused_with_a_help_for_products():
    text = HEAD + "rule 积: shifts(甲) * shifts(乙) <= 2\n"
    assert rendered(text) == [
        "<input>:6:9: error[E0502]: multiplying two quantities that both depend on the "
        "roster is not supported\n"
        "  |\n"
        "6 | rule 积: shifts(甲) * shifts(乙) <= 2\n"
        "  |          ^^^^^^^^^^^^^^^^^^^^^^^ both `shifts(甲)` and `shifts(乙)` depend on "
        "the roster\n"
        "  = help: bound each factor on its own (`shifts(甲) <= …` and `shifts(乙) <= …`), "
        "or make one factor a number from the data"]


def test_division_by_a_roster_quantity_is_refused_with_a_help_for_division():
    text = HEAD + "rule 比: shifts(甲) / shifts(乙) >= 50%\n"
    (message,) = rendered(text)
    assert message.splitlines()[0] == (
        "<input>:6:9: error[E0502]: dividing by a quantity that depends on the roster is "
        "not supported")
    assert message.splitlines()[-2:] == [
        "  |          ^^^^^^^^^^^^^^^^^^^^^^^ the divisor `shifts(乙)` depends on the roster",
        "  = help: compare without dividing: write `shifts(甲) >= R of shifts(乙)` rather "
        "than `shifts(甲) / shifts(乙) >= R`"]


def test_division_by_zero_in_the_data_names_the_divisor_and_the_binding():
    text = HEAD + "rule 除: each 人员 p: shifts(p) <= 6 / p.优先\n"
    assert rendered(text) == [
        "<input>:6:33: error[E0504]: division by zero\n"
        "  |\n"
        "6 | rule 除: each 人员 p: shifts(p) <= 6 / p.优先\n"
        "  |                                    ^^^^^^^^^^ `p.优先` is 0 for 乙\n"
        "  = help: leave such bindings out with `where`, or correct the data"]


def test_data_value_errors_without_a_binding_label_get_a_note_naming_it():
    text = HEAD + "rule 日: each 人员 p: p works on 2025-02-14 + (p.优先 * 12h) / 2\n"
    (message,) = rendered(text)
    assert "error[E0504]: a date moves by whole days, not by 12h" in message
    assert "  = note: this happens for p = 甲\n" in message


def test_errors_in_several_rules_are_all_reported():
    text = HEAD + ("rule 除: each 人员 p: shifts(p) <= 6 / p.优先\n"
                   "rule 积: shifts(甲) * shifts(乙) <= 2\n")
    assert [e.split("error[")[1][:5] for e in errors(text)] == ["E0504", "E0502"]


def shift(name, start, end):
    def minutes(t):
        h, m = t.split(":")
        return int(h) * 60 + int(m)
    s, e = minutes(start), minutes(end)
    return ir.ShiftDecl(name, s, e, (e - s) % 1440 or 1440, name)


def test_forbidden_pairs_follow_the_clock_across_midnight():
    shifts = (shift("早", "06:00", "14:00"), shift("中", "14:00", "22:00"),
              shift("夜", "22:00", "06:00"))
    # 11h: 中 (ends 22:00) → 早 next day is 8h; 夜 (ends 06:00 next day) → 早 0h, 中 8h.
    # Two shifts on one day are the structural rule's business, not rest's.
    assert forbidden_after(shifts, 11 * 60) == {(1, 1): [0], (1, 2): [0, 1]}
    # 16h: also 早 → 早 (16h is enough), 中 → 中 (16h), 夜 → 夜 (16h): none of those
    assert forbidden_after(shifts, 16 * 60 + 1)[(1, 0)] == [0]
    # 36h after a night shift reaches two days ahead
    assert forbidden_after(shifts, 36 * 60)[(2, 2)] == [0, 1]


def test_once_the_program_outgrows_the_limits_the_later_rules_are_not_reported_too():
    # 30 small rules over 20 people: the terms pass 20 × 1,000 at the 12th rule; each
    # later rule would only repeat the same E0501 (65,000 such rules gave 50 of them).
    head = ("calendar from 2025-02-03 to 2025-03-02\nstaff 人员\n"
            "shift 早 06:00-14:00\nshift 中 14:00-22:00\nshift 夜 22:00-06:00\n"
            "人员 " + ", ".join(f"员工{i}" for i in range(20)) + "\n")
    rules = "".join(f"rule 规则{i}: each day d: count(人员 p where p works on d) <= 20\n"
                    for i in range(30))
    (message,) = errors(head + rules, max_constraints=1_000)
    assert "error[E0501]: grounding stopped at rule 规则" in message
    assert "the program has grown past 1,000 constraints or 20,000 terms" in message
