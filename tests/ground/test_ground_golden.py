"""Ground-model golden files: tests/ground/golden/<name>.rota is grounded and printed by
`format_ground_model` (rotalang/ground/printer.py); the text must equal <name>.ground.

The programs are small on purpose (a few people, two to four days, one to three
shifts) so that a reader can check every printed constraint against the rule it comes
from; together they cover each statement and construct the grounder handles. Unit
tests (test_ground_constructs.py) pin single lines; these files pin whole models, so an
unintended change anywhere in grounding shows up as a readable diff.

After an intended change of the grounder or the printer, regenerate with
`ROTA_REGEN=1 python -m pytest tests/ground/test_ground_golden.py` and review the diff.
"""

import os
from pathlib import Path

import pytest

from rotalang.check import load_program
from rotalang.ground import ground
from rotalang.ground.printer import format_ground_model

GOLDEN = Path(__file__).resolve().parent / "golden"
PROGRAMS = sorted(p.stem for p in GOLDEN.glob("*.rota"))
REGEN = os.environ.get("ROTA_REGEN") or os.environ.get("ROTALANG_REGEN")
HOW_TO_REGENERATE = "ROTA_REGEN=1 python -m pytest tests/ground/test_ground_golden.py"


def printed_model(name: str) -> str:
    """The printed ground model of golden/<name>.rota. Loaded by its bare name from inside
    the folder, as the checker goldens are, so that data paths read as written."""
    program, _warnings = load_program(f"{name}.rota")
    return format_ground_model(ground(program))


@pytest.mark.parametrize("name", PROGRAMS)
def test_ground_model_text(name, monkeypatch):
    monkeypatch.chdir(GOLDEN)
    text = printed_model(name)
    expected = GOLDEN / f"{name}.ground"
    if REGEN:
        expected.write_text(text, encoding="utf-8")
    assert expected.exists(), (f"{expected.name} is missing: create it with "
                               f"`{HOW_TO_REGENERATE}` and review it")
    assert text == expected.read_text(encoding="utf-8")


def test_every_program_has_its_ground_file_and_back():
    """A .ground without its .rota would never be compared again; a .rota without its
    .ground fails above, but say both here in one place."""
    grounds = {p.stem for p in GOLDEN.glob("*.ground")}
    assert sorted(set(PROGRAMS) - grounds) == [], (
        f"programs without an expected .ground file: create them with `{HOW_TO_REGENERATE}`")
    assert sorted(grounds - set(PROGRAMS)) == [], (
        "expected .ground files whose .rota program is gone: delete them")
