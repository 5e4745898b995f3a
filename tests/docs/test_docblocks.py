"""The shared "run a console block and compare" helper: what a `…` line lets a doc
leave out, and how a regenerated block keeps the doc's cut."""

from tests.docblocks import ROOT, check_shown, cut_like, run_console, shows

OUTPUT = "1\n2\n3\n4\n5\n"


def test_a_block_without_an_ellipsis_shows_the_whole_output():
    assert shows(OUTPUT, OUTPUT)
    assert not shows("1\n2\n3\n4\n", OUTPUT)
    assert not shows(OUTPUT + "6\n", OUTPUT)


def test_an_ellipsis_stands_for_lines_left_out():
    assert shows("1\n2\n…\n5\n", OUTPUT)
    assert shows("1\n…\n", OUTPUT)
    assert shows("1\n…\n3\n…\n5\n", OUTPUT)
    assert not shows("2\n…\n", OUTPUT)  # the head starts the output
    assert not shows("1\n…\n4\n", OUTPUT)  # the tail ends it
    assert not shows("1\n…\n4\n…\n3\n", OUTPUT)  # middle parts in order
    assert not shows("1\n2\n3\n…\n3\n4\n5\n", OUTPUT)  # head and tail do not overlap


def test_regenerating_keeps_the_cut():
    assert cut_like("1\n2\n…\n5\n", "a\nb\nc\nd\ne\nf\n") == "a\nb\n…\nf\n"
    assert cut_like("1\n…\n", "a\nb\nc\n") == "a\n…\n"
    assert cut_like("1\n…\n5\n", "a\nb\n") == "a\nb\n"  # nothing left to cut
    assert cut_like("1\n", "a\nb\n") == "a\nb\n"


def test_a_stale_block_fails_or_is_rewritten(tmp_path, monkeypatch):
    doc = tmp_path / "doc.md"
    doc.write_text("```\n$ rotalang x\nold\n…\n```\n", encoding="utf-8")
    monkeypatch.delenv("ROTA_REGEN", raising=False)
    try:
        check_shown(doc, "$ rotalang x\n", "old\n…\n", "new\nmore\nlines\n")
    except AssertionError as err:
        assert "regenerate with ROTA_REGEN=1" in str(err)
    else:
        raise AssertionError("a stale block passed")
    monkeypatch.setenv("ROTA_REGEN", "1")
    check_shown(doc, "$ rotalang x\n", "old\n…\n", "new\nmore\nlines\n")
    assert doc.read_text(encoding="utf-8") == "```\n$ rotalang x\nnew\n…\n```\n"


def test_the_exit_status_ends_the_block_when_not_0():
    assert run_console("$ rotalang check no-such-file.rota", ROOT).endswith("[exit 2]\n")
