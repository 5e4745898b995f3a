"""Relation tables (issue 23, point 5): a CSV or JSON table whose first column is an
attribute of its kind (applications: candidate × village; requests: person × date)
has no unique names; every column is an attribute and each row is named after its
place in the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import rotalang

ROOT = Path(__file__).resolve().parents[2]


def doc_blocks() -> tuple[str, str]:
    """The program and the CSV of language.md's "Relation tables"."""
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    section = text.split("### Relation tables", 1)[1]
    program, table = re.findall(r"^```\n(.*?)^```", section, re.M | re.S)[:2]
    return program, table


def test_the_documented_relation_loads_and_its_rows_cost_by_place(tmp_path, engine):
    program, table = doc_blocks()
    (tmp_path / "休息申请.rota").write_text(program, encoding="utf-8")
    (tmp_path / "休息申请.csv").write_text(table, encoding="utf-8")
    loaded = rotalang.load(str(tmp_path / "休息申请.rota"))
    rows = loaded.ir.records_of("休息申请")
    assert [r.name for r in rows] == ["休息申请.csv:2", "休息申请.csv:3", "休息申请.csv:4"]
    assert [(str(r.get("人")), str(r.get("日期"))) for r in rows] == [
        ("张三", "2025-02-10"), ("张三", "2025-02-11"), ("李四", "2025-02-10")]
    result = loaded.solve(time_limit=20, engine=engine)
    assert result.status == "optimal" and result.cost == 0  # nobody has to work


def test_a_relation_row_is_named_where_it_costs(tmp_path):
    (tmp_path / "p.rota").write_text("""\
calendar from 2025-02-10 to 2025-02-11
staff 人员
shift 早班 06:00-14:00
人员 张三, 李四
kind 申请 { 人: 人员, 日期: date }
申请 from "申请.csv"
soft rule 尊重申请 weight 2: each 申请 a: a.人 is off on a.日期
rule 每天一人: each day d: count(人员 p where p works on d) >= 1
""", encoding="utf-8")
    (tmp_path / "申请.csv").write_text("人,日期\n张三,2025-02-10\n李四,2025-02-10\n",
                                      encoding="utf-8")
    result = rotalang.load(str(tmp_path / "p.rota")).solve(time_limit=20)
    assert result.cost == 2
    [item] = result.cost_items
    assert item.instance.place == "申请.csv:2" or item.instance.place == "申请.csv:3"
    assert item.instance.found.endswith("works on 2025-02-10")


def test_json_objects_on_one_line_get_a_column_too(tmp_path):
    (tmp_path / "p.rota").write_text(
        "staff 人员\n人员 张三\nkind 申请 { 人: 人员, 次数: int }\n申请 from \"a.json\"\n",
        encoding="utf-8")
    (tmp_path / "a.json").write_text('[{"人": "张三", "次数": 1}, {"人": "张三", "次数": 2}]',
                                     encoding="utf-8")
    rows = rotalang.load(str(tmp_path / "p.rota")).ir.records_of("申请")
    assert [r.name for r in rows] == ["a.json:1:2", "a.json:1:24"]  # columns in characters


def test_a_bad_cell_in_a_relation_is_located(tmp_path):
    (tmp_path / "p.rota").write_text(
        "staff 人员\n人员 张三\nkind 申请 { 人: 人员, 日期: date }\n申请 from \"a.csv\"\n",
        encoding="utf-8")
    (tmp_path / "a.csv").write_text("人,日期\n王五,2025-02-10\n", encoding="utf-8")
    with pytest.raises(rotalang.DiagnosticError) as err:
        rotalang.load(str(tmp_path / "p.rota"))
    [d] = err.value.diagnostics
    assert d.code == "E0401" and (d.span.start_line, d.span.start_col) == (2, 1)
