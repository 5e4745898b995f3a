"""E0713 for a roster whose JSON does not parse: what is wrong, in words.

The data loader's parser says where it stopped and what it expected there ("unexpected
end of file", "expected `,` or `]`"). A person fixing the file by hand needs more: which
brackets are still open when the file ends (and where each was opened), a `,` left
before a closing bracket, single quotes where JSON wants double quotes.
"""

from __future__ import annotations

from rotalang.diagnostics import Diagnostic, Label

LABELLED = 2  # the innermost open brackets are labelled where they were opened
_CLOSER = {"[": "]", "{": "}", '"': '"'}


def open_brackets(text: str, end: int) -> list[tuple[str, int]]:
    """The `[` and `{` still open at offset `end` (outermost first), with their
    offsets, and a `"` last when a string is open there; brackets inside strings do
    not count."""
    stack: list[tuple[str, int]] = []
    i, in_string = 0, False
    while i < end:
        ch = text[i]
        if in_string:
            if ch == "\\":
                i += 1
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string, string_at = True, i
        elif ch in "[{":
            stack.append((ch, i))
        elif ch in "]}" and stack and _CLOSER[stack[-1][0]] == ch:
            stack.pop()
        i += 1
    return stack + [('"', string_at)] if in_string else stack


def _last_significant(text: str, end: int) -> tuple[str, int]:
    """The last character before `end` that is not white space, and its offset."""
    i = end - 1
    while i >= 0 and text[i] in " \t\r\n":
        i -= 1
    return (text[i], i) if i >= 0 else ("", -1)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def json_error(message: str, offset: int, text: str, span_at) -> Diagnostic:
    """The diagnostic for the parser's `message` at `offset`; `span_at(start, end)`
    makes a span of the roster file."""
    if offset >= len(text.rstrip()):
        return _cut_off(text, span_at)
    before, before_at = _last_significant(text, offset)
    ch = text[offset]
    if ch in "]}" and before == ",":
        return Diagnostic.error(
            "E0713", f"malformed JSON: a `,` before the closing `{ch}`",
            span_at(before_at, before_at + 1),
            label="JSON allows no `,` after the last item",
            help="remove this `,`")
    opened = [b for b in open_brackets(text, offset) if b[0] != '"']
    if ch in "]}" and opened and _CLOSER[opened[-1][0]] != ch:
        bracket, at = opened[-1]
        return Diagnostic.error(
            "E0713", f"malformed JSON: `{ch}` where the open `{bracket}` needs its "
            f"`{_CLOSER[bracket]}`", span_at(offset, offset + 1),
            label=f"expected `{_CLOSER[bracket]}` or another item",
            labels=[Label(span_at(at, at + 1), f"`{bracket}` opened here")],
            help=f"close the `{bracket}` with `{_CLOSER[bracket]}` before this `{ch}`")
    if ch == "'":
        return Diagnostic.error(
            "E0713", "malformed JSON: a string in single quotes", span_at(offset, offset + 1),
            label="JSON strings use double quotes",
            help='write strings in double quotes: "张丽"')
    if message.startswith("invalid control character"):
        return Diagnostic.error(
            "E0713", "malformed JSON: a string runs past the end of its line",
            span_at(offset, offset + 1), label="the line ends inside a string",
            help='close the string with `"` before the line ends (write a line break '
                 'inside a string as `\\n`)')
    if message.startswith("expected `,`"):
        return Diagnostic.error(
            "E0713", f"malformed JSON: {message}", span_at(offset, offset + 1),
            label="a `,` is missing before this",
            help="separate the items of a list or an object with `,`")
    if message == "text after the end of the data":
        return Diagnostic.error(
            "E0713", "malformed JSON: text after the end of the data",
            span_at(offset, offset + 1), label="the JSON value ended before this",
            help="a roster file holds one JSON value: remove what follows it")
    return Diagnostic.error("E0713", f"malformed JSON: {message}", span_at(offset, offset + 1),
                            label="the JSON cannot be read from here")


def _cut_off(text: str, span_at) -> Diagnostic:
    """The file ends inside the JSON: name the brackets it leaves open."""
    end = len(text)
    opened = open_brackets(text, end)
    closers = "".join(_CLOSER[b] for b, _ in reversed(opened))
    if not opened:
        return Diagnostic.error("E0713", "malformed JSON: the file ends before the data does",
                                span_at(end, end), label="the file ends here",
                                help="the file looks cut off: save it again in full")
    brackets = [_CLOSER[b] for b, _ in reversed(opened) if b != '"']
    named = _and([f"`{c}`" for c in brackets]) if brackets else ""
    labels = [Label(span_at(at, at + 1), "this string is never closed" if b == '"' else
                    f"`{b}` opened here") for b, at in opened[-LABELLED:]]
    last, last_at = _last_significant(text, end)
    fix = f"end the file with `{closers}`"
    if last == ",":
        fix = f"remove the last `,` and {fix}"
    inside = opened[-1][0] == '"'
    if not brackets:
        what = "the file ends inside a string"
    else:
        what = (("the file ends inside a string, before its " if inside else
                 "the file ends before its ")
                + f"{named} {'is' if len(brackets) == 1 else 'are'} closed")
    return Diagnostic.error(
        "E0713", f"malformed JSON: {what}",
        span_at(last_at + 1, last_at + 1) if last_at >= 0 else span_at(end, end),
        label="the file ends here", labels=labels,
        help=f"the file looks cut off: save it again in full, or {fix}")
