"""Golden tests for the checker's codes (E0003, E0004, E02xx, E03xx, E04xx):
tests/golden/<CODE>.rota is loaded with `load_program` from inside tests/golden (so
paths read as a user typed them); the text rendering of all its diagnostics must equal
<CODE>.expected and the JSON <CODE>.json. Helper files (data, used files) live in
tests/golden/files/. Regenerate with `ROTA_REGEN=1 python -m pytest tests/check` and
review the diff."""

import json
import os
from pathlib import Path

import pytest

from rotalang.check import load_program
from rotalang.diagnostics import CODES, DiagnosticError, render_all, render_json

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CHECK_CODES = sorted(c for c in CODES if c in ("E0003", "E0004")
                     or c.startswith(("E02", "E03", "E040", "E041")))  # E048x: importer
REGEN = os.environ.get("ROTA_REGEN") or os.environ.get("ROTALANG_REGEN")


def diagnostics_for(code: str):
    cwd = os.getcwd()
    os.chdir(GOLDEN)
    try:
        load_program(f"{code}.rota")
    except DiagnosticError as exc:
        return exc.diagnostics
    finally:
        os.chdir(cwd)
    return []


def test_every_checker_code_has_a_golden():
    missing = [c for c in CHECK_CODES if not (GOLDEN / f"{c}.rota").exists()]
    assert missing == []


@pytest.mark.parametrize("code", CHECK_CODES)
def test_golden(code):
    diags = diagnostics_for(code)
    assert [d.code for d in diags if d.is_error][:1] == [code]
    text, js = render_all(diags), render_json(diags)
    expected, expected_json = GOLDEN / f"{code}.expected", GOLDEN / f"{code}.json"
    if REGEN:
        expected.write_text(text, encoding="utf-8")
        expected_json.write_text(js, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")
    assert json.loads(js) == json.loads(expected_json.read_text(encoding="utf-8"))
