"""`rotalang solve`: progress on stderr, the roster on stdout or in a file, exit codes,
Ctrl-C keeps the best roster, and no file is overwritten without --force."""

import json
from fractions import Fraction

from cli_fixtures import OPTIMAL, STEPS, FakeProgram
from rotalang.diagnostics import Diagnostic
from rotalang.results import SolveResult


def test_progress_then_grid_and_summary(run_cli):
    program = FakeProgram(STEPS + [OPTIMAL])
    code, out, err = run_cli(["solve", "值守.rota", "--time-limit", "5", "--seed", "7"],
                             program)
    assert code == 0
    assert program.calls == [("solve", 5.0, 7)]
    assert program.workers is None  # the API's default: up to one process per core
    # the verdict on stderr, after the progress: stdout is the result alone
    assert err == "[   0.50s] cost 20  bound 0\n[   1.25s] cost 3  bound 3\noptimal, cost 3\n"
    assert out == (
        "人员  一    二     班数  工时\n"
        "      02-10 02-11            \n"
        "张丽  -     早        1    8h\n"
        "王伟  早    -         1    8h\n"
        "在岗  1     1         2      \n"
        "\n"
        "早 早班 06:00-14:00\n"
        "\n"
        "rule   line  broken  cost\n"
        "轮换      7       3     3\n"
        "total                   3\n"
    )


def test_csv_to_stdout_keeps_the_status_on_stderr(run_cli):
    code, out, err = run_cli(["solve", "f.rota", "--format", "csv"], FakeProgram([OPTIMAL]))
    assert code == 0
    assert out == "staff,date,shift\n王伟,2025-02-10,早班\n张丽,2025-02-11,早班\n"
    assert err == "optimal, cost 3\n"


def test_output_file_format_follows_extension(run_cli, tmp_path):
    target = tmp_path / "roster.json"
    code, out, err = run_cli(["solve", "f.rota", "-o", str(target)], FakeProgram([OPTIMAL]))
    assert code == 0 and out == ""
    assert err == f"optimal, cost 3; wrote {target}\n"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["status"] == "optimal" and data["cost"] == 3
    assert data["assignments"][0] == {"staff": "王伟", "date": "2025-02-10",
                                      "shift": "早班", "post": None}


def test_existing_output_is_refused_before_solving(run_cli, tmp_path):
    target = tmp_path / "roster.csv"
    target.write_text("keep me")
    program = FakeProgram([OPTIMAL])
    code, out, err = run_cli(["solve", "f.rota", "-o", str(target)], program)
    assert code == 2
    assert program.calls == []
    assert err == (f"error[E0020]: `{target}` already exists\n"
                   " = help: use --force to overwrite\n\nerror: 1 error\n")
    assert target.read_text() == "keep me"


def test_force_overwrites(run_cli, tmp_path):
    target = tmp_path / "roster.csv"
    target.write_text("old")
    code, _, _ = run_cli(["solve", "f.rota", "-o", str(target), "--force"],
                         FakeProgram([OPTIMAL]))
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("staff,date,shift\n王伟,")


def test_unknown_extension_without_format_is_exit_2(run_cli, tmp_path):
    code, _, err = run_cli(["solve", "f.rota", "-o", str(tmp_path / "r.xlsx")],
                           FakeProgram([OPTIMAL]))
    assert code == 2
    assert err.startswith(f"error[E0022]: cannot tell the output format of `{tmp_path / 'r.xlsx'}`")


def test_infeasible_exits_1_with_its_diagnostics(run_cli):
    core = Diagnostic.error("E0601", "rules 甲 and 乙 cannot both hold")
    result = SolveResult("infeasible", None, None, None, diagnostics=(core,))
    code, out, err = run_cli(["solve", "f.rota"], FakeProgram([result]))
    assert code == 1
    assert out == ""
    assert err == ("error[E0601]: rules 甲 and 乙 cannot both hold\n\nerror: 1 error\n"
                   "infeasible: no roster meets every hard rule\n")


def test_nothing_found_in_time_exits_2_and_writes_nothing(run_cli, tmp_path):
    target = tmp_path / "r.csv"
    code, out, err = run_cli(["solve", "f.rota", "-o", str(target)],
                             FakeProgram([SolveResult("unknown", None, None, None)]))
    assert code == 2
    assert err == f"unknown: no roster found within the limits; nothing written to {target}\n"
    assert not target.exists()


def test_ctrl_c_keeps_the_best_roster_and_writes_it(run_cli, tmp_path):
    target = tmp_path / "best.csv"
    program = FakeProgram([STEPS[0], KeyboardInterrupt()],
                          verify_report=KeyError("evaluator unavailable"))
    code, out, err = run_cli(["solve", "f.rota", "-o", str(target)], program)
    assert code == 0
    assert err == ("[   0.50s] cost 20  bound 0\n"
                   "interrupted: keeping the best roster found so far\n"
                   f"feasible, cost 20 (lower bound 0); wrote {target}\n")
    assert target.read_text(encoding="utf-8") == (
        "staff,date,shift\n张丽,2025-02-10,早班\n王伟,2025-02-11,早班\n")


def test_ctrl_c_costs_the_kept_roster_by_rule(run_cli):
    from rotalang.results import CostLine, VerifyReport
    report = VerifyReport((), Fraction(20), (CostLine("轮换", 7, Fraction(20), 20),))
    program = FakeProgram([STEPS[0], KeyboardInterrupt()], verify_report=report)
    code, out, err = run_cli(["solve", "f.rota"], program)
    assert code == 0
    assert err.endswith("\nfeasible, cost 20 (lower bound 0)\n")
    assert out.endswith("早 早班 06:00-14:00\n\n"
                        "rule   line  broken  cost\n"
                        "轮换      7      20    20\n"
                        "total                  20\n")


def test_ctrl_c_before_any_roster_exits_2(run_cli):
    code, out, err = run_cli(["solve", "f.rota"], FakeProgram([KeyboardInterrupt()]))
    assert code == 2
    assert out == ""
    assert err.endswith("\nunknown: no roster found within the limits\n")


def test_unexpected_exception_is_an_internal_error_without_traceback(run_cli):
    code, out, err = run_cli(["solve", "f.rota"], FakeProgram([ValueError("boom\nmore")]))
    assert code == 2
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith("error[E0901]: internal error ")
    assert first.endswith(": ValueError: boom")
    ident = first.split()[3].rstrip(":")
    assert len(ident) == 8 and int(ident, 16) >= 0
    assert f"please report it with the id {ident}" in err
    # the same bug gives the same id
    _, _, again = run_cli(["solve", "f.rota"], FakeProgram([ValueError("other text")]))
    assert again.splitlines()[0].split()[3] == first.split()[3]


def test_debug_shows_the_traceback(run_cli):
    code, _, err = run_cli(["--debug", "solve", "f.rota"], FakeProgram([ValueError("boom")]))
    assert code == 2
    assert err.startswith("Traceback (most recent call last):")
    assert "error[E0901]" in err
    code, _, err = run_cli(["solve", "f.rota", "--debug"], FakeProgram([ValueError("boom")]))
    assert err.startswith("Traceback")


def test_memory_error_is_a_diagnostic(run_cli):
    code, _, err = run_cli(["solve", "f.rota", "--memory-limit", "100000"],
                           FakeProgram([MemoryError()]))
    assert code == 2
    assert err.splitlines()[0] == "error[E0902]: out of memory (limit 100000 MB)"
    assert "raise --memory-limit" in err


class _Terminal(__import__("io").StringIO):
    def isatty(self):
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    from cli_fixtures import FakeProgram as Fake
    from rotalang.cli import main
    from rotalang.cli.console import Console
    import rotalang.cli.solve_cmd as solve_cmd

    monkeypatch.setattr(solve_cmd, "load_program", lambda path, args: Fake([OPTIMAL]))
    monkeypatch.delenv("NO_COLOR", raising=False)
    out, err = _Terminal(), _Terminal()
    assert main(["solve", "f.rota"], Console(out, err)) == 0
    assert "\x1b[32m早\x1b[0m" in out.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    out = _Terminal()
    assert main(["solve", "f.rota"], Console(out, _Terminal())) == 0
    assert "\x1b[" not in out.getvalue()


def test_a_crash_after_a_roster_was_found_still_writes_it(run_cli, tmp_path):
    target = tmp_path / "best.csv"
    program = FakeProgram([STEPS[0], ValueError("the fixed part breaks a hard rule")],
                          verify_report=KeyError("no evaluator"))
    code, out, err = run_cli(["solve", "f.rota", "-o", str(target)], program)
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == "[   0.50s] cost 20  bound 0"
    assert lines[1].startswith("error[E0901]: internal error ")
    assert lines[-2:] == ["keeping the best roster found before the error",
                          f"feasible, cost 20 (lower bound 0); wrote {target}"]
    assert target.read_text(encoding="utf-8").splitlines()[0] == "staff,date,shift"


def test_out_of_memory_after_a_roster_keeps_it(run_cli):
    code, out, err = run_cli(["solve", "f.rota"], FakeProgram([STEPS[0], MemoryError()]))
    assert code == 2
    assert "error[E0902]: out of memory" in err
    assert out.startswith("人员  一    二")


def test_workers_reach_the_solver(run_cli):
    program = FakeProgram(STEPS + [OPTIMAL])
    code, _, _ = run_cli(["solve", "值守.rota", "--workers", "1"], program)
    assert code == 0
    assert program.workers == 1


def test_engine_and_work_limit_reach_the_solver(run_cli):
    program = FakeProgram(STEPS + [OPTIMAL])
    code, _, _ = run_cli(["solve", "值守.rota", "--engine", "z3", "--work-limit", "2.5"],
                         program)
    assert code == 0
    assert (program.engine, program.work_limit) == ("z3", 2.5)
    program = FakeProgram(STEPS + [OPTIMAL])
    assert run_cli(["solve", "值守.rota"], program)[0] == 0
    assert program.engine is None  # the API's default: DEFAULT_ENGINE, giving way if need be


def test_an_unknown_engine_is_refused_before_anything_runs(run_cli, capsys):
    program = FakeProgram(STEPS + [OPTIMAL])
    code, _, _ = run_cli(["solve", "值守.rota", "--engine", "gurobi"], program)
    assert code == 2
    assert "invalid choice: 'gurobi'" in capsys.readouterr().err and program.calls == []
