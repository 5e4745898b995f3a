"""A data file too big for the memory budget is refused before its rows are made
(E0501 at the `from` line, with the rows it counted), and reading a table keeps its
cost per row down: a cell's place in the file becomes a line and column only when a
diagnostic needs it."""

from __future__ import annotations

import tracemalloc

import pytest

import rotalang
from rotalang import memory
from rotalang.check.data import Place, read_table
from rotalang.diagnostics import DiagnosticError

PROGRAM = """\
calendar from 2025-02-03 to 2025-02-09
staff 人员 { 年龄: int }
shift 早班 06:00-14:00
人员 from "人员.csv"
"""


def staff_csv(tmp_path, rows: int) -> None:
    lines = ["姓名,年龄"] + [f"员工{i:07d},{20 + i % 40}" for i in range(rows)]
    (tmp_path / "人员.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "名册.rota").write_text(PROGRAM, encoding="utf-8")


@pytest.fixture
def budget(monkeypatch):
    memory.set_memory_limit(memory.OFF)  # only what the machine has free counts
    yield lambda megabytes: monkeypatch.setattr(memory, "available_memory",
                                                lambda: megabytes * memory.MIB)
    memory.set_memory_limit(None)


def test_a_table_too_big_for_the_memory_left_is_refused_at_its_from_line(tmp_path, budget):
    staff_csv(tmp_path, 60_000)  # about 1.2 MB of text
    budget(20)
    with pytest.raises(DiagnosticError) as caught:
        rotalang.load(tmp_path / "名册.rota")
    (d,) = caught.value.diagnostics
    assert d.code == "E0501"
    assert d.message.startswith("reading `") and "人员.csv` would take about " in d.message
    assert d.message.endswith("of memory, more than the 20 MB available on this machine")
    assert d.label == "60,002 rows, 120,004 cells"
    assert (d.span.start_line, d.span.start_col) == (4, 1)
    assert "split the data into smaller programs" in d.help
    budget(64 * 1024)
    assert len(rotalang.load(tmp_path / "名册.rota").ir.records) == 60_000


def test_a_small_file_is_never_refused(tmp_path, budget):
    staff_csv(tmp_path, 100)
    budget(0)
    assert len(rotalang.load(tmp_path / "名册.rota").ir.records) == 100


def test_cells_keep_their_place_and_make_a_span_when_asked(tmp_path):
    staff_csv(tmp_path, 3)
    table = read_table(str(tmp_path / "人员.csv"), "人员.csv")
    row = table.rows[1]
    (column, cell), = row.cells
    assert isinstance(cell.at, Place)
    assert (column, cell.raw) == ("年龄", "21")
    assert (cell.span.start_line, cell.span.start_col, cell.span.end_col) == (3, 11, 13)
    assert (row.name_span.start_line, row.name_span.start_col) == (3, 1)


def test_a_table_costs_under_a_kilobyte_a_row(tmp_path):
    staff_csv(tmp_path, 20_000)
    tracemalloc.start()
    try:
        table = read_table(str(tmp_path / "人员.csv"), "人员.csv")
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(table.rows) == 20_000
    assert held / len(table.rows) < 1024
