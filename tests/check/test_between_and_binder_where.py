"""Two spellings rule authors write: `x between A and B` as a condition (read as
`A <= x and x <= B`), and `where` after any group of binders in `each`, filtering the
binders before it."""

import pytest

from rotalang import ir
from rotalang.check import load_program
from rotalang.diagnostics import DiagnosticError
from rotalang.ir_text import format_body

HEADER = """calendar from 2025-02-10 to 2025-02-16
staff 人员 { 本地: bool = true, 年龄: int = 30, 工时上限: duration = 40h }
shift 早班 06:00-14:00
shift 夜班 22:00-06:00
人员 张丽 { 本地: false }
"""


def rules(text):
    program, _ = load_program(HEADER + text, file="t.rota")
    return program.rules


def errors(text):
    with pytest.raises(DiagnosticError) as exc:
        load_program(HEADER + text, file="t.rota")
    return [(d.code, str(d.span), d.message) for d in exc.value.diagnostics]


def test_between_is_two_inclusive_comparisons():
    [rule] = rules("rule r: each 人员 p: p.年龄 between 18 and 60\n")
    expr = rule.body.statement.expr
    age = ir.Attr(ir.VarRef(rule.body.quantifiers[0].binders[0].var), "年龄", ir.INT)
    assert expr == ir.And((ir.Compare("<=", ir.Lit(18, ir.INT), age),
                           ir.Compare("<=", age, ir.Lit(60, ir.INT))))


def test_between_reads_the_same_as_the_spelled_out_form():
    short, spelled = rules(
        "rule a: each 人员 p: hours(p) between 8h and p.工时上限 when p.本地\n"
        "rule b: each 人员 p: 8h <= hours(p) and hours(p) <= p.工时上限 when p.本地\n")
    assert format_body(short.body) == format_body(spelled.body)


def test_between_with_dates_and_in_a_larger_condition():
    [rule] = rules("rule r: each 人员 p, day d: p is off on d when "
                   "d between 2025-02-12 and 2025-02-13 and not p.本地\n")
    guard = rule.body.guard
    assert isinstance(guard, ir.And) and len(guard.items) == 2
    assert guard.items[0] == ir.And((
        ir.Compare("<=", ir.Lit(guard.items[0].items[0].left.value, ir.DATE),
                   guard.items[0].items[0].right),
        guard.items[0].items[1]))
    assert str(guard.items[0].items[0].left.value) == "2025-02-12"


def test_between_bounds_of_the_wrong_type_are_reported():
    assert [e[:2] for e in errors("rule r: each 人员 p: hours(p) between 8 and 40h\n")] == [
        ("E0302", "t.rota:6:37")]


def test_between_is_still_a_count_bound():
    [rule] = rules("rule r: each 人员 p: p works between 2 and 4 shifts per week\n")
    statement = rule.body.statement
    assert (statement.bound.lo, statement.bound.hi) == (ir.Lit(2, ir.INT), ir.Lit(4, ir.INT))


def test_where_after_the_first_binder_group():
    [rule] = rules("rule r: each 人员 p where not p.本地, day d, shift s: not p works s on d\n")
    first, second = rule.body.quantifiers
    assert [b.var.name for b in first.binders] == ["p"]
    assert first.where == ir.Not(ir.Attr(ir.VarRef(first.binders[0].var), "本地", ir.BOOL))
    assert [b.var.name for b in second.binders] == ["d", "s"] and second.where is None


def test_where_after_each_group_is_nesting():
    grouped, nested = rules(
        "rule a: each 人员 p where not p.本地, day d where d is weekend, shift s: "
        "not p works s on d\n"
        "rule b: each 人员 p where not p.本地: each day d where d is weekend: each shift s: "
        "not p works s on d\n")
    assert format_body(grouped.body) == format_body(nested.body)


def test_a_where_sees_only_the_binders_before_it():
    assert [e[:3] for e in errors(
        "rule r: each 人员 p where d is weekend, day d: p works on d\n")] == [
        ("E0201", "t.rota:6:25", "unknown name `d`")]
