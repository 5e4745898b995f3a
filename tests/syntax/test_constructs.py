"""Every construct of the v1 syntax parses into the expected AST node."""

import datetime

import pytest

from rotalang.syntax import ast, parse


def items(src):
    return parse(src, "t.rota").items


def one(src):
    (item,) = items(src)
    return item


def stmt(body):
    rule = one(f"rule 规则: {body}")
    return rule.statement


def expr(text):
    return one(f"let x = {text}").value


def test_use_calendar_holidays_weekend():
    assert items('use "公共.rota"\ncalendar from 2025-02-10 to 2025-02-23\n'
                 'holidays 2025-02-12, 2025-02-13\nweekend sat, sun') == (
        ast.Use("公共.rota", span=None),
        ast.Calendar(datetime.date(2025, 2, 10), datetime.date(2025, 2, 23), span=None),
        ast.Holidays((datetime.date(2025, 2, 12), datetime.date(2025, 2, 13)), span=None),
        ast.WeekendDecl((ast.Ident("sat", span=None), ast.Ident("sun", span=None)), span=None),
    )


def test_enum():
    e = one("enum 身份 { 党员干部, 医务人员, 社区志愿者 }")
    assert e.name.name == "身份" and [v.name for v in e.values] == ["党员干部", "医务人员", "社区志愿者"]


def test_kinds_with_types_and_defaults():
    k = one("staff 人员 { 身份: 身份, 本地: bool = true, 可上岗日期: date = 2025-02-10, "
            "技能: set of 技能, 班: shift }")
    assert k.role == "staff" and k.name.name == "人员"
    names = [a.name.name for a in k.attributes]
    assert names == ["身份", "本地", "可上岗日期", "技能", "班"]
    assert k.attributes[1].default == ast.Literal("bool", True, "true", span=None)
    assert k.attributes[3].type == ast.SetType(ast.TypeName("技能", span=None), span=None)
    assert k.attributes[4].type == ast.TypeName("shift", span=None)
    assert one("post 卡口 { 区域: text }").role == "post"
    assert one("kind 村 { 报酬: int, 镇: text, }").role == "kind"
    assert one("post 卡口").attributes == ()


def test_shifts():
    early, night, d, coded = items('shift 早班 06:00-14:00\nshift 夜班 22:00-06:00\n'
                                   'shift D length 8h\nshift 晚 16:00-24:00 code "晚"')
    assert (early.start, early.end, early.length) == (360, 840, None)
    assert (night.start, night.end) == (1320, 360)  # crosses midnight
    assert d.length == 480 and d.start is None
    assert coded.end == 1440 and coded.code == "晚"


def test_let_and_date_difference():
    let = one("let 天数 = 2025-09-30 - 2025-03-24")
    assert let.value.op == "-"
    assert let.value.left.value - let.value.right.value == datetime.timedelta(days=190)


def test_data_items():
    a, b, c, d = items('卡口 东关, 西关, 高速出口\n'
                       '人员 张丽 { 身份: 医务人员, 本地: true, 可上岗日期: 2025-02-10 }, 王伟\n'
                       '人员 from "人员.csv"\n村 from "村.json"')
    assert isinstance(a, ast.DataRecords) and [r.name.name for r in a.records] == ["东关", "西关", "高速出口"]
    assert b.kind.name == "人员" and b.records[0].fields[0].name.name == "身份"
    assert b.records[1] == ast.Record(ast.Ident("王伟", span=None), (), span=None)
    assert c == ast.DataFile(ast.Ident("人员", span=None), "人员.csv", span=None)
    assert d.path == "村.json"


def test_data_after_rule_ending_in_a_name():
    # `p works 夜班` then a data item: the post-lexer separates them.
    rule, data = items("rule 甲: each 人员 p: p works 夜班\n人员 张丽 { 本地: true }")
    assert rule.statement.expr.shifts == ast.Name("夜班", span=None)
    assert data.kind.name == "人员"
    rule, data = items("rule 甲: each 人员 p, day d: p works\n卡口 东关, 西关")
    assert rule.statement.expr.shifts is None and [r.name.name for r in data.records] == ["东关", "西关"]


def test_rule_kinds():
    hard, soft, ass = items("rule 甲: x\nsoft rule 乙 weight 10: y\nassert 丙: z")
    assert (hard.kind, soft.kind, ass.kind) == ("hard", "soft", "assert")
    assert soft.weight == ast.Literal("int", 10, "10", span=None)
    assert hard.name.name == "甲"


def test_quantifiers_and_binders():
    r = one("rule 甲: each 卡口 k, day d, shift s where d is weekend: each week w, weekend e, "
            "day x in w, any 7 days 窗: true")
    q1, q2 = r.quantifiers
    assert [b.kind for b in q1.binders] == ["records", "day", "shift"]
    assert q1.binders[0].domain.name == "卡口" and q1.where is not None
    assert [b.kind for b in q2.binders] == ["week", "weekend", "day", "window"]
    assert q2.binders[2].within == ast.Name("w", span=None)
    assert q2.binders[3].window == 7 and q2.binders[3].name.name == "窗"


def test_guards():
    r = one("rule 甲: each day d: x when d is holiday")
    assert r.guard.kind == "when"
    assert one("rule 甲: x unless y").guard.kind == "unless"


@pytest.mark.parametrize("src,cls", [
    ("minimize count(人员 p where p.本地)", ast.Minimize),
    ("balance shifts(p, 夜班) across 人员 p where p.本地", ast.Balance),
    ("works at most 5 shifts", ast.WorksCount),
    ("p works at least 2 夜班 shifts per week", ast.WorksCount),
    ("works exactly 5 days in w", ast.WorksCount),
    ("works between 3360min and 72h", ast.WorksDuration),
    ("p works at most 40h per week", ast.WorksDuration),
    ("works at most 5 consecutive days", ast.ConsecutiveWork),
    ("p has at least 2 consecutive days off", ast.ConsecutiveOff),
    ("works at most 1 weekends in any 2 weeks", ast.Weekends),
    ("no 夜班 followed by {早班, 中班}", ast.Succession),
    ("rest at least 11h between shifts", ast.Rest),
    ("p works on d", ast.ExprStmt),
])
def test_statements(src, cls):
    assert isinstance(stmt(src), cls)


def test_statement_details():
    s = stmt("p works at least 2 {夜班, 早班} shifts in any 7 days")
    assert s.subject == ast.Name("p", span=None) and s.unit == "shifts"
    assert s.bound == ast.Bound("min", ast.Literal("int", 2, "2", span=None), None, span=None)
    assert isinstance(s.shifts, ast.SetLiteral) and s.period.kind == "window" and s.period.days == 7
    s = stmt("works between 3 and 5 days in total")
    assert s.bound.kind == "between" and s.period.kind == "total" and s.subject is None
    assert stmt("works at most 5 shifts per week").period.kind == "week"
    assert stmt("works at most 1 weekends").weeks is None
    assert stmt("rest at least 11h between shifts").minimum.value == 660


def test_works_atoms():
    w = expr("p works 夜班 on d at k")
    assert w == ast.Works(ast.Name("p", span=None), ast.Name("夜班", span=None),
                          ast.Name("d", span=None), ast.Name("k", span=None), False, span=None)
    off = expr("张丽 is off 夜班 on 2025-03-29")
    assert off.negated and off.post is None and off.day.kind == "date"
    assert expr("p works at k").shifts is None


def test_precedence():
    e = expr("if a or b and not c then x + y * z >= 50% of n - 1")
    assert e.op == "implies"
    cond, cons = e.operands
    assert cond.op == "or" and cond.operands[1].op == "and"
    assert cond.operands[1].operands[1] == ast.Logic("not", (ast.Name("c", span=None),), span=None)
    assert cons.op == ">="
    assert cons.left == ast.Binary("+", ast.Name("x", span=None),
                                   ast.Binary("*", ast.Name("y", span=None), ast.Name("z", span=None), span=None), span=None)
    assert isinstance(cons.right, ast.Binary) and isinstance(cons.right.left, ast.RatioOf)
    assert expr("a or b or c").operands == tuple(ast.Name(n, span=None) for n in "abc")
    assert expr("-x.y").operand == ast.Attr(ast.Name("x", span=None), "y", span=None)


def test_membership_and_date_tests():
    assert expr("d in w") == ast.In(ast.Name("d", span=None), ast.Name("w", span=None), False, span=None)
    assert expr("s not in {夜班}").negated
    assert expr("d is weekend").what.name == "weekend"
    assert expr("d is not mon").negated
    assert expr("d.weekday = sat").left.attr == "weekday"
    assert expr("d.week").attr == "week" and expr("s.length").attr == "length"


def test_aggregates_and_calls():
    c = expr("count(人员 p, day d in w where p works on d)")
    assert c.kind == "count" and len(c.binders) == 2 and c.expr is None
    s = expr("sum(v.报酬 for 村 v where v.镇 = \"定城\")")
    assert s.kind == "sum" and s.expr == ast.Attr(ast.Name("v", span=None), "报酬", span=None)
    assert expr("max(shifts(p) for 人员 p)").kind == "max"
    assert expr("none(人员 p where p works on d)").kind == "none"
    assert expr("hours(p)") == ast.Call("hours", (ast.Name("p", span=None),), span=None)
    assert expr("days(a, b)").name == "days" and expr("abs(-1)").name == "abs"
    assert expr("{}") == ast.SetLiteral((), span=None)


def test_comments_and_layout_do_not_matter():
    a = parse("rule 甲: each 人员 p: p works at most 5 shifts # 注释：全角也行\n", "a.rota")
    b = parse("rule 甲:\n  each 人员 p:\n    p works\n      at most 5 shifts\n", "b.rota")
    assert a == b


def test_empty_program():
    assert parse("", "e.rota").items == ()
    assert parse("# 只有注释\n", "e.rota").items == ()
