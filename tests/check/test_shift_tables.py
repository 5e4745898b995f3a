"""`shift from "班次.csv"` (issue 23, point 5): the shift list as a table, read into
the same declarations the program could have written, errors located in the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import rotalang
from rotalang.ir_text import format_program

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = """calendar from 2025-02-10 to 2025-02-16
staff 人员
shift from "班次.csv"
人员 张丽, 王强
rule 早班有人: each day d: count(人员 p where p works 早班 on d) >= 1
"""


def documented_table() -> str:
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    section = text.split("### Shifts", 1)[1].split("### Named constants", 1)[0]
    return re.findall(r"^```\n(班次,.*?)^```", section, re.M | re.S)[0]


def load(tmp_path: Path, table: str):
    (tmp_path / "值班.rota").write_text(PROGRAM, encoding="utf-8")
    (tmp_path / "班次.csv").write_text(table, encoding="utf-8")
    return rotalang.load(str(tmp_path / "值班.rota"))


def test_the_documented_table_declares_the_documented_shifts(tmp_path, engine):
    program = load(tmp_path, documented_table())
    shifts = [line for line in format_program(program.ir).splitlines()
              if line.startswith("shift ")]
    assert shifts == ['shift 早班 06:00-14:00 (8h) code "早"',
                      'shift 夜班 22:00-06:00 (8h) crosses midnight code "夜"',
                      'shift 值守 (12h) code "值守"']
    result = program.solve(time_limit=20, engine=engine)
    assert result.status == "optimal"
    assert {a.date for a in result.roster.assignments if a.shift == "早班"} == \
        set(program.ground().days)


@pytest.mark.parametrize("table,where,message", [
    ("name,start,end\n早班,06:x0,14:00\n", (2, 4),
     "start of shift 早班: expected a time of day like `06:00`, found `06:x0`"),
    ("name,length,colour\n早班,8h,red\n", (1, 13), "a shift table has no column `colour`"),
    ("name,start,end,length\n早班,06:00,14:00,7h\n", (2, 1),
     "shift 早班 runs 06:00-14:00 (8h) but its length says 7h"),
])
def test_a_bad_table_is_reported_in_the_file_without_follow_on_errors(tmp_path, table,
                                                                      where, message):
    with pytest.raises(rotalang.DiagnosticError) as err:
        load(tmp_path, table)
    assert [d.message for d in err.value.diagnostics] == [message]  # and nothing after it
    first = err.value.diagnostics[0]
    assert first.span.file.endswith("班次.csv")
    assert (first.span.start_line, first.span.start_col) == where
    assert "E0208" not in [d.code for d in err.value.diagnostics]  # "needs a shift"
