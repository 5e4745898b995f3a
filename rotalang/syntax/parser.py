"""`parse(text, file) -> ast.Program`, raising `DiagnosticError` with E01xx diagnostics.

The steps, each small:
1. `fix_full_width`: report and repair full-width punctuation (every occurrence).
2. `_lex`: Lark's basic lexer; a character no token matches is reported (E0104 for an
   unterminated string, E0106 otherwise), blanked, and lexing restarts.
3. `_mark_kind_names`: retype the NAME that starts a data item as KIND_NAME (LR(1)
   cannot tell `… works 夜班` + `人员 张丽 {…}` apart without two tokens of look-ahead),
   and the one before `unavailable`/`leaves`/`joins` as PERSON_NAME, for the same reason.
4. `_check_brackets`: the first unbalanced `(`/`{` is one clear error (E0105); syntax
   errors after it would only be its echoes, so they are not reported.
5. `_chunks`: split the tokens at item starts; each item is parsed on its own, so one
   bad item gives one error and the others are still checked (several errors a run,
   never a cascade).
6. Each chunk goes through `lalr.FastParser`, which builds AST nodes while parsing;
   a chunk it cannot parse takes the reference path — Lark's interactive parser for
   the E01xx message, `build.Builder` turning its tree into AST nodes — which gives the
   same nodes for valid input (tests/syntax/test_fast_path.py).
7. `nesting.bound_nesting`: long sums regrouped, items nested too deeply for the later
   layers reported (E0107).
"""

from __future__ import annotations

from pathlib import Path

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedToken

from rotalang.diagnostics import Diagnostic, DiagnosticError, Span, register_source
from rotalang.syntax import ast
from rotalang.syntax.build import Builder, token_span
from rotalang.syntax.errors import syntax_error
from rotalang.syntax.grammar import fast_lex, lark_parser, lex
from rotalang.syntax.lalr import FastParser
from rotalang.syntax.nesting import bound_nesting
from rotalang.syntax.source import (
    beside_bad_bytes, fix_full_width, in_another_encoding, read_source,
)

MAX_ERRORS = 50  # per file; beyond this a file is not worth reading message by message

# Tokens that always start a top-level item.
_ITEM_KEYWORDS = {"USE", "CALENDAR", "HOLIDAYS", "ENUM", "STAFF", "POST", "KIND",
                  "LET", "RULE", "SOFT", "ASSERT", "RELAX"}
# The words after the person in an availability line (`张丽 unavailable …`).
_AVAILABILITY = {"UNAVAILABLE", "LEAVES", "JOINS"}
# `shift` and `weekend` start an item unless they are a binder, type or attribute.
_NOT_ITEM_AFTER = {"EACH", "COMMA", "ACROSS", "IS", "NOT", "DOT", "LPAR", "COLON", "OF"}
_BINDER_STARTS = {"EACH", "COMMA", "ACROSS"}
_OPEN = {"LPAR": "RPAR", "LBRACE": "RBRACE"}
_CLOSE = {"RPAR": "LPAR", "RBRACE": "LBRACE"}


def parse_file(path: str | Path) -> ast.Program:
    """Read (E0001/E0002) and parse a file (`beside_bad_bytes`: which parse errors a
    file that is not UTF-8 still gets)."""
    text, diags = read_source(path)
    if any(d.code == "E0001" for d in diags) or in_another_encoding(diags):
        raise DiagnosticError(diags)
    try:
        program = parse(text, str(path))
    except DiagnosticError as exc:
        raise DiagnosticError([*diags, *beside_bad_bytes(exc.diagnostics, diags)]) from None
    if diags:
        raise DiagnosticError(diags)
    return program


def parse(text: str, file: str) -> ast.Program:
    return _parse(text, file, fast=True)


def _parse(text: str, file: str, *, fast: bool) -> ast.Program:
    """`fast=False` takes the reference path for every chunk (tests compare the two)."""
    register_source(file, text)
    text = text.lstrip("\ufeff")  # a BOM in a string handed to us directly
    diags: list[Diagnostic] = []
    fixed, fw = fix_full_width(text, file)
    diags += fw
    tokens = fast_lex(fixed) if fast else None
    if tokens is None:
        tokens, lex_diags = _lex(fixed, file)
        diags += lex_diags
    _mark_kind_names(tokens)
    bracket_diag, cutoff = _check_brackets(tokens, file)
    builder = Builder(file)
    fast_parser = FastParser(builder)
    items: list = []
    chunks = _chunks(tokens)
    for idx, (lo, hi) in enumerate(chunks):
        if len(diags) >= MAX_ERRORS:
            break
        parsed = fast_parser.parse_items(tokens, lo, hi) if fast else None
        if parsed is not None:
            items.extend(parsed)
            continue
        following = tokens[hi] if hi < len(tokens) else None
        tree, err = _parse_chunk(tokens, lo, hi, following, file, fixed)
        if err is not None:
            if err.span is None or err.span.start_offset < cutoff:
                diags.append(err)
            continue
        items.extend(builder.transform(tree).items)
    if bracket_diag is not None:
        diags.append(bracket_diag)
    diags += builder.diagnostics
    items, too_deep = bound_nesting(items, file)
    diags += too_deep
    if diags:
        raise DiagnosticError(diags)
    end = len(text)
    return ast.Program(tuple(items), span=Span.at_offset(file, text, 0, end))


# ---------------------------------------------------------------------- lexing
def _lex(text: str, file: str) -> tuple[list[Token], list[Diagnostic]]:
    diags: list[Diagnostic] = []
    chars = None
    for _ in range(MAX_ERRORS):
        try:
            return list(lex(text if chars is None else "".join(chars))), diags
        except UnexpectedCharacters as exc:
            if chars is None:
                chars = list(text)
            pos = exc.pos_in_stream
            diags.append(_bad_character(text, pos, file))
            if text[pos] == '"':  # blank the string's body, keep it a string
                eol = text.find("\n", pos)
                eol = len(text) if eol < 0 else eol
                if eol - pos >= 2:
                    chars[pos + 1:eol - 1] = " " * (eol - pos - 2)
                    chars[eol - 1] = '"'
                else:
                    chars[pos] = " "
            else:
                chars[pos] = " "
    return [], diags


_CHAR_HELP = {
    ";": "rotalang needs no `;` between statements; remove it",
    "'": 'text is written in double quotes: `"…"`',
    "[": "sets are written with braces: `{a, b}`",
    "]": "sets are written with braces: `{a, b}`",
    "&": "write `and`", "|": "write `or`", "!": "write `not`, or `!=` for “not equal”",
    "≥": "write `>=`", "≤": "write `<=`", "≠": "write `!=`",
}


def _bad_character(text: str, pos: int, file: str) -> Diagnostic:
    ch = text[pos]
    if ch == '"':
        eol = text.find("\n", pos)
        eol = len(text) if eol < 0 else eol
        return Diagnostic.error(
            "E0104", "unterminated string", Span.at_offset(file, text, pos, eol),
            label="this string has no closing `\"`",
            help="close it with `\"` on the same line")
    shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
    return Diagnostic.error(
        "E0106", f"unexpected character `{shown}`", Span.at_offset(file, text, pos, pos + 1),
        label="not part of the language", help=_CHAR_HELP.get(ch))


# ------------------------------------------------------------ kind-name marking
def _mark_kind_names(tokens: list[Token]) -> None:
    """A data item is `KIND from "f"` or `KIND rec, rec {…}`. At bracket depth 0 a run
    of NAMEs is: the tail of what came before (no name; one, as in `works 夜班`, `p.本地`,
    `卡口 东关, 西关`; or a binder pair `each 人员 p` / `, 卡口 k` / `across 人员 p`), then
    data items `KIND record` two names each — the last one maybe just `KIND` before
    `from`. So the parity of the run tells where the pairs start, and each pair's first
    name is the kind (`… 夜班 | 人员 张丽 | 卡口 东关,`)."""
    depth, i, n = 0, 0, len(tokens)
    while i < n:
        ty = tokens[i].type
        if ty in _OPEN:
            depth += 1
        elif ty in _CLOSE:
            depth = max(0, depth - 1)
        elif ty == "NAME" and depth == 0:
            j = i
            while j < n and tokens[j].type == "NAME":
                j += 1
            after = tokens[j].type if j < n else "$END"
            before = tokens[i - 1].type if i > 0 else None
            paired_end = j
            if after == "FROM":
                tokens[j - 1].type = "KIND_NAME"
                paired_end = j - 1
            elif after in _AVAILABILITY and not (  # `… works 夜班` + `张丽 unavailable …`
                    j + 1 < n and tokens[j + 1].type == "FROM"):  # not `unavailable from`
                tokens[j - 1].type = "PERSON_NAME"
                paired_end = j - 1
            length = paired_end - i
            if before in _BINDER_STARTS and length % 2 == 0:
                tail = min(2, length)  # a binder pair is no data item
            else:
                tail = length % 2
            for k in range(i + tail, paired_end - 1, 2):
                tokens[k].type = "KIND_NAME"
            i = j
            continue
        i += 1


# -------------------------------------------------------------------- brackets
def _check_brackets(tokens: list[Token], file: str) -> tuple[Diagnostic | None, int]:
    """The first bracket problem, and the offset after which syntax errors are echoes."""
    stack: list[Token] = []
    for tok in tokens:
        if tok.type in _OPEN:
            stack.append(tok)
        elif tok.type in _CLOSE:
            if stack and stack[-1].type == _CLOSE[tok.type]:
                stack.pop()
                continue
            want = {"LPAR": "(", "LBRACE": "{"}[_CLOSE[tok.type]]
            labels = ()
            if stack:
                opener = stack[-1]
                labels = (_label(file, opener, f"this `{opener}` is still open"),)
            return Diagnostic.error(
                "E0105", f"`{tok}` has no matching `{want}`", token_span(file, tok),
                label="unexpected closing bracket", labels=labels), tok.start_pos
    if stack:
        opener = stack[0] if len(stack) == 1 else stack[-1]
        close = ")" if opener.type == "LPAR" else "}"
        return Diagnostic.error(
            "E0105", f"unclosed `{opener}`", token_span(file, opener),
            label=f"this `{opener}` is never closed",
            help=f"add the missing `{close}`"), opener.start_pos
    return None, 1 << 62


def _label(file: str, tok: Token, text: str):
    from rotalang.diagnostics import Label
    return Label(token_span(file, tok), text)


# ---------------------------------------------------------------------- chunks
def _is_item_start(tokens: list[Token], k: int, depth: int) -> bool:
    if depth:
        return False
    tok = tokens[k]
    ty = tok.type
    prev = tokens[k - 1] if k else None
    if ty in _ITEM_KEYWORDS:
        return not (ty == "RULE" and prev is not None and prev.type == "SOFT")
    if ty in ("SHIFT", "WEEKEND"):
        return prev is None or prev.type not in _NOT_ITEM_AFTER
    if ty == "PERSON_NAME":
        return True
    if ty == "UNAVAILABLE":  # `unavailable from "请假.csv"`, not a person's line
        return k + 1 < len(tokens) and tokens[k + 1].type == "FROM"
    if ty == "KIND_NAME":  # a data item starts a line (mid-line it is a parse error)
        return prev is None or prev.end_line < tok.line
    return False


def _chunks(tokens: list[Token]) -> list[tuple[int, int]]:
    starts, depth = [0], 0
    for k, tok in enumerate(tokens):
        if k and _is_item_start(tokens, k, depth):
            starts.append(k)
        if tok.type in _OPEN:
            depth += 1
        elif tok.type in _CLOSE:
            depth = max(0, depth - 1)
    if not tokens:
        return [(0, 0)]
    return [(a, b) for a, b in zip(starts, starts[1:] + [len(tokens)])]


def _parse_chunk(tokens, lo, hi, following, file, text):
    """Parse tokens[lo:hi] as a sequence of items: (tree, None) or (None, diagnostic)."""
    ip = lark_parser().parse_interactive()
    state = ip.parser_state
    k = lo
    saved = None
    try:
        while k < hi:
            tok = tokens[k]
            if tok.type == "KIND_NAME" and k > lo:
                saved = (k, state.copy())  # mid-item guesses may be undone below
            try:
                state.feed_token(tok)
            except UnexpectedToken:
                if saved is None or saved[0] != k:
                    raise
                # The post-lexer guessed "data item" mid-line; read it as a name.
                state = saved[1]
                tok.type = "NAME"
                saved = None
                state.feed_token(tok)
            k += 1
        end = Token.new_borrow_pos("$END", "", tokens[hi - 1]) if hi > lo else Token("$END", "")
        return state.feed_token(end, True), None
    except UnexpectedToken as exc:
        return None, syntax_error(exc, tokens, lo, k, hi, following, file, text)
