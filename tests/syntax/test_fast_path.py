"""The fast parser (AST built while parsing, rotalang/syntax/lalr.py) and the fast lexer
must give exactly what the reference path gives — nodes, field values and every span —
on every program in the repository and on generated ones."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import attrs
import pytest

from rotalang.diagnostics import DiagnosticError
from rotalang.syntax import parser
from rotalang.syntax.grammar import fast_lex, lex
from rotalang.syntax.source import fix_full_width

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = sorted(p for p in ROOT.rglob("*.rota") if ".git" not in p.parts)
sys.path.insert(0, str(ROOT / "benchmarks"))


def _exact(node):
    """A node as nested tuples including spans (`==` on nodes ignores spans)."""
    if attrs.has(type(node)):
        return (type(node).__name__,) + tuple(
            (f.name, _exact(getattr(node, f.name))) for f in attrs.fields(type(node)))
    if isinstance(node, tuple):
        return tuple(_exact(x) for x in node)
    return node


def _outcome(text: str, fast: bool):
    try:
        return "ok", _exact(parser._parse(text, "t.rota", fast=fast))
    except DiagnosticError as exc:
        return "error", [(d.code, d.message, d.span) for d in exc.diagnostics]


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")


def test_the_repository_has_programs_to_compare():
    assert len(PROGRAMS) >= 20


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_path_gives_the_reference_result(path):
    text = _text(path)
    assert _outcome(text, fast=True) == _outcome(text, fast=False)


def test_fast_path_on_the_benchmark_program():
    import bench_frontend
    text = bench_frontend.generate(300)
    fast = _outcome(text, fast=True)
    assert fast[0] == "ok"
    assert fast == _outcome(text, fast=False)


def test_fast_path_keeps_bad_literal_errors_and_nesting_errors():
    text = ("calendar from 2025-02-10 to 2025-02-30\nshift 早班 25:00-14:00\n"
            "let 深 = " + "-" * 3000 + "1\nlet x = (1 + 2) * 3\n")
    fast = _outcome(text, fast=True)
    assert [d[0] for d in fast[1]] == ["E0110", "E0111", "E0107"]
    assert fast == _outcome(text, fast=False)


def test_parenthesised_operand_widens_its_parent_not_itself():
    program = parser.parse("let x = (1 + 2) * 3\n", "t.rota")
    product = program.items[0].value
    assert (product.span.start_offset, product.span.end_offset) == (8, 19)
    assert (product.left.span.start_offset, product.left.span.end_offset) == (9, 14)


@pytest.mark.parametrize("path", PROGRAMS[::3], ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_lexer_gives_lark_tokens(path):
    text, _ = fix_full_width(_text(path), "t.rota")
    _compare_lexers(text)


def _compare_lexers(text):
    def shape(tokens):
        return [(t.type, str(t), t.start_pos, t.line, t.column, t.end_line, t.end_column,
                 t.end_pos) for t in tokens]
    try:
        reference = shape(lex(text))
    except Exception:
        reference = None
    fast = fast_lex(text)
    assert (None if fast is None else shape(fast)) == reference


def test_fast_lexer_on_random_text():
    rng = random.Random(11)
    pieces = ["rule", "ruler", " ", "\n", "\n\n  ", "# 注释\n", '"文 本"', "2025-02-10", "8h",
              "7.5h", "94%", "06:00", "at most", "at  least", "人员", "x1", "{", "}", "(",
              ")", ",", ":", ".", "<=", "-", "3", "3.25", "5‰", "each", "where"]
    for _ in range(300):
        _compare_lexers("".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))))
    _compare_lexers('rule r: x = "unterminated\n')
    _compare_lexers("let x = 1 ; 2")


def test_valid_items_do_not_fall_back_to_the_reference_path():
    from rotalang.syntax.build import Builder
    from rotalang.syntax.lalr import FastParser
    import bench_frontend
    text = bench_frontend.generate(60)
    tokens = fast_lex(text)
    parser._mark_kind_names(tokens)
    fast = FastParser(Builder("t.rota"))
    for lo, hi in parser._chunks(tokens):
        assert fast.parse_items(tokens, lo, hi) is not None, str(tokens[lo])
    bad = fast_lex("rule r: p works at most shifts\n")
    assert fast.parse_items(bad, 0, len(bad)) is None


_LINES = [line for p in PROGRAMS for line in _text(p).splitlines() if line.strip()]


def test_fast_path_on_programs_shuffled_from_example_lines():
    """Lines of every example, drawn at random: mostly valid items in new orders (data
    after rules, bare records in a row), some broken ones; both paths agree on all."""
    rng = random.Random(5)
    agreed_ok = 0
    for _ in range(300):
        text = "\n".join(rng.choice(_LINES) for _ in range(rng.randint(1, 12))) + "\n"
        fast = _outcome(text, fast=True)
        assert fast == _outcome(text, fast=False), text
        agreed_ok += fast[0] == "ok"
    assert agreed_ok >= 30  # the valid case, where the fast path does the work, is common
