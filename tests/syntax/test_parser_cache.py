"""The built parser is cached on disk (rotalang/syntax/grammar.py): first run writes the
cache, later runs load it, and a cache folder that cannot be used or a damaged cache
file never stops the parser from working."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = ("from rotalang.syntax import parse;"
         "print(parse('rule r: each 人员 p: p works at most 5 shifts\\n', 'x').items[0].name.name)")


def _run(cache_dir: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ROTALANG_CACHE_DIR": cache_dir, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                          text=True, timeout=120)


def test_first_run_writes_the_cache_and_the_next_run_reads_it(tmp_path):
    first = _run(str(tmp_path))
    assert (first.returncode, first.stdout, first.stderr) == (0, "r\n", "")
    cached = list(tmp_path.iterdir())
    assert len(cached) == 1 and cached[0].name.startswith("parser-")
    written = cached[0].stat().st_mtime_ns
    second = _run(str(tmp_path))
    assert (second.returncode, second.stdout, second.stderr) == (0, "r\n", "")
    assert [p.stat().st_mtime_ns for p in tmp_path.iterdir()] == [written]


def test_a_damaged_cache_file_is_rebuilt(tmp_path):
    _run(str(tmp_path))
    (cached,) = tmp_path.iterdir()
    cached.write_bytes(b"not a pickle")
    result = _run(str(tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (0, "r\n", "")
    assert cached.stat().st_size > 1000


def test_an_unusable_cache_folder_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = _run(str(blocker / "cache"))  # cannot be created under a file
    assert (result.returncode, result.stdout, result.stderr) == (0, "r\n", "")


def test_caching_can_be_turned_off(tmp_path):
    result = _run("")
    assert (result.returncode, result.stdout, result.stderr) == (0, "r\n", "")
