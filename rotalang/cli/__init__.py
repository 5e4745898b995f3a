"""The `rotalang` command: a thin layer over `rotalang.api`.

    rotalang check FILE... [--format text|json] [--time-limit S]
    rotalang ir FILE
    rotalang solve FILE [--time-limit S] [--seed N] [--workers N] [--format table|csv|json|html]
                        [--output PATH] [--force]
    rotalang verify FILE --roster PATH [--format text|json]
    rotalang diff OLD NEW [--time-limit S] [--seed N] [--format text|json] [--witnesses DIR]
    rotalang import curtois INSTANCE.txt --output DIR [--start DATE]
    rotalang batch MANIFEST | PROG --data-dirs GLOB [--out DIR] [--address HOST:PORT] ...

Global options (before or after the command): --debug, --allow-outside,
--memory-limit MB|off, --progress, and --version. Exit codes are listed in `rotalang.cli.errors`:
0 fine, 1 problems found, 2 could not run (130 when Ctrl-C stops a command other than
solve, which keeps its best roster instead).
No Python traceback reaches the user: an unexpected exception becomes an E0901
diagnostic with a short id (the traceback only with --debug).
"""

from __future__ import annotations

import sys
import traceback

from rotalang.version import __version__
from rotalang.cli import (batch_cmd, check_cmd, diff_cmd, import_cmd, ir_cmd, solve_cmd,
                          verify_cmd)
from rotalang import progress
from rotalang.cli.arguments import HelpFormatter, Parser, add_global_options
from rotalang.cli.progress_display import ProgressDisplay
from rotalang.cli.console import Console, StdoutError
from rotalang.cli.errors import CANNOT_RUN, exit_code_for, internal_error, out_of_memory
from rotalang.cli.interrupt import safe_interrupts, terminating
from rotalang.cli.limits import (apply_memory_limit, drop_failed_work, is_out_of_memory,
                                 release_memory_reserve)
from rotalang.diagnostics import DiagnosticError

COMMANDS = (check_cmd, ir_cmd, solve_cmd, verify_cmd, diff_cmd, import_cmd, batch_cmd)
INTERRUPTED = 130  # the shell's convention for Ctrl-C
TERMINATED = 143  # and for SIGTERM (128 + 15)
OUT_OF_MEMORY = object()  # what _run returns when the command ran out of memory

EPILOG = """exit codes:
  0  fine (warnings allowed; solve found a roster)
  1  problems found: errors in the rules or data, infeasible, a broken hard rule,
     a refuted assertion
  2  could not run: bad arguments, unreadable files, an output file that exists,
     nothing found within the time limit, out of memory, internal error"""


def build_parser() -> Parser:
    parser = Parser(prog="rotalang", description="Check, solve and verify staffing rules.",
                    epilog=EPILOG, formatter_class=HelpFormatter)
    parser.add_argument("--version", action="version", version=f"rotalang {__version__}")
    add_global_options(parser, on_subcommand=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                     parser_class=Parser)
    for module in COMMANDS:
        module.register(commands)
    for sub in _all_subparsers(commands):
        add_global_options(sub, on_subcommand=True)
        sub.epilog, sub.formatter_class = EPILOG, HelpFormatter
    return parser


def _all_subparsers(action):
    """Every leaf command parser (`import curtois` included)."""
    for sub in dict.fromkeys(action.choices.values()):
        nested = [a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction"]
        if nested:
            yield from _all_subparsers(nested[0])
        else:
            yield sub


def main(argv: list[str] | None = None, console: Console | None = None) -> int:
    console = console or Console()
    try:
        return _main(argv, console)
    except KeyboardInterrupt:  # before the command's own handling (reading the arguments)
        return _interrupted(console)


def _interrupted(console: Console) -> int:
    if terminating():
        console.info("terminated (SIGTERM)")
        return TERMINATED
    console.info("interrupted")
    return INTERRUPTED


def _from_interrupt(exc: BaseException) -> bool:
    """Whether `exc` was caused by a Ctrl-C: one landing while a compiled module
    initialises (a solver's, imported when first needed) comes out as "ImportError:
    initialization failed" with the KeyboardInterrupt as its cause."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _main(argv: list[str] | None, console: Console) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version (0) or a bad argument (2)
        return stop.code if isinstance(stop.code, int) else CANNOT_RUN
    args.memory_cap = None  # the cap applied (for E0902), set below
    # Commands whose --format json is a report of diagnostics print them as JSON on
    # stdout even when the run stops early; elsewhere (solve) stdout is the result.
    fmt = "json" if (args.command in ("check", "verify", "diff")
                     and getattr(args, "format", None) == "json") else "text"
    try:
        # batch solves nothing itself, and Ray's processes (started from it) reserve
        # far more address space than they use: no cap there (docs/cli.md)
        if args.command != "batch":
            args.memory_cap = apply_memory_limit(getattr(args, "memory_limit", None),
                                                  args.command)
        with safe_interrupts(debug=getattr(args, "debug", False)):
            code = _run(args, console)
        if code is OUT_OF_MEMORY:
            console.diagnostics([out_of_memory(args.memory_cap)], fmt)
            return CANNOT_RUN
        return code
    except StdoutError as err:
        _silence_stdout()  # and Python's exit flush with it
        console.diagnostics(err.diagnostics, "text")
        return CANNOT_RUN
    except DiagnosticError as err:
        console.diagnostics(err.diagnostics, fmt)
        return exit_code_for(err.diagnostics)
    except KeyboardInterrupt:
        return _interrupted(console)
    except BrokenPipeError:
        # stdout closed early (`rotalang solve f | head`): not an error of ours.
        _silence_stdout()
        return 0
    except Exception as exc:  # noqa: BLE001 - the one place that turns bugs into diagnostics
        if _from_interrupt(exc):
            return _interrupted(console)
        if isinstance(exc, MemoryError) or is_out_of_memory(exc):
            console.diagnostics([out_of_memory(args.memory_cap)], fmt)
            return CANNOT_RUN
        if getattr(args, "debug", False):
            traceback.print_exc(file=console.err)
        console.diagnostics([internal_error(exc)], fmt)
        return CANNOT_RUN


def _run(args, console: Console):
    """Run the command; on running out of memory, free what the failed work holds
    before anything else runs (leaving the `with` above and printing the report both
    need memory), and return OUT_OF_MEMORY."""
    try:
        with ProgressDisplay(console, plain=getattr(args, "progress", False)) as display, \
                progress.reporting(display):
            return args.run(args, console)
    except Exception as exc:  # noqa: BLE001 - only out-of-memory is handled here
        release_memory_reserve()  # first: even telling what went wrong needs memory
        if not is_out_of_memory(exc):
            raise
        drop_failed_work(exc)
    return OUT_OF_MEMORY  # outside the handler, so the exception itself is gone too


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so Python's exit flush is quiet."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no stdout at all: nothing to flush
        pass
