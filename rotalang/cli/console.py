"""Where the CLI writes: results on stdout, diagnostics and progress on stderr, colour
only on a terminal (and never with NO_COLOR)."""

from __future__ import annotations

import errno
import shutil
import sys
from typing import IO, Iterable

from rotalang.diagnostics import (
    Diagnostic, DiagnosticError, render_all, render_json, should_color, summary_line,
)


# Diagnostics shown per file, at most, in text: past these, a file is not worth reading
# message by message (a roster with 500 000 duplicate rows printed 148 MB).
SHOWN_PER_FILE = 50


def _first_per_file(diags: list[Diagnostic]) -> tuple[list[Diagnostic], dict[str, int]]:
    """The first `SHOWN_PER_FILE` diagnostics of each file (all without a file), and how
    many more each file has."""
    shown, counts, hidden = [], {}, {}
    for d in diags:
        file = d.span.file if d.span is not None else None
        if file is None:
            shown.append(d)
            continue
        counts[file] = counts.get(file, 0) + 1
        if counts[file] <= SHOWN_PER_FILE:
            shown.append(d)
        else:
            hidden[file] = hidden.get(file, 0) + 1
    return shown, hidden


class StdoutError(DiagnosticError):
    """Stdout cannot take the output (a full disk, a closed descriptor): E0021, to be
    reported on stderr — writing the report to stdout would fail the same way."""

    def __init__(self, err: OSError):
        super().__init__(Diagnostic.error(
            "E0021", f"cannot write to stdout: {err.strerror or err}",
            help="send the output to a file with --output, or free space where stdout goes"))


class Console:
    def __init__(self, out: IO[str] | None = None, err: IO[str] | None = None):
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        # called before anything is written: takes a live progress line away first
        self.before_write = None

    def _clear(self) -> None:
        if self.before_write is not None:
            self.before_write()

    @property
    def out_color(self) -> bool:
        return should_color(self.out)

    @property
    def err_color(self) -> bool:
        return should_color(self.err)

    def out_width(self) -> int | None:
        """The terminal's width when stdout is one (for splitting wide grids)."""
        isatty = getattr(self.out, "isatty", None)
        if not (isatty and isatty()):
            return None
        return shutil.get_terminal_size((100, 24)).columns

    def write(self, text: str) -> None:
        if self.out is None:  # started with stdout closed (`>&-`): Python has none
            raise StdoutError(OSError(errno.EBADF, "it is closed"))
        self._clear()
        try:
            self.out.write(text)
            self.out.flush()
        except BrokenPipeError:
            raise  # the reader went away (`| head`): not an error, see cli.main
        except OSError as err:
            raise StdoutError(err) from None

    def info(self, text: str) -> None:
        """A line for the person at the terminal (stderr, so stdout stays clean)."""
        self._clear()
        self.err.write(text + "\n")
        self.err.flush()

    def diagnostics(self, diags: Iterable[Diagnostic], fmt: str = "text",
                    summary: bool = True, extra: dict | None = None) -> None:
        """Text: every diagnostic on stderr, then `error: 2 errors, 1 warning`.
        JSON: `{"diagnostics": [...]}` on stdout, with any `extra` keys."""
        diags = list(diags)
        if fmt == "json":
            self.write(render_json(diags, extra))
            return
        if diags:
            self._clear()
            shown, hidden = _first_per_file(diags)
            self.err.write(render_all(shown, color=self.err_color))
            for file, count in hidden.items():
                self.err.write(f"\n... and {count} more in {file} (not shown; "
                               f"`--format json` lists them all)\n")
            line = summary_line(diags) if summary else ""
            if line:
                self.err.write("\n" + line + "\n")
            self.err.flush()
