"""Loading the Lark grammar once, from the installed package or the source checkout."""

from __future__ import annotations

import functools
import importlib.resources
import re
from pathlib import Path

from lark import Lark


@functools.cache
def grammar_text() -> str:
    # In a wheel the grammar is force-included as rotalang/grammar/rota.lark; in a
    # source checkout it lives in the top-level grammar/ folder.
    try:
        res = importlib.resources.files("rotalang").joinpath("grammar", "rota.lark")
        if res.is_file():
            return res.read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, NotADirectoryError):
        pass
    here = Path(__file__).resolve().parents[2] / "grammar" / "rota.lark"
    return here.read_text(encoding="utf-8")


@functools.cache
def lark_parser() -> Lark:
    """The LALR(1) parser, built once per process. The grammar is conflict-free
    (tests build it with strict=True when `interegular` is installed)."""
    return Lark(grammar_text(), parser="lalr", lexer="basic", propagate_positions=True,
                maybe_placeholders=True, cache=False)


@functools.cache
def basic_lexer():
    """Lark's basic lexer for the grammar, built once (`Lark.lex` rebuilds it per call)."""
    return lark_parser()._build_lexer()


def lex(text: str):
    """The token stream of `text` (ignored tokens dropped); raises UnexpectedCharacters."""
    from lark.lexer import LexerThread
    return LexerThread.from_text(basic_lexer(), text).lex(None)


@functools.cache
def keywords() -> tuple[str, ...]:
    """Every reserved word of the grammar, read from the grammar itself (quoted words,
    and the words of phrase terminals such as AT_MOST `at most`)."""
    words: set[str] = set()
    for t in lark_parser().terminals:
        value = t.pattern.value
        if t.pattern.type == "str" and re.fullmatch(r"[a-z]+", value):
            words.add(value)
        elif t.pattern.type == "re" and re.fullmatch(r"[a-z]+(\\s\+[a-z]+)+\(\?!\\w\)", value):
            words.update(re.findall(r"[a-z]{2,}", value))
    return tuple(sorted(words))


@functools.cache
def phrase_keywords() -> dict[str, str]:
    """Phrase terminals (`AT_MOST` → `at most`) for messages."""
    out = {}
    for t in lark_parser().terminals:
        value = t.pattern.value
        if t.pattern.type == "re" and re.fullmatch(r"[a-z]+(\\s\+[a-z]+)+\(\?!\\w\)", value):
            out[t.name] = " ".join(re.findall(r"[a-z]{2,}", value))
    return out
