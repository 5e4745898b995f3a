"""Engine parity: each ground-model golden program (tests/ground/golden/<name>.rota) is
solved to the end under every engine, and each must reach the status and optimum
written in <name>.optimum — the same for all engines, so an encoding that reads a rule
differently in one engine shows up here as a wrong optimum, not as a worse roster.

The programs are small enough to be proved optimal in well under a second. After an
intended change, regenerate with `ROTA_REGEN=1 python -m pytest
tests/ground/test_engine_parity.py` and review the diff."""

import os
from pathlib import Path

import pytest

import rotalang
from rotalang.backends import ENGINES

GOLDEN = Path(__file__).resolve().parent / "golden"
PROGRAMS = sorted(p.stem for p in GOLDEN.glob("*.rota"))
REGEN = os.environ.get("ROTA_REGEN") or os.environ.get("ROTALANG_REGEN")


def outcome_line(name: str, engine: str) -> str:
    """What solving golden/<name>.rota to the end gives: the status, and the cost and
    bound of an optimal roster (re-checked by `verify`)."""
    program = rotalang.load(f"{name}.rota")
    result = program.solve(time_limit=60, seed=0, workers=1, engine=engine)
    if result.roster is None:
        return f"{result.status}\n"
    report = program.verify(result.roster)
    assert report.ok and report.cost == result.cost, (
        f"{engine}'s roster of {name} does not verify at the cost it reports")
    return f"{result.status} cost {result.cost} bound {result.lower_bound}\n"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", PROGRAMS)
def test_every_engine_reaches_the_written_optimum(name, engine, monkeypatch):
    monkeypatch.chdir(GOLDEN)
    line = outcome_line(name, engine)
    expected = GOLDEN / f"{name}.optimum"
    if REGEN and engine == ENGINES[0]:
        expected.write_text(line, encoding="utf-8")
    assert expected.exists(), (f"{expected.name} is missing: create it with "
                               "`ROTA_REGEN=1 python -m pytest tests/ground/test_engine_parity.py`")
    assert line == expected.read_text(encoding="utf-8")
