"""Lints over small programs: what a rule author reads (exact text), and the cases
that must stay silent (rules that bind, rules that matter, infeasible programs)."""

from __future__ import annotations

import pytest

import rotalang
from rotalang.lints import context as lint_context
from rotalang.diagnostics import render_all, short_form
from rotalang.lints import run_lints

HEAD = """calendar from 2025-02-10 to 2025-02-16
staff 人员 { 本地: bool, 优先: int = 1 }
shift 白班 08:00-20:00
人员 张丽 { 本地: true }, 王伟 { 本地: true }
"""


def lint(text: str, **kw) -> list:
    program = rotalang.load(text)
    return run_lints(program.ir, program.ground(), **{"time_limit": 20, **kw})


def short(text: str, **kw) -> list[str]:
    return [short_form(d) for d in lint(text, **kw)]


# ---------------------------------------------------------------- never applies

def test_where_that_excludes_everyone_is_shown_with_the_condition():
    text = HEAD + "rule 外地人员先隔离: each 人员 p where not p.本地: p works at most 0 shifts\n"
    assert render_all(lint(text)) == """\
<input>:5:31: warning[W0511]: rule 外地人员先隔离 never applies: there is no 人员 p with `not p.本地`
  |
5 | rule 外地人员先隔离: each 人员 p where not p.本地: p works at most 0 shifts
  |                                        ^^^^^^^^^^ false for every 人员 p
  = help: check the data and the condition; a rule that never applies has no effect
"""


def test_a_kind_without_records_is_named():
    text = HEAD + ("kind 请假 { 人员: 人员, 日期: date }\n"
                   "rule 准假: each 请假 r: r.人员 is off on r.日期\n")
    assert short(text) == ["<input>:6:15: warning[W0511]: rule 准假 never applies: "
                           "there is no 请假"]


def test_a_when_that_is_always_false_and_an_unless_that_is_always_true():
    text = HEAD + ("rule 节日: each day d: count(人员 p where p works on d) <= 1 when d is holiday\n"
                   "rule 工作日: each day d: count(人员 p where p works on d) >= 1 "
                   "unless d.weekday in {mon, tue, wed, thu, fri, sat, sun}\n")
    assert short(text) == [
        "<input>:5:63: warning[W0511]: rule 节日 never applies: `when d is holiday` is "
        "false for every day d",
        "<input>:6:59: warning[W0511]: rule 工作日 never applies: `unless d.weekday in "
        "{mon, tue, wed, thu, fri, sat, sun}` is true for every day d"]


def test_an_inner_quantifier_that_binds_nothing_is_pointed_at():
    text = HEAD + "rule 早于日历: each 人员 p: each day d where d < 2025-01-01: p is off on d\n"
    diag, = lint(text)
    assert short_form(diag) == ("<input>:5:40: warning[W0511]: rule 早于日历 never applies: "
                                "there is no day d with `d < 2025-01-01`")
    assert diag.label == "false for every day d"


def test_a_where_on_another_line_labels_the_rule_too():
    text = HEAD + "rule 外地:\n  each 人员 p where not p.本地:\n    p works at most 0 shifts\n"
    diag, = lint(text)
    assert [(str(l.span), l.text) for l in diag.labels] == [("<input>:5:1", "rule 外地 has no effect")]


def test_silent_when_a_binding_exists_even_if_it_costs_nothing():
    # every weight is 0 (W0502's business): bindings exist, so the rule does apply
    text = HEAD + "soft rule 零 weight p.优先 - 1: each 人员 p: p works at most 3 shifts\n"
    assert short(text) == []


# ---------------------------------------------------------------- implied rules

def test_of_two_duplicates_the_later_is_reported_and_names_the_earlier():
    text = HEAD + ("rule 每天有人: each day d: count(人员 p where p works on d) >= 1\n"
                   "rule 每人最多六班: each 人员 p: p works at most 6 shifts\n"
                   "rule 每天至少一人: each day d: count(人员 p where p works on d) >= 1\n")
    assert render_all(lint(text)) == """\
<input>:7:1: warning[W0602]: rule 每天至少一人 is implied by the other rules (it never changes the roster)
  |
7 | rule 每天至少一人: each day d: count(人员 p where p works on d) >= 1
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ implied by the other rules
  = note: implied by 每天有人 (line 5)
  = help: remove it, or write `assert 每天至少一人: ...` to keep it as a check
"""


def test_a_rule_implied_by_two_together_names_only_those_two():
    text = HEAD + ("rule 张丽少排: 张丽 works at most 2 shifts\n"
                   "rule 每天有人: each day d: count(人员 p where p works on d) <= 1\n"
                   "rule 王伟少排: 王伟 works at most 3 shifts\n"
                   "rule 总数: sum(shifts(p) for 人员 p) <= 5\n")
    diag, = lint(text)
    assert short_form(diag).startswith("<input>:8:1: warning[W0602]: rule 总数 is implied")
    assert diag.notes == ("implied by 张丽少排 (line 5) and 王伟少排 (line 7) together",)


def test_a_rule_that_restates_a_built_in_rule_is_a_note_not_advice_to_remove_it():
    """Issue 23, point 4: writing out the one-shift-a-day rule documents it."""
    text = HEAD.replace("shift 白班 08:00-20:00", "shift 白班 08:00-20:00\nshift 夜班 20:00-08:00") + \
        "rule 一天一班: each 人员 p, day d: count(shift s where p works s on d) <= 1\n"
    diag, = lint(text)
    assert short_form(diag) == ("<input>:6:1: note[N0602]: rule 一天一班 restates the built-in "
                                "rule \"one shift per day\"")
    assert diag.help is None


def test_a_rule_that_asks_less_than_a_built_in_rule_says_how_to_relax_it():
    """Two shifts a day written as a rule, while the built-in rule still allows one."""
    text = HEAD.replace("shift 白班 08:00-20:00", "shift 早班 06:00-14:00\nshift 中班 14:00-22:00\n"
                        "shift 夜班 22:00-06:00") + \
        "rule 一天至多两班: each 人员 p, day d: count(shift s where p works s on d) <= 2\n"
    diag, = lint(text)
    assert short_form(diag) == ("<input>:7:1: warning[W0605]: rule 一天至多两班 allows rosters "
                                "that the built-in rule \"one shift per day\" forbids")
    assert diag.help == ('if that is meant to be allowed, write `relax "one shift per day"`; '
                         'otherwise remove the rule')
    relaxed = text + 'relax "one shift per day"\n'
    assert lint(relaxed) == []  # now the rule is what limits a day


def test_a_rule_implied_by_a_built_in_rule_and_another_is_still_w0602():
    text = HEAD.replace("shift 白班 08:00-20:00", "shift 白班 08:00-20:00\nshift 夜班 20:00-08:00") + \
        "rule 少排: each 人员 p: p works at most 3 shifts\n" + \
        "rule 一天一班且少: each 人员 p: count(shift s, day d where p works s on d) <= 3\n"
    diag, = lint(text)
    assert diag.code == "W0602" and "少排 (line 6)" in diag.notes[0]


def test_a_rule_the_data_makes_always_true():
    text = HEAD + "rule 不超过七班: each 人员 p: p works at most 7 shifts\n"
    assert short(text) == ["<input>:5:1: warning[W0602]: rule 不超过七班 holds for every "
                           "roster with this data (it never changes the roster)"]


def test_independent_rules_are_not_reported():
    text = HEAD + ("rule 每天有人: each day d: count(人员 p where p works on d) >= 1\n"
                   "rule 每人最多四班: each 人员 p: p works at most 4 shifts\n"
                   "rule 张丽周一休息: 张丽 is off on 2025-02-10\n")
    assert short(text) == []


def test_nothing_is_implied_when_the_hard_rules_conflict():
    text = HEAD + ("rule 每天两人: each day d: count(人员 p where p works on d) = 2\n"
                   "rule 每人最多三班: each 人员 p: p works at most 3 shifts\n"
                   "rule 每人最多四班: each 人员 p: p works at most 4 shifts\n")
    assert short(text) == []


def test_facts_only_rules_are_left_to_check():
    text = HEAD + "rule 都是本地: each 人员 p: p.本地\n"
    assert short(text) == []


# ------------------------------------------------------------ costless soft rules

def test_a_soft_rule_the_hard_rules_never_let_cost():
    text = HEAD + ("rule 最多两班: each 人员 p: p works at most 2 shifts\n"
                   "soft rule 少排 weight 3: each 人员 p: p works at most 3 shifts\n")
    assert render_all(lint(text)) == """\
<input>:6:1: warning[W0603]: soft rule 少排 can never cost anything: no roster that meets the hard rules makes it cost anything
  |
6 | soft rule 少排 weight 3: each 人员 p: p works at most 3 shifts
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ always costs 0
  = help: check its condition and numbers, or remove it
"""


def test_a_balance_the_hard_rules_already_force():
    text = HEAD + ("rule 各三班: each 人员 p: p works exactly 3 shifts\n"
                   "soft rule 均衡 weight 1: balance shifts(p) across 人员 p\n")
    assert short(text) == ["<input>:6:1: warning[W0603]: soft rule 均衡 can never cost "
                           "anything: no roster that meets the hard rules makes it cost anything"]


def test_a_soft_rule_the_data_never_lets_cost():
    text = HEAD + "soft rule 不超过八班 weight 1: each 人员 p: p works at most 8 shifts\n"
    assert short(text) == ["<input>:5:1: warning[W0603]: soft rule 不超过八班 can never cost "
                           "anything: no instance of it can be broken with this data"]


@pytest.mark.parametrize("soft", [
    "soft rule 少排 weight 1: each 人员 p: p works at most 3 shifts",
    "soft rule 均衡 weight 1: balance shifts(p) across 人员 p",
    "soft rule 少用人 weight 1: minimize sum(shifts(p) for 人员 p)",
    "soft rule 张丽周日休 weight 2: 张丽 is off on 2025-02-16",
])
def test_soft_rules_that_can_cost_are_not_reported(soft):
    assert short(HEAD + "rule 每天有人: each day d: count(人员 p where p works on d) >= 1\n"
                 + soft + "\n") == []


# ------------------------------------------------------------------ limits

TWO_FINDINGS = HEAD + ("rule 外地: each 人员 p where not p.本地: p works at most 0 shifts\n"
                       "rule 每天有人: each day d: count(人员 p where p works on d) >= 1\n"
                       "rule 每天至少一人: each day d: count(人员 p where p works on d) >= 1\n")


def test_large_models_skip_the_solver_lints_but_not_the_data_ones(monkeypatch):
    monkeypatch.setattr(lint_context, "MAX_VARIABLES", 10)
    assert [d.code for d in lint(TWO_FINDINGS)] == ["W0511"]


def test_no_time_left_means_no_solver_lints():
    assert [d.code for d in lint(TWO_FINDINGS, time_limit=0)] == ["W0511"]


def test_same_input_same_output():
    assert lint(TWO_FINDINGS) == lint(TWO_FINDINGS)
    assert [d.code for d in lint(TWO_FINDINGS)] == ["W0511", "W0602"]


def test_each_question_is_bounded_by_work_not_the_clock(monkeypatch):
    # Ample wall time, but one unit of work per question: too little for Z3 even to
    # encode the model, so only what CP-SAT's presolve settles within that unit is
    # found, the same with any wall time and on any machine.
    monkeypatch.setattr(lint_context, "PER_RULE_WORK", 1)
    found = [d.code for d in lint(TWO_FINDINGS, time_limit=600)]
    assert found == [d.code for d in lint(TWO_FINDINGS, time_limit=60_000)]
    assert found[0] == "W0511"


def test_the_work_spent_is_counted_in_the_callers_budget():
    from rotalang.backends.budget import Budget

    budget = Budget(20)
    program = rotalang.load(TWO_FINDINGS)
    found = run_lints(program.ir, program.ground(), budget=budget)
    assert [d.code for d in found] == ["W0511", "W0602"]
    assert 0 < budget.used <= 3 * lint_context.PER_RULE_WORK  # feasibility, one rule, its shrinking


# ----------------------------------------------------------------- suppression

def test_an_allow_comment_on_the_rule_silences_that_lint_there_only():
    text = HEAD + ("rule 每天有人: each day d: count(人员 p where p works on d) >= 1\n"
                   "rule 每天至少一人: each day d: count(人员 p where p works on d) >= 1"
                   "  # allow implied-rule: 写给检查组看\n"
                   "rule 外地: each 人员 p where not p.本地: p works at most 0 shifts\n")
    assert [d.code for d in lint(text)] == ["W0511"]


def test_an_allow_comment_above_the_rule_and_by_code_works_too():
    text = HEAD + ("rule 每天有人: each day d: count(人员 p where p works on d) >= 1\n"
                   "# allow W0602, never-applies\n"
                   "rule 每天至少一人: each day d: count(人员 p where p works on d) >= 1\n")
    assert lint(text) == []


def test_a_misspelt_or_unrelated_allow_hides_nothing():
    text = HEAD + ("rule 每天有人: each day d: count(人员 p where p works on d) >= 1\n"
                   "rule 每天至少一人: each day d: count(人员 p where p works on d) >= 1"
                   "  # allow implied-rules, W0511\n"
                   'rule 说明: 张丽 is off on 2025-02-10  # "# allow W0602" quoted in a comment\n')
    assert [d.code for d in lint(text)] == ["W0602"]


def test_an_allow_inside_a_string_is_not_a_comment():
    from rotalang.lints.suppress import allowed_on

    assert allowed_on('rule 甲: 张丽 works at "# allow W0602"') == set()
    assert allowed_on('rule 甲: x  # allow W0602') == {"W0602"}
    assert allowed_on("# allow costless-soft-rule") == {"W0603"}
