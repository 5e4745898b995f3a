"""docs/tutorial.md shows what each command prints on the program as the reader has it
at that point: the ```rota 值守.rota blocks before a command, in order, are 值守.rota
(likewise 卫生室.rota), written next to copies of examples/checkpoint's CSV files, with
`examples/` reachable as from the repository root. Regenerate after an intended change
with `ROTA_REGEN=1 python -m pytest tests/docs/test_tutorial.py` and review the diff.
"""

from __future__ import annotations

import shutil

import pytest

import rotalang
from tests.docblocks import ROOT, check_console_block, nth_same, walk

TUTORIAL = ROOT / "docs" / "tutorial.md"


def console_steps():
    steps = []
    for words, body, files in walk(TUTORIAL):
        if body.startswith("$ rotalang "):
            command, _, shown = body.partition("\n")
            steps.append((command, shown, files))
    nths = nth_same([(command, shown) for command, shown, _ in steps])
    return [pytest.param(command, shown, files, nth, id=f"{command[2:80]} #{i}")
            for i, ((command, shown, files), nth) in enumerate(zip(steps, nths))]


def reader_folder(folder, files):
    """The reader's folder: the example's CSVs, the files written so far, `examples/`."""
    for csv in (ROOT / "examples" / "checkpoint").glob("*.csv"):
        shutil.copy(csv, folder / csv.name)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    return folder


def test_the_tutorial_builds_its_program_and_runs_it():
    steps = list(console_steps())
    commands = [p.values[0] for p in steps]
    assert "$ rotalang check 值守.rota" in commands
    assert any(c.startswith("$ rotalang solve 值守.rota") for c in commands)
    assert any(c.startswith("$ rotalang verify ") for c in commands)
    # every program block belongs to a file the tutorial names
    for words, body, files in walk(TUTORIAL):
        if words[:1] == ["rota"] and "standalone" not in words:
            assert any(w.endswith(".rota") for w in words) or words == ["rota"], words


@pytest.mark.parametrize("command, shown, files, nth", console_steps())
def test_tutorial_command_shows_real_output(command, shown, files, nth, tmp_path):
    check_console_block(TUTORIAL, command, shown, reader_folder(tmp_path, files), nth)


def test_each_stage_of_the_tutorial_program_loads(tmp_path):
    """Every ```rota 值守.rota block leaves a program that loads (a step the reader takes
    never breaks the file), and the finished 值守.rota grows to the example's rules."""
    final = {}
    for step, (words, body, files) in enumerate(walk(TUTORIAL)):
        named = [w for w in words if w.endswith(".rota")]
        if words[:1] == ["rota"] and named:
            folder = tmp_path / f"step{step}"
            folder.mkdir()
            reader_folder(folder, files)
            rotalang.load(str(folder / named[0]))
            final = files
    folder = tmp_path / "final"
    folder.mkdir()
    program = rotalang.load(str(reader_folder(folder, {"值守.rota": final["值守.rota"]})
                                / "值守.rota"))
    example = rotalang.load(str(ROOT / "examples" / "checkpoint" / "checkpoint.rota"))
    assert {r.name for r in program.ir.rules} - {"医务人员每班在岗"} <= \
        {r.name for r in example.ir.rules}
