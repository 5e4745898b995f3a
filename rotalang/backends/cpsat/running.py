"""One CP-SAT solve that Ctrl-C can stop, for the engine and the prover alike.

A solve blocks in C++, where Python cannot raise KeyboardInterrupt. So it runs in a
thread of its own while the calling thread waits in Python, where Python's handler
raises it: the search is then stopped, and `Interrupted` raised once it has returned
(CP-SAT's own SIGINT handler must be off: `catch_sigint_signal = False`). An exception
in a solution callback comes back to the caller too.
"""

from __future__ import annotations

import threading

from ortools.sat.python import cp_model

from rotalang.backends.protocol import Interrupted


def run_interruptibly(solver: cp_model.CpSolver, model: cp_model.CpModel,
                      callback: cp_model.CpSolverSolutionCallback | None = None) -> int:
    """`solver.solve(model, callback)`'s status code, or `Interrupted` on Ctrl-C."""
    outcome: dict = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["code"] = solver.solve(model, callback) if callback else \
                solver.solve(model)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            outcome["error"] = exc
        finally:
            done.set()

    # Waited for on an Event, never with Thread.join: a KeyboardInterrupt that lands
    # inside join's lock marks a running thread as finished (CPython 3.11).
    interrupted = False
    try:
        threading.Thread(target=run, name="cp-sat", daemon=True).start()
        while not done.wait(0.05):
            pass
    except KeyboardInterrupt:
        interrupted = True
        solver.stop_search()
        _wait_through_interrupts(done)
    if "error" in outcome:
        raise outcome["error"]
    if interrupted:
        raise Interrupted()
    return outcome["code"]


def _wait_through_interrupts(done: threading.Event) -> None:
    """Wait for a stopped solve to return (it does within milliseconds), whatever
    further Ctrl-C arrives meanwhile: leaving it running would abort the process at
    exit, when its C++ thread is destroyed while still joinable."""
    while True:
        try:
            done.wait()
            return
        except KeyboardInterrupt:
            continue
