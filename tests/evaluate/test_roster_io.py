"""Reading rosters: what a rule author sees for every kind of bad file (exact text)."""

import datetime

import pytest

from rotalang.verify import read_roster
from rotalang.verify.roster_io import unknown_name_help
from rotalang.diagnostics import DiagnosticError, render_all
from rotalang.results import Assignment, Roster

from tests.evaluate.handmade import Builder


@pytest.fixture
def model():
    return Builder(["张丽", "李强", "王芳"], 3, ["早班", "夜班"]).model()


@pytest.fixture
def post_model():
    return Builder(["张丽", "李强"], 2, ["夜班"], posts=["东关", "西关"]).model()


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def errors(path, model, shown="roster.csv"):
    with pytest.raises(DiagnosticError) as info:
        read_roster(path, model, shown_as=shown)
    return render_all(info.value.diagnostics)


def test_csv_with_bom_crlf_and_any_column_order(tmp_path, model):
    path = write(tmp_path, "r.csv", b"\xef\xbb\xbfshift,staff,date\r\n"
                 + "夜班,张丽,2025-02-11\r\n早班,李强,2025-02-10\r\n".encode())
    assert read_roster(path, model) == Roster((
        Assignment("李强", datetime.date(2025, 2, 10), "早班"),
        Assignment("张丽", datetime.date(2025, 2, 11), "夜班")))


def test_every_bad_row_is_reported_with_its_cell(tmp_path, model):
    path = write(tmp_path, "r.csv", "staff,date,shift\n"
                 "张丽,2025-02-10,早班\n"
                 "张莉,2025-02-11,夜班\n"
                 "李强,2025-2-30,早班\n"
                 "李强,2025-03-01,早班\n"
                 "张丽,2025-02-10,早班\n"
                 "张丽,2025-02-10,夜班\n"
                 "王芳,2025-02-11,晚班\n"
                 "王芳,,早班\n")
    assert errors(path, model) == """\
roster.csv:3:1: error[E0706]: unknown person `张莉`
  |
3 | 张莉,2025-02-11,夜班
  | ^^^^ not a member of the staff
  = help: did you mean `张丽`? (the people are 张丽, 李强, 王芳)

roster.csv:4:4: error[E0709]: invalid date `2025-2-30`
  |
4 | 李强,2025-2-30,早班
  |      ^^^^^^^^^ not a date
  = help: write dates as 2025-02-10 (year-month-day)

roster.csv:5:4: error[E0710]: 2025-03-01 is outside the calendar
  |
5 | 李强,2025-03-01,早班
  |      ^^^^^^^^^^ outside the calendar
  = note: the calendar runs from 2025-02-10 to 2025-02-12

roster.csv:6:1: error[E0711]: duplicate row: 张丽 works 早班 on 2025-02-10
  |
2 | 张丽,2025-02-10,早班
  | -------------------- first listed here
...
6 | 张丽,2025-02-10,早班
  | ^^^^^^^^^^^^^^^^^^^^ listed again
  = help: delete one of the two rows

roster.csv:8:15: error[E0707]: unknown shift `晚班`
  |
8 | 王芳,2025-02-11,晚班
  |                 ^^^^ not a shift of the program
  = help: the shifts are 早班, 夜班

roster.csv:9:4: error[E0714]: empty date cell
  |
9 | 王芳,,早班
  |      ^ a date is needed here
"""


def test_unknown_shift_far_from_any_lists_the_shifts(tmp_path, model):
    path = write(tmp_path, "r.csv", "staff,date,shift\n张丽,2025-02-10,D\n")
    assert errors(path, model).splitlines()[-1] == "  = help: the shifts are 早班, 夜班"


def test_an_unknown_post_as_close_to_two_posts_suggests_neither(tmp_path, post_model):
    path = write(tmp_path, "r.csv", "staff,date,shift,post\n张丽,2025-02-10,夜班,北关\n")
    assert errors(path, post_model).splitlines()[-1] == "  = help: the posts are 东关, 西关"


MANY = ["东关", "西关", "南关", "高速出口", "火车站", "汽车站", "码头"]


@pytest.mark.parametrize("value, help_", [
    ("高速出入", "did you mean `高速出口`?"),  # one clearly closest: named alone
    ("北关", "did you mean one of `东关`, `西关`, `南关`?"),  # a tie: every tied name
    ("机场", None),  # nothing close among many
])
def test_unknown_name_help_among_many_names(value, help_):
    assert unknown_name_help(value, MANY, "posts") == help_


def test_unknown_name_help_lists_a_few_names_even_with_a_clear_match():
    assert unknown_name_help("东官", MANY[:3], "posts") == \
        "did you mean `东关`? (the posts are 东关, 西关, 南关)"
    assert unknown_name_help("机场", MANY[:3], "posts") == "the posts are 东关, 西关, 南关"


def test_missing_and_unknown_columns(tmp_path, post_model):
    path = write(tmp_path, "r.csv", "staff,date,shfit\n张丽,2025-02-10,夜班\n")
    assert errors(path, post_model) == """\
roster.csv:1:1: error[E0703]: the roster has no `shift`, `post` columns
  |
1 | staff,date,shfit
  | ^^^^^^^^^^^^^^^^ header
  = help: the header of a roster of this program is `staff,date,shift,post`

roster.csv:1:12: error[E0704]: unknown column `shfit` in the roster
  |
1 | staff,date,shfit
  |            ^^^^^ not a roster column
  = help: did you mean `shift`?
"""


def test_no_header_row(tmp_path, model):
    path = write(tmp_path, "r.csv", "张丽,2025-02-10,早班\n")
    assert errors(path, model) == """\
roster.csv:1:1: error[E0703]: the roster has no header row
  |
1 | 张丽,2025-02-10,早班
  | ^^^^^^^^^^^^^^^^^^^^ this is read as the header
  = help: add a first line: the header of a roster of this program is `staff,date,shift`
"""


def test_row_with_too_few_cells(tmp_path, model):
    path = write(tmp_path, "r.csv", "staff,date,shift\n张丽,2025-02-10\n")
    assert errors(path, model) == """\
roster.csv:2:1: error[E0705]: this row has 2 cells, the header has 3
  |
1 | staff,date,shift
  | ---------------- 3 columns
2 | 张丽,2025-02-10
  | ^^^^^^^^^^^^^^^ 2 cells
  = help: every row needs one cell per column
"""


def test_two_posts_at_once_are_read_for_verify_to_judge(tmp_path, post_model):
    # breaking the built-in one-post rule is verify's to report, rule by rule
    # (tests/evaluate/test_verify_programs.py), not a reason to refuse the file
    path = write(tmp_path, "r.csv", "staff,date,shift,post\n"
                 "李强,2025-02-10,夜班,东关\n李强,2025-02-10,夜班,西关\n")
    day = datetime.date(2025, 2, 10)
    assert read_roster(path, post_model) == Roster((
        Assignment("李强", day, "夜班", "东关"), Assignment("李强", day, "夜班", "西关")))


def test_a_static_plan(tmp_path):
    static = Builder(["张丽", "李强"], 0, [], posts=["东关", "西关"])
    static.slots, static.slot_index = [], {}
    from rotalang.ground.model import Slot
    for p in range(2):
        for k in range(2):
            static.slot_index[(p, None, None, k)] = len(static.slots)
            static.slots.append(Slot(p, None, None, k))
    plan = static.model()
    ok = write(tmp_path, "plan.csv", "post,staff\n东关,张丽\n西关,李强\n")
    assert read_roster(ok, plan) == Roster((Assignment("张丽", post="东关"),
                                            Assignment("李强", post="西关")))
    bad = write(tmp_path, "bad.csv", "staff,post,date\n张丽,东关,2025-02-10\n张丽,西关,\n")
    assert errors(bad, plan) == """\
roster.csv:1:12: error[E0704]: unknown column `date` in the roster; this program has no calendar, so a roster names no dates or shifts
  |
1 | staff,post,date
  |            ^^^^ not a roster column
  = help: the header of a roster of this program is `staff,post`
"""


def test_empty_binary_and_non_utf8_files(tmp_path, model):
    assert errors(write(tmp_path, "e.csv", "\n  \n"), model) == """\
roster.csv:1:1: error[E0701]: `roster.csv` is empty
  |
1 |
  | ^
  = help: a roster starts with the header `staff,date,shift`
"""
    assert errors(write(tmp_path, "b.xlsx", b"PK\x03\x04\x00\x00"), model) == """\
error[E0702]: `roster.csv` is not a text file (it holds NUL bytes)
 = help: save the roster as CSV (in Excel: “CSV UTF-8”), not as a workbook
"""
    gbk = "staff,date,shift\n张丽,2025-02-10,早班\n".encode("gbk")
    assert errors(write(tmp_path, "g.csv", gbk), model) == """\
roster.csv:2:1: error[E0002]: `roster.csv` is not valid UTF-8 (byte 0xd5)
  |
2 | \ufffd\ufffd\ufffd\ufffd,2025-02-10,\ufffd\ufffd\ufffd
  | ^ not UTF-8
  = help: save the file as UTF-8 (in Excel: “CSV UTF-8”)
"""


def test_missing_file(tmp_path, model):
    assert errors(tmp_path / "nope.csv", model) == (
        "error[E0001]: cannot read `roster.csv`: No such file or directory\n")


# ----------------------------------------------------------------------------- JSON


def test_json_written_by_solve(tmp_path, model):
    path = write(tmp_path, "r.json", """{"status": "optimal", "cost": 0, "lower_bound": 0,
 "assignments": [
  {"staff": "张丽", "date": "2025-02-10", "shift": "早班", "post": null},
  {"staff": "王芳", "date": "2025-02-12", "shift": "夜班", "post": null}
 ],
 "breakdown": []}
""")
    assert read_roster(path, model) == Roster((
        Assignment("张丽", datetime.date(2025, 2, 10), "早班"),
        Assignment("王芳", datetime.date(2025, 2, 12), "夜班")))


def test_json_problems_point_into_the_file(tmp_path, model):
    path = write(tmp_path, "r.json", """{"assignments": [
  {"staff": "张莉", "date": "2025-02-10", "shift": "早班"},
  {"staff": "李强", "date": "2025-02-10"},
  {"staff": "李强", "date": 20250210, "shift": "早班", "where": "x"}
]}
""")
    assert errors(path, model, "roster.json") == """\
roster.json:2:14: error[E0706]: unknown person `张莉`
  |
2 |   {"staff": "张莉", "date": "2025-02-10", "shift": "早班"},
  |              ^^^^ not a member of the staff
  = help: did you mean `张丽`? (the people are 张丽, 李强, 王芳)

roster.json:3:3: error[E0703]: this assignment has no `shift`
  |
3 |   {"staff": "李强", "date": "2025-02-10"},
  |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: an assignment of this program has staff, date, shift

roster.json:4:27: error[E0713]: `date` must be a string
  |
4 |   {"staff": "李强", "date": 20250210, "shift": "早班", "where": "x"}
  |                             ^^^^^^^^ not a string

roster.json:4:52: error[E0704]: unknown key `where` in an assignment
  |
4 |   {"staff": "李强", "date": 20250210, "shift": "早班", "where": "x"}
  |                                                        ^^^^^^^
  = help: write the JSON that `rotalang solve --format json` writes: {"assignments": [{"staff": …, "date": …, "shift": …, "post": …}]}
"""


def test_json_of_an_infeasible_solve_and_malformed_json(tmp_path, model):
    path = write(tmp_path, "r.json", '{"status": "infeasible", "assignments": null}\n')
    assert errors(path, model, "roster.json").splitlines()[0] == (
        "roster.json:1:41: error[E0713]: the JSON holds no roster (status `infeasible`)")
    path = write(tmp_path, "m.json", '{"assignments": [}\n')
    assert errors(path, model, "roster.json") == """\
roster.json:1:18: error[E0713]: malformed JSON: `}` where the open `[` needs its `]`
  |
1 | {"assignments": [}
  |                 -^ expected `]` or another item
  |                 |
  |                 `[` opened here
  = help: close the `[` with `]` before this `}`
"""


def test_json_cut_off_says_which_brackets_are_open_and_where(tmp_path, model):
    path = write(tmp_path, "r.json", '{"assignments": [\n'
                 '  {"staff": "张丽", "date": "2025-02-10", "shift": "早班"},\n\n')
    assert errors(path, model, "roster.json") == """\
roster.json:2:56: error[E0713]: malformed JSON: the file ends before its `]` and `}` are closed
  |
1 | {"assignments": [
  | -               - `[` opened here
  | |
  | `{` opened here
2 |   {"staff": "张丽", "date": "2025-02-10", "shift": "早班"},
  |                                                            ^ the file ends here
  = help: the file looks cut off: save it again in full, or remove the last `,` and end the file with `]}`
"""


@pytest.mark.parametrize("text, first_line, help_", [
    ('[{"staff": "张丽", "shift": "早', "1:29: error[E0713]: malformed JSON: the file ends "
     "inside a string, before its `}` and `]` are closed",
     "the file looks cut off: save it again in full, or end the file with `\"}]`"),
    ('[{"staff": "张丽"},]', "1:17: error[E0713]: malformed JSON: a `,` before the closing `]`",
     "remove this `,`"),
    ("[{'staff': '张丽'}]", "1:3: error[E0713]: malformed JSON: a string in single quotes",
     'write strings in double quotes: "张丽"'),
    ('[{"staff": "张丽" "date": "2025-02-10"}]',
     "1:17: error[E0713]: malformed JSON: expected `,` or `}`",
     "separate the items of a list or an object with `,`"),
    ('[] []', "1:4: error[E0713]: malformed JSON: text after the end of the data",
     "a roster file holds one JSON value: remove what follows it"),
    ('[{"staff": "张\n丽"}]', "1:14: error[E0713]: malformed JSON: a string runs past the "
     "end of its line", 'close the string with `"` before the line ends (write a line '
     'break inside a string as `\\n`)'),
    ('[{"staff": "张丽", "shift": "早班", "staff": "李明"}]',
     "1:33: error[E0713]: malformed JSON: the key `staff` appears twice in one object",
     "keep one of the two: an object names each key once"),
])
def test_malformed_json_says_what_is_wrong_in_words(tmp_path, model, text, first_line, help_):
    path = write(tmp_path, "r.json", text + "\n")
    out = errors(path, model, "roster.json").splitlines()
    assert (out[0], out[-1]) == ("roster.json:" + first_line, "  = help: " + help_)


def test_a_repeated_key_points_at_both(tmp_path, model):
    path = write(tmp_path, "r.json", '[{"staff": "张丽", "staff": "李明"}]\n')
    assert errors(path, model, "roster.json") == """\
roster.json:1:18: error[E0713]: malformed JSON: the key `staff` appears twice in one object
  |
1 | [{"staff": "张丽", "staff": "李明"}]
  |   -------          ^^^^^^^ given again here
  |   |
  |   first given here
  = help: keep one of the two: an object names each key once
"""
