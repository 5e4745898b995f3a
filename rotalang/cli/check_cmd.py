"""`rotalang check FILE...`: parse, resolve and type-check each program, then ask the
solver whether the hard rules can hold and whether each assertion follows."""

from __future__ import annotations

import time

from rotalang.cli.arguments import positive_seconds
from rotalang.cli.console import Console
from rotalang.cli.errors import CANNOT_RUN, OK, exit_code_for
from rotalang.cli.loading import load_program
from rotalang.diagnostics import DiagnosticError, Severity
from rotalang.drivers.checking import UNDECIDED
from rotalang.report.indicators import indicator_json, indicator_text
from rotalang.report.text import plural


def register(commands) -> None:
    p = commands.add_parser(
        "check", help="check programs: names, types, data, satisfiable rules, assertions",
        description="Check each program: syntax, names, types and data; then whether "
                    "the hard rules can all hold, and whether each assertion follows.")
    p.add_argument("files", nargs="+", metavar="FILE", help="a .rota program")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="diagnostics as text on stderr (default) or JSON on stdout")
    p.add_argument("--time-limit", type=positive_seconds, metavar="S",
                   help="seconds for the solver's checks, per program (default: 60)")
    p.add_argument("--show", action="store_true",
                   help="also list every check the rules make on the data alone (the "
                        "indicators), with actual, target, difference and verdict")
    p.set_defaults(run=run)


def run(args, console: Console) -> int:
    diagnostics, shown = [], []
    for path in args.files:
        started = time.monotonic()  # the time limit is per program, loading included
        try:
            program = load_program(path, args)
            report = program.check(time_limit=args.time_limit, started=started)
            diagnostics += [d for d in report.diagnostics if d not in diagnostics]
            if args.show:
                shown.append((path, program.indicators()))
        except DiagnosticError as err:
            diagnostics += err.diagnostics
    extra = None
    if args.show and args.format == "json":
        extra = {"indicators": [{"file": path, **item} for path, found in shown
                                for item in indicator_json(found)]}
    console.diagnostics(diagnostics, args.format, extra=extra)
    if args.show and args.format == "text":
        for path, found in shown:
            text = indicator_text(found)
            console.write((f"{path}: {text}" if len(shown) > 1 else text) if text else
                          f"{path}: no rule reads the data alone\n")
    code = exit_code_for(diagnostics)
    undecided = [d for d in diagnostics if d.code == UNDECIDED]
    if code == OK and undecided:
        # Nothing wrong was found, but not everything was decided: never "ok".
        if args.format == "text":
            console.info(f"undecided: {', '.join(args.files)} ("
                         f"{plural(len(undecided), 'question')} not decided within the "
                         f"limits; raise --time-limit)")
        return CANNOT_RUN
    if args.format == "text" and code == OK:
        counts = _counts(diagnostics)
        console.info(f"ok: {', '.join(args.files)}" + (f" ({counts})" if counts else ""))
    return code


def _counts(diagnostics) -> str:
    """`1 warning, 2 assertions proved`: what a clean run still found. Notes are good
    news (an assertion proved), so they never read as warnings."""
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    proved = sum(1 for d in diagnostics if d.code == "N0601")
    notes = sum(1 for d in diagnostics if d.severity is Severity.NOTE) - proved
    parts = [plural(warnings, "warning"), plural(proved, "assertion") + " proved",
             plural(notes, "note")]
    return ", ".join(p for p in parts if not p.startswith("0 "))
