"""The checker as a whole: every error in one run, desugaring, exact values, files."""

import datetime
from fractions import Fraction

import pytest

import rotalang
from rotalang import ir
from rotalang.check import load_program
from rotalang.diagnostics import DiagnosticError
from rotalang.values import Duration

HEADER = """calendar from 2025-02-10 to 2025-02-16
enum 身份 { 党员干部, 医务人员 }
staff 人员 { 身份: 身份, 执业资格: bool = false }
shift 早班 06:00-14:00
人员 张丽 { 身份: 医务人员 }
"""


def errors(text):
    with pytest.raises(DiagnosticError) as exc:
        load_program(text, file="t.rota")
    return [(d.code, str(d.span)) for d in exc.value.diagnostics]


def test_every_independent_error_is_reported_once():
    text = HEADER + (
        "rule a: each 人员 p: p.执业资质\n"          # unknown attribute
        "rule b: each 人员 p: hours(p) <= 40\n"      # number for a duration
        "rule c: each 人员 p: p.身份 = 医护人员 and p.身份 = 医护人员\n"  # unknown, twice
        "rule a: each 人员 q: 未知 works 早班\n")    # duplicate rule; unknown person
    assert errors(text) == [
        ("E0204", "t.rota:6:20"), ("E0302", "t.rota:7:32"), ("E0201", "t.rota:8:27"),
        ("E0201", "t.rota:8:43"), ("E0202", "t.rota:9:6"), ("E0201", "t.rota:9:20")]


def test_an_unresolved_name_does_not_cascade():
    # `未知` fails once; the comparison and the `and` built on it say nothing more
    assert errors(HEADER + "rule a: each 人员 p: 未知 + 1 > 2h and p.执业资格\n") == [
        ("E0201", "t.rota:6:20")]


def test_subjectless_statement_gets_an_implicit_staff_binder():
    program, _ = load_program(HEADER + "rule r: works at most 3 shifts per week\n")
    body = program.rules[0].body
    [q] = body.quantifiers
    assert q.binders[0].domain == ir.KindDomain("人员")
    assert body.statement.person == ir.VarRef(q.binders[0].var)


def test_subjectless_statement_uses_the_innermost_person():
    program, _ = load_program(HEADER + "rule r: each 人员 p, day d: works at most 1 days in d.week\n")
    body = program.rules[0].body
    assert body.statement.person.var.name == "p" and len(body.quantifiers) == 1


def test_is_off_unless_and_ratio_of_are_desugared():
    program, _ = load_program(HEADER + (
        "rule r: each 人员 p, day d: p is off on d unless d is weekend\n"
        "rule s: count(人员 p) >= 50% of count(人员 p where p.执业资格)\n"))
    r, s = program.rules
    assert isinstance(r.body.statement.expr, ir.Not)
    assert isinstance(r.body.statement.expr.operand, ir.Works)
    assert r.body.guard == ir.Not(ir.DateIs(ir.VarRef(r.body.quantifiers[0].binders[1].var),
                                            "weekend"))
    right = s.body.statement.expr.right
    assert isinstance(right, ir.Arith) and right.op == "*" and right.type == ir.RATIO
    assert right.left == ir.Lit(Fraction(1, 2), ir.RATIO)


def test_exact_values_per_mille_and_date_difference():
    program, _ = load_program("let 目标 = 5.32‰\nlet 天数 = 2025-09-30 - 2025-03-24\n"
                              "rule 天数对: 天数 = 190d\n")
    let_rate, let_days = program.lets
    assert let_rate.expr == ir.Lit(Fraction(532, 100000), ir.RATIO)
    assert let_days.type == ir.DURATION
    from rotalang.check.consteval import evaluate
    assert evaluate(let_days.expr) == Duration(190 * 1440)
    assert program.rules[0].facts_only


def test_facts_only_flag():
    program, _ = load_program(HEADER + "rule a: each 人员 p: p.执业资格\n"
                                       "rule b: each 人员 p: shifts(p) >= 1\n"
                                       "rule c: works at most 5 shifts\n")
    assert [r.facts_only for r in program.rules] == [True, False, False]


def test_ambiguous_name_resolved_by_the_expected_type():
    text = ("enum 身份 { 医务人员 }\nstaff 人员 { 身份: 身份 }\npost 岗位\n岗位 医务人员, 其他\n"
            "人员 张丽 { 身份: 医务人员 }\nrule r: each 人员 p: p.身份 = 医务人员\n")
    program, _ = load_program(text)
    assert program.records_of("人员")[0].get("身份").enum == "身份"
    assert program.rules[0].body.statement.expr.right.type == ir.enum_type("身份")


def test_use_relative_to_the_file_and_data_relative_to_its_file(tmp_path):
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "decl.rota").write_text(
        'staff 人员 { 年龄: int }\npost 村\n人员 from "人员.csv"\n', encoding="utf-8")
    (tmp_path / "common" / "人员.csv").write_text("姓名,年龄\n张丽,30\n", encoding="utf-8")
    main = tmp_path / "main.rota"
    main.write_text('use "common/decl.rota"\n村 定城\nrule r: each 村 v: some(人员 p where p works at v)\n',
                    encoding="utf-8")
    program, _ = load_program(str(main))
    assert program.files == (str(main), str(tmp_path / "common" / "decl.rota"))
    assert [(r.kind, r.name) for r in program.records] == [("村", "定城"), ("人员", "张丽")]  # main file first
    assert program.records[1].span.file == str(tmp_path / "common" / "人员.csv")


def test_use_outside_the_folder_is_refused_unless_allowed(tmp_path):
    (tmp_path / "shared.rota").write_text("staff 人员\npost 村\n", encoding="utf-8")
    (tmp_path / "p").mkdir()
    main = tmp_path / "p" / "main.rota"
    main.write_text('use "../shared.rota"\n', encoding="utf-8")
    with pytest.raises(DiagnosticError) as exc:
        load_program(str(main))
    assert [d.code for d in exc.value.diagnostics] == ["E0004"]
    program, _ = load_program(str(main), allow_outside=True)
    assert program.staff_kind.name == "人员"


def test_missing_use_file(tmp_path):
    main = tmp_path / "main.rota"
    main.write_text('use "nothing.rota"\n', encoding="utf-8")
    with pytest.raises(DiagnosticError) as exc:
        load_program(str(main))
    [d] = exc.value.diagnostics
    assert (d.code, d.span.start_line, d.span.start_col) == ("E0001", 1, 1)


def test_api_load_text_and_path(tmp_path):
    path = tmp_path / "p.rota"
    path.write_text(HEADER + "rule r: works at most 5 shifts\n", encoding="utf-8")
    program = rotalang.load(str(path))
    assert isinstance(program, rotalang.Program)
    assert program.source_file == str(path) and program.warnings == []
    assert rotalang.load(HEADER).source_file is None
    with pytest.raises(rotalang.DiagnosticError):
        rotalang.load(HEADER + "rule r: 未知\n")


def test_calendar_and_weekend():
    program, _ = load_program(HEADER.replace("calendar from 2025-02-10 to 2025-02-16",
                                             "calendar from 2025-02-10 to 2025-02-16\n"
                                             "holidays 2025-02-12\nweekend sun"))
    cal = program.calendar
    assert (cal.start, cal.end, cal.holidays, cal.weekend) == (
        datetime.date(2025, 2, 10), datetime.date(2025, 2, 16),
        frozenset({datetime.date(2025, 2, 12)}), ("sun",))
