"""Each example's README shows real output: every console block (`$ rotalang …`) is
re-run from the repository root and compared with what the README shows (see
tests/docblocks.py for the block format). After an intended change of output:
`ROTA_REGEN=1 python -m pytest tests/examples/test_readmes.py`, then review the diff.
"""

from __future__ import annotations

import pytest

from tests.docblocks import ROOT, check_console_block, console_blocks, nth_same

READMES = sorted((ROOT / "examples").glob("*/README.md"))
BLOCKS = [pytest.param(readme, command, shown, nth,
                       id=f"{readme.parent.name}: {command[2:80]}")
          for readme in READMES
          for (command, shown), nth in zip(console_blocks(readme),
                                           nth_same(console_blocks(readme)))]


def test_every_example_readme_shows_its_commands():
    for readme in READMES:
        commands = [command for command, _ in console_blocks(readme)]
        assert commands, f"{readme.relative_to(ROOT)} shows no command's output"
        assert any(" check " in c for c in commands), readme


@pytest.mark.parametrize("readme, command, shown, nth", BLOCKS)
def test_readme_block_shows_real_output(readme, command, shown, nth):
    check_console_block(readme, command, shown, nth=nth)
