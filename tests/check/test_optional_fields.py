"""Optional fields (issue 23, point 5): `到达日期: date?` may be left empty — an arrival
date only for the people from outside. A rule instance that needs the missing value
does not apply, a `where` that needs it leaves the record out, and `known(x)` asks
whether there is one; a required field left empty says how to make it optional."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import rotalang
from rotalang.diagnostics import DiagnosticError
from rotalang.ir_text import format_program
from rotalang.results import Assignment, Roster

HEAD = """calendar from 2025-03-03 to 2025-03-09
staff 人员 { 外来: bool, 到达日期: date? }
人员 from "人员.csv"
shift 白班 08:00-20:00
"""
TABLE = "姓名,外来,到达日期\n张丽,否,\n王强,是,2025-03-05\n李娜,是,\n"
QUARANTINE = "rule 到达后隔离三天: each 人员 p, day d where d < p.到达日期 + 3d: p is off on d\n"


def load(tmp_path: Path, rules: str, table: str = TABLE):
    (tmp_path / "人员.csv").write_text(table, encoding="utf-8")
    (tmp_path / "值班.rota").write_text(HEAD + rules, encoding="utf-8")
    return rotalang.load(str(tmp_path / "值班.rota"))


def day(n: int) -> datetime.date:
    return datetime.date(2025, 3, n)


def test_an_empty_optional_cell_loads_and_shows_as_no_value(tmp_path):
    shown = format_program(load(tmp_path, QUARANTINE).ir)
    assert "staff 人员 { 外来: bool, 到达日期: date? }" in shown
    assert "张丽 { 外来: false, 到达日期: — }" in shown
    assert "王强 { 外来: true, 到达日期: 2025-03-05 }" in shown


def test_an_instance_that_needs_a_missing_value_does_not_apply(tmp_path, engine):
    program = load(tmp_path, QUARANTINE + "rule 每天两人: each day d: "
                   "count(人员 p where p works on d) = 2\n")
    result = program.solve(time_limit=20, engine=engine)
    assert result.status == "optimal"
    worked = {(a.staff, a.date) for a in result.roster.assignments}
    # 王强 is off until three days after he arrives; the others have no arrival date
    assert {d for who, d in worked if who == "王强"} == {day(8), day(9)}
    assert {d for who, d in worked if who in ("张丽", "李娜")} == {day(n) for n in range(3, 10)}
    assert program.verify(result.roster).ok
    # verify judges a hand roster by the same rule: 王强 on the 6th breaks it
    hand = Roster.of(tuple(result.roster.assignments) + (Assignment("王强", day(6), "白班"),))
    report = program.verify(hand)
    assert {(v.rule, v.binding) for v in report.hard_violations} >= {
        ("到达后隔离三天", (("p", "王强"), ("d", "2025-03-06")))}
    assert all(v.binding[0] == ("p", "王强") for v in report.hard_violations
               if v.rule == "到达后隔离三天")


def test_a_where_that_needs_a_missing_value_leaves_the_record_out(tmp_path, engine):
    program = load(tmp_path, "rule 两人: count(人员 p where p.到达日期 > 2025-03-01) = 1\n"
                   "rule 一人: count(人员 p where not known(p.到达日期)) = 2\n"
                   "rule 每天一人: each day d: count(人员 p where p works on d) = 1\n")
    assert program.check().ok  # 王强 alone has a date after 03-01; two have none
    assert program.solve(time_limit=20, engine=engine).status == "optimal"


def test_known_asks_for_a_value_and_a_rule_on_the_data_names_the_record(tmp_path):
    program = load(tmp_path, "rule 外来须登记到达: each 人员 p where p.外来: "
                   "known(p.到达日期)\n")
    report = program.check()
    [d] = [d for d in report.diagnostics if d.code == "E0603"]
    assert "李娜" in d.message and "王强" not in d.message


def test_a_required_field_left_empty_says_how_to_make_it_optional(tmp_path):
    (tmp_path / "人员.csv").write_text(TABLE, encoding="utf-8")
    (tmp_path / "值班.rota").write_text(HEAD.replace("date?", "date"), encoding="utf-8")
    with pytest.raises(DiagnosticError) as err:
        rotalang.load(str(tmp_path / "值班.rota"))
    first = err.value.diagnostics[0]
    assert first.code == "E0401"
    assert first.message == "人员 `张丽` has no value for `到达日期`"
    assert first.help.endswith("or declare it optional there: `到达日期: date?`")
