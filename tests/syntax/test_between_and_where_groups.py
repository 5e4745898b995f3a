"""`x between A and B` as a condition, and `where` after any binder group of `each`."""

import pytest

from rotalang.diagnostics import DiagnosticError
from rotalang.syntax import ast, parse


def N(name):
    return ast.Name(name, span=None)


def I(value):
    return ast.Literal("int", value, str(value), span=None)


def rule(src):
    (item,) = parse(src, "t.rota").items
    return item


def test_between_condition():
    r = rule("rule 甲: x between 3 and 5 and y\n")
    assert r.statement.expr == ast.Logic(
        "and", (ast.Between(N("x"), I(3), I(5), span=None), N("y")), span=None)


def test_between_binds_tighter_than_not_and_looser_than_arithmetic():
    r = rule("rule 甲: not x + 1 between 2 * a and b - 1\n")
    between = r.statement.expr.operands[0]
    assert isinstance(between, ast.Between)
    assert between.value == ast.Binary("+", N("x"), I(1), span=None)
    assert between.lo == ast.Binary("*", I(2), N("a"), span=None)
    assert between.hi == ast.Binary("-", N("b"), I(1), span=None)


def test_between_span_and_count_bound_unchanged():
    src = "rule 甲: each 人员 p: p.年龄 between 18 and 60 when p works between 1 and 2 shifts\n"
    with pytest.raises(DiagnosticError):  # a count bound is a statement, not a condition
        parse(src, "t.rota")
    src = "rule 甲: each 人员 p: p.年龄 between 18 and 60\n"
    between = rule(src).statement.expr
    assert src[between.span.start_offset:between.span.end_offset] == "p.年龄 between 18 and 60"
    count = rule("rule 甲: each 人员 p: p works between 1 and 2 shifts\n").statement
    assert count.bound == ast.Bound("between", I(1), I(2), span=None)


def test_between_is_not_chainable():
    with pytest.raises(DiagnosticError) as exc:
        parse("rule 甲: x between 1 and 2 between 3 and 4\n", "t.rota")
    assert [d.code for d in exc.value.diagnostics] == ["E0101"]


def binder_names(q):
    return [b.name.name for b in q.binders]


def test_where_after_the_first_group():
    src = "rule 甲: each 人员 p where not p.本地, day d, shift s: not p works s on d\n"
    first, second = rule(src).quantifiers
    assert binder_names(first) == ["p"] and binder_names(second) == ["d", "s"]
    assert first.where == ast.Logic("not", (ast.Attr(N("p"), "本地", span=None),), span=None)
    assert second.where is None
    assert src[first.span.start_offset:first.span.end_offset] == "each 人员 p where not p.本地"
    assert src[second.span.start_offset:second.span.end_offset] == "day d, shift s:"


def test_where_after_every_group_and_at_the_end():
    src = "rule 甲: each 人员 p where p.本地, 卡口 k where k.大, day d where d is weekend: x\n"
    qs = rule(src).quantifiers
    assert [binder_names(q) for q in qs] == [["p"], ["k"], ["d"]]
    assert all(q.where is not None for q in qs)


def test_one_group_is_one_quantifier_as_before():
    src = "rule 甲: each 人员 p, day d where d is weekend: each shift s: x\n"
    first, second = rule(src).quantifiers
    assert binder_names(first) == ["p", "d"] and first.where is not None
    assert src[first.span.start_offset:first.span.end_offset] == "each 人员 p, day d where d is weekend:"
    assert binder_names(second) == ["s"]


def test_grouped_where_equals_nested_quantifiers():
    grouped = rule("rule 甲: each 人员 p where a, day d, shift s where b: x\n")
    nested = rule("rule 甲: each 人员 p where a: each day d, shift s where b: x\n")
    assert grouped == nested


def test_a_trailing_comma_after_where_is_an_error():
    with pytest.raises(DiagnosticError) as exc:
        parse("rule 甲: each 人员 p where a,: x\n", "t.rota")
    assert [d.code for d in exc.value.diagnostics] == ["E0101"]
