"""Shared helpers for the robustness tests: run the pipeline through the API or the
CLI and classify what came back. The one rule these tests enforce: every outcome is a
result or a located diagnostic with a documented exit code, never a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import rotalang
from rotalang.cli import main
from rotalang.cli.console import Console
from rotalang.diagnostics import CODES, Diagnostic, DiagnosticError, render_all, render_json

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"

# The documented exit codes (rotalang.cli.errors and `rotalang --help`).
OK, PROBLEMS, CANNOT_RUN, INTERRUPTED = 0, 1, 2, 130
EXIT_CODES = {OK, PROBLEMS, CANNOT_RUN}

# A small complete program: two people, one shift, three days.
SMALL = """\
calendar from 2025-02-10 to 2025-02-12

staff 人员 { 本地: bool = true }
人员 张丽, 王伟

shift 早班 06:00-14:00 code "早"

rule 每天一人:
  each day d: count(人员 p where p works on d) >= 1

soft rule 少上班 weight 2:
  each 人员 p: minimize shifts(p)
"""

# The header of SMALL without its rules, for programs built around one line.
HEADER = """\
calendar from 2025-02-10 to 2025-02-12
staff 人员 { 本地: bool = true }
人员 张丽, 王伟
shift 早班 06:00-14:00
"""


def assert_well_formed(diags) -> None:
    """Every diagnostic has a known code, a message, and renders in both forms."""
    assert diags, "a DiagnosticError must carry at least one diagnostic"
    for d in diags:
        assert isinstance(d, Diagnostic)
        assert d.code in CODES, d.code
        assert d.message.strip()
    render_all(diags)
    render_json(diags)


def api_outcome(source, *, solve: bool = False, time_limit: float = 2.0, **load_kw):
    """Load (and check, optionally solve) through the API. Returns ("load" | "check" |
    "solve", diagnostics) when a DiagnosticError stopped it, else ("ok", report).
    Any other exception propagates, failing the test that called it."""
    try:
        program = rotalang.load(source, **load_kw)
    except DiagnosticError as err:
        assert_well_formed(err.diagnostics)
        return "load", err.diagnostics
    try:
        report = program.check(time_limit=time_limit)
    except DiagnosticError as err:
        assert_well_formed(err.diagnostics)
        return "check", err.diagnostics
    if not solve:
        return "ok", report
    try:
        result = program.solve(time_limit=time_limit)
    except DiagnosticError as err:
        assert_well_formed(err.diagnostics)
        return "solve", err.diagnostics
    return "ok", result


def codes(diags) -> list[str]:
    return [d.code for d in diags]


def run_main(*argv: str) -> tuple[int, str, str]:
    """The CLI in-process (the same code `python -m rotalang` runs): (code, out, err)."""
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], Console(out, err))
    return code, out.getvalue(), err.getvalue()


def env_for_subprocess(**extra: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", **extra}
    return env


def run_cli(*argv: str, cwd=None, timeout: float = 120, env=None) -> subprocess.CompletedProcess:
    """`python -m rotalang ARGV` in a fresh process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "rotalang", *map(str, argv)],
                          cwd=cwd or REPO, capture_output=True, timeout=timeout,
                          env=env or env_for_subprocess())


def assert_no_traceback(text: str | bytes) -> None:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    assert "Traceback" not in text, text
    assert "Exception ignored" not in text, text
