"""`rotalang check` with a stand-in program, and the memory limit."""

import json
import subprocess
import sys

from cli_fixtures import REPO, FakeProgram
from rotalang.diagnostics import Diagnostic, DiagnosticError, Severity

WARNING = Diagnostic.warning("W0501", "rule 甲 never applies")
REFUTED = Diagnostic.error("E0602", "assertion 医护在岗 does not follow from the rules")


def test_clean_program_says_ok(run_cli):
    program = FakeProgram()
    code, out, err = run_cli(["check", "值守.rota", "--time-limit", "3"], program)
    assert (code, out, err) == (0, "", "ok: 值守.rota\n")
    assert program.calls == [("check", 3.0)]


def test_warnings_are_shown_and_exit_0(run_cli):
    code, out, err = run_cli(["check", "a.rota"], FakeProgram(check_diags=[WARNING]))
    assert code == 0
    assert err == ("warning[W0501]: rule 甲 never applies\n\nwarning: 1 warning\n"
                   "ok: a.rota (1 warning)\n")


PROVED = Diagnostic(Severity.NOTE, "N0601", "assertion 夜班后次日休息 holds for every roster")


def test_a_proved_assertion_is_good_news_not_a_warning(run_cli):
    code, _, err = run_cli(["check", "a.rota"], FakeProgram(check_diags=[PROVED]))
    assert code == 0
    assert err == ("note[N0601]: assertion 夜班后次日休息 holds for every roster\n"
                   "ok: a.rota (1 assertion proved)\n")
    code, _, err = run_cli(["check", "a.rota", "b.rota"],
                           FakeProgram(check_diags=[WARNING, PROVED]))
    assert err.endswith("\nwarning: 1 warning\nok: a.rota, b.rota (1 warning, 1 assertion proved)\n")


def test_a_refuted_assertion_exits_1(run_cli):
    code, _, err = run_cli(["check", "a.rota"], FakeProgram(check_diags=[WARNING, REFUTED]))
    assert code == 1
    assert err.endswith("\nerror: 1 error, 1 warning\n")


def test_json_format_prints_every_diagnostic_on_stdout(run_cli):
    code, out, err = run_cli(["check", "a.rota", "--format", "json"],
                             FakeProgram(check_diags=[WARNING, REFUTED]))
    assert code == 1 and err == ""
    diags = json.loads(out)["diagnostics"]
    assert [(d["severity"], d["code"]) for d in diags] == [("warning", "W0501"),
                                                           ("error", "E0602")]


def test_a_file_that_cannot_be_read_makes_the_run_exit_2(run_cli):
    missing = Diagnostic.error("E0001", "cannot read `b.rota`: No such file or directory")
    code, out, err = run_cli(["check", "b.rota"], load_error=DiagnosticError(missing))
    assert code == 2
    assert err == "error[E0001]: cannot read `b.rota`: No such file or directory\n\nerror: 1 error\n"


def test_memory_limit_turns_a_huge_allocation_into_memory_error():
    code = ("from rotalang.cli.limits import apply_memory_limit\n"
            "apply_memory_limit(200)\n"
            "try:\n"
            "    b = bytearray(400 * 1024 * 1024)\n"
            "    print('allocated')\n"
            "except MemoryError:\n"
            "    print('MemoryError')\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                       text=True, timeout=60)
    assert r.stdout == "MemoryError\n"


def test_json_format_reports_even_an_internal_error_as_json(run_cli):
    class Broken(FakeProgram):
        def check(self, time_limit=None, *, started=None):
            raise RuntimeError("bug")

    code, out, err = run_cli(["check", "a.rota", "--format", "json"], Broken())
    assert code == 2 and err == ""
    (diag,) = json.loads(out)["diagnostics"]
    assert diag["code"] == "E0901" and diag["message"].endswith(": RuntimeError: bug")


def test_json_verify_reports_a_program_error_as_json(run_cli):
    bad = Diagnostic.error("E0201", "unknown name `员工`")
    code, out, err = run_cli(["verify", "a.rota", "--roster", "r.csv", "--format", "json"],
                             load_error=DiagnosticError(bad))
    assert code == 1 and err == ""
    assert [d["code"] for d in json.loads(out)["diagnostics"]] == ["E0201"]
