"""The Pygments lexer: keywords come from the grammar, no Error token, round trip."""

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

from hypothesis import given, settings, strategies as st
from pygments.token import Error, Keyword

from rotalang.highlight import RotaLexer
from rotalang.syntax.grammar import keywords

SAMPLE = (Path(__file__).resolve().parent / "syntax" / "sample.rota").read_text(encoding="utf-8")


def lex(text):
    return list(RotaLexer().get_tokens_unprocessed(text))


def test_keywords_follow_the_grammar():
    ks = keywords()
    for word in ("rule", "soft", "weight", "each", "works", "followed", "most", "least"):
        assert word in ks
    tokens = {v: t for _, t, v in lex("soft rule 甲 weight 2: each 人员 p: p works at most 5 shifts")}
    assert tokens["weight"] in Keyword and tokens["works"] in Keyword
    assert tokens["at most"] in Keyword


def test_no_error_token_and_round_trip():
    toks = lex(SAMPLE + '\nlet 说明 = "全角：，（）也可以"  # 注释：（全角）\n')
    assert not [v for _, t, v in toks if t in Error]
    assert "".join(v for _, _, v in toks) == SAMPLE + '\nlet 说明 = "全角：，（）也可以"  # 注释：（全角）\n'


def test_every_example_lexes_cleanly():
    root = Path(__file__).resolve().parents[1]
    for path in [*root.glob("examples/**/*.rota"), *root.glob("tests/syntax/*.rota")]:
        text = path.read_text(encoding="utf-8")
        toks = lex(text)
        assert not [v for _, t, v in toks if t in Error], path
        assert "".join(v for _, _, v in toks) == text


@settings(max_examples=100, deadline=2000)
@given(st.text(max_size=100))
def test_round_trip_any_text(text):
    assert "".join(v for _, _, v in lex(text)) == text


def installed() -> bool:
    try:
        importlib.metadata.distribution("rotalang")
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


@pytest.mark.skipif(not installed(), reason="the entry point exists only once rotalang is installed")
def test_pygmentize_finds_the_lexer_by_alias_and_file_name():
    # What a user types after `pip install`: `pygmentize -l rota x.rota`.
    from pygments.lexers import get_lexer_by_name, get_lexer_for_filename

    assert isinstance(get_lexer_by_name("rota"), RotaLexer)
    assert isinstance(get_lexer_for_filename("值班.rota"), RotaLexer)
    example = Path(__file__).resolve().parents[1] / "examples" / "checkpoint" / "checkpoint.rota"
    result = subprocess.run(
        [sys.executable, "-m", "pygments", "-l", "rota", "-f", "raw", str(example)],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Token.Keyword" in result.stdout and "Token.Error" not in result.stdout
