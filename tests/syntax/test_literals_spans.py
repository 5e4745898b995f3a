"""Literal values are exact; spans are 1-based code-point positions."""

import datetime
from fractions import Fraction

import pytest

from rotalang.diagnostics import DiagnosticError, Span
from rotalang.syntax import parse


def lit(text):
    (item,) = parse(f"let x = {text}", "t.rota").items
    return item.value


@pytest.mark.parametrize("text,kind,value", [
    ("0", "int", 0), ("28000", "int", 28000),
    ("2.5", "ratio", Fraction(5, 2)), ("0.75", "ratio", Fraction(3, 4)),
    ("94%", "ratio", Fraction(94, 100)), ("5.32‰", "ratio", Fraction(532, 100000)),
    ("95.48%", "ratio", Fraction(9548, 10000)),
    ("8h", "duration", 480), ("30min", "duration", 30), ("14d", "duration", 20160),
    ("7.5h", "duration", 450), ("1h30min", "duration", 90),
    ("2025-03-24", "date", datetime.date(2025, 3, 24)),
    ("06:00", "time", 360), ("22:30", "time", 1350), ("24:00", "time", 1440),
    ('"东关"', "text", "东关"), ('"a\\"b"', "text", 'a"b'),
    ("true", "bool", True), ("false", "bool", False),
])
def test_literal_values(text, kind, value):
    v = lit(text)
    assert (v.kind, v.value, v.text) == (kind, value, text)
    assert type(v.value) is type(value)  # never a float


def test_per_mille_is_exact():
    assert lit("5.32‰").value == Fraction(133, 25000)


@pytest.mark.parametrize("text,code", [("2025-02-30", "E0110"), ("25:00", "E0111"),
                                       ("7.3min", "E0112"), ("0.01h", "E0112")])
def test_bad_literals(text, code):
    with pytest.raises(DiagnosticError) as info:
        lit(text)
    (d,) = info.value.diagnostics
    assert d.code == code and d.span == Span("t.rota", 1, 9, 1, 9 + len(text), 8, 8 + len(text))


def test_spans_are_code_points():
    src = "# 注释\nrule 每班至少两人: each 卡口 k: count(人员 p where p works at k) >= 2\n"
    (rule,) = parse(src, "s.rota").items
    line = src.splitlines()[1]
    assert rule.span == Span("s.rota", 2, 1, 2, len(line) + 1, 5, 5 + len(line))
    assert rule.name.span == Span("s.rota", 2, 6, 2, 12, 10, 16)
    cmp_ = rule.statement.expr
    assert src[cmp_.span.start_offset:cmp_.span.end_offset] == "count(人员 p where p works at k) >= 2"
    k = rule.quantifiers[0].binders[0]
    assert src[k.span.start_offset:k.span.end_offset] == "卡口 k"
    assert src[k.domain.span.start_offset:k.domain.span.end_offset] == "卡口"


def test_spans_over_lines_and_equality_ignores_them():
    a = parse("rule 甲:\n  x >= 1", "a.rota")
    b = parse("rule 甲: x >= 1", "b.rota")
    assert a == b
    assert a.items[0].span != b.items[0].span
    assert a.items[0].span.end_line == 2


def test_bom_crlf_in_text():
    assert parse("\ufefflet x = 1\r\nlet y = 2\r\n", "c.rota").items[1].name.name == "y"
