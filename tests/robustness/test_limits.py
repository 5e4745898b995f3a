"""Limits and no lost work: --time-limit and --memory-limit for solve and check, the
grounding-size guard, Ctrl-C and the time limit keeping the best roster, and an
--output that is written atomically and never overwrites without --force."""

import csv
import io
import os
import signal
import subprocess
import sys
import time

import pytest

from robust_helpers import (CANNOT_RUN, EXAMPLES, OK, PROBLEMS, REPO, SMALL,
                            assert_no_traceback, env_for_subprocess, run_cli, run_main)

CHECKPOINT = EXAMPLES / "checkpoint" / "checkpoint.rota"

# A hundred years, ten people: every rule here is within the guard except 交叉.
CENTURY = """\
calendar from 2000-01-01 to 2099-12-31
staff 人员 { 年龄: int = 30 }
人员 p1, p2
shift 早班 06:00-14:00
rule 交叉:
  each day d1, day d2, 人员 p where d1 < d2: if p works on d1 then p works on d2
"""


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def read_roster_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


# ----------------------------------------------------------- grounding guard

def test_a_century_calendar_stops_at_the_rule_that_explodes(tmp_path):
    program = write(tmp_path, "百年.rota", CENTURY)
    started = time.monotonic()
    code, out, err = run_main("check", program)
    assert time.monotonic() - started < 30
    assert code == PROBLEMS
    assert err.splitlines()[0] == (
        f"{program}:5:1: error[E0501]: rule 交叉 would create about 2,668,151,250 ground "
        "constraints; the limit is 5,000,000")
    assert "36,525 days d1 × 36,525 days d2 × 2 人员 p = 2,668,151,250 bindings" in err
    assert "shorten the calendar (36,525 days)" in err


def test_solve_stops_at_the_same_guard(tmp_path):
    program = write(tmp_path, "百年.rota", CENTURY)
    out = tmp_path / "roster.csv"
    code, stdout, err = run_main("solve", program, "-o", out)
    assert code == PROBLEMS and "error[E0501]: rule 交叉" in err
    assert not out.exists()


def test_the_guard_is_a_parameter_of_the_api():
    import rotalang
    from rotalang.diagnostics import DiagnosticError
    from rotalang.ground import ground

    program = rotalang.load(SMALL)
    with pytest.raises(DiagnosticError) as err:
        ground(program.ir, max_constraints=2)
    located = [d for d in err.value.diagnostics if d.span is not None]
    assert [(d.code, d.span.start_line) for d in located] == [("E0501", 8)]
    assert located[0].message.startswith("rule 每天一人 would create about 3 ground constraints")


# -------------------------------------------------------------- time limits

def test_solve_time_limit_keeps_the_best_roster_and_writes_it(tmp_path, engine):
    out = tmp_path / "best.csv"
    started = time.monotonic()
    r = run_cli("solve", CHECKPOINT, "--time-limit", "8", "--engine", engine, "-o", out,
                timeout=120)
    elapsed = time.monotonic() - started
    assert_no_traceback(r.stderr)
    last = r.stderr.decode().rstrip().splitlines()[-1]
    # start-up and loading come on top of the limit, but not minutes
    assert elapsed < 8 + 30
    if r.returncode == CANNOT_RUN:
        # a loaded machine may find nothing in 8 s: then nothing is written
        assert last == f"unknown: no roster found within the limits; nothing written to {out}"
        assert not out.exists()
        return
    assert r.returncode == OK, r.stderr.decode()
    assert last.startswith(("feasible, cost", "optimal, cost")) and last.endswith(f"wrote {out}")
    rows = read_roster_csv(out)
    assert rows[0] == ["staff", "date", "shift", "post"] and len(rows) > 1
    assert all(len(row) == 4 for row in rows)
    v = run_cli("verify", CHECKPOINT, "--roster", out)
    assert v.returncode == OK, v.stdout.decode()


def test_check_time_limit_gives_a_warning_not_a_hang():
    started = time.monotonic()
    code, out, err = run_main("check", CHECKPOINT, "--time-limit", "0.01")
    assert time.monotonic() - started < 60
    # not "ok": nothing wrong was found, but nothing was decided either
    assert code == CANNOT_RUN
    # loading alone takes longer than 0.01 s: the limit runs out before grounding ends
    assert "warning[W0601]: the time limit of 0.01 s ran out while grounding rule" in err
    assert err.rstrip().splitlines()[-1].startswith(f"undecided: {CHECKPOINT}")


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "abc"])
def test_bad_time_limits_are_refused(value, tmp_path, capsys):
    program = write(tmp_path, "small.rota", SMALL)
    for command in ("solve", "check"):
        code, out, err = run_main(command, program, "--time-limit", value)
        assert code == CANNOT_RUN
        assert capsys.readouterr().err.startswith("error: argument --time-limit:")


# ------------------------------------------------------------ memory limits

BIG = """\
calendar from 2000-01-01 to 2099-12-31
staff 人员 { a: int = 1 }
人员 p1, p2, p3, p4, p5, p6, p7, p8, p9, p10
shift 早班 06:00-14:00
shift 晚班 14:00-22:00
rule 每天有人:
  each day d, shift s: count(人员 p where p works s on d) >= 1
"""


@pytest.mark.parametrize("command", ["check", "solve"])
def test_memory_limit_stops_a_big_program_with_e0902(tmp_path, command):
    program = write(tmp_path, "大.rota", BIG)
    r = run_cli("--memory-limit", "100", command, program, timeout=120)
    assert_no_traceback(r.stderr)
    assert r.returncode == CANNOT_RUN
    assert "error[E0902]: out of memory (limit 100 MB)" in r.stderr.decode()


def test_memory_limit_hit_late_still_gives_e0902(tmp_path):
    # 760 MB passes the guard's estimate before grounding (about 361 MB for this
    # program, ground/estimate.py, in the room the solvers' libraries, loaded before
    # the cap, leave) and runs out deep inside grounding; three processes at once.
    # (Run out inside a solver's C++ code instead, at about 840 MB, and the process
    # aborts: an open defect, docs/robustness.md.)
    program = write(tmp_path, "大.rota", BIG)
    procs = [subprocess.Popen([sys.executable, "-m", "rotalang", "--memory-limit", "760",
                               "check", str(program)], cwd=tmp_path, env=env_for_subprocess(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(3)]
    outcomes = []
    deadline = time.monotonic() + 90
    for proc in procs:
        try:
            _, err = proc.communicate(timeout=max(1, deadline - time.monotonic()))
            assert_no_traceback(err)  # no E0901 either: "libz3.so not found" was one
            assert b"E0901" not in err, err
            outcomes.append((proc.returncode, b"error[E0902]" in err))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            outcomes.append(("hang", False))
    assert outcomes == [(CANNOT_RUN, True)] * 3


def test_a_small_program_runs_under_a_memory_limit(tmp_path):
    program = write(tmp_path, "small.rota", SMALL)
    # 600 MB: at 400 CP-SAT could fail to start a worker thread (its stacks are
    # address space too), an abort in about one run in six on a loaded machine
    r = run_cli("solve", program, "--memory-limit", "600", "--format", "csv")
    assert r.returncode == OK, r.stderr.decode()
    assert r.stdout.decode().splitlines()[0] == "staff,date,shift"


@pytest.mark.parametrize("option, expected", [
    ([], "the default budget"), (["--memory-limit", "3000"], "3000 MB"),
    (["--memory-limit", "off"], "unchanged")])
def test_every_command_runs_under_the_default_memory_budget(tmp_path, option, expected):
    # Without --memory-limit the address space is capped at 3/4 of the machine's
    # memory, so a run too big for it ends in E0902, not in swapping or the OOM killer.
    program = write(tmp_path, "small.rota", SMALL)
    # A machine of 4 GB, whatever this one has, so that the three caps differ from
    # each other and from a limit the shell may have set.
    code = ("import resource\n"
            "from rotalang.cli import main\n"
            "from rotalang import memory\n"
            "memory.machine_memory = lambda: 4 << 30\n"
            "before = resource.getrlimit(resource.RLIMIT_AS)[0]\n"
            f"assert main({[*option, 'check', str(program)]!r}) == 0\n"
            "soft = resource.getrlimit(resource.RLIMIT_AS)[0]\n"
            "print('the default budget' if soft == 3 << 30 else\n"
            "      '3000 MB' if soft == 3000 << 20 else\n"
            "      'unchanged' if soft == before else soft)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env_for_subprocess(), timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == expected


def test_out_of_memory_under_the_default_budget_says_so():
    from rotalang.cli.errors import out_of_memory
    from rotalang.cli.limits import MemoryCap

    d = out_of_memory(MemoryCap(18_000, default=True))
    assert d.code == "E0902"
    assert d.message == "out of memory (the default budget of 18,000 MB, 3/4 of this machine's memory)"
    assert "--memory-limit MB" in d.help
    assert out_of_memory(MemoryCap(100, default=False)).message == "out of memory (limit 100 MB)"


@pytest.mark.parametrize("value", ["0", "-5", "1.5", "lots"])
def test_bad_memory_limits_are_refused(value, tmp_path, capsys):
    program = write(tmp_path, "small.rota", SMALL)
    code, out, err = run_main("check", program, "--memory-limit", value)
    assert code == CANNOT_RUN
    assert capsys.readouterr().err.startswith("error: argument --memory-limit:")


# ------------------------------------------------------------------- Ctrl-C

def _solve_and_interrupt(args, tmp_path, how=signal.SIGINT):
    # As at a terminal: Ctrl-C not ignored, even when the tests run as a background
    # job (whose children a shell without job control starts with SIGINT ignored).
    proc = subprocess.Popen([sys.executable, "-m", "rotalang", "solve", *map(str, args)],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env_for_subprocess(),
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        first = proc.stderr.readline().decode()
        assert first.startswith("[") and " cost " in first, first
        proc.send_signal(how)
        out, rest = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, out.decode(), first + rest.decode()


def test_ctrl_c_after_the_first_roster_writes_a_complete_csv(tmp_path, engine):
    out = tmp_path / "中断.csv"
    code, stdout, err = _solve_and_interrupt(
        [CHECKPOINT, "--time-limit", "300", "--engine", engine, "--output", out], tmp_path)
    assert_no_traceback(err)
    assert code == OK, err
    # Ctrl-C either lands in our code ("interrupted: keeping the best roster…") or
    # cancels Z3's current check, which ends the search: the best roster is kept both ways.
    assert err.rstrip().endswith(f"wrote {out}")
    assert err.rstrip().splitlines()[-1].startswith("feasible, cost ")
    rows = read_roster_csv(out)
    assert rows[0] == ["staff", "date", "shift", "post"]
    assert len(rows) > 1 and all(len(row) == 4 and all(row) for row in rows)
    assert out.read_bytes().endswith(b"\n")
    # only the roster: no temporary file left beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["中断.csv"]
    v = run_cli("verify", CHECKPOINT, "--roster", out)
    assert v.returncode == OK, v.stdout.decode()


def test_sigterm_after_the_first_roster_keeps_and_writes_it_like_ctrl_c(tmp_path, engine):
    # a scheduler or `kill` stopping a long solve must not lose the roster found
    out = tmp_path / "终止.csv"
    code, stdout, err = _solve_and_interrupt(
        [CHECKPOINT, "--time-limit", "300", "--engine", engine, "--output", out], tmp_path,
        how=signal.SIGTERM)
    assert_no_traceback(err)
    assert code == OK, err
    assert err.rstrip().endswith(f"wrote {out}")
    v = run_cli("verify", CHECKPOINT, "--roster", out)
    assert v.returncode == OK, v.stdout.decode()


def test_ctrl_c_to_stdout_prints_the_best_roster_as_json(tmp_path, engine):
    code, stdout, err = _solve_and_interrupt(
        [CHECKPOINT, "--time-limit", "300", "--engine", engine, "--format", "json"], tmp_path)
    assert_no_traceback(err)
    assert code == OK
    import json

    result = json.loads(stdout)
    assert result["status"] == "feasible" and result["assignments"]


def _ctrl_c_in_z3_after(monkeypatch, checks: int) -> None:
    """Let `checks` of the Z3 engine's checks run, then have the next one cancelled by
    Ctrl-C, as Z3 does when SIGINT arrives during a check."""
    from rotalang.backends.protocol import Interrupted
    from rotalang.backends.z3 import engine as engine_module
    from rotalang.backends.z3 import run

    done = []

    def check_within(solver, seconds, *assumptions, rlimit=None):
        if len(done) == checks:
            raise Interrupted()
        done.append(solver)
        return run.check_within(solver, seconds, *assumptions, rlimit=rlimit)

    monkeypatch.setattr(engine_module, "check_within", check_within)


def test_ctrl_c_in_z3_before_any_roster_says_so_and_ends_as_the_time_limit_would(
        tmp_path, monkeypatch):
    _ctrl_c_in_z3_after(monkeypatch, 0)
    program = write(tmp_path, "small.rota", SMALL)
    out = tmp_path / "roster.csv"
    code, stdout, err = run_main("solve", program, "--engine", "z3", "-o", out)
    assert code == CANNOT_RUN
    assert err.splitlines()[-2:] == [
        "interrupted before any roster was found",
        f"unknown: no roster found within the limits; nothing written to {out}"]
    assert not out.exists()


def test_ctrl_c_in_z3_after_the_first_roster_keeps_it(tmp_path, monkeypatch):
    _ctrl_c_in_z3_after(monkeypatch, 1)  # the first roster's check, then Ctrl-C
    program = write(tmp_path, "small.rota", SMALL)
    out = tmp_path / "roster.csv"
    code, stdout, err = run_main("solve", program, "--engine", "z3", "-o", out)
    assert code == OK, err
    assert err.rstrip().splitlines()[-1].startswith("feasible, cost ")
    assert run_cli("verify", program, "--roster", out).returncode == OK


# ---------------------------------------------------------- atomic output

def test_an_existing_output_is_refused_before_solving_and_left_alone(tmp_path):
    program = write(tmp_path, "small.rota", SMALL)
    out = write(tmp_path, "roster.csv", "手排,不要覆盖\n")
    code, stdout, err = run_main("solve", program, "-o", out)
    assert code == CANNOT_RUN
    assert err.startswith(f"error[E0020]: `{out}` already exists")
    assert "use --force to overwrite" in err
    assert out.read_text(encoding="utf-8") == "手排,不要覆盖\n"
    code, stdout, err = run_main("solve", program, "-o", out, "--force")
    assert code == OK
    assert read_roster_csv(out)[0] == ["staff", "date", "shift"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv", "small.rota"]


def test_output_into_a_missing_folder_or_onto_a_folder_exits_2(tmp_path):
    program = write(tmp_path, "small.rota", SMALL)
    code, _, err = run_main("solve", program, "-o", tmp_path / "无" / "r.csv")
    assert code == CANNOT_RUN and "error[E0021]" in err
    (tmp_path / "dir.csv").mkdir()
    code, _, err = run_main("solve", program, "-o", tmp_path / "dir.csv", "--force")
    assert code == CANNOT_RUN and "it is a folder" in err


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    from rotalang.diagnostics import DiagnosticError
    from rotalang.report import output

    target = write(tmp_path, "roster.csv", "old\n")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", disk_full)
    with pytest.raises(DiagnosticError) as err:
        output.write_output(target, "new\n" * 1000, force=True)
    assert err.value.diagnostics[0].code == "E0021"
    assert "No space left on device" in err.value.diagnostics[0].message
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.csv"]


def test_an_interrupt_while_writing_leaves_no_partial_file(tmp_path, monkeypatch):
    from rotalang.report import output

    target = tmp_path / "roster.csv"
    real_replace_or_link = output.os.link

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "link", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_output(target, "staff,date,shift\n")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(output.os, "link", real_replace_or_link)
    output.write_output(target, "staff,date,shift\n")
    assert target.read_text() == "staff,date,shift\n"


def test_a_file_created_during_the_solve_is_not_clobbered(tmp_path, monkeypatch):
    """The existence check before solving is repeated at the rename (link), so a
    roster someone saved meanwhile survives."""
    from rotalang.diagnostics import DiagnosticError
    from rotalang.report import output

    target = tmp_path / "roster.csv"
    output.check_writable(target)
    target.write_text("saved meanwhile\n")
    with pytest.raises(DiagnosticError) as err:
        output.write_output(target, "staff,date,shift\n")
    assert err.value.diagnostics[0].code == "E0020"
    assert target.read_text() == "saved meanwhile\n"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.csv"]


def test_a_calendar_of_thousands_of_years_stops_before_building_the_table(tmp_path):
    program = write(tmp_path, "万年.rota", """\
calendar from 2025-02-13 to 9999-12-31
staff 人员 { 本地: bool = true }
人员 张丽, 王伟
shift 早班 06:00-14:00
rule r: each day d: count(人员 p where p works on d) >= 1
""")
    started = time.monotonic()
    code, out, err = run_main("check", program)
    assert time.monotonic() - started < 10
    assert code == PROBLEMS
    assert err.splitlines()[0] == (f"{program}:1:1: error[E0501]: the calendar has "
                                   "2,912,765 days; the limit is 73,050 (about 200 years)")
    assert "2 people × 2,912,765 days × 1 shift" in err
    assert "= help: shorten the calendar" in err


def test_the_table_of_cells_answers_to_the_term_budget():
    import rotalang
    from rotalang.diagnostics import DiagnosticError
    from rotalang.ground import ground

    program = rotalang.load(SMALL)  # 2 people × 3 days × 1 shift = 6 cells
    with pytest.raises(DiagnosticError) as err:
        ground(program.ir, max_constraints=0)
    d = err.value.diagnostics[0]
    assert (d.code, d.message, d.label) == (
        "E0501", "the roster would have 6 cells to fill; the limit is 0",
        "2 people × 3 days × 1 shift")


def test_dates_past_9999_in_a_rule_are_a_located_error(tmp_path):
    program = write(tmp_path, "末日.rota", """\
calendar from 9999-12-29 to 9999-12-31
staff 人员 { 本地: bool = true }
人员 张丽, 王伟
shift 早班 06:00-14:00
rule 次日休息: each 人员 p, day d: if p works on d then p is off on d + 1d
""")
    code, out, err = run_main("solve", program)
    assert code == PROBLEMS
    assert err.splitlines()[0] == (
        f"{program}:5:63: error[E0504]: 9999-12-31 + 1d is not a date: dates run from "
        "0001-01-01 to 9999-12-31")
    assert "out of range for p = 张丽, d = 9999-12-31" in err


def test_a_file_created_at_the_output_path_while_solving_does_not_lose_the_roster(tmp_path):
    out = tmp_path / "排班.csv"
    proc = subprocess.Popen([sys.executable, "-m", "rotalang", "solve", str(CHECKPOINT),
                             "--time-limit", "5", "--output", str(out)],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env_for_subprocess())
    first = proc.stderr.readline().decode()
    assert first.startswith("[") and " cost " in first, first
    out.write_text("someone else's file\n", encoding="utf-8")
    stdout, rest = proc.communicate(timeout=120)
    err = first + rest.decode()
    assert_no_traceback(err)
    assert proc.returncode == CANNOT_RUN
    kept = tmp_path / "排班-1.csv"
    assert f"`{out}` was created by something else while solving" in err
    assert err.rstrip().endswith(f"wrote {kept}")
    assert out.read_text(encoding="utf-8") == "someone else's file\n"
    v = run_cli("verify", CHECKPOINT, "--roster", kept)
    assert v.returncode == OK, v.stdout.decode()


@pytest.mark.parametrize("argv", [
    ["check", "small.rota", "--format", "json"],
    ["verify", "small.rota", "--roster", "r.csv"],
    ["solve", "small.rota", "--format", "csv", "--time-limit", "5"]], ids=lambda a: a[0])
def test_a_full_or_closed_stdout_is_a_diagnostic_not_a_traceback(tmp_path, argv):
    (tmp_path / "small.rota").write_text(SMALL, encoding="utf-8")
    (tmp_path / "r.csv").write_text("staff,date,shift\n", encoding="utf-8")
    for name in ("full", "closed"):
        with open("/dev/full" if name == "full" else os.devnull, "w") as handle:
            done = subprocess.run(
                [sys.executable, "-m", "rotalang", *argv], cwd=tmp_path, stdout=handle,
                stderr=subprocess.PIPE, env=env_for_subprocess(), timeout=120,
                preexec_fn=(lambda: os.close(1)) if name == "closed" else None)
        err = done.stderr.decode()
        assert_no_traceback(err)
        assert done.returncode == CANNOT_RUN, (name, err)
        assert "error[E0021]: cannot write to stdout: " in err, (name, err)


# ------------------------------------------------ issue 28, point 9: the messages

def test_a_roster_too_large_for_its_staff_says_split_the_staff_first():
    import rotalang
    from rotalang.diagnostics import DiagnosticError
    from rotalang.ground import ground

    many = "calendar from 2025-02-10 to 2025-02-12\nstaff 人员\nshift 早班 06:00-14:00\n" \
        "人员 " + ", ".join(f"员工{i}" for i in range(40)) + "\n"
    with pytest.raises(DiagnosticError) as err:
        ground(rotalang.load(many).ir, max_constraints=0)
    assert err.value.diagnostics[0].help == ("split the staff (40 people) into smaller "
                                             "programs, or shorten the calendar (3 days)")


def test_a_bound_longer_than_the_calendar_is_warned_about_like_any_idle_rule(tmp_path):
    program = write(tmp_path, "长.rota", """\
calendar from 2025-02-10 to 2025-02-16
staff 人员
人员 张丽, 王伟
shift 早班 06:00-14:00
rule 连班: each 人员 p: p works at most 1000000000 consecutive days
""")
    code, out, err = run_main("check", program)
    assert code == OK
    assert "warning[W0602]: rule 连班 holds for every roster with this data" in err


def test_a_cut_short_keyword_is_suggested_even_where_a_colon_is_missing(tmp_path):
    program = write(tmp_path, "拼写.rota", """\
calendar from 2025-02-10 to 2025-02-16
staff 人员
人员 张丽
shift 早班 06:00-14:00
rule r: each day d wher d = 2025-02-10: count(人员 p where p works on d) >= 1
""")
    code, out, err = run_main("check", program)
    assert code == PROBLEMS
    assert "error[E0101]: expected `:` after the binders of `each`, found name `wher`" in err
    assert "= help: did you mean `where`?" in err


def test_an_output_path_under_a_file_says_the_file_is_in_the_way(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    code, out, err = run_main("solve", SMALL, "-o", str(tmp_path / "notes.txt" / "roster.csv"))
    assert code == CANNOT_RUN
    assert f"`{tmp_path / 'notes.txt'}` is a file, not a folder" in err
    assert "create the folder" not in err


@pytest.mark.parametrize("command", ["check", "solve"])
def test_a_model_cp_sat_would_run_out_of_memory_on_is_refused_before_it_runs(
        tmp_path, monkeypatch, command):
    # Out of memory inside CP-SAT's C++ code, the process aborts without a word: the
    # model's size is weighed first. Here a variable is made to cost 1 TB.
    from rotalang.backends.cpsat import encode

    monkeypatch.setattr(encode, "VARIABLE_BYTES", 1 << 40)
    program = write(tmp_path, "small.rota", SMALL)
    code, out, err = run_main(command, program)
    assert code == PROBLEMS
    assert "error[E0501]: solving this program with CP-SAT would need about " in err
    assert "of memory beyond its ground model, more than the " in err
    assert "help: split the staff into smaller programs" in err
