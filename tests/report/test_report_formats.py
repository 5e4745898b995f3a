"""CSV, JSON, the summary text and HTML: exact content a user or a tool reads."""

import json
from fractions import Fraction
from html.parser import HTMLParser

from report_fixtures import D, EARLY, NIGHT, make_program
from rotalang.report import (breakdown_table, format_summary, render_solve, roster_csv, solve_html,
                             solve_json, status_line)
from rotalang.results import Assignment, CostLine, Roster, SolveResult


# ------------------------------------------------------------------------ CSV
def test_csv_orders_by_date_then_declared_shift_then_declared_person(chinese_program):
    roster = Roster.of([Assignment("Li", D(2025, 2, 10), "夜班"),
                        Assignment("张丽", D(2025, 2, 10), "夜班"),
                        Assignment("欧阳明月", D(2025, 2, 10), "早班"),
                        Assignment("张丽", D(2025, 2, 11), "早班")])
    assert roster_csv(roster, chinese_program) == (
        "staff,date,shift\n"
        "欧阳明月,2025-02-10,早班\n"
        "张丽,2025-02-10,夜班\n"
        "Li,2025-02-10,夜班\n"
        "张丽,2025-02-11,早班\n"
    )


def test_csv_has_a_post_column_where_posts_exist_and_quotes_commas():
    program = make_program(["张丽", "a,b"], [EARLY], posts=["东关", "西关"])
    roster = Roster.of([Assignment("a,b", D(2025, 2, 10), "早班", "西关"),
                        Assignment("张丽", D(2025, 2, 10), "早班", "东关")])
    assert roster_csv(roster, program) == (
        "staff,date,shift,post\n"
        "张丽,2025-02-10,早班,东关\n"
        '"a,b",2025-02-10,早班,西关\n'
    )


def test_csv_of_a_static_plan_is_staff_and_post():
    program = make_program(["张丽", "王伟"], [], posts=["东关", "西关"], calendar=None)
    roster = Roster.of([Assignment("王伟", post="东关"), Assignment("张丽", post="西关")])
    assert roster_csv(roster, program) == "staff,post\n王伟,东关\n张丽,西关\n"


def test_csv_without_a_roster_is_just_the_header(chinese_program):
    assert roster_csv(None, chinese_program) == "staff,date,shift\n"


# ----------------------------------------------------------------------- JSON
def test_json_has_exact_costs_and_every_assignment(feasible_result, chinese_program):
    text = solve_json(feasible_result, chinese_program)
    assert json.loads(text) == {
        "status": "feasible", "cost": 603.5, "lower_bound": 600,
        "assignments": [
            {"staff": "张丽", "date": "2025-02-10", "shift": "早班", "post": None},
            {"staff": "欧阳明月", "date": "2025-02-10", "shift": "夜班", "post": None},
            {"staff": "张丽", "date": "2025-02-11", "shift": "夜班", "post": None},
            {"staff": "Li", "date": "2025-02-12", "shift": "早班", "post": None},
        ],
        "breakdown": [
            {"rule": "本地优先", "line": 12, "cost": 3, "count": 3},
            {"rule": "夜班均衡", "line": 15, "cost": 600.5, "count": 2},
        ],
        "costs": [],  # this hand-made result itemises nothing (solve's are re-checked)
    }
    assert "张丽" in text  # not \\u-escaped
    assert '    {"staff": "张丽", "date": "2025-02-10", "shift": "早班", "post": null},\n' in text
    assert "elapsed" not in text  # byte-identical across runs


def test_json_of_an_infeasible_result():
    result = SolveResult("infeasible", None, None, None)
    assert solve_json(result) == (
        '{\n  "status": "infeasible",\n  "cost": null,\n  "lower_bound": null,\n'
        '  "assignments": [],\n  "breakdown": [],\n  "costs": []\n}\n')


# -------------------------------------------------------------------- summary
def test_status_lines():
    roster = Roster.of([])
    assert status_line(SolveResult("optimal", Fraction(607), Fraction(607), roster)) == \
        "optimal, cost 607"
    assert status_line(SolveResult("feasible", Fraction(1200), Fraction(1100), roster)) == \
        "feasible, cost 1200 (lower bound 1100)"
    assert status_line(SolveResult("feasible", Fraction(7, 2), None, roster)) == \
        "feasible, cost 3.5 (not proved optimal)"
    # a cost with no exact decimal stays an exact fraction, never a rounded one
    assert status_line(SolveResult("feasible", Fraction(10, 3), None, roster)) == \
        "feasible, cost 10/3 (not proved optimal)"
    assert status_line(SolveResult("infeasible", None, None, None)) == \
        "infeasible: no roster meets every hard rule"
    assert status_line(SolveResult("unknown", None, None, None)) == \
        "unknown: no roster found within the limits"


def test_breakdown_table_aligns_chinese_rule_names():
    lines = (CostLine("本地优先", 12, Fraction(3), 3), CostLine("cover", None, Fraction(600), 6))
    assert breakdown_table(lines) == (
        "rule      line  broken  cost\n"
        "本地优先    12       3     3\n"
        "cover                6   600\n"
        "total                    603\n"
    )
    assert breakdown_table(()) == ""


def test_table_format_is_grid_then_summary(feasible_result, chinese_program):
    text = render_solve(feasible_result, chinese_program, "table")
    grid, legend, status, table = text.split("\n\n")
    assert grid.startswith("人员      一    二    三")
    assert legend == "早 早班 06:00-14:00   夜 夜班 22:00-06:00"
    assert status == "feasible, cost 603.5 (lower bound 600)"
    assert table.splitlines()[-1] == "total                   603.5"


def test_table_format_without_a_roster_is_the_status_only():
    assert render_solve(SolveResult("infeasible", None, None, None), None, "table") == \
        "infeasible: no roster meets every hard rule\n"


# ----------------------------------------------------------------------- HTML
class _Collect(HTMLParser):
    """Checks that tags nest properly and collects text and attributes."""

    VOID = {"meta", "br", "link", "img", "input", "hr", "col"}

    def __init__(self):
        super().__init__()
        self.stack, self.text, self.tags, self.errors = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip():
            self.text.append(data.strip())


def parse(html_text):
    p = _Collect()
    p.feed(html_text)
    p.close()
    assert p.errors == [] and p.stack == []
    return p


def test_html_is_well_formed_and_shows_grid_legend_and_breakdown(feasible_result,
                                                                  chinese_program):
    page = solve_html(feasible_result, chinese_program, title="值守 <排班>")
    p = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert ("meta", {"charset": "utf-8"}) in p.tags
    assert "值守 <排班>" in p.text  # title, escaped in the source, intact when read
    assert "值守 &lt;排班&gt;" in page
    assert "可行，代价 603.5（下界 600）" in p.text  # a Chinese program, a Chinese page
    assert "<title>值守 &lt;排班&gt; · 2025-02-10 至 2025-02-12</title>" in page
    # grid: a row per person, with the shift codes and off days
    rows = page.split('<table class="roster">')[1].split("</table>")[0].split("<tr>")[1:]
    assert len(rows) == 4  # header + three people
    assert '<td class="person">张丽</td><td class="s0" title="早班">早</td>' \
           '<td class="s1" title="夜班">夜</td><td class="off">-</td>' in rows[1]
    # legend with colour swatches
    assert '<span class="swatch s0">早</span> 早班 06:00-14:00' in page
    assert "td.s0, span.s0 { background: #cfe8cf; }" in page
    # breakdown
    assert ["本地优先", "12", "3", "3"] == p.text[p.text.index("本地优先"):][:4]
    assert p.text[-2:] == ["合计", "603.5"]
    # self-contained
    assert not any(t in ("script", "link") for t, _ in p.tags)
    assert "http" not in page


def test_html_escapes_names_from_data():
    program = make_program(['<b>x</b>', 'a"b'], [EARLY], posts=["<东关>"])
    roster = Roster.of([Assignment("<b>x</b>", D(2025, 2, 10), "早班", "<东关>")])
    page = solve_html(SolveResult("optimal", Fraction(0), Fraction(0), roster), program)
    parse(page)
    assert "<b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "a&quot;b" in page
    assert '<span class="post">&lt;东关&gt;</span>' in page


def test_html_of_a_static_plan_lists_each_post_and_who_is_left():
    program = make_program(["张丽", "王伟", "李娜"], [], posts=["东关", "西关"], calendar=None)
    roster = Roster.of([Assignment("张丽", post="东关"), Assignment("李娜", post="东关")])
    page = solve_html(SolveResult("optimal", Fraction(0), Fraction(0), roster), program)
    parse(page)
    assert "<h2>安排</h2>" in page and "-</td>" not in page  # no grid of dashes
    table = page.split('<table class="plan">')[1].split("</table>")[0]
    assert table.split("\n")[1:4] == [
        '<tr><th class="person">卡口</th><th class="person">人员</th></tr>',
        '<tr><td class="person">东关</td><td class="person">张丽, 李娜</td></tr>',
        '<tr><td class="person">西关</td><td class="person"><span class="off">无人</span></td></tr>']
    assert '<p class="unassigned">未安排: 王伟</p>' in page


def test_html_shades_the_calendars_weekend_days():
    program = make_program(["张丽"], [EARLY], calendar=(D(2025, 2, 14), D(2025, 2, 16)),
                           weekend=("fri", "sat"))
    page = solve_html(SolveResult("optimal", Fraction(0), Fraction(0), Roster.of([])), program)
    assert ('<th class="weekend">五<br>02-14<small>周末</small></th>'
            '<th class="weekend">六<br>02-15<small>周末</small></th>'
            "<th>日<br>02-16</th>") in page
    assert '<li><span class="swatch weekend">周末</span></li>' in page


def test_html_marks_holidays_totals_people_and_counts_coverage():
    import attrs
    program = make_program(["张丽", "王伟"], [EARLY, NIGHT],
                           calendar=(D(2025, 2, 14), D(2025, 2, 17)))
    program = attrs.evolve(program, calendar=attrs.evolve(
        program.calendar, holidays=frozenset({D(2025, 2, 14)})))
    roster = Roster.of([Assignment("张丽", D(2025, 2, 14), "早班"),
                        Assignment("王伟", D(2025, 2, 14), "夜班"),
                        Assignment("张丽", D(2025, 2, 17), "夜班")])
    page = solve_html(SolveResult("optimal", Fraction(0), Fraction(0), roster), program)
    p = parse(page)
    assert '<th class="holiday">五<br>02-14<small>假日</small></th>' in page
    assert '<td class="off holiday">-</td>' not in page  # nobody is off on 02-14
    assert '<td class="off weekend">-</td>' in page
    # the second week starts with a heavier line, as in the terminal grid
    assert "<colgroup><col><col><col><col><col class=\"week\"></colgroup>" in page
    assert '<th class="num total">班数</th><th class="num">工时</th>' in page
    assert page.count('<td class="num total">2</td><td class="num">16h</td>') == 1
    assert '<td class="num total">1</td><td class="num">8h</td>' in page
    assert ('<tr class="coverage"><th class="person">早班在岗</th>'
            '<td class="holiday">1</td><td class="weekend">0</td><td class="weekend">0</td>'
            '<td>0</td><td class="num total">1</td><td class="num"></td></tr>') in page
    assert '<li><span class="swatch holiday">假日</span></li>' in page
    assert "PingFang SC" in page and '"Noto Sans CJK SC"' in page
    assert "Cost by rule" not in p.text  # the program has no soft rules


def test_html_breakdown_lists_every_soft_rule_or_says_they_are_met(chinese_roster,
                                                                   chinese_program):
    program = _with_rules(chinese_program, ("本地优先", "soft", 12), ("夜班均衡", "soft", 15))
    met = solve_html(SolveResult("optimal", Fraction(0), Fraction(0), chinese_roster), program)
    assert '<p class="met">2 条软规则全部满足</p>' in met
    cost = SolveResult("feasible", Fraction(3), Fraction(1), chinese_roster,
                       (CostLine("本地优先", 12, Fraction(3), 3),))
    p = parse(solve_html(cost, program))
    at = p.text.index("本地优先")
    assert p.text[at:] == ["本地优先", "12", "3", "3", "夜班均衡", "15", "0", "0",
                           "合计", "3"]


# ------------------------------------------------------------- cost by soft rule
def _with_rules(program, *rules):
    """`program` with rules of the given (name, kind, line); reports read only those."""
    import attrs
    from rotalang import ir
    from rotalang.diagnostics import Span
    return attrs.evolve(program, rules=tuple(
        ir.Rule(name, kind, None, None, False, i, Span("值守.rota", line, 1, line, 5))
        for i, (name, kind, line) in enumerate(rules)))


def test_summary_lists_every_soft_rule_even_those_that_cost_nothing(chinese_program,
                                                                   chinese_roster):
    program = _with_rules(chinese_program, ("每班两人", "hard", 9), ("本地优先", "soft", 12),
                          ("周末轮休", "soft", 14), ("夜班均衡", "soft", 15))
    result = SolveResult("optimal", Fraction(3), Fraction(3), chinese_roster,
                         (CostLine("本地优先", 12, Fraction(3), 3),))
    assert format_summary(result, program) == (
        "optimal, cost 3\n"
        "\n"
        "rule      line  broken  cost\n"
        "本地优先    12       3     3\n"
        "周末轮休    14       0     0\n"
        "夜班均衡    15       0     0\n"
        "total                      3\n")


def test_summary_at_cost_zero_says_the_soft_rules_are_met(chinese_program, chinese_roster):
    program = _with_rules(chinese_program, ("本地优先", "soft", 12), ("夜班均衡", "soft", 15))
    result = SolveResult("optimal", Fraction(0), Fraction(0), chinese_roster)
    assert format_summary(result, program) == "optimal, cost 0\nall 2 soft rules met\n"
    one = _with_rules(chinese_program, ("每班两人", "hard", 9), ("本地优先", "soft", 12))
    assert format_summary(result, one) == "optimal, cost 0\nthe soft rule 本地优先 is met\n"
    only_hard = _with_rules(chinese_program, ("每班两人", "hard", 9))
    assert format_summary(result, only_hard) == "optimal, cost 0\n"
    infeasible = SolveResult("infeasible", None, None, None)
    assert format_summary(infeasible, program) == "infeasible: no roster meets every hard rule\n"


def test_status_line_shows_the_backends_bound_as_given():
    # A bound below zero is a backend bug; the report must not paper over it.
    result = SolveResult("feasible", Fraction(13), Fraction(-14), Roster.of([]))
    assert status_line(result) == "feasible, cost 13 (lower bound -14)"
