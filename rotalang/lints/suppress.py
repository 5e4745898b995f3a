"""Suppression comments: the author says a lint's warning is expected.

    rule 每周最多五班: each 人员 p: p works at most 5 shifts per week  # allow implied-rule

    # allow W0511: 外地人员 come next month
    rule 外地人员先隔离: each 人员 p where not p.本地: p works at most 0 shifts

A comment `allow NAME[, NAME…]` — a lint's code (`W0602`) or name (`implied-rule`),
then optionally a colon and a reason — on the line a warning points at, or alone on the
line just above it, silences that lint there. The lines a warning points at are its
primary span's first line and its labels' (a `where` on its own line is reported
there, with a label on the rule's line). A name that is no lint is left alone (the
comment is only a comment), so a misspelt one does not hide anything.
"""

from __future__ import annotations

import re

from rotalang.diagnostics import SOURCES, Diagnostic
from rotalang.lints.registry import by_code_or_name

_ALLOW = re.compile(r"#\s*allow\s+([\w\-]+(?:\s*,\s*[\w\-]+)*)", re.UNICODE)


def comment_of(line: str) -> str | None:
    """The `#` comment of one source line (outside string literals), or None."""
    quoted = False
    escaped = False
    for i, ch in enumerate(line):
        if escaped:
            escaped = False
        elif ch == "\\" and quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == "#" and not quoted:
            return line[i:]
    return None


def allowed_on(line: str) -> set[str]:
    """The lint codes a line's comment allows."""
    comment = comment_of(line)
    if comment is None:
        return set()
    match = _ALLOW.match(comment)
    if match is None:
        return set()
    known = by_code_or_name()
    return {known[name] for name in re.split(r"\s*,\s*", match.group(1)) if name in known}


def _lines(d: Diagnostic) -> list[tuple[str, int]]:
    spans = [d.span] + [label.span for label in d.labels]
    return [(s.file, s.start_line) for s in spans if s is not None]


def suppressed(d: Diagnostic) -> bool:
    for file, line in _lines(d):
        text = SOURCES.text(file)
        if text is None:
            continue
        lines = text.splitlines()
        if line - 1 < len(lines) and d.code in allowed_on(lines[line - 1]):
            return True
        above = lines[line - 2] if 1 < line <= len(lines) + 1 else ""
        if above.lstrip().startswith("#") and d.code in allowed_on(above.lstrip()):
            return True
    return False
