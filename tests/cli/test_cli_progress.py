"""Progress on long work, and a time limit that covers the whole command (issue 30):
`--progress` prints what is being done in plain lines, a terminal shows one live line
that is gone at the end, and a limit that runs out while grounding says so."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import rotalang as api
from cli_fixtures import REPO, rotalang

QUICKSTART = "examples/quickstart/值班.rota"  # infeasible: decides, then shrinks
FIVE = "examples/quickstart/值班-五班.rota"  # solvable


def stages(stderr: str) -> list[str]:
    """The stage of each progress line, in order: `[   0.02s] grounding: …`."""
    return re.findall(r"^\[ *\d+\.\d\ds\] ([a-z ]+):", stderr, re.M)


def test_check_with_progress_says_each_stage_in_order():
    done = rotalang("check", QUICKSTART, "--progress")
    assert done.returncode == 1
    # each stage once in this order (a stage that lasts over a second repeats its line)
    in_order = [s for i, s in enumerate(stages(done.stderr))
                if i == 0 or s != stages(done.stderr)[i - 1]]
    assert in_order[:3] == ["grounding", "deciding", "shrinking the conflict"]
    assert re.search(r"grounding: rule 每班至少两人, 0 constraints so far \(1/6\)", done.stderr)
    assert "deciding: whether the 5 hard rules can all hold" in done.stderr
    assert "shrinking the conflict: which hard rules conflict" in done.stderr
    assert "linting" in stages(done.stderr)
    # the progress comes before the diagnostics, never in the middle of one
    assert done.stderr.index("linting:") < done.stderr.index("error[E0601]")


def test_solve_and_verify_with_progress(tmp_path):
    out = tmp_path / "roster.csv"
    done = rotalang("solve", FIVE, "--progress", "--time-limit", "20", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert stages(done.stderr)[0] == "grounding"
    assert {"solving", "verifying"} <= set(stages(done.stderr))
    checked = rotalang("verify", FIVE, "--roster", str(out), "--progress")
    assert checked.returncode == 0
    assert stages(checked.stderr)[0] == "grounding"


def test_without_progress_nothing_is_added_off_a_terminal():
    done = rotalang("check", FIVE)
    assert not stages(done.stderr)
    assert "\x1b[2K" not in done.stderr  # no live line when stderr is not a terminal


def test_a_terminal_shows_one_live_line_that_is_gone_at_the_end():
    reader, writer = os.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "rotalang", "check", QUICKSTART],
                            cwd=REPO, stdin=subprocess.DEVNULL, stdout=writer, stderr=writer,
                            env={**os.environ, "PYTHONPATH": str(REPO), "TERM": "xterm"})
    os.close(writer)
    chunks = []
    while True:
        try:
            chunk = os.read(reader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(reader)
    assert proc.wait(timeout=120) == 1
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "grounding: rule" in screen and "\x1b[2K" in screen  # drawn, then redrawn
    # the live line is taken away before the diagnostics are printed
    last_live = screen.rindex("shrinking the conflict")
    assert last_live < screen.index("error[E0601]")


def test_a_time_limit_that_runs_out_while_grounding_says_so(tmp_path):
    done = rotalang("solve", FIVE, "--time-limit", "0.001")
    assert done.returncode == 2
    assert re.search(r"warning\[W0601\]: the time limit of 0.001 s ran out while grounding "
                     r"rule \S+ \(\d of 6 rules grounded\): nothing was decided", done.stderr)
    assert "unknown: no roster found within the limits" in done.stderr
    check = rotalang("check", FIVE, "--time-limit", "0.001")
    assert check.returncode == 2 and "undecided:" in check.stderr  # as any undecided check
    assert "ran out while grounding" in check.stderr


def test_the_api_counts_time_spent_before_the_call(engine):
    program = api.load(str(REPO / FIVE))
    long_ago = time.monotonic() - 100
    result = program.solve(time_limit=60, started=long_ago, engine=engine)
    assert result.status == "unknown" and result.roster is None
    assert [d.code for d in result.diagnostics] == ["W0601"]
    assert "ran out while grounding rule 每班至少两人 (0 of 6 rules grounded)" \
        in result.diagnostics[0].message
    report = api.load(str(REPO / FIVE)).check(time_limit=60, started=long_ago)
    assert report.status == "undecided"
