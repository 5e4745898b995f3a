"""Every construct of the language table type-checks, and its typed IR reads as
expected: tests/check/golden/<construct>.rota → <construct>.ir (format_program).
Regenerate with `ROTA_REGEN=1 python -m pytest tests/check` and review the diff."""

import os
from pathlib import Path

import pytest

from rotalang.check import load_program
from rotalang.ir_text import format_program

GOLDEN = Path(__file__).resolve().parent / "golden"
PROGRAMS = sorted(p.stem for p in GOLDEN.glob("*.rota"))
REGEN = os.environ.get("ROTA_REGEN") or os.environ.get("ROTALANG_REGEN")
CONSTRUCTS = ("coverage", "qualification", "availability", "limits", "sequences", "weekends",
              "requests", "composition", "pairing", "fairness", "conditions", "facts_only")


def test_every_construct_has_a_program():
    assert set(CONSTRUCTS) <= set(PROGRAMS)


@pytest.mark.parametrize("name", PROGRAMS)
def test_ir_text(name, monkeypatch):
    monkeypatch.chdir(GOLDEN)
    program, warnings = load_program(f"{name}.rota")
    assert warnings == []
    text = format_program(program)
    expected = GOLDEN / f"{name}.ir"
    if REGEN:
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")
