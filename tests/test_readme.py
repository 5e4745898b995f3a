"""The README shows real programs and real output: keep it true.

The first program, its `check` output and the roster `solve` prints are re-run here and
compared with the README's blocks. After an intended change of output, regenerate with
`ROTA_REGEN=1 python -m pytest tests/test_readme.py` and review the diff.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
QUICKSTART = ROOT / "examples" / "quickstart"


def blocks(text: str) -> list[str]:
    """Contents of the fenced blocks, in order."""
    return re.findall(r"^```[a-z]*\n(.*?)^```$", text, flags=re.S | re.M)


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1", PYTHONHASHSEED="0")
    return subprocess.run(
        [sys.executable, "-m", "rotalang", *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", env=env, timeout=300,
    )


def check_block(index: int, actual: str) -> None:
    text = README.read_text(encoding="utf-8")
    shown = blocks(text)[index]
    if shown != actual and os.environ.get("ROTA_REGEN"):
        README.write_text(text.replace(shown, actual, 1), encoding="utf-8")
        return
    assert shown == actual, "README is out of date; regenerate with ROTA_REGEN=1 and review"


def test_readme_program_is_the_quickstart_file():
    check_block(0, (QUICKSTART / "值班.rota").read_text(encoding="utf-8"))


def test_readme_shows_what_check_prints():
    result = run("check", "examples/quickstart/值班.rota")
    assert result.returncode == 1
    check_block(1, result.stderr + result.stdout)


def test_readme_shows_what_solve_prints():
    result = run("solve", "examples/quickstart/值班-五班.rota", "--time-limit", "60")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\n\nall 2 soft rules met\n")
    assert "optimal, cost 0" not in result.stdout  # the verdict is on stderr
    assert result.stderr.endswith("\noptimal, cost 0\n")
    check_block(2, result.stdout)


def test_readme_has_exactly_two_setup_commands():
    text = README.read_text(encoding="utf-8")
    setup = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = blocks(setup)
    assert [c.strip() for c in commands] == [
        "pip install -e '.[test]' && rotalang solve examples/checkpoint/checkpoint.rota",
        "python -m pytest",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in ci
