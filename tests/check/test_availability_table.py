"""`unavailable from "请假.csv"`: a bad leave table is reported at its cells, like any
data file, and the program is not run."""

import pytest

import rotalang

PROGRAM = """calendar from 2025-02-10 to 2025-02-16
staff 人员
shift 白班 08:00-16:00
人员 张丽, 王强
rule 每天一人: each day d: count(人员 p where p works on d) = 1
unavailable from "请假.csv"
"""


def load_errors(tmp_path, table: str) -> list[tuple[str, str, int, int]]:
    (tmp_path / "请假.csv").write_text(table, encoding="utf-8")
    (tmp_path / "ward.rota").write_text(PROGRAM, encoding="utf-8")
    with pytest.raises(rotalang.DiagnosticError) as err:
        rotalang.load(str(tmp_path / "ward.rota"))
    return sorted((d.code, d.span.file.rsplit("/", 1)[-1], d.span.start_line, d.span.start_col)
                  for d in err.value.diagnostics)


def test_a_bad_date_and_an_unknown_column_point_into_the_table(tmp_path):
    assert load_errors(tmp_path, "人员,开始,截止\n张丽,2025-02-3x,\n") == [
        ("E0401", "请假.csv", 2, 4), ("E0403", "请假.csv", 1, 7)]


def test_an_unknown_person_gets_did_you_mean_at_the_row(tmp_path):
    (tmp_path / "请假.csv").write_text("人员,开始\n张莉,2025-02-11\n", encoding="utf-8")
    (tmp_path / "ward.rota").write_text(PROGRAM, encoding="utf-8")
    with pytest.raises(rotalang.DiagnosticError) as err:
        rotalang.load(str(tmp_path / "ward.rota"))
    [d] = err.value.diagnostics
    assert (d.code, d.span.start_line, d.help) == ("E0201", 2, "did you mean `张丽`?")


def test_a_table_without_a_from_column_says_which_column_is_missing(tmp_path):
    assert load_errors(tmp_path, "人员,结束\n张丽,2025-02-11\n") == [
        ("E0402", "请假.csv", 1, 1)]
