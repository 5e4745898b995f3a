"""What a long command is doing now, for whoever is watching: grounding rule 12 of 40,
deciding whether the hard rules can hold, shrinking a conflict, searching.

The layers that do the work call `report(Step(...))`; nobody has to pass a callback
down through every signature. Whoever shows progress (the CLI's display, an embedding
tool) installs a reporter for the duration of a call:

    with progress.reporting(print):
        program.check()

Without a reporter, `report` does nothing and costs one context-variable lookup. A
reporter must be quick and must not raise: it is called from the middle of the work.
"""

from __future__ import annotations

import contextlib
import contextvars
from typing import Callable, Iterator

import attrs


@attrs.frozen
class Step:
    """`stage`: "ground", "decide", "shrink", "prove", "lint", "solve" or "verify";
    `text`: what is being done, in words ("rule 每班至少两人"); `done` of `total`
    when the stage has a known length (rules grounded, assertions proved)."""

    stage: str
    text: str
    done: int | None = None
    total: int | None = None


Reporter = Callable[[Step], None]

_REPORTER: contextvars.ContextVar[Reporter | None] = contextvars.ContextVar(
    "rotalang_progress", default=None)


def report(step: Step) -> None:
    reporter = _REPORTER.get()
    if reporter is not None:
        reporter(step)


@contextlib.contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    """Send every `report` within the block to `reporter` (None: to nobody)."""
    token = _REPORTER.set(reporter)
    try:
        yield
    finally:
        _REPORTER.reset(token)
