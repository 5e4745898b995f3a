"""Loading the Lark grammar once, from the installed package or the source checkout;
the built parser is cached on disk, and `fast_lex` is the lexer the parser uses."""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import os
import re
import sys
import tempfile
from pathlib import Path

from lark import Lark, Token


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


_LARK_OPTIONS = dict(parser="lalr", lexer="basic", propagate_positions=True,
                     maybe_placeholders=True)


@functools.cache
def lark_parser() -> Lark:
    """The LALR(1) parser, built once per process. The grammar is conflict-free
    (tests build it with strict=True when `interegular` is installed).

    Building the tables takes ~0.3 s, so the built parser is kept in the user's cache
    folder (`parser_cache_path`, named by a hash of the grammar, the options, Lark's
    version and Python's); loading it takes ~0.02 s. A cache that cannot be read or written is
    ignored: the parser is then built as usual."""
    text = grammar_text()
    path = parser_cache_path(text)
    if path is not None and path.is_file():
        try:
            with path.open("rb") as f:
                return Lark.load(f)
        except Exception:  # damaged or from an incompatible Lark: rebuild below
            pass
    parser = Lark(text, **_LARK_OPTIONS)
    if path is not None:
        _save(parser, path)
    return parser


def _save(parser: Lark, path: Path) -> None:
    # Written to a private name and renamed, so a process reading the cache never sees
    # half a file (test runs are parallel).
    try:
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            parser.save(f)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def parser_cache_path(text: str) -> Path | None:
    """Where the built parser is cached: `$ROTALANG_CACHE_DIR`, else
    `$XDG_CACHE_HOME/rotalang`, else `~/.cache/rotalang`; None when caching is off
    (`ROTALANG_CACHE_DIR` set to an empty string) or no folder can be made."""
    import lark
    configured = os.environ.get("ROTALANG_CACHE_DIR")
    if configured == "":
        return None
    if configured:
        folder = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "rotalang"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    key = "\0".join([text, repr(sorted(_LARK_OPTIONS.items())), lark.__version__,
                     sys.version.split()[0]])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    return folder / f"parser-{digest}.lark"


@functools.cache
def basic_lexer():
    """Lark's basic lexer for the grammar, built once (`Lark.lex` rebuilds it per call)."""
    return lark_parser()._build_lexer()


def lex(text: str):
    """The token stream of `text` (ignored tokens dropped); raises UnexpectedCharacters."""
    from lark.lexer import LexerThread
    return LexerThread.from_text(basic_lexer(), text).lex(None)


@functools.cache
def _scanner_parts():
    """Lark's lexer taken apart for `fast_lex`: its one alternation regex, the keyword
    table that retypes a NAME (`rule` → RULE), and the ignored and multi-line types."""
    from lark.lexer import UnlessCallback
    lexer = basic_lexer()
    mres = lexer.scanner._mres
    if len(mres) != 1:
        return None
    keywords: dict[str, dict[str, str]] = {}
    for type_, callback in lexer.callback.items():
        if not isinstance(callback, UnlessCallback):
            return None
        table = {}
        for term in callback.scanner.terminals:
            if term.pattern.type != "str" or term.pattern.flags:
                return None
            table[term.pattern.value] = term.name
        keywords[type_] = table
    return mres[0].match, keywords, lexer.ignore_types, lexer.newline_types


def fast_lex(text: str) -> list[Token] | None:
    """The same tokens as `lex`, about three times faster (no per-token object layers);
    None when some character matches no token — `lex` then reports where."""
    parts = _scanner_parts()
    if parts is None:  # a Lark whose lexer is built differently: its own lexer
        from lark.exceptions import UnexpectedCharacters
        try:
            return list(lex(text))
        except UnexpectedCharacters:
            return None
    match, keywords, ignore, newline_types = parts
    new = str.__new__
    out: list[Token] = []
    append = out.append
    pos, line, line_start, end_of_text = 0, 1, 0, len(text)
    while pos < end_of_text:
        m = match(text, pos)
        if m is None:
            return None
        type_ = m.lastgroup
        end = m.end()
        if type_ in newline_types and (newlines := text.count("\n", pos, end)):
            end_line = line + newlines
            end_line_start = text.rindex("\n", pos, end) + 1
        else:
            end_line, end_line_start = line, line_start
        if type_ not in ignore:
            value = m.group()
            table = keywords.get(type_)
            if table is not None:
                type_ = table.get(value, type_)
            tok = new(Token, value)
            tok.type = type_
            tok.value = value
            tok.start_pos = pos
            tok.line = line
            tok.column = pos - line_start + 1
            tok.end_line = end_line
            tok.end_column = end - end_line_start + 1
            tok.end_pos = end
            append(tok)
        pos, line, line_start = end, end_line, end_line_start
    return out


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
