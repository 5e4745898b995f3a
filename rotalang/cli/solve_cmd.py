"""`rotalang solve FILE`: find the cheapest roster that meets every hard rule.

Each better roster is announced on stderr as it is found; the final roster goes to
stdout (a grid by default) or to `--output`. The time limit and Ctrl-C both keep the
best roster found so far.
"""

from __future__ import annotations

import datetime
import os
import time
import traceback
from pathlib import Path

from rotalang.backends import DEFAULT_ENGINE, ENGINES
from rotalang.cli.arguments import positive_seconds, positive_work, seed, workers
from rotalang.cli.console import Console
from rotalang.cli.errors import CANNOT_RUN, OK, PROBLEMS, internal_error, out_of_memory
from rotalang.cli.interrupt import settle, terminating
from rotalang.cli.limits import drop_failed_work, is_out_of_memory, release_memory_reserve
from rotalang.cli.loading import load_program, load_warnings
from rotalang.diagnostics import Diagnostic, DiagnosticError
from rotalang.report import FORMATS, format_cost, format_for_path, render_solve, status_line
from rotalang.report.costs import focus_on
from rotalang.report.output import check_writable, free_name_beside, write_output
from rotalang.results import Improvement, SolveResult, Status

EXIT_BY_STATUS = {Status.OPTIMAL: OK, Status.FEASIBLE: OK, Status.INFEASIBLE: PROBLEMS,
                  Status.UNKNOWN: CANNOT_RUN}


def register(commands) -> None:
    p = commands.add_parser(
        "solve", help="find a roster that meets the hard rules at the lowest soft cost",
        description="Solve a program into a roster: every hard rule met, the total cost "
                    "of the soft rules as low as possible. Better rosters are reported on "
                    "stderr as they are found; Ctrl-C keeps the best one.")
    p.add_argument("file", metavar="FILE", help="a .rota program")
    p.add_argument("--time-limit", type=positive_seconds, metavar="S",
                   help="stop after S seconds and keep the best roster found "
                        "(default: run until the roster is proved optimal)")
    p.add_argument("--work-limit", type=positive_work, metavar="W",
                   help="stop after W seconds of the engine's deterministic work: the same "
                        "input and seed then give the same roster on any machine")
    p.add_argument("--engine", choices=ENGINES,
                   help=f"the solver (default {DEFAULT_ENGINE}): cpsat is OR-Tools CP-SAT, "
                        "z3 is Z3")
    p.add_argument("--seed", type=seed, default=0, metavar="N",
                   help="random seed (same inputs and seed give the same roster; default 0)")
    p.add_argument("--workers", type=workers, metavar="N",
                   help="threads or processes the solver may use (default: one per core)")
    p.add_argument("--format", choices=FORMATS,
                   help="table (the default), csv, json or html; with --output "
                        "the default follows the file's extension")
    p.add_argument("--explain", metavar="RULE",
                   help="list every instance of the soft rule RULE that costs something, "
                        "with the roster cells behind it (otherwise a few per rule)")
    p.add_argument("--output", "-o", metavar="PATH", help="write the roster to PATH")
    p.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    p.set_defaults(run=run)


class Progress:
    """The `on_improvement` callback: one stderr line per better roster, and the best
    roster kept in case the search is interrupted."""

    def __init__(self, console: Console):
        self.console = console
        self.best: Improvement | None = None

    def __call__(self, improvement: Improvement) -> None:
        self.best = improvement
        bound = improvement.lower_bound
        self.console.info(f"[{improvement.elapsed:7.2f}s] cost {format_cost(improvement.cost)}"
                          f"  bound {format_cost(bound)}")


def _interrupted_result(progress: Progress, program) -> SolveResult:
    """What Ctrl-C leaves: the best roster so far (costed by the evaluator) or nothing."""
    best = progress.best
    if best is None:
        return SolveResult(Status.UNKNOWN, None, None, None)
    try:
        report = program.verify(best.roster)
        breakdown, items = tuple(report.breakdown), report.cost_items
    except Exception:  # the cost by rule is a nicety; the roster itself is what matters
        breakdown, items = (), ()
    return SolveResult(Status.FEASIBLE, best.cost, best.lower_bound, best.roster, breakdown,
                       best.elapsed, cost_items=items)


def _write_kept(args, text: str, result: SolveResult, console: Console) -> bool:
    """Write the result to --output; True when it went there. A solve's work is never
    thrown away at the last step: when the file appeared while solving, the result
    goes to a free name beside it; when the folder cannot be written any more, it is
    printed on stdout. Either way the diagnostic says where it went (and exit is 2:
    not where it was asked for)."""
    try:
        write_output(args.output, text, force=args.force)
        console.info(f"{status_line(result)}; wrote {args.output}")
        return True
    except DiagnosticError as err:
        problem = err.diagnostics[0]
    if problem.code == "E0020":
        other = free_name_beside(args.output)
        try:
            write_output(other, text)
        except DiagnosticError:
            pass
        else:
            console.diagnostics([Diagnostic.error(
                "E0020", f"`{args.output}` was created by something else while solving; "
                         f"it is left as it was, and the result is in `{other}`",
                help="use --force to overwrite a file that exists")])
            console.info(f"{status_line(result)}; wrote {other}")
            return False
    console.diagnostics([Diagnostic.error(
        problem.code, f"{problem.message}; the result follows on stdout instead",
        help=problem.help)])
    console.write(text)
    console.info(status_line(result))
    return False


def generation_time() -> datetime.datetime:
    """Now, in local time; or the moment `SOURCE_DATE_EPOCH` names (in UTC), so that a
    build that must be reproducible gets the same page from the same result."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if fixed.isdigit():
        return datetime.datetime.fromtimestamp(int(fixed), datetime.timezone.utc)
    return datetime.datetime.now().astimezone()


def run(args, console: Console) -> int:
    started = time.monotonic()  # --time-limit covers the whole command
    fmt = format_for_path(args.output, args.format)
    if args.output:
        check_writable(args.output, force=args.force)  # fail now, not after the solve
    program = load_program(args.file, args)
    focus_on((), args.explain, program.ir)  # a rule name that is not there: say so now
    console.diagnostics(load_warnings(program))
    progress = Progress(console)
    crashed = False
    try:
        result = program.solve(time_limit=args.time_limit, started=started,
                               work_limit=args.work_limit,
                               seed=args.seed, workers=args.workers, engine=args.engine,
                               on_improvement=progress)
    except KeyboardInterrupt:
        # As at the time limit: the best roster is kept; with none, exit 2.
        how = "terminated (SIGTERM)" if terminating() else "interrupted"
        console.info(f"{how}: keeping the best roster found so far"
                     if progress.best is not None else f"{how} before any roster was found")
        result = _interrupted_result(progress, program)
    except Exception as exc:  # noqa: BLE001 - a crash must not lose the roster found
        oom = isinstance(exc, MemoryError) or is_out_of_memory(exc)
        if oom:  # free memory before anything else: even re-raising needs some
            release_memory_reserve()
            drop_failed_work(exc)
        if progress.best is None:
            raise
        if not oom and getattr(args, "debug", False):
            traceback.print_exc(file=console.err)
        failed = out_of_memory(getattr(args, "memory_cap", None)) if oom else internal_error(exc)
        console.diagnostics([failed])
        console.info("keeping the best roster found before the error")
        crashed = True
        result = _interrupted_result(progress, program)
    finally:
        settle()  # an interrupt Z3 took has done its job: the roster below is kept
    console.diagnostics(result.diagnostics)
    text = render_solve(result, program.ir, fmt,
                        color=fmt == "table" and not args.output and console.out_color,
                        max_width=None if args.output else console.out_width(),
                        title=Path(args.file).stem,
                        # on stdout the table is the result; the verdict goes to stderr
                        verdict=bool(args.output), explain=args.explain,
                        generated=generation_time())
    if args.output:
        if result.roster is not None or fmt in ("json", "html"):
            if not _write_kept(args, text, result, console):
                return CANNOT_RUN
        else:
            console.info(f"{status_line(result)}; nothing written to {args.output}")
    else:
        console.write(text)
        console.info(status_line(result))
    return CANNOT_RUN if crashed else EXIT_BY_STATUS.get(result.status, CANNOT_RUN)
