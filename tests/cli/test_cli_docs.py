"""docs/cli.md stays true: every command and option `rotalang --help` lists is
documented there, and every ```console block that runs `rotalang` shows what it prints.

A console block is `$ rotalang ARGS` then the output (stderr and stdout as a terminal
shows them, or stdout only when the command ends with `2>/dev/null`), then `[exit N]`
when the exit status is not 0 (tests/docblocks.py). Regenerate the outputs after an
intended change with `ROTA_REGEN=1 python -m pytest tests/cli/test_cli_docs.py` and
review the diff.
"""

import argparse
import re
import sys

import pytest

from cli_fixtures import REPO
from rotalang.cli import build_parser

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
from tests.docblocks import check_console_block  # noqa: E402

DOC = REPO / "docs" / "cli.md"
BLOCK = re.compile(r"^```console\n(\$ rotalang [^\n]*)\n(.*?)^```$", re.S | re.M)


def _commands_and_options(parser, path=()):
    """(command path, option strings) for every parser, nested commands included."""
    options = [s for a in parser._actions for s in a.option_strings]
    yield path, options
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands_and_options(sub, path + (name,))


def test_every_command_and_option_is_documented():
    doc = DOC.read_text(encoding="utf-8")
    found = list(_commands_and_options(build_parser()))
    assert len(found) >= 7  # rotalang, check, ir, solve, verify, import, import curtois
    for path, options in found:
        if path:
            assert f"## `rotalang {' '.join(path)}" in doc, \
                f"no section for `rotalang {' '.join(path)}`"
        for option in options:
            assert f"`{option}" in doc, f"{option} of `rotalang {' '.join(path)}` is not in docs/cli.md"


def _blocks():
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_the_doc_has_runnable_examples():
    assert len(_blocks()) >= 4


@pytest.mark.parametrize("command, shown", _blocks(), ids=lambda v: v[:60] if v.startswith("$") else "")
def test_console_block_shows_real_output(command, shown):
    check_console_block(DOC, command, shown)
