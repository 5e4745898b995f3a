"""Golden tests: one case per diagnostic code, run the way a user runs rotalang.

A case is a group of files in tests/golden/ named `<CODE>[-<variant>].<ext>`:

    E0201.rota                  the program; run as `rotalang check E0201.rota`
    E0701.rota + E0701.roster.csv (or .roster.json)
                                run as `rotalang verify E0701.rota --roster E0701.roster.csv`
    E0480.txt                   a benchmark instance; run as `rotalang import curtois E0480.txt
                                --output <a fresh temporary folder>`
    E0020.cmd                   explicit arguments (first line that is not a `#` comment),
                                for cases no file shape implies (a missing file, solve's
                                output options); `{tmp}` is a fresh temporary folder
    E0201.expected              what the terminal shows: the command, stderr, stdout and
                                the exit status (no colour)
    E0201.json                  the JSON form: stdout of the same command with
                                `--format json` (check, verify), else the diagnostics the
                                command reported, rendered by `render_json`

Helper files (data, `use`d files) live in tests/golden/files/. Commands run in-process
through `rotalang.cli.main` from inside tests/golden (so paths read as typed); one test
runs a few cases through `python -m rotalang` to show that in-process output is the
command's output.

Internal errors and running out of memory cannot be caused by a valid input: the cases
in `FAULTS` replace `Program.check` with a function that raises, so the CLI's last-resort
handler is exercised exactly as a bug would reach it. The incident id hashes the
traceback's line numbers, so it is shown as `<id>` in those goldens.

`EXEMPT` lists codes no command can produce from files (each with its reason and the
unit test that covers it); `PENDING` lists cases whose expected files show what the
command should print once another layer's change lands (strict xfail: they fail loudly
when it does, and are then removed from `PENDING`).

Regenerate with `ROTA_REGEN=1 python -m pytest tests/test_golden.py` and review the diff
(pending cases are never overwritten).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import rotalang
from rotalang.results import Assignment, Roster
from rotalang.diagnostics import DiagnosticError
from rotalang.cli import main
from rotalang.cli.console import Console
from rotalang.diagnostics import CODES, render_json

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
REGEN = os.environ.get("ROTA_REGEN") or os.environ.get("ROTALANG_REGEN")
CASE_FILE = re.compile(r"^(?P<case>(?P<code>[EWN]\d{4})(?:-[A-Za-z0-9_]+)?)\.(?P<ext>.+)$")
INPUT_EXTS = ("cmd", "rota", "txt")
JSON_FLAG_COMMANDS = {"check", "verify"}  # commands whose --format json prints diagnostics
FAULTS = {
    "E0901": lambda: RuntimeError("injected fault for the golden test"),
    "E0902": lambda: MemoryError(),
}
INCIDENT_ID = re.compile(r"\b(internal error|the id) [0-9a-f]{8}\b")
PROGRESS_TIME = re.compile(r"^\[ *\d+\.\d\ds\]", re.MULTILINE)
# Codes no command can produce from files, each with the reason and the test that
# covers it instead.
EXEMPT = {
    "E0716": "a roster read from a file has its people, days, shifts and posts checked "
             "first (E0706-E0710), so only a Roster built in Python reaches E0716: "
             "test_E0716_roster_built_in_python",
}
# Cases whose expected output is what the command should print once a change owned by
# another layer lands; strict, so each one flips to a failure (remove it here) when it does.
PENDING: dict[str, str] = {}


@attrs.frozen
class Case:
    name: str  # E0701 or E0701-json
    code: str
    files: frozenset[str]  # the extensions present: {"rota", "roster.csv", ...}

    def argv(self, tmp: Path) -> list[str]:
        if "cmd" in self.files:
            lines = (GOLDEN / f"{self.name}.cmd").read_text(encoding="utf-8").splitlines()
            (line,) = [s for s in lines if s.strip() and not s.lstrip().startswith("#")]
            return [a.replace("{tmp}", str(tmp)) for a in shlex.split(line)]
        if "rota" in self.files:
            rosters = [e for e in ("roster.csv", "roster.json") if e in self.files]
            if rosters:
                return ["verify", f"{self.name}.rota", "--roster", f"{self.name}.{rosters[0]}"]
            return ["check", f"{self.name}.rota"]
        if "txt" in self.files:
            return ["import", "curtois", f"{self.name}.txt", "--output", str(tmp / "out")]
        raise AssertionError(f"golden case {self.name} has no input file")


def discover() -> list[Case]:
    found: dict[str, tuple[str, set[str]]] = {}
    for path in GOLDEN.iterdir():
        m = CASE_FILE.match(path.name)
        if path.is_file() and m:
            found.setdefault(m["case"], (m["code"], set()))[1].add(m["ext"])
    cases = [Case(name, code, frozenset(exts)) for name, (code, exts) in found.items()
             if any(e in exts for e in INPUT_EXTS)]
    return sorted(cases, key=lambda c: c.name)


CASES = discover()


class RecordingConsole(Console):
    """The CLI's console writing to strings and keeping every diagnostic it printed."""

    def __init__(self):
        super().__init__(io.StringIO(), io.StringIO())
        self.reported = []

    def diagnostics(self, diags, fmt="text", summary=True, extra=None):
        diags = list(diags)
        self.reported += diags
        super().diagnostics(diags, fmt, summary, extra)


@attrs.frozen
class Run:
    status: int
    stdout: str
    stderr: str
    diagnostics: tuple


def run_cli(case: Case, argv: list[str], monkeypatch) -> Run:
    monkeypatch.chdir(GOLDEN)
    monkeypatch.setenv("NO_COLOR", "1")
    if case.name in FAULTS:
        make = FAULTS[case.name]

        def broken_check(self, time_limit=None, *, started=None):
            raise make()

        monkeypatch.setattr("rotalang.api.Program.check", broken_check)
    # The same machine for every golden: E0902 names the default memory budget.
    monkeypatch.setattr("rotalang.memory.machine_memory", lambda: 16 << 30)
    console = RecordingConsole()
    status = main(argv, console)
    return Run(status, console.out.getvalue(), console.err.getvalue(),
               tuple(console.reported))


def display_argv(argv: list[str], tmp: Path) -> str:
    return " ".join(shlex.quote(a.replace(str(tmp), "TMP")) for a in argv)


def text_form(argv: list[str], run: Run, tmp: Path) -> str:
    parts = [f"$ rotalang {display_argv(argv, tmp)}\n", run.stderr]
    if run.stdout:
        parts += ["--- stdout ---\n", run.stdout]
    parts.append(f"[exit {run.status}]\n")
    text = INCIDENT_ID.sub(r"\1 <id>", "".join(parts).replace(str(tmp), "TMP"))
    # solve's progress lines carry the time since the start: the machine's, not ours
    return PROGRESS_TIME.sub("[   T.TTs]", text)


def json_form(case: Case, argv: list[str], text_run: Run, monkeypatch, tmp: Path) -> str:
    if argv[0] in JSON_FLAG_COMMANDS:
        run = run_cli(case, [*argv, "--format", "json"], monkeypatch)
        assert run.status == text_run.status, "text and JSON runs end differently"
        out = run.stdout
    else:
        out = render_json(text_run.diagnostics)
    return INCIDENT_ID.sub(r"\1 <id>", out.replace(str(tmp), "TMP"))


def compare(path: Path, actual: str, regen: bool = True) -> None:
    if REGEN and regen:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path.name} is missing: run with ROTA_REGEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        assert json.loads(actual) == json.loads(expected)
    else:
        assert actual == expected


def test_every_code_has_a_golden_case():
    covered = {c.code for c in CASES} | set(EXEMPT)
    missing = [code for code in sorted(CODES) if code not in covered]
    assert missing == [], f"diagnostic codes without a golden case in tests/golden: {missing}"


def test_every_case_is_for_a_known_code():
    assert [c.name for c in CASES if c.code not in CODES] == []


def test_exempt_codes_are_known_and_have_no_case():
    assert sorted(EXEMPT) == sorted(set(EXEMPT) & set(CODES) - {c.code for c in CASES})


def test_pending_cases_exist():
    assert sorted(PENDING) == sorted(set(PENDING) & {c.name for c in CASES})


def marked(case: Case):
    if case.name in PENDING:
        return pytest.param(case, marks=pytest.mark.xfail(reason=PENDING[case.name],
                                                          strict=True))
    return case


@pytest.mark.parametrize("case", [marked(c) for c in CASES], ids=lambda c: c.name)
def test_golden(case, monkeypatch, tmp_path):
    argv = case.argv(tmp_path)
    run = run_cli(case, argv, monkeypatch)
    assert case.code in {d.code for d in run.diagnostics}, (
        f"{case.name} should report {case.code}; it reported "
        f"{[d.code for d in run.diagnostics]}\n{run.stderr}")
    regen = case.name not in PENDING  # their expected files are written by hand
    compare(GOLDEN / f"{case.name}.expected", text_form(argv, run, tmp_path), regen)
    compare(GOLDEN / f"{case.name}.json",
            json_form(case, argv, run, monkeypatch, tmp_path), regen)


def test_E0716_roster_built_in_python():
    program = rotalang.load(GOLDEN / "E0701.rota")
    roster = Roster.of([Assignment("张丽", datetime.date(2025, 2, 10), "早班"),
                        Assignment("赵六", datetime.date(2025, 2, 10), "早班")])
    with pytest.raises(DiagnosticError) as info:
        program.verify(roster)
    (diag,) = info.value.diagnostics
    assert (diag.code, diag.span) == ("E0716", None)
    assert "赵六" in diag.message and "张丽" not in diag.message


SUBPROCESS_CASES = ["E0201", "E0603"]  # a front-end error, a solver finding


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_in_process_output_is_the_commands_output(name, tmp_path):
    (case,) = [c for c in CASES if c.name == name]
    argv = case.argv(tmp_path)
    env = {**os.environ, "NO_COLOR": "1",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-m", "rotalang", *argv], cwd=GOLDEN, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    run = Run(proc.returncode, proc.stdout, proc.stderr, ())
    assert text_form(argv, run, tmp_path) == \
        (GOLDEN / f"{name}.expected").read_text(encoding="utf-8")
