"""A stand-in for `rotalang.api.Program` so the CLI's own behaviour (streams, exit
codes, output files, interrupts, internal errors) is tested with known results."""

import datetime
import io
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from rotalang import ir
from rotalang.cli import main
from rotalang.cli.console import Console
from rotalang.results import (Assignment, CheckReport, CostLine, Improvement, Roster,
                              SolveResult)

REPO = Path(__file__).resolve().parents[2]
D = datetime.date

IR = ir.Program(
    files=("值守.rota",), calendar=ir.Calendar(D(2025, 2, 10), D(2025, 2, 11)), enums=(),
    kinds=(ir.KindDecl("人员", "staff", ()),),
    records=(ir.Record("人员", "张丽", ()), ir.Record("人员", "王伟", ())),
    shifts=(ir.ShiftDecl("早班", 360, 840, 480, "早"),), lets=(), rules=())
ROSTER = Roster.of([Assignment("张丽", D(2025, 2, 10), "早班"),
                    Assignment("王伟", D(2025, 2, 11), "早班")])
BETTER = Roster.of([Assignment("王伟", D(2025, 2, 10), "早班"),
                    Assignment("张丽", D(2025, 2, 11), "早班")])


class FakeProgram:
    """Behaves like `rotalang.api.Program`; `solve_plan` says what solve does."""

    def __init__(self, solve_plan=None, check_diags=(), verify_report=None):
        self.ir = IR
        self.warnings = []
        self.solve_plan = solve_plan or []
        self.check_diags = tuple(check_diags)
        self.verify_report = verify_report
        self.calls = []

    def check(self, time_limit=None, *, started=None):
        self.calls.append(("check", time_limit))
        return CheckReport(self.check_diags)

    def solve(self, time_limit=None, seed=0, on_improvement=None, workers=None,
              engine=None, work_limit=None, *, started=None):
        self.calls.append(("solve", time_limit, seed))
        self.workers, self.engine, self.work_limit = workers, engine, work_limit
        for step in self.solve_plan:
            if isinstance(step, Improvement):
                on_improvement(step)
            elif isinstance(step, BaseException):
                raise step
            else:
                return step
        raise AssertionError("solve plan without a result")

    def verify(self, roster):
        self.calls.append(("verify", roster))
        if isinstance(self.verify_report, BaseException):
            raise self.verify_report
        return self.verify_report


OPTIMAL = SolveResult("optimal", Fraction(3), Fraction(3), BETTER,
                      (CostLine("轮换", 7, Fraction(3), 3),))
STEPS = [Improvement(Fraction(20), Fraction(0), 0.5, ROSTER),
         Improvement(Fraction(3), Fraction(3), 1.25, BETTER)]


@pytest.fixture
def run_cli(monkeypatch):
    """Run `main(argv)` in-process with `program` standing in for whatever any file
    loads; return (exit code, stdout, stderr)."""

    def run(argv, program=None, load_error=None):
        def fake_load(path, args):
            if load_error is not None:
                raise load_error
            return program

        for module in ("check_cmd", "ir_cmd", "solve_cmd", "verify_cmd"):
            monkeypatch.setattr(f"rotalang.cli.{module}.load_program", fake_load)
        out, err = io.StringIO(), io.StringIO()
        code = main(argv, Console(out, err))
        return code, out.getvalue(), err.getvalue()

    return run


def rotalang(*args, cwd=None, env=None):
    """`python -m rotalang ARGS` from the repository root, as a user runs it."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    full_env.pop("NO_COLOR", None)
    return subprocess.run([sys.executable, "-m", "rotalang", *args], cwd=cwd or REPO,
                          capture_output=True, text=True, env=full_env, timeout=120)
