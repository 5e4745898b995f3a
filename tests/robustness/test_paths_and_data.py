"""`use` and data paths (cycles, missing, outside the program's folder), CSV data files
and roster files with each kind of problem: a located diagnostic every time."""

import pytest

from robust_helpers import (CANNOT_RUN, HEADER, OK, PROBLEMS, SMALL, api_outcome,
                            assert_no_traceback, codes, run_cli, run_main)

CSV_PROGRAM = """\
calendar from 2025-02-10 to 2025-02-12
staff 人员 { 年龄: int, 本地: bool }
shift 早班 06:00-14:00
人员 from "人员.csv"
"""


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------------- use

def test_a_use_cycle_is_reported_with_its_chain(tmp_path):
    a = write(tmp_path, "a.rota", 'use "b.rota"\n' + HEADER)
    write(tmp_path, "b.rota", 'use "a.rota"\n')
    stage, diags = api_outcome(a)
    assert stage == "load" and codes(diags) == ["E0003"]
    d = diags[0]
    assert (d.span.file, d.span.start_line) == (str(tmp_path / "b.rota"), 1)
    assert d.notes == (f"the chain is `{a}` → `{tmp_path / 'b.rota'}` → `{a}`",)


def test_a_file_that_uses_itself_is_a_cycle(tmp_path):
    a = write(tmp_path, "self.rota", 'use "self.rota"\n' + HEADER)
    stage, diags = api_outcome(a)
    assert stage == "load" and codes(diags) == ["E0003"]


def test_a_missing_use_and_data_file_are_both_reported_and_exit_2(tmp_path):
    main = write(tmp_path, "main.rota", 'use "无.rota"\n' + CSV_PROGRAM.replace("人员.csv", "无.csv"))
    stage, diags = api_outcome(main)
    assert stage == "load"
    assert [(d.code, d.span.start_line) for d in diags] == [("E0001", 1), ("E0001", 5)]
    code, _, err = run_main("check", main)
    assert code == CANNOT_RUN and err.endswith("error: 2 errors\n")


def test_a_use_outside_the_folder_is_refused_unless_allowed(tmp_path):
    write(tmp_path, "shared/common.rota", "enum 身份 { 党员干部, 医务人员 }\n")
    main = write(tmp_path, "prog/main.rota", 'use "../shared/common.rota"\n' + SMALL)
    stage, diags = api_outcome(main)
    assert stage == "load" and codes(diags) == ["E0004"]
    assert diags[0].span.start_line == 1
    assert "--allow-outside" in diags[0].help
    stage, _ = api_outcome(main, allow_outside=True)
    assert stage == "ok"
    assert run_main("check", main)[0] == PROBLEMS
    assert run_main("check", "--allow-outside", main)[0] == OK
    assert run_main("--allow-outside", "check", main)[0] == OK


def test_a_use_through_a_symlink_out_of_the_folder_is_refused(tmp_path):
    write(tmp_path, "elsewhere/x.rota", "enum 身份 { 党员干部 }\n")
    (tmp_path / "prog").mkdir()
    (tmp_path / "prog" / "link.rota").symlink_to(tmp_path / "elsewhere" / "x.rota")
    main = write(tmp_path, "prog/main.rota", 'use "link.rota"\n' + SMALL)
    stage, diags = api_outcome(main)
    assert stage == "load" and codes(diags) == ["E0004"]


@pytest.mark.parametrize("where", ["relative", "absolute"])
def test_a_data_file_outside_the_folder_is_refused_unless_allowed(tmp_path, where):
    data = write(tmp_path, "secret/人员.csv", "姓名,年龄,本地\n张丽,30,true\n")
    shown = "../secret/人员.csv" if where == "relative" else str(data)
    main = write(tmp_path, "prog/main.rota", CSV_PROGRAM.replace("人员.csv", shown))
    stage, diags = api_outcome(main)
    assert [(d.code, d.span.file, d.span.start_line, d.message) for d in diags] == [
        ("E0004", str(main), 4, f"`{shown}` is outside the program's folder")]
    assert "--allow-outside" in diags[0].help
    assert api_outcome(main, allow_outside=True)[0] == "ok"
    assert run_main("check", main)[0] == PROBLEMS
    assert run_main("check", "--allow-outside", main)[0] == OK


# ------------------------------------------------------------------ CSV data

CSV_CASES = {
    # name: (file bytes, [(code, line, column)])
    "missing column": ("姓名,年龄\n张丽,30\n", [("E0402", 1, 1)]),
    "extra column": ("姓名,年龄,本地,住址\n张丽,30,true,东关\n", [("E0403", 1, 10)]),
    "short row": ("姓名,年龄,本地\n张丽,30\n", [("E0406", 2, 1)]),
    "long row": ("姓名,年龄,本地\n张丽,30,true,9\n", [("E0406", 2, 1)]),
    "duplicate record": ("姓名,年龄,本地\n张丽,30,true\n张丽,31,false\n", [("E0404", 3, 1)]),
    "empty file": ("", [("E0405", 1, 1)]),
    "bad int": ("姓名,年龄,本地\n张丽,三十,true\n", [("E0401", 2, 4)]),
    "bad bool": ("姓名,年龄,本地\n张丽,30,也许\n", [("E0401", 2, 7)]),
    "nameless record": ("姓名,年龄,本地\n,30,true\n", [("E0401", 2, 1)]),
    "unterminated quote": ('姓名,年龄,本地\n"张丽,30,true\n', [("E0406", 2, 1)]),
    "invalid utf-8": (b"\xd0\xd5\xc3\xfb,\xc4\xea\xc1\xe4\n", [("E0002", 1, 1)]),
}


@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_each_kind_of_csv_problem_is_located_in_the_csv(tmp_path, case):
    data, expected = CSV_CASES[case]
    csv = write(tmp_path, "人员.csv", data.encode("utf-8") if isinstance(data, str) else data)
    main = write(tmp_path, "main.rota", CSV_PROGRAM)
    stage, diags = api_outcome(main)
    assert stage == "load"
    assert [(d.code, d.span.start_line, d.span.start_col) for d in diags] == expected
    assert all(d.span.file == str(csv) for d in diags)


def test_a_csv_with_bom_crlf_and_huge_numbers_loads(tmp_path):
    write(tmp_path, "人员.csv", b"\xef\xbb\xbf\xe5\xa7\x93\xe5\x90\x8d,\xe5\xb9\xb4\xe9\xbe\x84,\xe6\x9c\xac\xe5\x9c\xb0\r\n"
          + f"张丽,{10**60},true\r\n".encode())
    main = write(tmp_path, "main.rota", CSV_PROGRAM)
    stage, report = api_outcome(main)
    assert stage == "ok" and report.ok


def test_a_csv_with_a_header_only_loads_no_records(tmp_path):
    write(tmp_path, "人员.csv", "姓名,年龄,本地\n")
    main = write(tmp_path, "main.rota", CSV_PROGRAM)
    import rotalang

    assert [r for r in rotalang.load(main).ir.records if r.kind == "人员"] == []


def test_a_duplicate_csv_column_is_reported(tmp_path):
    csv = write(tmp_path, "人员.csv", "姓名,年龄,本地,年龄\n张丽,30,true,31\n")
    main = write(tmp_path, "main.rota", CSV_PROGRAM)
    stage, diags = api_outcome(main)
    assert stage == "load"
    assert [(d.code, d.span.file, d.span.start_line, d.span.start_col, d.message)
            for d in diags] == [
        ("E0406", str(csv), 1, 10, "the header names the column `年龄` twice")]
    assert [(lab.span.start_col, lab.text) for lab in diags[0].labels] == [
        (4, "first named here")]


def test_records_that_differ_only_in_width_are_warned_about(tmp_path):
    csv = write(tmp_path, "人员.csv", "姓名,年龄,本地\nＡ班,30,true\nA班,31,true\n")
    main = write(tmp_path, "main.rota", CSV_PROGRAM)
    import rotalang

    warnings = rotalang.load(main).warnings
    assert [(d.code, d.span.file, d.span.start_line, d.message) for d in warnings] == [
        ("W0201", str(csv), 3, "`A班` and `Ａ班` look alike but are different names")]
    assert [(lab.span.file, lab.span.start_line) for lab in warnings[0].labels] == [
        (str(csv), 2)]


def test_a_json_data_file_with_problems_is_located(tmp_path):
    write(tmp_path, "人员.json", '[{"name": "张丽", "年龄": "三十", "本地": true},\n {"name": "王伟"')
    main = write(tmp_path, "main.rota", CSV_PROGRAM.replace("人员.csv", "人员.json"))
    stage, diags = api_outcome(main)
    assert stage == "load" and codes(diags) == ["E0406"]
    assert diags[0].span.file == str(tmp_path / "人员.json")


# ------------------------------------------------------------------- rosters

ROSTER_CASES = {
    # name: (file bytes, code, line)
    "empty": (b"", "E0701", 1),
    "nul bytes": (b"staff,date,shift\n\xe5\xbc\xa0\x00\x00", "E0702", None),
    "missing column": ("staff,date\n张丽,2025-02-10\n", "E0703", 1),
    "unknown column": ("staff,date,shift,x\n张丽,2025-02-10,早班,1\n", "E0704", 1),
    "short row": ("staff,date,shift\n张丽,2025-02-10\n", "E0705", 2),
    "unknown person": ("staff,date,shift\n赵六,2025-02-10,早班\n", "E0706", 2),
    "full-width name": ("staff,date,shift\n张丽,2025-02-10,早班\nＡ,2025-02-11,早班\n", "E0706", 3),
    "unknown shift": ("staff,date,shift\n张丽,2025-02-10,夜班\n", "E0707", 2),
    "invalid date": ("staff,date,shift\n张丽,2025-13-10,早班\n", "E0709", 2),
    "slashed date": ("staff,date,shift\n张丽,2025/02/10,早班\n", "E0709", 2),
    "date outside": ("staff,date,shift\n张丽,9999-12-31,早班\n", "E0710", 2),
    "duplicate row": ("staff,date,shift\n张丽,2025-02-10,早班\n张丽,2025-02-10,早班\n", "E0711", 3),
    "empty cell": ("staff,date,shift\n张丽,,早班\n", "E0714", 2),
    "bad utf-8": (b"staff,date,shift\n\xff\xfe,2025-02-10,\n", "E0002", 2),
}


@pytest.mark.parametrize("case", sorted(ROSTER_CASES))
def test_each_kind_of_roster_problem_is_located_and_exits_2(tmp_path, case):
    data, code, line = ROSTER_CASES[case]
    program = write(tmp_path, "small.rota", SMALL)
    roster = write(tmp_path, "roster.csv", data.encode() if isinstance(data, str) else data)
    import rotalang
    from rotalang.diagnostics import DiagnosticError

    with pytest.raises(DiagnosticError) as err:
        rotalang.load(program).verify(roster)
    first = err.value.diagnostics[0]
    assert first.code == code
    if line is not None:
        assert (first.span.file, first.span.start_line) == (str(roster), line)
    exit_code, out, text = run_main("verify", program, "--roster", roster)
    assert exit_code == CANNOT_RUN and out == ""
    assert f"error[{code}]" in text


def test_a_json_data_file_nested_a_thousand_deep_is_a_located_error(tmp_path):
    write(tmp_path, "人员.json", "[" * 1000 + "]" * 1000)
    main = write(tmp_path, "main.rota", CSV_PROGRAM.replace("人员.csv", "人员.json"))
    stage, diags = api_outcome(main)
    assert stage == "load" and codes(diags) == ["E0406"]
    assert (diags[0].span.file, diags[0].span.start_line) == (str(tmp_path / "人员.json"), 1)
    assert "nested more than 64 levels deep" in diags[0].message


@pytest.mark.parametrize("data,code", [
    ("[1,2", "E0713"), ('{"x": 1}', "E0713"), ('{"assignments": "x"}', "E0713"),
    ('[{"staff": "张丽", "date": 5, "shift": null}]', "E0713"), ("", "E0701"),
    ('{"assignments": ' + "[" * 1000 + "]" * 1000 + "}", "E0713")])
def test_broken_roster_json_is_located(tmp_path, data, code):
    program = write(tmp_path, "small.rota", SMALL)
    roster = write(tmp_path, "roster.json", data)
    exit_code, out, text = run_main("verify", program, "--roster", roster)
    assert exit_code == CANNOT_RUN
    assert text.startswith(f"{roster}:1:") and f"error[{code}]" in text


def test_a_roster_with_bom_and_crlf_verifies(tmp_path):
    program = write(tmp_path, "small.rota", SMALL)
    roster = write(tmp_path, "roster.csv", b"\xef\xbb\xbfstaff,date,shift\r\n" + "张丽,2025-02-10,早班\r\n王伟,2025-02-11,早班\r\n张丽,2025-02-12,早班\r\n".encode())
    code, out, err = run_main("verify", program, "--roster", roster)
    assert code == OK
    assert "\ntotal soft cost                   6\n" in out


def test_a_binary_roster_through_the_cli(tmp_path):
    program = write(tmp_path, "small.rota", SMALL)
    roster = write(tmp_path, "roster.xlsx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)))
    r = run_cli("verify", program, "--roster", roster)
    assert r.returncode == CANNOT_RUN
    assert_no_traceback(r.stderr)
    # A binary roster is reported for the file as a whole (no line to point at).
    assert r.stderr.decode().startswith(
        f"error[E0702]: `{roster}` is not a text file (it holds NUL bytes)")


def test_a_roster_with_a_hundred_thousand_bad_rows_prints_fifty(tmp_path):
    from rotalang.cli import console as console_module

    program = write(tmp_path, "small.rota", SMALL)
    roster = write(tmp_path, "roster.csv", "staff,date,shift\n" + "张丽,2025-02-10,早班\n" * 100_000)
    exit_code, out, text = run_main("verify", program, "--roster", roster)
    assert exit_code == CANNOT_RUN
    assert text.count("error[E0711]") == console_module.SHOWN_PER_FILE
    assert f"... and {99_999 - console_module.SHOWN_PER_FILE} more in {roster}" in text
    assert text.rstrip().endswith("error: 99999 errors")


def test_a_csv_without_a_text_column_is_e0402_not_filled_with_empty_text(tmp_path):
    write(tmp_path, "人员.csv", "姓名,年龄,本地\n张丽,30,true\n")
    main = write(tmp_path, "main.rota", CSV_PROGRAM.replace("本地: bool }", "本地: bool, 社区: text }"))
    stage, diags = api_outcome(main)
    assert stage == "load" and codes(diags) == ["E0402"]
    assert diags[0].message == f"`{tmp_path / '人员.csv'}` has no column `社区`"
    # with a default it may be left out, as language.md says
    main.write_text(CSV_PROGRAM.replace("本地: bool }", '本地: bool, 社区: text = "" }'),
                    encoding="utf-8")
    assert api_outcome(main)[0] != "load"


@pytest.mark.parametrize("separator,named", [(";", "`;`"), ("\t", "tabs")])
def test_a_csv_with_another_separator_says_so(tmp_path, separator, named):
    write(tmp_path, "人员.csv", separator.join(["姓名", "年龄", "本地"]) + "\n"
          + separator.join(["张丽", "30", "true"]) + "\n")
    main = write(tmp_path, "main.rota", CSV_PROGRAM)
    stage, diags = api_outcome(main)
    assert stage == "load" and codes(diags) == ["E0406"]
    assert diags[0].message.endswith(f"this file seems to separate its columns with {named}")
    assert diags[0].span.start_line == 1
    assert "comma-separated" in diags[0].help
