"""Golden tests for the E00xx/E01xx codes: tests/golden/<CODE>.rota is read and parsed;
the text rendering must equal <CODE>.expected and the JSON <CODE>.json.
Regenerate with `ROTA_REGEN=1 python -m pytest tests/syntax` and review the diff."""

import json
import os
from pathlib import Path

import pytest

from rotalang.diagnostics import CODES, DiagnosticError, render_all, render_json
from rotalang.syntax import parse
from rotalang.syntax.source import read_source

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
# The codes this layer emits (other E00xx codes belong to the checker's file loading).
OWN = ("E0001", "E0002")
SYNTAX_CODES = sorted(c for c in CODES if c.startswith("E01") or c in OWN)


def diagnostics_for(code):
    cwd = os.getcwd()
    os.chdir(GOLDEN)  # paths in messages are as the user typed them: `E0101.rota`
    try:
        name = f"{code}-missing.rota" if code == "E0001" else f"{code}.rota"
        text, diags = read_source(name)
        if code != "E0001":
            try:
                parse(text, name)
            except DiagnosticError as exc:
                diags = [*diags, *exc.diagnostics]
        return diags
    finally:
        os.chdir(cwd)


def test_every_file_and_syntax_code_has_a_golden():
    for code in SYNTAX_CODES:
        assert (GOLDEN / f"{code}.rota").exists(), code


@pytest.mark.parametrize("code", SYNTAX_CODES)
def test_golden(code):
    diags = diagnostics_for(code)
    assert diags and diags[0].code == code
    text, js = render_all(diags), render_json(diags)
    expected, expected_json = GOLDEN / f"{code}.expected", GOLDEN / f"{code}.json"
    if os.environ.get("ROTA_REGEN"):
        expected.write_text(text, encoding="utf-8")
        expected_json.write_text(js, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")
    assert json.loads(js) == json.loads(expected_json.read_text(encoding="utf-8"))
