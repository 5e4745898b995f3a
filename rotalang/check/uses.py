"""`use "x.rota"`: the files of a program, each parsed once, main file first.

Paths are relative to the file that names them. A cycle (a.rota uses b.rota uses
a.rota) is E0003 with the chain in a note; a missing file is E0001 at the `use`; a
path that leaves the main program's folder tree is E0004 unless `allow_outside`.
Every file is parsed even when another has errors, so all problems are reported.
"""

from __future__ import annotations

import os

import attrs

from rotalang.diagnostics import Diagnostic, DiagnosticError, Diagnostics
from rotalang.syntax import ast


@attrs.frozen
class Unit:
    """One parsed file: `shown` is its name in diagnostics, `path` where it is on disk."""

    shown: str
    path: str | None  # None for program text given directly
    program: ast.Program


def parse_text(text: str, shown: str, diags: Diagnostics) -> ast.Program | None:
    from rotalang.syntax.parser import parse

    try:
        return parse(text, shown)
    except DiagnosticError as exc:
        diags.extend(exc.diagnostics)
        return None


def read_and_parse(path: str, shown: str, diags: Diagnostics) -> ast.Program | None:
    from rotalang.syntax.parser import parse
    from rotalang.syntax.source import beside_bad_bytes, in_another_encoding, read_source

    text, problems = read_source(path)
    diags.extend(problems)
    if any(d.code == "E0001" for d in problems) or in_another_encoding(problems):
        return None
    try:
        return parse(text, shown)
    except DiagnosticError as exc:
        diags.extend(beside_bad_bytes(exc.diagnostics, problems))
        return None


def collect_units(main: Unit, diags: Diagnostics, *, allow_outside: bool = False) -> list[Unit]:
    """The main unit, then every file it uses (depth first, each file once)."""
    root = program_root(main)
    units = [main]
    seen: dict[str, Unit] = {os.path.realpath(main.path): main} if main.path else {}

    def visit(unit: Unit, chain: tuple[str, ...]) -> None:
        base_real = os.path.dirname(unit.path) if unit.path else os.getcwd()
        base_shown = os.path.dirname(unit.shown) if unit.path else ""
        for item in unit.program.items:
            if not isinstance(item, ast.Use):
                continue
            path = os.path.normpath(os.path.join(base_real, item.path))
            shown = os.path.normpath(os.path.join(base_shown, item.path))
            real = os.path.realpath(path)
            if real in chain:
                loop = " → ".join(_shown_of(seen, r) for r in (*chain[chain.index(real):], real))
                diags.add(Diagnostic.error(
                    "E0003", f"`use` cycle: `{shown}` is already being loaded", item.span,
                    label="uses a file that uses this one", notes=[f"the chain is {loop}"],
                    help="move what both files need into a third file that neither uses"))
                continue
            if real in seen:
                continue
            if not allow_outside and is_outside(root, real):
                diags.add(outside_folder(item.path, item.span))
                continue
            if not os.path.isfile(path):
                diags.add(Diagnostic.error(
                    "E0001", f"cannot read `{shown}`: no such file", item.span,
                    label="used here", help="paths are relative to the file that names them"))
                continue
            program = read_and_parse(path, shown, diags)
            if program is None:
                continue
            used = Unit(shown, path, program)
            seen[real] = used
            units.append(used)
            visit(used, (*chain, real))

    visit(main, (os.path.realpath(main.path),) if main.path else ())
    return units


def program_root(main: Unit) -> str:
    """The folder tree a program may read from: its main file's folder (the current
    folder for program text given directly), symlinks resolved."""
    return os.path.realpath(os.path.dirname(main.path) if main.path else os.getcwd())


def is_outside(root: str, path: str) -> bool:
    """True when `path` (a `use` or a data file), symlinks resolved, leaves `root`."""
    return os.path.commonpath([root, os.path.realpath(path)]) != root


def outside_folder(written: str, span) -> Diagnostic:
    return Diagnostic.error(
        "E0004", f"`{written}` is outside the program's folder", span,
        label="outside the folder tree",
        help="copy the file next to the program, or allow it with "
             "`--allow-outside` (load(..., allow_outside=True))")


def _shown_of(seen: dict[str, Unit], real: str) -> str:
    unit = seen.get(real)
    return f"`{unit.shown}`" if unit else f"`{real}`"
