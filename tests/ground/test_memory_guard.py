"""The memory guard: before grounding, a program whose ground model would not fit in
the memory grounding may use (the machine's available memory, or what
--memory-limit leaves) is refused with E0501, its estimate and what to do."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rotalang.diagnostics import DiagnosticError
from rotalang import memory
from rotalang.ground import estimate, grounder
from rotalang.ground.symbolic import sharing

from ground_helpers import ground_text
from test_ground_performance import roster_program


@pytest.fixture
def limit():
    yield memory.set_memory_limit
    memory.set_memory_limit(None)


def year_program(people: int) -> str:
    return roster_program(people).replace("calendar from 2025-03-03 to 2025-03-30",
                                          "calendar from 2025-01-01 to 2025-12-31")


def test_a_program_too_big_for_the_limit_is_refused_before_grounding(limit, monkeypatch):
    limit(20 * memory.MIB)
    monkeypatch.setattr(memory, "_status_bytes", lambda field: 0)
    started = []
    monkeypatch.setattr(grounder.Grounder, "run", lambda self: started.append(1))
    with pytest.raises(DiagnosticError) as caught:
        ground_text(year_program(120))
    assert not started  # refused before any rule was grounded
    (d,) = caught.value.diagnostics
    assert d.code == "E0501"
    assert d.message.startswith("grounding this program would take about ")
    assert d.message.endswith("more than the 20 MB that --memory-limit 20 MB leaves")
    assert d.label.startswith("120 people × 365 days × 3 shifts = 131,400 slots; about ")
    assert "split the staff" in d.help and "shorten the calendar (365 days)" in d.help
    assert "--memory-limit" in d.help
    assert d.span is not None and d.span.start_line == 2  # the calendar


def test_without_a_limit_the_machines_available_memory_decides(limit, monkeypatch):
    monkeypatch.setattr(memory, "available_memory", lambda: 30 * memory.MIB)
    with pytest.raises(DiagnosticError) as caught:
        ground_text(year_program(120))
    (d,) = caught.value.diagnostics
    assert d.message.endswith("more than the 30 MB available on this machine")
    monkeypatch.setattr(memory, "available_memory", lambda: 64 * 1024 * memory.MIB)
    assert len(ground_text(year_program(12)).slots) == 12 * 365 * 3


def test_the_default_budget_is_three_quarters_of_the_machine(limit, monkeypatch):
    monkeypatch.setattr(memory, "machine_memory", lambda: 40 * memory.MIB)
    monkeypatch.setattr(memory, "available_memory", lambda: 64 * 1024 * memory.MIB)
    monkeypatch.setattr(memory, "_status_bytes", lambda field: 0)
    assert memory.default_budget() == 30 * memory.MIB
    with pytest.raises(DiagnosticError) as caught:
        ground_text(year_program(120))
    (d,) = caught.value.diagnostics
    assert d.message.endswith("more than the 30 MB that the default memory budget "
                              "(3/4 of this machine's 40 MB) leaves")
    limit(memory.OFF)  # --memory-limit off: only what the machine has free counts
    assert memory.memory_room() == (64 * 1024 * memory.MIB,
                                    "the memory available on this machine")


def test_a_containers_limit_is_the_machines_memory(monkeypatch):
    real_open = open

    def fake_open(path, *args, **kwargs):
        if str(path) == "/sys/fs/cgroup/memory.max":
            import io
            return io.StringIO("1073741824\n")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    assert memory.machine_memory() == min(1024 * memory.MIB, memory._meminfo("MemTotal")
                                          or 1 << 62)


def test_no_reading_of_the_memory_refuses_nothing(monkeypatch):
    monkeypatch.setattr(memory, "available_memory", lambda: None)
    monkeypatch.setattr(memory, "machine_memory", lambda: None)
    assert memory.memory_room() == (None, "")
    assert len(ground_text(roster_program(6)).slots) == 6 * 28 * 3


def test_available_memory_is_read():
    available = memory.available_memory()
    assert available is None or available > 0


def test_available_memory_falls_back_to_the_free_pages(monkeypatch):
    def no_meminfo(*args, **kwargs):
        raise OSError("no /proc")

    monkeypatch.setattr("builtins.open", no_meminfo)
    found = memory.available_memory()
    assert found is None or found > 0


@pytest.mark.parametrize("people", [12, 30])
def test_the_estimate_is_an_upper_bound_of_the_right_size(people):
    from rotalang.check import load_program

    program, _ = load_program(year_program(people))
    model = grounder.ground(program)
    with sharing():
        constraints, terms, largest = estimate.model_size(
            grounder.Grounder(program, 5_000_000))
    made = 0
    for c in model.constraints:
        stack = [c.formula]
        while stack:
            f = stack.pop()
            if hasattr(f, "lhs"):
                made += len(f.lhs.terms) + len(f.rhs.terms)
            elif hasattr(f, "var"):
                made += 1
            stack.extend(getattr(f, "items", ()))
            if hasattr(f, "operand"):
                stack.append(f.operand)
        made += sum(len(t.terms) for t in c.terms)
    assert len(model.constraints) <= constraints <= 3 * len(model.constraints)
    assert made <= terms <= 4 * made
    assert 0 < largest <= terms


def test_the_command_line_limit_reaches_the_guard(tmp_path):
    source = tmp_path / "year.rota"
    source.write_text(year_program(300), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "rotalang", "--memory-limit", "900",
                           "check", str(source)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1, done.stderr
    out = done.stdout + done.stderr
    assert "error[E0501]: grounding this program would take about" in out
    assert "that --memory-limit 900 MB leaves" in out
