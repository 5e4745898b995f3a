"""`if A then B else C`, and target sheets as offices keep them (issue 23, point 7):
targets and actuals in two tables joined by a reference, the comparison operator in a
column; `check --show` (Program.indicators) lists the comparison each row selects."""

from __future__ import annotations

from pathlib import Path

import rotalang

TARGETS = "名称,目标,比较\n计划生育率,94%,至少\n自然增长率,5.32‰,至多\n"
PROGRAM = """enum 比较 { 至少, 至多 }
kind 指标 { 目标: ratio, 比较: 比较 }
kind 实绩 { 指标: 指标, 实际: ratio }
指标 from "指标.csv"
实绩 from "实绩.csv"
rule 达标: each 实绩 a:
  if a.指标.比较 = 至少 then a.实际 >= a.指标.目标 else a.实际 <= a.指标.目标
"""


def sheet(tmp_path: Path, actuals: str):
    (tmp_path / "指标.csv").write_text(TARGETS, encoding="utf-8")
    (tmp_path / "实绩.csv").write_text("指标,实际\n" + actuals, encoding="utf-8")
    (tmp_path / "考核.rota").write_text(PROGRAM, encoding="utf-8")
    return rotalang.load(str(tmp_path / "考核.rota"))


def test_each_row_is_checked_by_the_operator_in_its_target_row(tmp_path):
    program = sheet(tmp_path, "计划生育率,95.48%\n自然增长率,4.28‰\n")
    assert program.check().ok
    shown = [(i.binding, i.measure, i.actual, i.op, i.target, i.difference, i.met)
             for i in program.indicators()]
    assert shown == [((("a", "实绩.csv:2"),), "实际", "95.48%", ">=", "94%", "+1.48%", True),
                     ((("a", "实绩.csv:3"),), "实际", "4.28‰", "<=", "5.32‰", "-1.04‰", True)]


def test_a_row_that_misses_its_target_is_e0603_and_shown_not_met(tmp_path):
    program = sheet(tmp_path, "计划生育率,95.48%\n自然增长率,5.4‰\n")
    [broken] = [d for d in program.check().diagnostics if d.code == "E0603"]
    assert "实绩.csv:3" in broken.message
    [missed] = [i for i in program.indicators() if not i.met]
    assert (missed.actual, missed.op, missed.target, missed.difference) == \
        ("5.4‰", "<=", "5.32‰", "+0.08‰")


RULES = """calendar from 2025-03-03 to 2025-03-09
staff 人员 { 夜班为主: bool }
shift 白班 08:00-20:00
人员 张丽 { 夜班为主: true }, 王强 { 夜班为主: false }
rule 班数: each 人员 p: if p.夜班为主 then shifts(p) <= 2 else shifts(p) >= 5
rule 每天一人: each day d: count(人员 p where p works on d) <= 1
"""


def test_if_then_else_binds_the_else_branch_when_the_condition_fails(engine):
    program = rotalang.load(RULES)
    result = program.solve(time_limit=20, engine=engine)
    assert result.status == "optimal"
    counts = {who: sum(1 for a in result.roster.assignments if a.staff == who)
              for who in ("张丽", "王强")}
    assert counts["王强"] >= 5 and counts["张丽"] <= 2
    assert program.verify(result.roster).ok


def test_an_else_branch_that_cannot_hold_is_named_in_the_conflict():
    program = rotalang.load(RULES.replace("shifts(p) >= 5", "shifts(p) >= 8"))
    [conflict] = [d for d in program.check().diagnostics if d.code == "E0601"]
    assert "班数" in conflict.message
