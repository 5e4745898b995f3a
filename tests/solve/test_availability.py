"""Sick calls, leavers and joiners as one line each: the person is off on those days,
the line is a hard rule a conflict names, and the rest of the roster is unchanged in
meaning. Solved under each engine, re-checked by the evaluator."""

from __future__ import annotations

import rotalang
from solve_helpers import day, days, solved

WARD = """
calendar from 2025-02-10 to 2025-02-16
staff 人员
shift 白班 08:00-16:00
人员 张丽, 王强, 刘洋
rule 每天一人: each day d: count(人员 p where p works on d) = 1
soft rule 张丽优先 weight 2: each day d: 张丽 works on d
soft rule 王强其次 weight 1: each day d: 王强 works on d
"""


def test_a_sick_call_a_leaver_and_a_joiner_take_people_off_exactly_those_days():
    r = solved(WARD + "张丽 unavailable 2025-02-11 to 2025-02-12, 2025-02-15\n"
                      "王强 joins 2025-02-12\n")
    on = {d: r.people_on(d) for d in days(day(10), day(16))}
    assert on == {day(10): {"张丽"}, day(11): {"刘洋"}, day(12): {"王强"},
                  day(13): {"张丽"}, day(14): {"张丽"}, day(15): {"王强"},
                  day(16): {"张丽"}}
    left = solved(WARD + "张丽 leaves 2025-02-14\n")
    assert {d for d in days(day(10), day(16)) if "张丽" in left.people_on(d)} == \
        set(days(day(10), day(13)))


def test_a_conflict_names_the_line_that_takes_the_last_person_away():
    text = WARD + "张丽 unavailable 2025-02-13\n王强 unavailable 2025-02-13\n" \
                  "刘洋 unavailable 2025-02-12 to 2025-02-14\n"
    result = rotalang.load(text).solve(time_limit=5)
    assert result.status == "infeasible"
    [conflict] = [d for d in result.diagnostics if d.code == "E0601"]
    assert conflict.message == (
        "rules 每天一人 (line 6), 张丽 unavailable 2025-02-13 (line 9), 王强 unavailable "
        "2025-02-13 (line 10) and 刘洋 unavailable 2025-02-12..02-14 (line 11) cannot all hold")
    assert "conflicting instance: 刘洋 unavailable 2025-02-12..02-14 on 2025-02-13" in conflict.notes


def test_leave_kept_as_a_table_is_read_row_by_row_and_named_by_its_row(tmp_path):
    (tmp_path / "请假.csv").write_text(
        "人员,开始,结束,原因\n张丽,2025-02-11,2025-02-12,病假\n王强,2025-02-10,,事假\n",
        encoding="utf-8")
    (tmp_path / "ward.rota").write_text(WARD + 'unavailable from "请假.csv"\n', encoding="utf-8")
    r = solved(str(tmp_path / "ward.rota"))
    assert [sorted(r.people_on(d)) for d in days(day(10), day(13))] == [
        ["张丽"], ["王强"], ["王强"], ["张丽"]]
    (tmp_path / "请假.csv").write_text(
        "人员,开始,结束\n张丽,2025-02-11,2025-02-12\n王强,2025-02-11,\n刘洋,2025-02-11,\n",
        encoding="utf-8")
    result = rotalang.load(str(tmp_path / "ward.rota")).solve(time_limit=5)
    [conflict] = [d for d in result.diagnostics if d.code == "E0601"]
    assert "刘洋 unavailable 2025-02-11 (请假.csv:4)" in conflict.message
