"""Loading a program for a command, with the global options applied."""

from __future__ import annotations

import argparse
from pathlib import Path


def load_program(path: str, args: argparse.Namespace):
    """`rotalang.load(path)` honouring `--allow-outside`. Raises DiagnosticError.
    A command-line argument is always a file, never program text: passing a `Path`
    keeps `/dev/null` or a name without `.rota` from being parsed as a program."""
    from rotalang.api import load  # imported late: `rotalang --help` stays fast

    return load(Path(path), allow_outside=getattr(args, "allow_outside", False))


def load_warnings(program) -> tuple:
    """Warnings the front end found while loading (shown even when all goes well)."""
    return tuple(getattr(program, "warnings", ()) or ())
