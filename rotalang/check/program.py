"""The checker's entry point: source → (ir.Program, warnings), or every error at once.

`load_program` parses the main file and every file it `use`s, checks declarations,
data and rules (declarations.py, rules.py), then the program-wide rules: one staff
kind when anything is assigned, at most one post kind, shifts exactly when there is a
calendar. Diagnostics are collected across all files; if any is an error, one
`DiagnosticError` carries them all (warnings included), sorted by position.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from rotalang import ir
from rotalang.check.availability import availability_rules
from rotalang.check.declarations import DeclarationChecker
from rotalang.check.expressions import Context
from rotalang.check.rules import RuleChecker
from rotalang.check.scope import Globals
from rotalang.check.uses import Unit, collect_units, parse_text, read_and_parse
from rotalang.diagnostics import Diagnostic, Diagnostics, register_source
from rotalang.syntax import ast

TEXT_NAME = "<input>"


def load_program(source: str | Path, *, file: str | None = None,
                 allow_outside: bool = False,
                 data_dir: str | Path | None = None) -> tuple[ir.Program, list[Diagnostic]]:
    """Check a program given as a path to a `.rota` file or as program text.

    `file` names the text in diagnostics (default: the path, or `<input>`). `data_dir`:
    the folder the main file's data paths (`人员 from "人员.csv"`) are read from instead
    of the main file's own (one rule file over many units' data). Returns the typed
    program and its warnings; raises `DiagnosticError` with every error."""
    # The syntax tree and the IR are large and acyclic: the cyclic garbage collector
    # would rescan them again and again (over half the time on a 5,000-rule program),
    # so it is paused while loading and restored after.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(source, file, allow_outside, data_dir)
    finally:
        if was_enabled:
            gc.enable()


def _load(source: str | Path, file: str | None, allow_outside: bool,
          data_dir: str | Path | None = None) -> tuple[ir.Program, list[Diagnostic]]:
    diags = Diagnostics()
    path = _as_path(source)
    if path is not None:
        shown = file or str(source)
        program = read_and_parse(path, shown, diags)
        main = Unit(shown, path, program) if program is not None else None
    else:
        shown = file or TEXT_NAME
        register_source(shown, str(source))
        program = parse_text(str(source), shown, diags)
        main = Unit(shown, None, program) if program is not None else None
    if main is None:
        diags.raise_if_errors()
        raise AssertionError("the parser returned nothing and reported no error")
    units = collect_units(main, diags, allow_outside=allow_outside)
    checked = check_units(units, diags, allow_outside=allow_outside,
                          data_dir=None if data_dir is None else str(data_dir))
    diags.raise_if_errors()
    return checked, [d for d in diags.sorted() if not d.is_error]


def _as_path(source: str | Path) -> str | None:
    if isinstance(source, Path):
        return str(source)
    if "\n" not in source and source.endswith(".rota"):
        return source
    if "\n" not in source and len(source) < 4096 and os.path.isfile(source):
        return source
    return None


def check_units(units: list[Unit], diags: Diagnostics, *,
                allow_outside: bool = False, data_dir: str | None = None) -> ir.Program:
    ctx = Context(Globals(diags), diags)
    decls = DeclarationChecker(ctx, units, allow_outside=allow_outside, data_dir=data_dir)
    calendar = decls.calendar()
    enums = decls.enums()
    kind_asts = decls.kind_names()
    shapes = decls.kind_shapes(kind_asts)
    shifts = decls.shifts()
    sources = decls.record_sources()
    lets = decls.lets()
    kinds = decls.kinds(kind_asts, shapes)
    records = decls.records(sources)

    checker = RuleChecker(ctx)
    rules = []
    for rule in decls.of(ast.Rule):
        ctx.g.define_rule(rule.name.name, rule.name.span)
        rules.append(checker.check(rule, len(rules)))

    rules += availability_rules(ctx, decls.of(ast.Availability), calendar, len(rules))
    _program_rules(ctx, decls, shifts, diags)
    relaxed = decls.relaxed(calendar=calendar is not None,
                            posts=any(k.role == "post" for k in kinds))
    return ir.Program(tuple(u.shown for u in units), calendar, tuple(enums), tuple(kinds),
                      tuple(records), tuple(shifts), tuple(lets), tuple(rules), relaxed)


def _program_rules(ctx: Context, decls: DeclarationChecker, shifts, diags: Diagnostics):
    if ctx.staff is None and ctx.first_works is not None:
        diags.error("E0205", "this rule assigns people, but no `staff` kind is declared",
                    ctx.first_works, label="needs a staff kind",
                    help="declare who is assigned: `staff 人员 { … }`")
    calendars = decls.of(ast.Calendar)
    shift_asts = decls.of(ast.ShiftDecl)
    if calendars and not shift_asts and not decls.shift_tables:  # a bad table said why
        diags.error("E0208", "a calendar needs at least one shift", calendars[0].span,
                    label="the calendar", help="declare the shifts: `shift 早班 06:00-14:00`")
    if shift_asts and not calendars:
        diags.error("E0209", "shifts need a calendar", shift_asts[0].span,
                    label="a shift without days",
                    help="declare the horizon: `calendar from 2025-02-10 to 2025-02-23`, "
                         "or remove the shifts for a static plan")
