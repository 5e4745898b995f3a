"""Pygments lexer for `.rota` files (`pygmentize -l rota file.rota`).

The keyword list is read from the grammar (`rotalang.syntax.grammar.keywords`), so the
highlighter and the parser cannot disagree about what a keyword is. Every character
lexes to some token (no `Error` on a valid program), and the tokens join back into the
input.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, words
from pygments.token import (Comment, Keyword, Name, Number, Operator, Punctuation,
                            String, Text, Whitespace, Error)

from rotalang.syntax.grammar import keywords

_KEYWORDS = tuple(k for k in keywords() if k not in ("true", "false"))
_TYPES = ("int", "bool", "text", "date", "time", "duration", "ratio", "weekday")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class RotaLexer(RegexLexer):
    name = "rotalang"
    aliases = ["rota", "rotalang"]
    filenames = ["*.rota"]
    mimetypes = ["text/x-rota"]

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"(?:[^"\\\n]|\\.)*"', String.Double),
            (r'"[^\n]*', String.Double),  # unterminated: still a string to the eye
            (r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])", Number.Other),   # date
            (r"[0-9]{1,2}:[0-9]{2}(?![0-9])", Number.Other),          # time
            (r"(?:[0-9]+(?:\.[0-9]+)?(?:min|h|d))+(?!\w)", Number.Float),  # duration
            (r"[0-9]+(?:\.[0-9]+)?[%‰]", Number.Float),
            (r"[0-9]+\.[0-9]+", Number.Float),
            (r"[0-9]+", Number.Integer),
            (r"at\s+(?:most|least)(?!\w)", Keyword),
            (words(("true", "false"), suffix=r"(?!\w)"), Keyword.Constant),
            (words(_KEYWORDS, suffix=r"(?!\w)"), Keyword),
            (words(_TYPES, suffix=r"(?!\w)"), Keyword.Type),
            (words(_WEEKDAYS, suffix=r"(?!\w)"), Name.Constant),
            (r"[^\W\d]\w*", Name),
            (r"<=|>=|!=|[=<>+\-*/]", Operator),
            (r"[:,.(){}]", Punctuation),
            (r"\w+", Text),   # e.g. full-width digits standing alone
            (r".", Error),
        ],
    }
