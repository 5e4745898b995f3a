"""Broken and hostile program files, through the API and the CLI: each gives a
located diagnostic (or a result), never a traceback."""

import pytest

from rotalang.syntax import source as source_module

from robust_helpers import (CANNOT_RUN, HEADER, OK, PROBLEMS, SMALL, api_outcome,
                            assert_no_traceback, codes, run_cli, run_main)

RULE = "rule 每天一人: each day d: count(人员 p where p works on d) >= 1\n"


# ------------------------------------------------------------------ encodings

def test_empty_file_is_a_program_with_nothing_to_do(tmp_path):
    path = tmp_path / "空.rota"
    path.write_bytes(b"")
    stage, report = api_outcome(path, solve=True)
    assert stage == "ok" and report.status == "optimal" and report.cost == 0
    code, out, err = run_main("check", path)
    assert (code, err) == (OK, f"ok: {path}\n")


def test_binary_file_is_reported_once_per_line_at_the_bad_byte(tmp_path):
    path = tmp_path / "图片.rota"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8")
    stage, diags = api_outcome(path)
    assert stage == "load"
    first = diags[0]
    assert (first.code, first.span.start_line, first.span.start_col) == ("E0002", 1, 1)
    assert first.label == "invalid byte 0x89"
    assert all(d.span is not None and d.span.file == str(path) for d in diags)
    r = run_cli("check", path)
    assert r.returncode == PROBLEMS
    assert_no_traceback(r.stderr)
    assert r.stderr.decode().startswith(f"{path}:1:1: error[E0002]: file is not valid UTF-8")


def test_invalid_utf8_in_the_middle_points_at_its_line_and_column(tmp_path):
    path = tmp_path / "坏.rota"
    path.write_bytes(SMALL.encode() + "rule 坏: each day d: 1 ".encode() + b"\xc3\x28" + b" >= 1\n")
    stage, diags = api_outcome(path)
    assert stage == "load"
    bad = [d for d in diags if d.code == "E0002"]
    assert len(bad) == 1
    assert (bad[0].span.start_line, bad[0].span.start_col) == (13, 23)
    assert bad[0].label == "invalid byte 0xc3"


def test_a_bom_and_crlf_line_ends_change_nothing(tmp_path):
    plain = tmp_path / "plain.rota"
    plain.write_text(SMALL, encoding="utf-8")
    windows = tmp_path / "windows.rota"
    windows.write_bytes(b"\xef\xbb\xbf" + SMALL.replace("\n", "\r\n").encode())
    a, b = run_main("ir", plain), run_main("ir", windows)
    assert a[0] == b[0] == OK
    assert a[1].replace(str(plain), "F") == b[1].replace(str(windows), "F")
    stage, result = api_outcome(windows, solve=True)
    assert (stage, result.status, result.cost) == ("ok", "optimal", 6)


def test_crlf_keeps_error_columns_exact(tmp_path):
    path = tmp_path / "crlf.rota"
    path.write_bytes((HEADER + "rule r: each day d: 未知 >= 1\n").replace("\n", "\r\n").encode())
    stage, diags = api_outcome(path)
    assert stage == "load" and codes(diags) == ["E0201"]
    assert (diags[0].span.start_line, diags[0].span.start_col, diags[0].span.end_col) == (5, 21, 23)


def test_nul_and_control_characters_are_unexpected_characters():
    stage, diags = api_outcome(HEADER + "rule r\x00: each day d: true\x07\n")
    assert stage == "load"
    assert codes(diags) == ["E0106", "E0106"]
    assert [d.message for d in diags] == ["unexpected character `U+0000`",
                                          "unexpected character `U+0007`"]
    assert [(d.span.start_line, d.span.start_col) for d in diags] == [(5, 7), (5, 26)]


# --------------------------------------------------------------- size and depth

def test_a_one_megabyte_line_loads(tmp_path):
    names = ", ".join(f"人{i}" for i in range(150_000))  # ~1.1 MB on one line
    assert len(names.encode()) > 1_000_000
    path = tmp_path / "长.rota"
    path.write_text("staff 人员 { 本地: bool = true }\n人员 " + names + "\n", encoding="utf-8")
    stage, report = api_outcome(path)
    assert stage == "ok" and report.ok


def test_a_one_megabyte_comment_and_string_load():
    text = HEADER + "# " + "注" * 400_000 + "\nlet 说明 = \"" + "x" * 1_000_000 + "\"\n"
    stage, report = api_outcome(text)
    assert stage == "ok" and report.ok


def test_an_error_at_the_end_of_a_long_line_is_located_and_rendered():
    text = HEADER + "let x = \"" + "y" * 200_000 + "\" + 未知\n"
    stage, diags = api_outcome(text)
    assert stage == "load"
    assert [(d.code, d.span.start_line, d.span.start_col) for d in diags] == [
        ("E0201", 5, 200_014)]


def test_ten_thousand_parentheses():
    text = HEADER + "let x = " + "(" * 10_000 + "1" + ")" * 10_000 + "\n" + RULE
    stage, report = api_outcome(text)
    # Either the value is computed or the nesting is refused with E0107: both fine.
    if stage == "load":
        assert codes(report) == ["E0107"]
        assert report[0].span.start_line == 5
    else:
        assert stage == "ok" and report.ok


def test_ten_thousand_nots_is_nested_too_deeply():
    stage, diags = api_outcome(HEADER + "rule r: each day d: " + "not " * 10_000 + "true\n")
    assert stage == "load" and codes(diags) == ["E0107"]
    d = diags[0]
    assert (d.span.start_line, d.message, d.label, d.help) == (
        5, "this item nests more than 100 levels deep", "level 101 starts here",
        "move part of it into a `let` constant or a rule of its own")


def test_deep_nesting_through_the_cli(tmp_path):
    path = tmp_path / "深.rota"
    path.write_text(HEADER + "rule r: each day d: " + "(" * 10_000 + "true" + ")" * 10_000
                    + "\n", encoding="utf-8")
    r = run_cli("check", path)
    assert_no_traceback(r.stderr)
    assert r.returncode in (OK, PROBLEMS)
    if r.returncode == PROBLEMS:
        assert f"{path}:5:1: error[E0107]" in r.stderr.decode()


# ---------------------------------------------------------- numbers and dates

def test_a_huge_integer_bound_is_exact_and_infeasible():
    stage, diags = api_outcome(HEADER + f"rule 很多: each day d: count(人员 p where p works on d) >= {10**400}\n")
    assert stage == "ok"
    errors = [d for d in diags.diagnostics if d.is_error]
    assert [(d.code, d.span.start_line) for d in errors] == [("E0601", 5)]


def test_a_huge_integer_limit_holds_trivially():
    stage, result = api_outcome(HEADER + f"rule 不限: each 人员 p: works at most {10**400} shifts\n"
                                + RULE, solve=True)
    assert stage == "ok" and result.status == "optimal"


def test_huge_durations_and_percentages_are_exact():
    text = (HEADER + f"let 长 = {10**400}h\nlet 比 = {10**400}%\n"
            "rule 工时: each 人员 p: hours(p) <= 长\n" + RULE)
    stage, result = api_outcome(text, solve=True)
    assert stage == "ok" and result.status == "optimal"


def test_a_rest_of_a_trillion_hours_grounds_quickly():
    # The rest rule once looped over every possible gap in days (4e10 of them).
    stage, result = api_outcome(HEADER + f"rule 休息: rest at least {10**12}h between shifts\n"
                                + RULE, solve=True)
    assert stage == "ok" and result.status == "infeasible"


def test_a_window_of_zero_days_is_a_located_error():
    stage, diags = api_outcome(HEADER + "rule 窗口: each 人员 p: works at most 5 shifts in any 0 days\n")
    assert stage == "check"
    assert [(d.code, d.span.start_line, d.message) for d in diags] == [
        ("E0504", 5, "a window of 0 days has no days in it")]


@pytest.mark.parametrize("date", ["0000-01-01", "2025-02-30", "2025-13-01", "2025-00-10"])
def test_dates_that_do_not_exist_are_invalid_dates(date):
    stage, diags = api_outcome(HEADER + f"let x = {date}\n")
    assert stage == "load" and codes(diags) in (["E0110"], ["E0101"])
    assert diags[0].span.start_line == 5


@pytest.mark.parametrize("expr", ["9999-12-31 + 1d", "0001-01-01 - 1d", "2025-01-01 + 9999999d"])
def test_date_arithmetic_out_of_range_is_a_diagnostic(expr):
    stage, diags = api_outcome(HEADER + f"let x = {expr}\n")
    assert stage == "load"
    assert [(d.code, d.span.start_line, d.span.start_col, d.message, d.help) for d in diags] == [
        ("E0504", 5, 9, f"{expr} is not a date", "dates run from 0001-01-01 to 9999-12-31")]


def test_a_default_date_out_of_range_is_a_diagnostic_at_the_default():
    stage, diags = api_outcome(HEADER.replace("本地: bool = true", "起: date = 0001-01-01 - 1d"))
    assert stage == "load"
    assert (diags[0].code, diags[0].span.start_line, diags[0].message) == (
        "E0504", 2, "0001-01-01 - 1d is not a date")


@pytest.mark.parametrize("literal", ["0." + "1" * 5000, "1" * 5000, "1" * 4400 + "%",
                                     "1" * 4400 + "h"])
def test_a_number_with_thousands_of_digits_is_a_diagnostic(literal):
    stage, diags = api_outcome(HEADER + f"let x = {literal}\n")
    assert stage == "load"
    digits = sum(c.isdigit() for c in literal)
    assert [(d.code, d.span.start_line, d.span.start_col, d.message) for d in diags] == [
        ("E0113", 5, 9, f"number `{literal[:12]}…` is too long: {digits:,} digits, "
                        "the limit is 4,300")]


def test_a_number_just_under_the_limit_is_a_value():
    stage, report = api_outcome(HEADER + "let x = 0." + "1" * 4299 + "\n")
    assert stage == "ok"


def test_times_of_day_out_of_range_are_errors():
    stage, diags = api_outcome(HEADER + "shift 怪 25:00-26:00\n")
    assert stage == "load" and codes(diags)[0] in ("E0111", "E0101")
    assert diags[0].span.start_line == 5


def test_division_by_zero_in_a_constant_is_located():
    stage, diags = api_outcome(HEADER + "let x = 1 / (1 - 1)\n"
                               "rule r: each day d: count(人员 p where p works on d) >= x\n")
    assert stage == "check"
    assert [(d.code, d.span.start_line, d.message) for d in diags] == [
        ("E0504", 5, "division by zero")]


# --------------------------------------------------------------- names

def test_duplicate_names_are_each_reported():
    stage, diags = api_outcome(HEADER + "staff 人员 { a: int }\n人员 张丽\nshift 早班 07:00-15:00\n")
    assert stage == "load"
    assert sorted((d.code, d.span.start_line) for d in diags) == [
        ("E0202", 5), ("E0202", 7), ("E0404", 6)]


@pytest.mark.parametrize("names, help", [
    ("A班, Ａ班", "full-width `Ａ` — did you mean `A`?"),
    ("Ａ班, A班", "`Ａ班` has full-width `Ａ`: rename one of them"),
])
def test_names_that_differ_only_in_width_are_warned_about(names, help):
    text = HEADER.replace("人员 张丽, 王伟", f"人员 {names}")
    import rotalang

    first, second = names.split(", ")
    program = rotalang.load(text)
    assert [(d.code, d.span.start_line, d.span.start_col, d.message, d.help)
            for d in program.warnings] == [
        ("W0201", 3, 8, f"`{second}` and `{first}` look alike but are different names", help)]
    assert [(lab.span.start_col, lab.text) for lab in program.warnings[0].labels] == [
        (4, f"`{first}` is here")]


def test_a_shift_and_a_rule_that_look_alike_are_warned_about_too():
    import rotalang

    program = rotalang.load(HEADER + "shift ｎight 22:00-06:00\nrule night: each day d: true\n")
    assert [(d.code, d.span.start_line, d.help) for d in program.warnings] == [
        ("W0201", 6, "`ｎight` has full-width `ｎ`: rename one of them")]


def test_full_width_punctuation_gets_did_you_mean():
    stage, diags = api_outcome(HEADER + "rule 每天一人： each day d： count（人员 p where p works on d） >= 1\n")
    assert stage == "load"
    assert codes(diags) == ["E0103"] * 4
    assert [d.help for d in diags] == ["did you mean `:`?", "did you mean `:`?",
                                       "did you mean `(`?", "did you mean `)`?"]


# --------------------------------------------------------------- the CLI side

def test_the_cli_reports_every_hostile_file_in_one_check_run(tmp_path):
    files = {
        "binary.rota": b"\x00\x01\x02\xff\xfe" * 20,
        "latin1.rota": HEADER.encode() + "# café\n".encode("latin-1"),
        "truncated.rota": SMALL[:SMALL.index("count(") + 8].encode(),
        "fullwidth.rota": (HEADER + "rule r： each day d: true\n").encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    r = run_cli("check", "--format", "json", *sorted(files), cwd=tmp_path)
    assert_no_traceback(r.stderr)
    assert r.returncode == PROBLEMS
    import json

    found = json.loads(r.stdout)["diagnostics"]
    by_file = {}
    for d in found:
        assert d["file"] in files and d["line"] >= 1 and d["column"] >= 1, d
        by_file.setdefault(d["file"], []).append(d["code"])
    assert "E0002" in by_file["binary.rota"]
    assert by_file["latin1.rota"] == ["E0002"]
    assert by_file["truncated.rota"][0] in ("E0102", "E0105")
    assert by_file["fullwidth.rota"] == ["E0103"]


def test_a_missing_program_exits_2(tmp_path):
    code, out, err = run_main("check", tmp_path / "无.rota")
    assert code == CANNOT_RUN and "error[E0001]: cannot read" in err


@pytest.mark.parametrize("name", ["a-folder", "missing.txt"])
def test_a_folder_or_a_missing_file_without_rota_extension_is_cannot_read(tmp_path, name):
    (tmp_path / "a-folder").mkdir()
    code, out, err = run_main("solve", tmp_path / name)
    assert code == CANNOT_RUN and "error[E0001]" in err


def test_a_file_in_another_encoding_gets_a_few_e0002_and_the_fix_not_pages(tmp_path):
    # A GBK file: nearly every line holds bytes that are not UTF-8. The user needs the
    # one fix (save as UTF-8), not an error per line and parse errors about U+FFFD.
    path = tmp_path / "值班.rota"
    text = SMALL + "".join(f"rule 规则{i}: each day d: count(人员 p where p works on d) >= 0\n"
                           for i in range(40))
    path.write_bytes(text.encode("gbk"))
    r = run_cli("check", "--format", "json", path)
    assert r.returncode == PROBLEMS
    import json

    found = json.loads(r.stdout)["diagnostics"]
    assert {d["code"] for d in found} == {"E0002"}
    assert len(found) == source_module.MAX_BAD_LINES
    assert found[-1]["notes"][0].startswith("... and ")
    assert "GBK" in found[0]["help"]


def test_a_megabyte_of_random_bytes_is_reported_briefly(tmp_path):
    import random

    path = tmp_path / "random.rota"
    path.write_bytes(random.Random(7).randbytes(1 << 20))
    r = run_cli("check", path)
    assert r.returncode == PROBLEMS
    assert_no_traceback(r.stderr)
    err = r.stderr.decode()
    assert err.count("error[E0002]") == source_module.MAX_BAD_LINES
    assert "\x00" not in err
