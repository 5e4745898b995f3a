"""`python -m rotalang ...` as a user runs it: what lands on stdout/stderr, exit codes."""

import json

import pytest

from cli_fixtures import rotalang
from tests.shared_inputs import bench_instance

PROGRAM = """\
calendar from 2025-02-10 to 2025-02-12

staff 人员 { 本地: bool = true }
人员 张丽, 王伟

shift 早班 06:00-14:00 code "早"

rule 每天一人:
  each day d: count(人员 p where p works on d) >= 1

soft rule 少上班 weight 2:
  each 人员 p: minimize shifts(p)
"""

@pytest.fixture
def program(tmp_path):
    path = tmp_path / "值守.rota"
    path.write_text(PROGRAM, encoding="utf-8")
    return path


def roster(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("staff,date,shift\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_version_and_help_exit_0():
    r = rotalang("--version")
    assert (r.returncode, r.stdout) == (0, "rotalang 0.1.0\n")
    r = rotalang("--help")
    assert r.returncode == 0 and "exit codes:" in r.stdout and r.stderr == ""


@pytest.mark.parametrize("args, message", [
    ([], "error: the following arguments are required: COMMAND"),
    (["frobnicate"], "error: argument COMMAND: invalid choice: 'frobnicate'"),
    (["solve"], "error: the following arguments are required: FILE"),
    (["solve", "x.rota", "--time-limit", "soon"], "error: argument --time-limit: `soon` is not a number of seconds"),
    (["solve", "x.rota", "--time-limit", "0"], "error: argument --time-limit: the time limit must be a positive number of seconds, not `0`"),
    (["solve", "x.rota", "--format", "xlsx"], "error: argument --format: invalid choice: 'xlsx'"),
    (["solve", "x.rota", "--workers", "0"], "error: argument --workers: at least one worker is needed, not `0`"),
    (["solve", "x.rota", "--workers", "two"], "error: argument --workers: `two` is not a whole number"),
    (["--memory-limit", "lots", "check", "x.rota"], "error: argument --memory-limit: `lots` is not a whole number of megabytes"),
    (["verify", "x.rota"], "error: the following arguments are required: --roster"),
    (["import", "curtois", "i.txt", "-o", "out", "--start", "monday"], "error: argument --start: `monday` is not a date like 2024-01-01"),
])
def test_bad_arguments_exit_2_with_a_short_message(args, message):
    r = rotalang(*args)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.splitlines()[0].startswith(message)
    assert "Traceback" not in r.stderr and len(r.stderr.splitlines()) == 2


def test_missing_program_exits_2_with_a_diagnostic(tmp_path):
    missing = tmp_path / "nope.rota"
    for command in (["check", str(missing)], ["ir", str(missing)],
                    ["solve", str(missing)], ["verify", str(missing), "--roster", "r.csv"]):
        r = rotalang(*command)
        assert r.returncode == 2, command
        assert r.stderr == (f"error[E0001]: cannot read `{missing}`: No such file or directory\n"
                            "\nerror: 1 error\n")


def test_ir_prints_the_checked_program(program):
    r = rotalang("ir", str(program))
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.splitlines()[:3] == [
        f"program {program}",
        "calendar 2025-02-10 to 2025-02-12 (3 days), weekend sat, sun",
        "staff 人员 { 本地: bool = true }"]


def test_program_errors_exit_1(tmp_path):
    bad = tmp_path / "bad.rota"
    bad.write_text(PROGRAM.replace("count(人员 p", "count(员工 p"), encoding="utf-8")
    r = rotalang("ir", str(bad))
    assert r.returncode == 1
    assert r.stderr.startswith(f"{bad}:9:")
    assert "error[E0201]" in r.stderr and r.stderr.endswith("\nerror: 1 error\n")


def test_check_json_puts_diagnostics_on_stdout(tmp_path):
    bad = tmp_path / "bad.rota"
    bad.write_text(PROGRAM.replace("count(人员 p", "count(员工 p"), encoding="utf-8")
    r = rotalang("check", str(bad), "--format", "json")
    assert r.returncode == 1
    diags = json.loads(r.stdout)["diagnostics"]
    assert [(d["code"], d["line"]) for d in diags] == [("E0201", 9)]


def test_verify_a_good_roster_exits_0(program, tmp_path):
    good = roster(tmp_path, "good.csv", ["张丽,2025-02-10,早班", "王伟,2025-02-11,早班",
                                          "张丽,2025-02-12,早班"])
    r = rotalang("verify", str(program), "--roster", str(good))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("no hard rule is broken\n")
    assert "\ntotal soft cost                   6\n\ncost by instance" in r.stdout
    assert r.stdout.endswith("  4  张丽: value 2 (2025-02-10 早班; 2025-02-12 早班)\n"
                             "  2  王伟: value 1 (2025-02-11 早班)\n")


def test_verify_a_broken_roster_exits_1_and_json_is_exact(program, tmp_path):
    bad = roster(tmp_path, "bad.csv", ["张丽,2025-02-10,早班", "王伟,2025-02-11,早班"])
    r = rotalang("verify", str(program), "--roster", str(bad), "--format", "json")
    assert r.returncode == 1
    report = json.loads(r.stdout)
    assert [(v["rule"], v["line"], v["binding"], v["expected"], v["actual"])
            for v in report["hard_violations"]] == [
        ("每天一人", 8, {"d": "2025-02-12"}, "at least 1", "0")]
    assert report["cost"] == 4


def test_verify_an_unreadable_roster_exits_2(program, tmp_path):
    unknown = roster(tmp_path, "unknown.csv", ["张三,2025-02-10,早班"])
    r = rotalang("verify", str(program), "--roster", str(unknown))
    assert r.returncode == 2
    assert r.stderr.startswith(f"{unknown}:2:1: error[E0706]: unknown person `张三`")
    r = rotalang("verify", str(program), "--roster", str(tmp_path / "none.csv"))
    assert r.returncode == 2 and "error[E0001]" in r.stderr


def test_no_colour_when_piped_even_on_errors(tmp_path):
    r = rotalang("check", str(tmp_path / "nope.rota"))
    assert "\x1b[" not in r.stderr


def test_check_a_clean_program_exits_0(program):
    r = rotalang("check", str(program))
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""


def test_solve_writes_a_roster_that_verify_accepts(program, tmp_path, engine):
    out = tmp_path / "roster.csv"
    r = rotalang("solve", str(program), "--time-limit", "20", "--engine", engine, "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines()[-1] == f"optimal, cost 6; wrote {out}"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "staff,date,shift" and len(lines) == 4
    assert [line.split(",")[1] for line in lines[1:]] == ["2025-02-10", "2025-02-11", "2025-02-12"]
    v = rotalang("verify", str(program), "--roster", str(out))
    assert v.returncode == 0 and "\ntotal soft cost                   6\n" in v.stdout
    again = rotalang("solve", str(program), "-o", str(out))
    assert again.returncode == 2 and "already exists" in again.stderr


def test_solve_json_is_byte_identical_across_runs(program, engine):
    first = rotalang("solve", str(program), "--format", "json", "--seed", "3", "--engine", engine)
    second = rotalang("solve", str(program), "--format", "json", "--seed", "3", "--engine", engine)
    assert first.returncode == 0
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["status"] == "optimal"


def test_import_curtois_writes_the_program_and_prints_its_path(tmp_path):
    out = tmp_path / "inst1"
    r = rotalang("import", "curtois", str(bench_instance(1)), "--output", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"{out / 'Instance1.rota'}\n"
    assert r.stderr == f"wrote {out / 'Instance1.rota'} and its data files\n"
    assert (out / "Instance1.rota").read_text(encoding="utf-8").startswith("# Instance1")
    assert (out / "cover.csv").exists()


def test_import_of_a_file_that_is_not_an_instance_is_a_located_error(tmp_path):
    wrong = roster(tmp_path, "wrong.txt", ["张丽,2025-02-10,早班"])
    r = rotalang("import", "curtois", str(wrong), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    assert r.stderr.startswith(f"{wrong}:1:1: error[E0486]: the instance has no SECTION_HORIZON")


def test_solve_json_reads_back_into_verify(program, tmp_path, engine):
    out = tmp_path / "roster.json"
    r = rotalang("solve", str(program), "--engine", engine, "-o", str(out))
    assert r.returncode == 0, r.stderr
    v = rotalang("verify", str(program), "--roster", str(out))
    assert (v.returncode, v.stdout.splitlines()[0]) == (0, "no hard rule is broken")
    assert "\ntotal soft cost                   6\n" in v.stdout


def test_ctrl_c_writes_the_best_roster_found(tmp_path, engine):
    import os
    import signal
    import subprocess
    import sys

    from cli_fixtures import REPO

    example = REPO / "examples" / "checkpoint" / "checkpoint.rota"
    out = tmp_path / "best.csv"
    proc = subprocess.Popen(
        [sys.executable, "-m", "rotalang", "solve", str(example), "--time-limit", "120",
         "--engine", engine, "-o", str(out)], cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        first = proc.stderr.readline()
        assert first.startswith("[") and " cost " in first, first
        proc.send_signal(signal.SIGINT)
        rest = proc.communicate(timeout=60)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, rest
    assert "Traceback" not in rest
    assert rest.rstrip().endswith(f"wrote {out}")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "staff,date,shift,post" and len(lines) > 1


@pytest.mark.parametrize("after", [0.05, 0.15, 0.3, 0.6])
def test_ctrl_c_while_the_command_starts_is_one_line_not_a_traceback(after):
    """Ctrl-C as soon as a user has pressed Enter lands during Python's imports of the
    parser and the solvers (they take most of a second): the command stops with
    `interrupted` and exit 130."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from cli_fixtures import REPO

    example = REPO / "examples" / "quickstart" / "值班.rota"  # a conflict: seconds to explain
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # A Ctrl-C inside the interpreter's own start-up (before any module of ours runs)
    # is Python's to report, not ours; on a loaded machine that start-up alone can
    # outlast 50 ms. So `after` counts from the time a bare interpreter takes to start,
    # measured now, on this machine as loaded as it is.
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
    bare = time.monotonic() - started
    proc = subprocess.Popen(
        [sys.executable, "-m", "rotalang", "check", str(example), "--time-limit", "60"],
        cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
        # as from a terminal, even when the tests run in a background job (which
        # ignores SIGINT, and children inherit that)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        time.sleep(bare + after)
        proc.send_signal(signal.SIGINT)
        err = proc.communicate(timeout=60)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert (proc.returncode, err.splitlines()[-1]) == (130, "interrupted"), err
