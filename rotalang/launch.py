"""The `rotalang` command's first instructions (`python -m rotalang` runs them too).

Importing the command takes a noticeable moment (the parser tables, the solvers'
libraries). A Ctrl-C in that moment must not print a KeyboardInterrupt traceback
through half an import: until `rotalang.cli.main` has taken over (it handles Ctrl-C
and SIGTERM itself, keeping a solve's best roster), either signal ends the process
with the same line and exit code `main` gives. Nothing has been read or written yet,
so there is nothing to save. This module imports nothing heavy, and `rotalang`'s own
`__init__` imports its API only when it is used.
"""

from __future__ import annotations

import os
import signal

INTERRUPTED = 130  # as rotalang.cli: the shell's convention for Ctrl-C
TERMINATED = 143  # and for SIGTERM (128 + 15)


def _stop_while_starting(signum, frame) -> None:
    sigterm = signum == signal.SIGTERM
    os.write(2, b"terminated (SIGTERM)\n" if sigterm else b"interrupted\n")
    os._exit(TERMINATED if sigterm else INTERRUPTED)


def main() -> int:
    previous = {sig: signal.signal(sig, _stop_while_starting)
                for sig in (signal.SIGINT, signal.SIGTERM)}
    from rotalang.cli import main as run_command

    for sig, handler in previous.items():
        signal.signal(sig, handler)
    return run_command()
