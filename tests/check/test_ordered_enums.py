"""Ordered enums (issue 23, point 5): `enum 学历 ordered { 小学, 初中, 高中 }` lets
`c.学历 >= 初中` compare by the declared order; on a plain enum `<` is E0303 with a
help that names the fix."""

from __future__ import annotations

import pytest

import rotalang
from rotalang.diagnostics import DiagnosticError
from rotalang.ir_text import format_program

HEAD = """enum 学历 {ordered}{{ 小学, 初中, 高中, 大专 }}
staff 候选人 {{ 学历: 学历 }}
post 村
候选人 张三 {{ 学历: 小学 }}, 李四 {{ 学历: 大专 }}, 王五 {{ 学历: 初中 }}
村 东村, 西村
rule 每村一人: each 村 v: count(候选人 c where c works at v) = 1
"""


def program(rule: str, ordered: bool = True) -> str:
    return HEAD.format(ordered="ordered " if ordered else "") + rule + "\n"


@pytest.mark.parametrize("rule,appointable", [
    ("rule 学历: each 候选人 c: if c works then c.学历 >= 初中", {"李四", "王五"}),
    ("rule 学历: each 候选人 c: if c works then c.学历 > 小学", {"李四", "王五"}),
    ("rule 学历: each 候选人 c: if c works then 高中 <= c.学历 or c.学历 = 初中",
     {"李四", "王五"}),
    ("rule 学历: each 候选人 c: if c works then not (c.学历 < 初中)", {"李四", "王五"}),
])
def test_an_ordered_enum_compares_in_declared_order(rule, appointable, engine):
    # not alphabetically: 初 < 大 < 小 < 高 in code points, the opposite of the order here
    result = rotalang.load(program(rule)).solve(time_limit=20, engine=engine)
    assert result.status == "optimal"
    assert {a.staff for a in result.roster.assignments} == appointable


def test_an_ordered_enum_is_verified_the_same_way():
    loaded = rotalang.load(program("rule 学历: each 候选人 c: if c works then c.学历 >= 初中"))
    from rotalang.results import Assignment, Roster
    report = loaded.verify(Roster.of([Assignment("张三", post="东村"),
                                      Assignment("王五", post="西村")]))
    assert [(v.rule, v.binding) for v in report.hard_violations] == [("学历", (("c", "张三"),))]


def test_ir_text_keeps_the_word_ordered():
    text = format_program(rotalang.load(program("")).ir)
    assert "enum 学历 ordered { 小学, 初中, 高中, 大专 }" in text


def test_ordering_a_plain_enum_is_e0303_with_the_fix():
    with pytest.raises(DiagnosticError) as err:
        rotalang.load(program("rule 学历: each 候选人 c: if c works then c.学历 >= 初中",
                              ordered=False))
    [d] = err.value.diagnostics
    assert (d.code, d.message) == ("E0303", "`>=` does not apply to a 学历 value")
    assert d.help == "to compare its values by their order, declare it " \
                     "`enum 学历 ordered { … }`, lowest first"
