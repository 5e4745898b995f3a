"""What a person watching a batch sees: on a terminal, a live table (rich) of every job
— waiting, running, done with its cost, failed — redrawn in place and cleared when the
batch ends; elsewhere (a log, a pipe, CI) one plain line per finished job."""

from __future__ import annotations

import sys
from typing import IO


def _cost(result: dict) -> str:
    cost, bound = result.get("cost"), result.get("bound")
    if cost is None:
        return ""
    return f"{cost}" if bound is None or bound == cost else f"{cost} (bound {bound})"


class Progress:
    """`live`: draw the table (default: when `stream` is a terminal)."""

    def __init__(self, names: list[str], stream: IO[str] | None = None,
                 live: bool | None = None):
        self.names = names
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.results: dict[str, dict] = {}
        self.running: set[str] = set()
        self.skipped: set[str] = set()
        self._live = None

    def __enter__(self) -> "Progress":
        if self.live:
            from rich.console import Console
            from rich.live import Live

            console = Console(file=self.stream, force_terminal=True)
            self._live = Live(self._table(), console=console, transient=True,
                              refresh_per_second=4, redirect_stdout=False,
                              redirect_stderr=False)
            self._live.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._live is not None:
            live, self._live = self._live, None
            live.stop()  # transient: the table is erased, the cursor shown again
            self.stream.flush()

    def skip(self, result: dict) -> None:
        """A job already done by an earlier run."""
        self.results[result["name"]] = result
        self.skipped.add(result["name"])
        self._refresh()

    def tick(self, running: set[str]) -> None:
        self.running = set(running)
        self._refresh()

    def done(self, result: dict) -> None:
        self.results[result["name"]] = result
        self.running.discard(result["name"])
        if self._live is None:
            n = len(self.results)
            tries = f", try {result['attempts']}" if (result.get("attempts") or 1) > 1 else ""
            cost = _cost(result)
            self.stream.write(f"[{n:>{len(str(len(self.names)))}}/{len(self.names)}] "
                              f"{result['name']}: {result['status']}"
                              f"{', cost ' + cost if cost else ''}"
                              f" ({result.get('time') or 0:.2f} s{tries})\n")
            self.stream.flush()
        self._refresh()

    def _refresh(self) -> None:
        if self._live is not None:
            self._live.update(self._table())

    def _table(self):
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        finished = [r for r in self.results.values() if r["status"] != "failed"]
        failed = [r for r in self.results.values() if r["status"] == "failed"]
        title = (f"rotalang batch: {len(finished)} done, {len(self.running)} running, "
                 f"{len(failed)} failed, "
                 f"{len(self.names) - len(self.results) - len(self.running)} waiting")
        table = Table()
        for column in ("job", "state", "cost", "time", "tries"):
            table.add_column(column)
        for name in self.names:
            r = self.results.get(name)
            if r is None:
                state = "running" if name in self.running else "waiting"
                table.add_row(name, state, "", "", "")
                continue
            state = r["status"] + (" (earlier run)" if name in self.skipped else "")
            table.add_row(name, state, _cost(r), f"{r.get('time') or 0:.2f} s",
                          str(r.get("attempts") or 1))
        return Group(Text(title), table)
