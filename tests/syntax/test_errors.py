"""Syntax errors: several per file, no cascades, keyword suggestions, grammar is strict."""

import pytest

from rotalang.diagnostics import DiagnosticError
from rotalang.syntax import parse


def codes(src):
    with pytest.raises(DiagnosticError) as info:
        parse(src, "e.rota")
    return [(d.code, d.span.start_line if d.span else None) for d in info.value.diagnostics]


def test_one_error_per_bad_item_and_the_rest_still_checked():
    src = ("rule 甲 x > 1\n"            # missing colon
           "rule 乙: x > 1\n"
           "soft rule 丙 wieght 2: x\n"  # misspelled keyword
           "let d = 2025-02-30\n")       # bad literal, still found
    assert codes(src) == [("E0101", 1), ("E0101", 3), ("E0110", 4)]


def test_full_width_reported_everywhere_and_parsing_continues():
    assert codes("rule 甲： x > 1\nrule 乙: each 人员 p， day d： f（p） > 1") == [
        ("E0103", 1), ("E0103", 2), ("E0103", 2), ("E0103", 2), ("E0103", 2)]


def test_full_width_inside_strings_and_comments_is_fine():
    parse('let x = "东关：西关（一）"  # 注释：（全角）', "ok.rota")


def test_misspelled_item_keyword():
    with pytest.raises(DiagnosticError) as info:
        parse("rul 名字: x > 1", "e.rota")
    assert info.value.diagnostics[0].help == "did you mean `rule`?"


def test_unclosed_brace_is_one_error():
    assert codes("enum 身份 { a, b\nrule 甲: x\nrule 乙: y\n") == [("E0105", 1)]


def test_grammar_is_conflict_free():
    interegular = pytest.importorskip("interegular")  # noqa: F841 (strict mode needs it)
    from lark import Lark
    from rotalang.syntax.grammar import grammar_text
    Lark(grammar_text(), parser="lalr", lexer="basic", strict=True, maybe_placeholders=True)
