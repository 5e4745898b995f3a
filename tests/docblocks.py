"""Docs that show command output stay true: re-run each shown command and compare.

A console block is a fenced block whose first line is `$ rotalang ARGS`; the lines
after it are what the command prints as a terminal shows it (stderr and stdout in the
order written), or stdout only when the command ends with `2>/dev/null` (how a doc shows
a solve without its progress lines, whose timings change from run to run). When the
exit status is not 0 the block ends with `[exit N]`.

A line that is exactly `…` stands for lines left out (a long roster cut after its first
rows): the lines before it must start the output and the lines after it end it.

After an intended change of output, run the doc's test with `ROTA_REGEN=1`: each
block that differs is rewritten in place (keeping as many lines either side of a `…`)
and the diff is left for review.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ELIDED = "…"
CONSOLE_BLOCK = re.compile(r"^```[a-z]*\n(\$ rotalang [^\n]*)\n(.*?)^```$", re.S | re.M)


def console_blocks(doc: Path) -> list[tuple[str, str]]:
    """(command line, shown output) of each console block of `doc`, in order."""
    return CONSOLE_BLOCK.findall(doc.read_text(encoding="utf-8"))


def nth_same(blocks: list[tuple[str, str]]) -> list[int]:
    """For each (command, shown), how many blocks before it are the same: with
    ROTA_REGEN a block is found again by its text and this count (two blocks may run
    the same command on different files)."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for block in blocks:
        out.append(seen.get(block, 0))
        seen[block] = out[-1] + 1
    return out


def run_console(command: str, cwd: Path = ROOT, timeout: float = 600) -> str:
    """What `command` (`$ rotalang ARGS [2>/dev/null]`) prints, as a console block
    shows it: the output, then `[exit N]` when N is not 0."""
    args = shlex.split(command[2:])[1:]
    quiet = args[-1:] == ["2>/dev/null"]
    args = args[:-1] if quiet else args
    env = {**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": "0", "COLUMNS": "200",
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "rotalang", *args], cwd=cwd, env=env,
                          stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL if quiet else subprocess.STDOUT,
                          text=True, encoding="utf-8", timeout=timeout)
    return done.stdout + (f"[exit {done.returncode}]\n" if done.returncode else "")


def _segments(shown: str) -> list[list[str]]:
    """The shown lines split at each `…` line."""
    parts: list[list[str]] = [[]]
    for line in shown.splitlines():
        if line == ELIDED:
            parts.append([])
        else:
            parts[-1].append(line)
    return parts


def shows(shown: str, actual: str) -> bool:
    """True when `shown` is `actual`, or `actual` with runs of lines cut at `…`s."""
    parts = _segments(shown)
    if len(parts) == 1:
        return shown == actual
    lines = actual.splitlines()
    head, *middle, tail = parts
    if lines[:len(head)] != head or len(lines) < len(head) + len(tail):
        return False
    if tail and lines[len(lines) - len(tail):] != tail:
        return False
    at, end = len(head), len(lines) - len(tail)
    for part in middle:  # each in order, somewhere between
        found = next((i for i in range(at, end - len(part) + 1)
                      if lines[i:i + len(part)] == part), None)
        if found is None:
            return False
        at = found + len(part)
    return True


def cut_like(shown: str, actual: str) -> str:
    """`actual` cut the way `shown` is: as many first and last lines around one `…`
    (a block with no `…` is replaced whole)."""
    parts = _segments(shown)
    if len(parts) == 1:
        return actual
    head, tail = len(parts[0]), len(parts[-1])
    lines = actual.splitlines()
    if head + tail >= len(lines):
        return actual
    kept = lines[:head] + [ELIDED] + (lines[len(lines) - tail:] if tail else [])
    return "\n".join(kept) + "\n"


def check_shown(doc: Path, before: str, shown: str, actual: str, nth: int = 0) -> None:
    """Assert `shown` (the text between `before` and a closing fence in `doc`, the
    `nth` such block counting from 0) shows `actual`; with ROTA_REGEN set, rewrite it
    instead."""
    if shows(shown, actual):
        return
    if os.environ.get("ROTA_REGEN"):
        text = doc.read_text(encoding="utf-8")
        old = before + shown + "```"
        at = -1
        for _ in range(nth + 1):
            at = text.find(old, at + 1)
            assert at >= 0, f"{before!r} not found in {doc}"
        new = before + cut_like(shown, actual) + "```"
        doc.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
        return
    name = doc.relative_to(ROOT) if doc.is_relative_to(ROOT) else doc
    assert shown == actual, (f"{name} is out of date; regenerate with ROTA_REGEN=1 and "
                             "review the diff")


def check_console_block(doc: Path, command: str, shown: str, cwd: Path = ROOT,
                        nth: int = 0) -> None:
    """Run a console block's command in `cwd` and check the block shows its output
    (`nth`: see `nth_same`)."""
    check_shown(doc, command + "\n", shown, run_console(command, cwd), nth)


FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```$", re.S | re.M)


def walk(doc: Path):
    """Each fenced block of `doc` in order, as (info words, body, files): a ```rota
    block whose info names a file (```rota 值守.rota) adds its body to that file, and
    `files` maps each file named so far to its text so far, this block included: a
    tutorial that grows a program block by block runs each shown command on the
    program as the reader has it at that point."""
    files: dict[str, str] = {}
    for m in FENCE.finditer(doc.read_text(encoding="utf-8")):
        words, body = m.group(1).split(), m.group(2)
        named = [w for w in words[1:] if w.endswith(".rota")]
        if words[:1] == ["rota"] and named:
            files[named[0]] = files.get(named[0], "") + ("\n" if named[0] in files else "") + body
        yield words, body, dict(files)
