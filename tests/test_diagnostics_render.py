"""Text and JSON rendering of diagnostics, CJK alignment, summary line."""

import io
import json

from rotalang.diagnostics import (CODES, Diagnostic, DiagnosticError, Diagnostics, Label,
                                  Severity, Span, register_source, render_json, render_text,
                                  short_form, should_color, summary_line)


def test_codes_are_sorted_and_titled():
    assert list(CODES) == sorted(CODES)
    assert all(CODES.values())


def test_text_form_with_cjk_alignment_and_labels():
    register_source("值守.rota", "rule 休息:\n    休息时间 >= 11\n")
    d = Diagnostic.error("E0301", "mismatched types in comparison", Span("值守.rota", 2, 13, 2, 15),
                         label="expected a duration, found a number",
                         labels=[Label(Span("值守.rota", 2, 5, 2, 9), "this is a duration")],
                         notes=["durations carry a unit"], help="give the number a unit: `11h`")
    assert render_text(d) == (
        "值守.rota:2:13: error[E0301]: mismatched types in comparison\n"
        "  |\n"
        "2 |     休息时间 >= 11\n"
        "  |     --------    ^^ expected a duration, found a number\n"
        "  |     |\n"
        "  |     this is a duration\n"
        "  = note: durations carry a unit\n"
        "  = help: give the number a unit: `11h`")


def test_tabs_are_expanded():
    register_source("t.rota", "\tx y\n")
    d = Diagnostic.error("E0101", "m", Span("t.rota", 1, 4, 1, 5))
    assert render_text(d).splitlines()[2:4] == ["1 |     x y", "  |       ^"]


def test_json_form():
    d = Diagnostic.warning("W0501", "never binds", Span("a.rota", 3, 2, 3, 5, 10, 13),
                           labels=[Label(Span("a.rota", 1, 1, 1, 2), "here")])
    obj = json.loads(render_json([d]))["diagnostics"][0]
    assert obj["severity"] == "warning" and obj["line"] == 3 and obj["column"] == 2
    assert obj["end_line"] == 3 and obj["end_column"] == 5
    assert obj["labels"] == [{"file": "a.rota", "line": 1, "column": 1, "end_line": 1,
                              "end_column": 2, "label": "here"}]
    assert obj["notes"] == [] and obj["help"] is None


def test_no_span_and_short_form():
    d = Diagnostic.error("E0001", "cannot read `x.rota`")
    assert render_text(d) == "error[E0001]: cannot read `x.rota`"
    d2 = Diagnostic.error("E0101", "m", Span("a.rota", 1, 2, 1, 3))
    assert short_form(d2) == "a.rota:1:2: error[E0101]: m"


def test_collector_sorts_and_dedupes():
    c = Diagnostics()
    late = Diagnostic.error("E0101", "b", Span("a.rota", 5, 1, 5, 2))
    early = Diagnostic.warning("W0501", "a", Span("a.rota", 1, 1, 1, 2))
    c.add(late), c.add(early), c.add(late)
    assert c.sorted() == [early, late] and len(c) == 2 and c.has_errors()
    try:
        c.raise_if_errors()
    except DiagnosticError as exc:
        assert exc.diagnostics == [early, late]


def test_summary_and_colour():
    e = Diagnostic.error("E0101", "m")
    w = Diagnostic.warning("W0501", "m")
    assert summary_line([e, e, e, w]) == "error: 3 errors, 1 warning"
    assert summary_line([w, w]) == "warning: 2 warnings"
    assert summary_line([]) == ""
    assert not should_color(io.StringIO())
    register_source("c.rota", "x\n")
    coloured = render_text(Diagnostic.error("E0101", "m", Span("c.rota", 1, 1, 1, 2)), color=True)
    assert "\x1b[" in coloured and Severity.ERROR.value in coloured


def test_labels_starting_in_the_same_column_render():
    # A secondary label that starts where the primary span starts (the same
    # expression seen two ways) must render, not crash the renderer.
    from rotalang.diagnostics import Diagnostic, Label, Severity, SourceMap, Span, render_text

    sources = SourceMap()
    sources.register("同列.rota", "rule 甲: count(人员 p) >= 休息\n")
    whole = Span("同列.rota", 1, 10, 1, 30)
    left = Span("同列.rota", 1, 10, 1, 20)
    right = Span("同列.rota", 1, 24, 1, 26)
    d = Diagnostic(Severity.ERROR, "E0301", "mismatched types", whole, label="a comparison",
                   labels=(Label(left, "a number"), Label(right, "a duration")))
    text = render_text(d, sources)
    assert text.splitlines()[0] == "同列.rota:1:10: error[E0301]: mismatched types"
    assert "a number" in text and "a duration" in text and "a comparison" in text


def test_control_characters_in_source_lines_are_not_sent_to_the_terminal():
    from rotalang.diagnostics import Diagnostic, Severity, SourceMap, Span, render_text

    sources = SourceMap()
    sources.register("坏.rota", "rule 甲\x1b[2J: x >= 1\n")
    d = Diagnostic(Severity.ERROR, "E0106", "unexpected character", Span("坏.rota", 1, 7, 1, 8))
    text = render_text(d, sources)
    assert "\x1b" not in text
    assert "1 | rule 甲\ufffd[2J: x >= 1" in text
    # the caret still sits under the replaced character (columns in display cells)
    from wcwidth import wcswidth

    source_line, caret_line = text.splitlines()[2:4]
    assert caret_line.index("^") == wcswidth(source_line[: source_line.index("\ufffd")])
