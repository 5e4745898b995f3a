"""`calendar from "日历.csv"` (issue 23, point 5): the horizon as the table an office
keeps, one row per date with its holidays marked, read into the calendar and holidays
the program could have written; every problem is located at its row of the file."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

import rotalang
from rotalang.diagnostics import DiagnosticError

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = """calendar from "日历.csv"
staff 人员 {}
shift 白班 08:00-20:00
人员 张丽, 王强
rule 工作日一人: each day d where d is not holiday: count(人员 p where p works on d) = 1
rule 假日休息: each 人员 p, day d where d is holiday: p is off on d
"""


def documented_table() -> str:
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    section = text.split("### Calendar, holidays, weekend", 1)[1].split("### Enums", 1)[0]
    return re.findall(r"^```\n(日期,.*?)^```", section, re.M | re.S)[0]


def load(tmp_path: Path, table: str, name: str = "日历.csv"):
    (tmp_path / "值班.rota").write_text(PROGRAM.replace("日历.csv", name), encoding="utf-8")
    (tmp_path / name).write_text(table, encoding="utf-8")
    return rotalang.load(str(tmp_path / "值班.rota"))


def test_the_documented_table_is_the_documented_calendar(tmp_path, engine):
    program = load(tmp_path, documented_table())
    calendar = program.ir.calendar
    assert (calendar.start, calendar.end) == (datetime.date(2025, 4, 1),
                                            datetime.date(2025, 4, 6))
    assert sorted(calendar.holidays) == [datetime.date(2025, 4, d) for d in (4, 5, 6)]
    result = program.solve(time_limit=20, engine=engine)
    assert result.status == "optimal"
    worked = sorted({a.date for a in result.roster.assignments})
    assert worked == [datetime.date(2025, 4, d) for d in (1, 2, 3)]
    assert program.verify(result.roster).ok


def test_a_json_calendar_reads_the_same(tmp_path):
    table = ('[{"date": "2025-04-03", "holiday": false},'
             ' {"date": "2025-04-04", "holiday": true, "note": "清明节"}]')
    calendar = load(tmp_path, table, "日历.json").ir.calendar
    assert (calendar.start, calendar.end, calendar.holidays) == (
        datetime.date(2025, 4, 3), datetime.date(2025, 4, 4),
        frozenset({datetime.date(2025, 4, 4)}))


@pytest.mark.parametrize("table, where, message", [
    ("日期,假日\n2025-04-01,否\n2025-04-03,否\n", (3, 1),
     "the dates jump from 2025-04-01 to 2025-04-03, leaving out 2025-04-02"),
    ("日期,假日\n2025-04-01,否\n2025-04-01,是\n", (3, 1), "2025-04-01 is listed twice"),
    ("日期,假日\n2025-04-02,否\n2025-04-01,否\n", (3, 1),
     "2025-04-01 comes after 2025-04-02: the dates are out of order"),
    ("日期,假日\n2025-04-01,也许\n", (2, 12),
     "holiday on 2025-04-01: expected `true` or `false`, found `也许`"),
    ("日期,假日\n4月1日,否\n", (2, 1),
     "the first column holds the dates: expected a date like `2025-03-24`, found `4月1日`"),
    ("日期,休假\n2025-04-01,否\n", (1, 4), "a calendar table has no column `休假`"),
])
def test_a_bad_row_is_reported_at_its_place_in_the_file(tmp_path, table, where, message):
    with pytest.raises(DiagnosticError) as err:
        load(tmp_path, table)
    found = [(d.span.file, (d.span.start_line, d.span.start_col), d.message)
             for d in err.value.diagnostics]
    assert any(Path(file).name == "日历.csv" and (at, said) == (where, message)
               for file, at, said in found), found


def test_a_missing_calendar_file_is_one_error_and_no_follow_on(tmp_path):
    (tmp_path / "值班.rota").write_text(PROGRAM, encoding="utf-8")
    with pytest.raises(DiagnosticError) as err:
        rotalang.load(str(tmp_path / "值班.rota"))
    assert len(err.value.diagnostics) == 1, err.value.diagnostics
    assert "日历.csv" in err.value.diagnostics[0].message
