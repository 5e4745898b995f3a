"""One rule instance the roster does not meet, in one sentence: where it is, what the
roster has, and for a comparison the number the rule asks for. Shared by verify's
broken hard rules and by the cost explanation of soft ones."""

from __future__ import annotations

from rotalang import ir
from rotalang.results import Violation


def rule_locations(program: ir.Program | None) -> dict[str, str]:
    """Rule name → `file:line` of the rule, for editors to jump to."""
    if program is None:
        return {}
    return {r.name: f"{r.span.file}:{r.span.start_line}" for r in program.rules
            if r.span is not None}

_COMPARISON_WORDS = ("at least ", "at most ", "exactly ", "more than ", "less than ",
                     "anything but ")
_NO_STATEMENT = "the rule to hold"


def asks_for_a_number(v: Violation) -> bool:
    """True when the rule is one comparison and `expected` says its bound ("at least 2")."""
    return v.expected.startswith(_COMPARISON_WORDS)


def instance_text(v: Violation) -> str:
    """Where the instance is, then what the roster has (and, for a comparison, the
    number the rule asks for)."""
    where = v.place or " ".join(text for _, text in v.binding)
    found = v.found or (f"{v.what}: {v.actual}" if v.what else v.actual)
    sentence = f"{found}, the rule asks for {v.expected}" if asks_for_a_number(v) else found
    if not where or sentence.startswith(where + " "):
        return sentence  # "顾静娟 works at 杏花村" says where already
    return f"{where}: {sentence}"


def violation_text(v: Violation) -> str:
    """One broken instance in a sentence (without the rule's name)."""
    text = instance_text(v)
    if asks_for_a_number(v) or v.expected == _NO_STATEMENT:
        return text
    return f"{text}; the rule asks for `{v.expected}`"
