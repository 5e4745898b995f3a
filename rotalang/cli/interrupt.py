"""Ctrl-C (and SIGTERM, taken the same way) that lands somewhere safe.

Python raises KeyboardInterrupt at whatever bytecode is running. Inside Z3's Python
wrapper that can be half-way through building a Z3 object or inside a `__del__`,
which leaves a broken object behind and makes Python print an "Exception ignored"
traceback at the user. While such code runs, the handler below re-sends the signal
a moment later (until it lands) instead, so the interrupt arrives in our own code,
where `solve` keeps the best roster. Errors Python can only print ("unraisable" ones, from `__del__`)
are hidden unless --debug is given.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time

RETRY_SECONDS = 0.2
ECHO_SECONDS = 0.5  # a retry that arrives just after delivery is not a second Ctrl-C


class _State:
    pending = False  # an interrupt is waiting to land in safe code
    delivered_at: float | None = None
    terminating = False  # the interrupt is a SIGTERM (a stop asked by the system)


def _unsafe(frame) -> bool:
    """True when the interrupted code is inside Z3's wrapper or a finaliser."""
    while frame is not None:
        code = frame.f_code
        if code.co_name == "__del__" or f"{os.sep}z3{os.sep}" in code.co_filename:
            return True
        frame = frame.f_back
    return False


def _retry() -> None:
    """Re-send SIGINT until it lands in safe code. A retry that arrives during a Z3
    check is taken by Z3 (which cancels that check), so keep trying."""
    while _State.pending:
        time.sleep(RETRY_SECONDS)
        if _State.pending:
            os.kill(os.getpid(), signal.SIGINT)


def _handler(signum, frame):
    now = time.monotonic()
    if _State.delivered_at is not None and now - _State.delivered_at < ECHO_SECONDS:
        return
    if _unsafe(frame):
        if not _State.pending:
            _State.pending = True
            threading.Thread(target=_retry, daemon=True).start()
        return
    _State.pending = False
    _State.delivered_at = now
    raise KeyboardInterrupt


def _terminate_handler(signum, frame):
    """SIGTERM (`kill`, a scheduler stopping the job) is taken like Ctrl-C, so that
    solve keeps and writes its best roster; `terminating()` tells the two apart.
    Where it lands in unsafe code, the retry re-sends SIGINT, which Z3 also takes."""
    _State.terminating = True
    _handler(signal.SIGINT, frame)


def terminating() -> bool:
    """True once a SIGTERM has arrived."""
    return _State.terminating


def settle() -> None:
    """The interrupted work is over (e.g. solve returned after Z3 took the signal):
    stop re-sending, and treat a re-sent signal already on its way as an echo."""
    if _State.pending:
        _State.pending = False
        _State.delivered_at = time.monotonic()


@contextlib.contextmanager
def safe_interrupts(debug: bool = False):
    """Install the handler (main thread only, and only over Python's default one)."""
    installed = terminate_installed = False
    old_hook = sys.unraisablehook
    main = threading.current_thread() is threading.main_thread()
    if main and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _handler)
        installed = True
    if main and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminate_handler)
        terminate_installed = True
    if not debug:
        sys.unraisablehook = lambda unraisable: None
    try:
        yield
    finally:
        _State.pending = False
        if installed:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        if terminate_installed:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        sys.unraisablehook = old_hook
