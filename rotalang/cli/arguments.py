"""The argument parser: short messages and exit code 2 for bad arguments, option
values checked here (a positive time limit, an ISO date) so commands get clean input."""

from __future__ import annotations

import argparse
import datetime
import sys

from rotalang.cli.errors import CANNOT_RUN


class Parser(argparse.ArgumentParser):
    """argparse, but a bad argument prints one `error:` line and a hint instead of the
    whole usage block, and exits 2."""

    def error(self, message: str):  # noqa: D401 - argparse's hook
        sys.stderr.write(f"error: {message}\n")
        sys.stderr.write(f"help: run `{self.prog} --help` for the options\n")
        raise SystemExit(CANNOT_RUN)


class HelpFormatter(argparse.HelpFormatter):
    """Wraps descriptions as usual but keeps the exit-code table's line breaks."""

    def _fill_text(self, text, width, indent):
        if "\n  " in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a number of seconds") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"the time limit must be a positive number of "
                                         f"seconds, not `{text}`")
    return value


def positive_work(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a number of seconds of work") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"the work limit must be a positive number of "
                                         f"seconds of work, not `{text}`")
    return value


def positive_megabytes(text: str) -> int | str:
    """A memory limit in MB, or `off` (no limit: not even the default budget)."""
    if text.strip().lower() == "off":
        return "off"
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a whole number of megabytes") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"the memory limit must be positive, not `{text}`")
    return value


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a whole number") from None


def seed(text: str) -> int:
    value = _whole_number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"the seed must not be negative, not `{text}`")
    return value


def workers(text: str) -> int:
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"at least one worker is needed, not `{text}`")
    return value


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a date like 2024-01-01") from None


def add_global_options(parser: argparse.ArgumentParser, *, on_subcommand: bool) -> None:
    """Options every command accepts, before or after the command name. On the
    subcommand their default is SUPPRESS so that `rotalang --debug solve f` keeps the
    value given before the command."""
    default = (lambda value: argparse.SUPPRESS) if on_subcommand else (lambda value: value)
    group = parser.add_argument_group("global options")
    group.add_argument("--debug", action="store_true", default=default(False),
                       help="show the full traceback of an internal error")
    group.add_argument("--allow-outside", action="store_true", default=default(False),
                       help="allow `use` and data paths outside the program's folder")
    group.add_argument("--progress", action="store_true", default=default(False),
                       help="say what is being done (grounding, deciding, solving) in plain "
                            "lines on stderr, for logs; a terminal shows it live anyway")
    group.add_argument("--memory-limit", type=positive_megabytes, metavar="MB",
                       default=default(None),
                       help="stop with a diagnostic when the process needs more than MB "
                            "megabytes (default: 3/4 of the machine's memory; `off`: "
                            "no limit)")
