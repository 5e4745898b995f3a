"""Where the CLI writes: results on stdout, diagnostics and progress on stderr, colour
only on a terminal (and never with NO_COLOR)."""

from __future__ import annotations

import shutil
import sys
from typing import IO, Iterable

from rotalang.diagnostics import Diagnostic, render_all, render_json, summary_line, should_color


class Console:
    def __init__(self, out: IO[str] | None = None, err: IO[str] | None = None):
        self.out = out or sys.stdout
        self.err = err or sys.stderr

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
        self.out.write(text)
        self.out.flush()

    def info(self, text: str) -> None:
        """A line for the person at the terminal (stderr, so stdout stays clean)."""
        self.err.write(text + "\n")
        self.err.flush()

    def diagnostics(self, diags: Iterable[Diagnostic], fmt: str = "text",
                    summary: bool = True) -> None:
        """Text: every diagnostic on stderr, then `error: 2 errors, 1 warning`.
        JSON: `{"diagnostics": [...]}` on stdout."""
        diags = list(diags)
        if fmt == "json":
            self.write(render_json(diags))
            return
        if diags:
            self.err.write(render_all(diags, color=self.err_color))
            line = summary_line(diags) if summary else ""
            if line:
                self.err.write("\n" + line + "\n")
            self.err.flush()
