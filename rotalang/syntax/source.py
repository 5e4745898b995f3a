"""Reading source files, and the pre-pass for full-width punctuation.

`read_source` accepts a UTF-8 BOM and CRLF line ends and reports invalid UTF-8 at the
offending byte's line and column (E0002), still returning text (with U+FFFD) so that the
rest of the file can be checked too.

`fix_full_width` finds full-width punctuation typed by accident outside strings and
comments (E0103 for every occurrence) and replaces it, one code point for one, with its
ASCII twin, so that the parser continues with the text the author meant and every
position stays the same.
"""

from __future__ import annotations

import re
from pathlib import Path

from rotalang.diagnostics import Diagnostic, Span, register_source


def read_source(path: str | Path) -> tuple[str, list[Diagnostic]]:
    """The text of a `.rota` file (registered for rendering) and any E00xx problems.
    A file that cannot be read gives ("", [E0001])."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return "", [Diagnostic.error("E0001", f"cannot read `{name}`: {reason}")]
    return decode_source(data, name)


def decode_source(data: bytes, name: str) -> tuple[str, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        diags.extend(_bad_utf8(data, name, text))
    text = text.replace("\r\n", "\n")
    register_source(name, text)
    return text, diags


# E0002s reported per file, at most: a file in another encoding (GBK, say) has invalid
# bytes on nearly every line, and one message per line would bury everything else.
MAX_BAD_LINES = 10


def _bad_utf8(data: bytes, name: str, text: str) -> list[Diagnostic]:
    """One E0002 per line holding invalid bytes (a whole bad file is one problem per
    line, not one per byte), for the first `MAX_BAD_LINES` such lines; the last one
    says how many more there are. One pass over the lines: linear in the file."""
    out = []
    more = 0
    offset = 0  # in the text as read: CRLF made LF, invalid bytes one U+FFFD each
    for number, line in enumerate(data.split(b"\n"), start=1):
        shown = line.decode("utf-8", errors="replace")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            if len(out) < MAX_BAD_LINES:
                before = line[:exc.start].decode("utf-8", errors="replace")
                col = len(before) + 1
                at = offset + len(before)
                span = Span(name, number, col, number, col + 1, at, at + 1)
                out.append(Diagnostic.error(
                    "E0002", "file is not valid UTF-8", span,
                    label=f"invalid byte 0x{line[exc.start]:02x}", help=_encoding_help(data)))
            else:
                more += 1
        offset += len(shown.removesuffix("\r")) + 1
    if more:
        last = out[-1]
        out[-1] = Diagnostic(last.severity, last.code, last.message, last.span,
                             notes=(f"... and {more} more line{'s' if more > 1 else ''} "
                                    f"with invalid bytes",), help=last.help, label=last.label)
    return out


def in_another_encoding(read_errors) -> bool:
    """Whether the file has more lines of invalid bytes than are reported: a file in
    another encoding. Its parse errors would all be left out (`beside_bad_bytes`), so
    it is not parsed at all (1 MB of random bytes took a second to parse for them)."""
    return any(d.code == "E0002" and d.notes for d in read_errors)


def beside_bad_bytes(parse_errors, read_errors) -> list[Diagnostic]:
    """The parse errors worth showing beside the E0002s of `read_errors`: none on a
    line that holds invalid bytes (they are about the U+FFFD the bytes were read as),
    and none at all in a file with more such lines than are reported — a file in
    another encoding, where they would only bury the one fix: save it as UTF-8."""
    bad = [d for d in read_errors if d.code == "E0002"]
    if not bad:
        return list(parse_errors)
    if in_another_encoding(bad):
        return []
    lines = {d.span.start_line for d in bad}
    return [d for d in parse_errors if d.span is None or d.span.start_line not in lines]


def _encoding_help(data: bytes) -> str:
    """Save as UTF-8; naming the encoding the file is most likely in, when it reads
    as Chinese Windows text (GBK) — the usual case for a file that is not UTF-8."""
    try:
        data.decode("gbk")
    except UnicodeDecodeError:
        return "save the file as UTF-8 (most editors offer this in “Save As”)"
    return ("the file looks like GBK (Chinese Windows) text: save it as UTF-8 (most "
            "editors offer this in “Save As”)")


# Full-width (or ideographic) punctuation → the ASCII the author meant. `；` and the
# ideographic space map to a space: the language has no `;`.
FULL_WIDTH: dict[str, str] = {
    "：": ":", "，": ",", "、": ",", "（": "(", "）": ")", "｛": "{", "｝": "}",
    "“": '"', "”": '"', "＂": '"', "。": ".", "．": ".", "＝": "=", "＜": "<",
    "＞": ">", "＋": "+", "－": "-", "＊": "*", "／": "/", "％": "%", "！": "!",
    "＃": "#", "；": " ", "\u3000": " ",
    **{chr(0xFF10 + i): str(i) for i in range(10)},  # full-width digits ０-９
}
_NAMES = {"；": "semicolon", "\u3000": "space"}


# The characters `fix_full_width` must look at; it jumps from one to the next.
_INTERESTING = re.compile("[\n\"#" + re.escape("".join(FULL_WIDTH)) + "]")


def fix_full_width(text: str, file: str) -> tuple[str, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    edits: list[tuple[int, str]] = []  # (offset, ASCII replacement), in order
    search = _INTERESTING.search
    i, n = 0, len(text)
    line, line_start = 1, 0
    in_string: str | None = None  # the quote that opened the current string
    while True:
        m = search(text, i)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if ch == "\n":
            line, line_start, in_string = line + 1, i + 1, None
        elif in_string is not None:
            if ch == '"' or (in_string != '"' and ch in "”＂“"):
                if ch != '"':
                    diags.append(_full_width_diag(ch, file, line, i - line_start + 1, i))
                    edits.append((i, '"'))
                in_string = None
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch == '"':
            in_string = '"'
        else:  # full-width
            # Full-width digits inside a name (`p５`) are part of the name.
            if not ("０" <= ch <= "９" and i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")):
                diags.append(_full_width_diag(ch, file, line, i - line_start + 1, i))
                meant = FULL_WIDTH[ch]
                edits.append((i, meant))
                if meant == '"':
                    in_string = ch
                elif meant == "#":
                    end = text.find("\n", i)
                    i = n if end < 0 else end
                    continue
        i += 1
    if not edits:
        return text, diags
    parts, last = [], 0
    for offset, meant in edits:
        parts.append(text[last:offset])
        parts.append(meant)
        last = offset + 1
    parts.append(text[last:])
    return "".join(parts), diags


def _full_width_diag(ch: str, file: str, line: int, col: int, offset: int) -> Diagnostic:
    span = Span(file, line, col, line, col + 1, offset, offset + 1)
    meant = FULL_WIDTH[ch]
    if meant == " ":
        what = _NAMES.get(ch, "character")
        return Diagnostic.error(
            "E0103", f"full-width {what} `{ch}` in the program", span,
            label="full-width character",
            help="remove it (rotalang needs no `;`)" if ch == "；"
            else "use an ordinary space")
    return Diagnostic.error(
        "E0103", f"full-width `{ch}` in the program", span,
        label=f"this is full-width `{ch}`", help=f"did you mean `{meant}`?")
