"""Progress on stderr while a command grounds, decides, shrinks a conflict or solves.

- On a terminal: one live line (rich's status spinner) that says what is being done
  now and is gone when the command ends, so the output reads as without it.
- With `--progress`: plain lines for logs and CI, `[   3.20s] grounding: rule 每班至少两人
  (12/40)`, at most one per stage every `PLAIN_EVERY` seconds (the first of each stage
  always), so a long run's log stays readable.
- Otherwise (stderr a file or a pipe): nothing beyond what the command always says.

Anything else the command writes to stderr (a better roster, a diagnostic) first
takes the live line away (`Console.before_write`), so the two never mix on one line.
"""

from __future__ import annotations

import os
import time

from rotalang.progress import Step

STAGE_WORDS = {"ground": "grounding", "decide": "deciding", "shrink": "shrinking the conflict",
               "prove": "proving", "lint": "linting", "solve": "solving",
               "verify": "verifying"}
PLAIN_EVERY = 1.0  # seconds between two plain lines of one stage


def step_text(step: Step) -> str:
    text = f"{STAGE_WORDS.get(step.stage, step.stage)}: {step.text}"
    if step.total:
        text += f" ({min(step.done or 0, step.total - 1) + 1}/{step.total})"
    return text


class ProgressDisplay:
    """The `progress.Reporter` the CLI installs for check, solve and verify."""

    def __init__(self, console, *, plain: bool):
        self.console = console
        self.start = time.monotonic()
        self.mode = "plain" if plain else "live" if _live_terminal(console.err) else None
        self._status = None  # rich's Status, while the live line is shown
        self._last_plain: dict[str, float] = {}
        self._last_stage: str | None = None

    def __call__(self, step: Step) -> None:
        if self.mode == "plain":
            self._plain(step)
        elif self.mode == "live":
            self._live(step)

    def _plain(self, step: Step) -> None:
        now = time.monotonic()
        last = self._last_plain.get(step.stage)
        if step.stage == self._last_stage and last is not None and now - last < PLAIN_EVERY:
            return
        self._last_plain[step.stage] = now
        self._last_stage = step.stage
        self.console.info(f"[{now - self.start:7.2f}s] {step_text(step)}")

    def _live(self, step: Step) -> None:
        text = step_text(step)
        if self._status is None:
            from rich.console import Console as RichConsole
            from rich.live import Live
            from rich.spinner import Spinner

            rich_console = RichConsole(file=self.console.err, highlight=False)
            self._spinner = Spinner("dots", text)
            # rich's Status, drawn at once: a stage that ends before the first refresh
            # (a twelfth of a second) would otherwise never be seen.
            self._status = Live(self._spinner, console=rich_console, transient=True,
                                refresh_per_second=12.5)
            self._status.start(refresh=True)
            self.console.before_write = self.hide
        else:
            self._spinner.update(text=text)

    def hide(self) -> None:
        """Take the live line away (before other output; at the end of the command)."""
        if self._status is not None:
            self._status.stop()
            self._status = None
            self.console.before_write = None

    def __enter__(self) -> ProgressDisplay:
        return self

    def __exit__(self, *exc) -> None:
        self.hide()


def _live_terminal(stream) -> bool:
    """A terminal that can redraw a line (not `TERM=dumb`)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM", "") != "dumb"
