"""A second neighbourhood search in a process of its own, for a second core.

An engine that solves on one core (Z3), and the search that drives it, leave a second
core idle. On a machine with more, a *peer* process runs the same search with another
seed, the same engine, on the same ground model: the
two exchange incumbents after each improvement (whichever is cheaper wins), so each
explores from the best roster either has found. Costs are exact integers in the same
encoding units on both sides (the same model gives the same cost factor).

The peer is a fresh interpreter running `peer_process.py` (`python -m`), not a
`multiprocessing` child: those re-import the caller's main module, which would run an
unguarded script that calls `solve` a second time. It reads the pickled ground model
from a temporary file, talks over two pipes, ignores Ctrl-C (the parent handles it),
and ends at its deadline or as soon as the parent closes the pipes. Where no process
can be started (no `pass_fds` outside POSIX, a refusal from the system), the search
goes on alone.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import threading
from multiprocessing.connection import Connection
from typing import Iterable

from rotalang.ground import model as gm

PEER_SEED_OFFSET = 7919  # the peer's seed: far from the parent's, still fixed
# The peer's steps are twice as long as the parent's, so its neighbourhoods grow
# bigger: a portfolio rather than two copies. 60 s, seeds 0 / 1, instances 5, 6, 8 of
# the Curtois benchmark: 1246 / 1360, 2253 / 2171, 2179 / 1962 with 1 s; 1241 / 1346,
# 2248 / 2254, 2277 / 2349 with the parent's 0.5 s.
PEER_SUB_LIMIT = 1.0
STOP_WAIT = 1.0  # seconds the parent waits for the peer to end before killing it


def available_workers() -> int:
    """Cores this process may use (its affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start_peer(model: gm.GroundModel, incumbent: Iterable[int], *, engine: str, seed: int,
               time_limit: float) -> "Peer | None":
    """A running peer, or None where none can be started (the search goes on alone)."""
    if os.name != "posix":
        return None
    try:
        return Peer(model, incumbent, engine=engine, seed=seed, time_limit=time_limit)
    except (OSError, subprocess.SubprocessError, pickle.PicklingError):
        return None


class Peer:
    """The parent's end: start the peer, send it incumbents, receive its rosters."""

    def __init__(self, model: gm.GroundModel, incumbent: Iterable[int], *, engine: str,
                 seed: int, time_limit: float):
        with tempfile.NamedTemporaryFile("wb", suffix=".rota-model", delete=False) as f:
            pickle.dump((model, tuple(incumbent), engine, seed + PEER_SEED_OFFSET, time_limit),
                        f,
                        protocol=pickle.HIGHEST_PROTOCOL)
            self.model_file = f.name
        to_peer_read, to_peer_write = os.pipe()
        from_peer_read, from_peer_write = os.pipe()
        try:
            with _sigint_ignored():  # the new interpreter inherits "ignore Ctrl-C"
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "rotalang.search.peer_process", self.model_file,
                     str(to_peer_read), str(from_peer_write)],
                    pass_fds=(to_peer_read, from_peer_write), stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    env=_child_environment())
        except BaseException:
            for fd in (to_peer_read, to_peer_write, from_peer_read, from_peer_write):
                os.close(fd)
            os.unlink(self.model_file)
            raise
        os.close(to_peer_read)
        os.close(from_peer_write)
        self.outbox = Connection(to_peer_write, readable=False)
        self.inbox = Connection(from_peer_read, writable=False)
        self.sent_cost: int | None = None

    def send(self, cost: int, true_vars: tuple[int, ...]) -> None:
        if self.sent_cost is not None and cost >= self.sent_cost:
            return
        self.sent_cost = cost
        try:
            self.outbox.send((cost, true_vars))
        except OSError:  # the peer has ended: nothing to tell it
            pass

    def receive(self) -> list[tuple[int, tuple[int, ...]]]:
        """The rosters the peer has found since the last call (cost, true slots)."""
        out = []
        try:
            while self.inbox.poll():
                out.append(self.inbox.recv())
        except (EOFError, OSError, pickle.UnpicklingError):  # the peer has ended
            pass
        return out

    def close(self) -> None:
        """Tell the peer to stop (by closing the pipes) and wait for it briefly."""
        for conn in (self.outbox, self.inbox):
            conn.close()
        try:
            self.process.wait(timeout=STOP_WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.model_file)


def _child_environment() -> dict[str, str]:
    """The parent's environment, with the import path that found this package first,
    so the peer runs the same rotalang (a checkout, not an installed copy)."""
    env = dict(os.environ)
    package_root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(
        [package_root] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


@contextlib.contextmanager
def _sigint_ignored():
    """Ignore SIGINT while starting the peer, so that a Ctrl-C meant for the parent
    (the terminal sends it to both) cannot stop the peer half-started, with a
    traceback, before it sets its own handler. Only the main thread may do this."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        if previous is not None:  # None: a handler installed outside Python, kept
            signal.signal(signal.SIGINT, previous)
