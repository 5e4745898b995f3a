"""`rotalang diff OLD NEW`: do two versions of the rules allow the same rosters, on
the same data? The report (rules matched, a witness roster per direction, cost
changes) goes to stdout, the verdict to stderr. Exit 0 equivalent, 1 different, 2
could not run (a file that does not load, slots that differ, undecided in time)."""

from __future__ import annotations

import json
import time

from rotalang.cli.arguments import positive_seconds, seed
from rotalang.cli.console import Console
from rotalang.cli.errors import CANNOT_RUN, OK, PROBLEMS
from rotalang.cli.loading import load_program
from rotalang.diagnostics import DiagnosticError

DEFAULT_TIME_LIMIT = 60.0


def register(commands) -> None:
    p = commands.add_parser(
        "diff", help="compare two versions of the rules: the rosters each allows",
        description="Decide whether OLD and NEW, on the same data, allow exactly the same "
                    "rosters at the same soft cost; show a witness roster for each "
                    "direction in which they differ, the largest cost changes found, and "
                    "which rules were changed, renamed, removed or added.")
    p.add_argument("old", metavar="OLD", help="the .rota program before the change")
    p.add_argument("new", metavar="NEW", help="the .rota program after the change")
    p.add_argument("--time-limit", type=positive_seconds, metavar="S",
                   help=f"seconds of solver work for all the questions (default: "
                        f"{DEFAULT_TIME_LIMIT:g}); what is not decided by then is "
                        "reported as unknown, never as equivalent")
    p.add_argument("--seed", type=seed, default=0, metavar="N",
                   help="random seed of the solver (the same inputs and seed give the "
                        "same witnesses; default 0)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="the report as text on stdout (default) or as JSON")
    p.add_argument("--witnesses", metavar="DIR",
                   help="also write each witness roster as CSV into DIR (created if "
                        "needed): allowed-by-new.csv, allowed-by-old.csv, which `rotalang "
                        "verify --roster` reads")
    p.add_argument("--force", action="store_true",
                   help="overwrite witness files that exist in DIR")
    p.set_defaults(run=run)


WITNESS_FILES = {"new": "allowed-by-new.csv", "old": "allowed-by-old.csv"}


def run(args, console: Console) -> int:
    from rotalang.analyses import EvaluatorDisagrees
    from rotalang.api import diff
    from rotalang.report.diff_json import diff_json
    from rotalang.report.diff_text import format_diff, verdict_line

    started = time.monotonic()
    paths = _witness_paths(args)
    try:
        old, new = load_program(args.old, args), load_program(args.new, args)
        limit = args.time_limit or DEFAULT_TIME_LIMIT
        result = diff(old, new, time_limit=limit, seed=args.seed, started=started)
    except DiagnosticError as err:  # a file that does not load is no verdict: exit 2
        console.diagnostics(err.diagnostics, args.format)
        return CANNOT_RUN
    except EvaluatorDisagrees as err:
        raise RuntimeError(str(err)) from None  # a bug of ours: E0901
    _write_witnesses(result, paths, old.ir, args.force, console,
                     quiet=args.format == "json")
    if args.format == "json":
        console.write(json.dumps(diff_json(result), ensure_ascii=False, indent=2) + "\n")
    else:
        console.diagnostics(result.diagnostics)
        console.write(format_diff(result, old.ir, new.ir, max_width=console.out_width()))
        console.info(verdict_line(result))
    return {"equivalent": OK, "different": PROBLEMS}.get(result.verdict, CANNOT_RUN)


def _witness_paths(args) -> dict[str, str]:
    """Where the witnesses go; refused now (E0020, E0021), before the questions run."""
    if not args.witnesses:
        return {}
    import os

    from rotalang.report.output import check_writable

    try:
        os.makedirs(args.witnesses, exist_ok=True)
    except OSError:
        pass  # check_writable says why it cannot be written
    paths = {side: os.path.join(args.witnesses, name) for side, name in WITNESS_FILES.items()}
    for path in paths.values():
        check_writable(path, force=args.force)
    return paths


def _write_witnesses(result, paths: dict[str, str], program, force: bool,
                     console: Console, *, quiet: bool) -> None:
    from rotalang.report.csv_out import roster_csv
    from rotalang.report.output import write_output

    for d in result.directions:
        if d.witness is not None and d.allowed_by in paths:
            write_output(paths[d.allowed_by], roster_csv(d.witness.roster, program),
                         force=force)
            if not quiet:  # JSON writes nothing on stderr
                console.info(f"wrote {paths[d.allowed_by]}")
