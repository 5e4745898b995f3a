"""Ratios keep the unit they are written in (issue 23, point 6): `5.319 <= 5.32‰`
compares 5.319 with 0.00532 — false, where its author meant 5.319‰ — so a decimal
without a unit that meets a `%` or `‰` ratio it is nearer to *in that unit* is E0316,
with the fix in the help. Fractions of one written either way (`0.95 >= 94%`) and
counts are left alone, and decimals are printed as decimals."""

from __future__ import annotations

import pytest

import rotalang
from tests.cli.cli_fixtures import rotalang as rotalang_cli
from rotalang.diagnostics import DiagnosticError
from rotalang.diagnostics import render_text


def errors(text: str):
    with pytest.raises(DiagnosticError) as err:
        rotalang.load(text)
    return err.value.diagnostics


def test_a_per_mille_target_against_a_bare_decimal_is_an_error_with_the_fix():
    [d] = errors("let 目标 = 5.32‰\nrule 计划生育率达标: 5.319 <= 目标\n")
    assert d.code == "E0316"
    assert d.message == "cannot compare a ratio written with `‰` and a decimal written " \
                        "without one"
    assert d.help == "write `5.319‰` if that is what it means"
    assert (d.span.start_line, d.span.start_col) == (2, 15)
    shown = render_text(d)
    assert "this is 5.319, that is 5319‰" in shown
    assert "`目标` is 5.32‰" in shown


@pytest.mark.parametrize("body, unit", [
    ("95.5 >= 94%", "%"),
    ("5.32‰ + 0.1 > 0.2", None),  # 0.1 is nearer 5.32‰ as written: no error
    ("94% - 0.5 < 0.93", None),  # 0.5 is nearer 94% as written than as 0.5%
    ("29.5 + 30‰ > 0", "‰"),
])
def test_only_a_decimal_that_reads_right_in_the_unit_is_flagged(body, unit):
    text = f"rule 比例: {body}\n"
    if unit is None:
        rotalang.load(text)
        return
    [d] = errors(text)
    assert d.code == "E0316" and f"written with `{unit}`" in d.message


def test_fractions_of_one_and_units_on_both_sides_are_fine():
    program = rotalang.load("rule 甲: 0.95 >= 94%\nrule 乙: 95.48% >= 94%\n"
                            "rule 丙: 5.319‰ <= 5.32‰\nrule 丁: 3 >= 2.5\n")
    assert program.check().ok


def test_a_decimal_cost_prints_as_a_decimal(tmp_path):
    source = tmp_path / "半.rota"
    source.write_text("""calendar from 2025-03-03 to 2025-03-03
staff 人员 {}
shift 白班 08:00-20:00
人员 张丽
rule 计划生育率达标: 5.319‰ <= 5.32‰
soft rule 半价 weight 160.5: 张丽 is off on 2025-03-03
rule 上班: 张丽 works on 2025-03-03
""", encoding="utf-8")
    done = rotalang_cli("solve", str(source), "--time-limit", "10")
    assert done.returncode == 0, done.stderr
    assert "160.5" in done.stdout + done.stderr and "321/2" not in done.stdout + done.stderr
