"""Turning Lark's "unexpected token" into a message a rule author can act on.

Expected tokens are said in words (`` `:` ``, "a name", "an expression"), the token
found is quoted, a missing `:` after a rule head is pointed at where it belongs, and a
name that is one or two edits from an expected keyword gets "did you mean `weight`?".
"""

from __future__ import annotations

from lark import Token
from lark.exceptions import UnexpectedToken

from rotalang.diagnostics import Diagnostic, Span
from rotalang.syntax.build import token_span
from rotalang.syntax.grammar import keywords, lark_parser, phrase_keywords

_WORDS = {
    "NAME": "a name", "KIND_NAME": "a name", "PERSON_NAME": "a name",
    "INT": "a whole number", "DECIMAL": "a number",
    "PERCENT": "a percentage", "PERMILLE": "a per-mille value", "DURATION": "a duration",
    "DATE": "a date", "TIME": "a time of day", "STRING": 'a text in `"…"`',
    "$END": "the end of the file",
}
# Tokens that can start an expression: when all of these are expected, say so once.
_EXPR_START = {"NAME", "INT", "LPAR"}
_EXPR_TOKENS = {"NAME", "INT", "DECIMAL", "PERCENT", "PERMILLE", "DURATION", "DATE",
                "TIME", "STRING", "LPAR", "LBRACE", "MINUS", "TRUE", "FALSE", "COUNT",
                "SUM", "MIN", "MAX", "SOME", "NONE", "SHIFTS", "DAYS", "NOT", "IF"}
# Operators: when several are expected, "an operator" says it better than a list.
_OPERATORS = {"PLUS", "MINUS", "STAR", "SLASH", "EQUAL", "LESSTHAN", "MORETHAN",
              "__ANON_0", "__ANON_1", "__ANON_2", "DOT", "OF", "IN", "NOT", "AND", "OR"}
_ITEM_WORDS = ("use", "calendar", "holidays", "weekend", "enum", "staff", "post", "kind",
               "shift", "let", "rule", "soft", "assert")


def _terminal_text(name: str) -> str | None:
    if name in _WORDS:
        return _WORDS[name]
    phrases = phrase_keywords()
    if name in phrases:
        return f"`{phrases[name]}`"
    try:
        term = lark_parser().get_terminal(name)
    except KeyError:
        return None
    if term.pattern.type == "str":
        return f"`{term.pattern.value}`"
    return None


def describe_expected(expected: set[str]) -> str:
    names = set(expected)
    parts: list[str] = []
    if _EXPR_START <= names:
        names -= _EXPR_TOKENS
        parts.append("an expression")
    if len(names & _OPERATORS) >= 3:
        names -= _OPERATORS
        parts.append("an operator")
    texts = sorted({t for t in (_terminal_text(n) for n in names) if t},
                   key=lambda s: (not s.startswith("`"), s))
    parts = texts + parts
    if not parts:
        return "something else"
    if len(parts) > 8:
        parts = parts[:7] + ["…"]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def describe_token(tok: Token) -> str:
    if tok.type == "$END":
        return "the end of the file"
    if tok.type in ("NAME", "KIND_NAME", "PERSON_NAME"):
        return f"name `{tok}`"
    text = str(tok)
    if tok.type in keywords_upper():
        return f"keyword `{text}`"
    return f"`{' '.join(text.split())}`"


def keywords_upper() -> set[str]:
    return {k.upper() for k in keywords()} | set(phrase_keywords())


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (a transposition counts as one edit)."""
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if (prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2]
                    and a[i - 2] == b[j - 1]):
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def closest(word: str, candidates) -> str | None:
    """The keyword `word` most likely misspells: fewest edits, and among equals one it
    begins (`wher` is `where` cut short rather than `when` mistyped)."""
    limit = 1 if len(word) <= 4 else 2
    lowered = word.lower()
    best = None
    for cand in sorted(candidates):
        d = edit_distance(lowered, cand)
        key = (d, not cand.startswith(lowered))
        if d <= limit and (best is None or key < best[0]):
            best = (key, cand)
    return best[1] if best else None


def _expected_keywords(expected: set[str]) -> list[str]:
    out = []
    phrases = phrase_keywords()
    for name in expected:
        if name in phrases:
            out.extend(phrases[name].split())
            continue
        text = _terminal_text(name)
        if text and text.startswith("`") and text[1:-1].isalpha():
            out.append(text[1:-1])
    return out


def syntax_error(exc: UnexpectedToken, tokens: list[Token], lo: int, k: int, hi: int,
                 following: Token | None, file: str, text: str) -> Diagnostic:
    """The diagnostic for a parse that failed at tokens[k] (k == hi: the item ended)."""
    expected = set(exc.expected) - {"KIND_NAME", "PERSON_NAME"} if exc.expected else set()
    at_end = k >= hi
    found = following if at_end else tokens[k]
    prev = tokens[k - 1] if k > lo else None
    first = tokens[lo] if lo < len(tokens) else None

    # A misspelled item keyword: `rul 名字: …` lexes as a data item of kind `rul`.
    if first is not None and first.type == "KIND_NAME":
        guess = closest(str(first), _ITEM_WORDS)
        if guess and not (k == lo + 1 and found is not None and found.type in ("FROM",)):
            return Diagnostic.error(
                "E0101", f"unknown word `{first}` at the start of an item",
                token_span(file, first), label="expected a declaration, rule or data",
                help=f"did you mean `{guess}`?")

    found_text = describe_token(found) if found is not None else "the end of the file"
    where = _context(tokens, lo, k, expected)
    want = describe_expected(expected)
    code = "E0102" if found is None else "E0101"
    help_ = None
    if found is not None and found.type in ("NAME", "KIND_NAME", "PERSON_NAME"):
        guess = closest(str(found), _expected_keywords(expected))
        if guess:
            help_ = f"did you mean `{guess}`?"
    if "COLON" in expected and where:
        message = f"expected `:` {where}, found {found_text}"
        span = _after(file, prev, text) if prev is not None else token_span(file, found)
        return Diagnostic.error(code, message, span, label="expected `:` here", help=help_)
    message = f"expected {want}, found {found_text}"
    if found is None:
        span = _after(file, prev, text) if prev is not None else Span.at_offset(file, text, len(text))
        return Diagnostic.error(code, f"unexpected end of file: expected {want}", span,
                                label=f"expected {want} here")
    return Diagnostic.error(code, message, token_span(file, found),
                            label="unexpected here", help=help_)


def _context(tokens: list[Token], lo: int, k: int, expected: set[str]) -> str | None:
    """Where a missing `:` belongs, when the parse is in a rule head or an `each`."""
    if "COLON" not in expected:
        return None
    seen = [t.type for t in tokens[lo:k]]
    if not seen:
        return None
    if seen[0] in ("RULE", "SOFT", "ASSERT") and "COLON" not in seen:
        if seen[0] == "SOFT" and "WEIGHT" in seen:
            return "after the rule's weight"
        if seen[-1] == "NAME" and len(seen) == (3 if seen[0] == "SOFT" else 2):
            return None if seen[0] == "SOFT" else "after the rule name"
        return None
    if "EACH" in seen:
        last_each = len(seen) - 1 - seen[::-1].index("EACH")
        if "COLON" not in seen[last_each:]:
            return "after the binders of `each`"
    return None


def _after(file: str, tok: Token, text: str) -> Span:
    """A one-character span just after `tok` (where a missing token belongs)."""
    return Span(file, tok.end_line, tok.end_column, tok.end_line, tok.end_column + 1,
                tok.end_pos, tok.end_pos + 1)
