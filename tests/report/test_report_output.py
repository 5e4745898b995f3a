"""Writing output files: atomic, no clobbering without --force, clear diagnostics."""

import os

import pytest

from rotalang.diagnostics import DiagnosticError
from rotalang.report.output import format_for_path, write_output


def only(err: DiagnosticError):
    assert len(err.diagnostics) == 1
    return err.diagnostics[0]


def test_writes_utf8_text_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "排班.csv"
    write_output(target, "staff\n张丽\n")
    assert target.read_bytes() == "staff\n张丽\n".encode("utf-8")
    assert os.listdir(tmp_path) == ["排班.csv"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "roster.csv"
    target.write_text("old")
    with pytest.raises(DiagnosticError) as info:
        write_output(target, "new")
    d = only(info.value)
    assert (d.code, d.message, d.help) == (
        "E0020", f"`{target}` already exists", "use --force to overwrite")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["roster.csv"]


def test_force_replaces_and_keeps_the_file_mode(tmp_path):
    target = tmp_path / "roster.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_output(target, "new", force=True)
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["roster.csv"]


def test_missing_folder_is_a_diagnostic(tmp_path):
    target = tmp_path / "nope" / "roster.csv"
    with pytest.raises(DiagnosticError) as info:
        write_output(target, "x")
    d = only(info.value)
    assert d.code == "E0021"
    assert d.message == f"cannot write `{target}`: No such file or directory"
    assert d.help == f"create the folder `{tmp_path / 'nope'}` first"


def test_a_folder_as_target_is_a_diagnostic(tmp_path):
    with pytest.raises(DiagnosticError) as info:
        write_output(tmp_path, "x", force=True)
    d = only(info.value)
    assert d.code == "E0021" and d.message.endswith(": it is a folder")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "roster.csv"
    target.write_text("old")

    def boom(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(DiagnosticError) as info:
        write_output(target, "new", force=True)
    assert only(info.value).message == f"cannot write `{target}`: No space left on device"
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["roster.csv"]


def test_interrupt_during_write_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "roster.csv"

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_output(target, "new")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("path, explicit, expected", [
    ("r.csv", None, "csv"), ("r.JSON", None, "json"), ("r.html", None, "html"),
    ("r.htm", None, "html"), ("r.txt", None, "table"), (None, None, "table"),
    ("r.csv", "json", "json"), ("r.xlsx", "csv", "csv"),
])
def test_format_follows_the_extension_unless_given(path, explicit, expected):
    assert format_for_path(path, explicit) == expected


def test_unknown_extension_is_a_diagnostic_with_help():
    with pytest.raises(DiagnosticError) as info:
        format_for_path("roster.xlsx")
    d = only(info.value)
    assert d.code == "E0022"
    assert d.message == "cannot tell the output format of `roster.xlsx` (`.xlsx`)"
    assert "--format table|csv|json|html" in d.help
