"""Running `rotalang diff` in-process as a user runs it, and small programs to diff."""

from __future__ import annotations

import io
from pathlib import Path

import attrs

from rotalang.cli import main
from rotalang.cli.console import Console

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples" / "analyses"

# Two people, three days, one shift: small enough for many questions in a second.
HEAD = """calendar from 2025-02-10 to 2025-02-12
staff 人员 {}
shift 白班 08:00-20:00 code "白"
人员 张丽, 王强
"""
COVER = "rule 每天一人: each day d: count(人员 p where p works on d) >= 1\n"


@attrs.frozen
class Run:
    status: int
    stdout: str
    stderr: str


def run_cli(*argv: str, cwd: Path = ROOT, monkeypatch=None) -> Run:
    if monkeypatch is not None:
        monkeypatch.chdir(cwd)
        monkeypatch.setenv("NO_COLOR", "1")
    console = Console(io.StringIO(), io.StringIO())
    status = main(list(argv), console)
    return Run(status, console.out.getvalue(), console.err.getvalue())


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
