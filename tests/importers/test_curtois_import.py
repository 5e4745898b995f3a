"""The benchmark importer: the program and data it writes, and its diagnostics for
malformed instance files (exact text, as a user sees it)."""

from __future__ import annotations

import datetime

import pytest

from rotalang.diagnostics import DiagnosticError, render_all
from rotalang.importers.curtois import import_instance
from rotalang.importers.curtois_format import parse_instance

TINY = """\
# a comment
SECTION_HORIZON
7

SECTION_SHIFTS
D,480,
N,600,D|E
E,420,

SECTION_STAFF
A,D=7|N=1,2400,960,3,2,2,1
B,D=7|N=0,3360,0,5,1,1,1

SECTION_DAYS_OFF
A,6,3
B

SECTION_SHIFT_ON_REQUESTS
A,0,D,2

SECTION_SHIFT_OFF_REQUESTS
B,1,N,3

SECTION_COVER
0,D,1,100,1
"""


def test_import_writes_a_program_and_its_data(tmp_path):
    source = tmp_path / "Tiny.txt"
    source.write_text(TINY)
    program = import_instance(source, tmp_path / "out", start=datetime.date(2024, 1, 1))
    assert program == tmp_path / "out" / "Tiny.rota"
    text = program.read_text()
    assert "calendar from 2024-01-01 to 2024-01-07\nweekend sat, sun\n" in text
    assert "shift D length 480min\nshift N length 600min\nshift E length 420min\n" in text
    assert "rule after_N: no N followed by {D, E}\n" in text
    assert "rule after_D" not in text  # no forbidden successor, no rule
    for line in (
        "rule shift_limits: each ShiftLimit m: shifts(m.nurse, m.type) <= m.limit",
        "rule total_time: each Nurse n: n works between n.min_minutes and n.max_minutes",
        "rule min_days_off: each Nurse n: n has at least n.min_days_off consecutive days off",
        "rule days_off: each DayOff o: o.nurse is off on o.date",
        ("soft rule on_request weight r.penalty: each OnRequest r: "
         "r.nurse works r.type on r.date"),
        "    each Cover c: count(Nurse n where n works c.type on c.date) >= c.requirement",
    ):
        assert line + "\n" in text
    out = tmp_path / "out"
    assert (out / "nurses.csv").read_text() == (
        "name,max_minutes,min_minutes,max_consecutive,min_consecutive,min_days_off,"
        "max_weekends\nA,2400min,960min,3,2,2,1\nB,3360min,0min,5,1,1,1\n")
    assert (out / "shift_limits.csv").read_text() == (
        "name,nurse,type,limit\nA_D,A,D,7\nA_N,A,N,1\nB_D,B,D,7\nB_N,B,N,0\n")
    assert (out / "days_off.csv").read_text() == (
        "name,nurse,date\nA_day6,A,2024-01-07\nA_day3,A,2024-01-04\n")
    assert (out / "on_requests.csv").read_text() == (
        "name,nurse,date,type,penalty\nA_day0_D,A,2024-01-01,D,2\n")
    assert (out / "off_requests.csv").read_text() == (
        "name,nurse,date,type,penalty\nB_day1_N,B,2024-01-02,N,3\n")
    assert (out / "cover.csv").read_text() == (
        "name,date,type,requirement,under_weight,over_weight\nday0_D,2024-01-01,D,1,100,1\n")


def _errors(text: str) -> str:
    with pytest.raises(DiagnosticError) as caught:
        parse_instance(text, "bad.txt")
    return render_all(caught.value.diagnostics)


def test_unknown_section_suggests_the_nearest():
    text = TINY.replace("SECTION_COVER", "SECTION_COVERS")
    assert _errors(text) == """\
bad.txt:24:1: error[E0480]: unknown section `SECTION_COVERS`
   |
24 | SECTION_COVERS
   | ^^^^^^^^^^^^^^
   = help: did you mean `SECTION_COVER`?
"""


def test_wrong_number_of_fields_names_the_columns():
    text = TINY.replace("0,D,1,100,1", "0,D,1,100")
    assert _errors(text) == """\
bad.txt:25:1: error[E0481]: a SECTION_COVER row needs 5 fields, found 4
   |
25 | 0,D,1,100
   | ^^^^^^^^^
   = help: the columns are: Day, ShiftID, Requirement, WeightUnder, WeightOver
"""


def test_bad_numbers_unknown_ids_and_days_outside_the_horizon_are_all_reported():
    text = (TINY.replace("A,D=7|N=1,2400", "A,D=7|X=1,24OO")
            .replace("A,0,D,2", "A,9,D,2").replace("B,1,N,3", "Bob,1,N,3"))
    assert _errors(text) == """\
bad.txt:11:7: error[E0483]: unknown shift `X`
   |
11 | A,D=7|X=1,24OO,960,3,2,2,1
   |       ^^^ not a shift of this instance
   = help: expected one of `D`, `N`, `E`

bad.txt:11:11: error[E0482]: expected a whole number for MaxTotalMinutes, found `24OO`
   |
11 | A,D=7|X=1,24OO,960,3,2,2,1
   |           ^^^^ not a whole number

bad.txt:19:3: error[E0485]: day 9 is outside the horizon (days 0 to 6)
   |
19 | A,9,D,2
   |   ^ no such day

bad.txt:22:1: error[E0483]: unknown staff member `Bob`
   |
22 | Bob,1,N,3
   | ^^^ not a staff member of this instance
   = help: expected one of `A`, `B`
"""


def test_duplicate_ids_point_at_both_declarations():
    text = TINY.replace("B,D=7|N=0,3360,0,5,1,1,1\n",
                        "B,D=7|N=0,3360,0,5,1,1,1\nA,D=1,480,0,1,1,1,1\n")
    assert _errors(text) == """\
bad.txt:13:1: error[E0484]: staff member `A` is declared twice
   |
11 | A,D=7|N=1,2400,960,3,2,2,1
   | - first declared here
...
13 | A,D=1,480,0,1,1,1,1
   | ^ declared again here
"""


def test_missing_sections_and_stray_data():
    assert _errors("14\nSECTION_HORIZON\n14\n") == """\
bad.txt:1:1: error[E0486]: the instance has no SECTION_SHIFTS
  |
1 | 14
  | ^
  = help: add `SECTION_SHIFTS` with rows of: ShiftID, length in minutes, shifts which cannot follow (`|`-separated)

bad.txt:1:1: error[E0486]: the instance has no SECTION_STAFF
  |
1 | 14
  | ^
  = help: add `SECTION_STAFF` with rows of: ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends

bad.txt:1:1: error[E0487]: data before the first section
  |
1 | 14
  | ^^
  = help: start the file with `SECTION_HORIZON`
"""


def test_a_start_that_is_not_a_monday_is_refused(tmp_path):
    source = tmp_path / "Tiny.txt"
    source.write_text(TINY)
    with pytest.raises(DiagnosticError) as caught:
        import_instance(source, tmp_path, start=datetime.date(2024, 1, 3))
    assert render_all(caught.value.diagnostics) == """\
error[E0488]: the benchmark's calendar starts on a Monday, and 2024-01-03 is a Wednesday
 = help: use a Monday, like 2024-01-01
"""


def test_a_missing_file_is_a_diagnostic(tmp_path):
    with pytest.raises(DiagnosticError) as caught:
        import_instance(tmp_path / "nope.txt", tmp_path)
    assert str(caught.value).startswith("error[E0001]: cannot read `")


def test_importing_over_an_earlier_import_keeps_its_files_unless_forced(tmp_path):
    # the author may have edited the program or its data since: never lost silently
    source = tmp_path / "Tiny.txt"
    source.write_text(TINY)
    program = import_instance(source, tmp_path / "out")
    program.write_text(program.read_text() + "# my edit\n")
    with pytest.raises(DiagnosticError) as err:
        import_instance(source, tmp_path / "out")
    [d] = err.value.diagnostics
    assert d.code == "E0020" and d.message.startswith(f"`{program}`")
    assert d.message.endswith(" already exist")
    assert d.help == "choose another --output folder, or use --force to overwrite them"
    assert program.read_text().endswith("# my edit\n")
    import_instance(source, tmp_path / "out", force=True)
    assert not program.read_text().endswith("# my edit\n")
