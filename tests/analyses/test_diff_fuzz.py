"""Hostile input to `rotalang diff`: random bytes, truncated and damaged programs,
things that are not files. Every run ends with diagnostics or a verdict and an exit
code — never a traceback, never an internal error (E0901)."""

from __future__ import annotations

import random

import pytest

from helpers import COVER, HEAD, run_cli, write

BASE = HEAD + COVER + ("rule 不连班: no 白班 followed by 白班\n"
                       "soft rule 张丽少上 weight 2: 张丽 is off on 2025-02-11\n")
SEED = 20251208


def _assert_clean(run) -> None:
    text = run.stdout + run.stderr
    assert "Traceback" not in text and "E0901" not in text, text
    assert run.status in (0, 1, 2), run.status
    if run.status == 2:
        assert "error" in run.stderr or "unknown" in run.stderr, run.stderr


def _random_bytes(rng: random.Random) -> bytes:
    n = rng.choice([0, 1, 7, 64, 300])
    return bytes(rng.randrange(256) for _ in range(n))


def _truncated(rng: random.Random) -> bytes:
    data = BASE.encode("utf-8")
    return data[:rng.randrange(len(data))]  # may cut a character in half


def _damaged(rng: random.Random) -> bytes:
    data = bytearray(BASE.encode("utf-8"))
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(data))
        data[i] = rng.choice([0, 0x22, 0x7b, 0x7d, 0xff, ord(rng.choice("0123456789:,-"))])
    return bytes(data)


CASES = [(kind, i) for kind in ("bytes", "truncated", "damaged") for i in range(6)]
MAKERS = {"bytes": _random_bytes, "truncated": _truncated, "damaged": _damaged}


@pytest.mark.parametrize("kind, i", CASES, ids=lambda v: str(v))
def test_hostile_programs_give_diagnostics_not_tracebacks(kind, i, tmp_path):
    rng = random.Random(f"{SEED}-{kind}-{i}")
    good = write(tmp_path, "好.rota", BASE)
    bad = tmp_path / "坏.rota"
    bad.write_bytes(MAKERS[kind](rng))
    pair = (str(good), str(bad)) if i % 2 else (str(bad), str(good))
    _assert_clean(run_cli("diff", *pair, "--time-limit", "5"))


@pytest.mark.parametrize("other", ["/dev/null", "目录", "不存在.rota"])
def test_things_that_are_not_programs(other, tmp_path):
    (tmp_path / "目录").mkdir()
    good = write(tmp_path, "好.rota", BASE)
    path = other if other.startswith("/") else str(tmp_path / other)
    run = run_cli("diff", str(good), path)
    _assert_clean(run)
    assert run.status == 2


def test_bad_arguments_exit_2(tmp_path):
    good = str(write(tmp_path, "好.rota", BASE))
    for argv in (["diff", good], ["diff", good, good, "--time-limit", "-1"],
                 ["diff", good, good, "--seed", "x"], ["diff", good, good, "--format", "xml"]):
        assert run_cli(*argv).status == 2
