"""The peer's end of `peer.py`: the process that runs a second search and trades
rosters with its parent over two pipes (`python -m rotalang.search.peer_process
MODEL_FILE INBOX_FD OUTBOX_FD`)."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from multiprocessing.connection import Connection

from rotalang.backends import engine_named
from rotalang.backends.protocol import Interrupted
from rotalang.ground.objective import objective
from rotalang.search.lns import WALK_END, Search
from rotalang.search.meter import Meter
from rotalang.search.peer import PEER_SUB_LIMIT


def run_peer(model_file: str, inbox_fd: int, outbox_fd: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    with open(model_file, "rb") as f:
        model, incumbent, engine, seed, time_limit = pickle.load(f)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(model_file)
    meter = Meter(time_limit)
    inbox = Connection(inbox_fd, writable=False)
    outbox = Connection(outbox_fd, readable=False)
    search = Search(model, objective(model), engine_named(engine), seed=seed, meter=meter)
    search.sub_limit = PEER_SUB_LIMIT
    search.walk_until = WALK_END * time_limit
    search.set_incumbent(incumbent)
    search.on_improvement = lambda cost, true_vars: outbox.send((cost, true_vars))
    try:
        while not meter.out(0.05) and not search.optimal:
            while inbox.poll():
                cost, true_vars = inbox.recv()
                search.adopt(true_vars, cost)
            search.step(min(meter.seconds_left(), search.sub_limit))
    except (EOFError, OSError):
        pass  # the parent has finished
    except Interrupted:
        pass  # Ctrl-C reached the engine here too: the parent is stopping


if __name__ == "__main__":
    run_peer(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
