"""Running jobs on Ray: a local Ray instance by default, a cluster by its address.

Each job is one Ray task asking for its `cpus`. A task whose worker dies, or that
raises, is submitted again up to `retries` times (Ray's own retries are off, so that
the number of tries is known and reported); after the last try the job is `failed`.
Results come back in the order they finish; the caller keeps them (store.py).
"""

from __future__ import annotations

import logging
import os
import socket

from typing import Callable, Iterator

from rotalang.batch.jobs import Job
from rotalang.diagnostics import Diagnostic, DiagnosticError

POLL = 0.25  # seconds between looks at the running jobs (for the progress table)


def _task(spec: dict, roster_path: str, attempt: int, mark_dir: str | None) -> dict:
    from rotalang.batch.work import run_job

    return run_job(spec, roster_path, attempt, mark_dir)


def unreachable(address: str, why: str) -> DiagnosticError:
    return DiagnosticError(Diagnostic.error(
        "E0032", f"cannot reach the Ray cluster at `{address}`: {why}",
        help="give the address `ray start --head` printed (host:port), or leave out "
             "--address to run on a local Ray instance"))


def check_address(address: str) -> None:
    """Fail fast, before Ray's own long retries, when nothing listens at a host:port."""
    if address in ("auto", "local") or address.startswith("ray://"):
        return
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise unreachable(address, "not a host:port")
    try:
        socket.create_connection((host, int(port)), timeout=3).close()
    except OSError as err:
        raise unreachable(address, err.strerror or str(err)) from None


class Cluster:
    """A connection to Ray for the length of a batch (`with Cluster(...) as c:`): a
    local instance started for it, or the cluster at `address`, left running."""

    def __init__(self, address: str | None = None, cpus: int | None = None):
        self.address, self.cpus = address, cpus
        self.owned = False

    def __enter__(self) -> "Cluster":
        if self.address:
            check_address(self.address)
        import ray

        if not ray.is_initialized():
            options = dict(include_dashboard=False, log_to_driver=False,
                           logging_level=logging.WARNING, configure_logging=False)
            if self.address:
                ray.init(address=self.address, **options)
            else:
                os.environ.setdefault("RAY_AUTH_MODE", "disabled")
                ray.init(num_cpus=self.cpus or os.cpu_count() or 1, **options)
            self.owned = True
        self.ray = ray
        return self

    def __exit__(self, *exc) -> None:
        if self.owned:
            self.ray.shutdown()

    def total_cpus(self) -> int:
        return int(self.ray.cluster_resources().get("CPU", 1))

    def run(self, jobs: list[tuple[Job, str]], *, retries: int, mark_dir: str | None,
            on_tick: Callable[[list[str]], None] | None = None) -> Iterator[dict]:
        """Run (job, roster path) pairs; yield each result as it comes (a failed job's
        result has status `failed` and the last error). `on_tick(pending names)` is
        called between results."""
        ray = self.ray
        remote = ray.remote(_task)
        pending: dict = {}

        def submit(job: Job, roster: str, attempt: int) -> None:
            ref = remote.options(num_cpus=job.cpus, max_retries=0,
                                 name=f"rotalang-batch:{job.name}").remote(
                job.spec(), roster, attempt, mark_dir)
            pending[ref] = (job, roster, attempt, [])

        for job, roster in jobs:
            submit(job, roster, 1)
        errors: dict[str, list[str]] = {}
        try:
            while pending:
                ready, _ = ray.wait(list(pending), num_returns=1, timeout=POLL)
                if on_tick is not None:
                    on_tick([job.name for job, *_ in pending.values()])
                for ref in ready:
                    job, roster, attempt, _ = pending.pop(ref)
                    try:
                        result = ray.get(ref)
                    except Exception as err:  # noqa: BLE001 - a worker died or the task raised
                        why = _short(err)
                        errors.setdefault(job.name, []).append(why)
                        if attempt <= retries:
                            submit(job, roster, attempt + 1)
                            continue
                        result = failed(job, attempt, errors[job.name])
                    result["errors"] = errors.get(job.name, [])
                    yield result
        finally:
            for ref in pending:  # interrupted: nothing left running for this batch
                try:  # not force: a running task is interrupted, its worker kept warm
                    ray.cancel(ref)
                except Exception:  # noqa: BLE001 - already finished or gone
                    pass


def failed(job: Job, attempts: int, errors: list[str]) -> dict:
    return {"name": job.name, "status": "failed", "cost": None, "bound": None, "time": 0.0,
            "roster": None, "verified": None, "conflicts": [], "diagnostics": [],
            "attempts": attempts, "errors": errors}


def _short(err: BaseException) -> str:
    """One line for an error Ray handed back (its first line names the cause)."""
    text = str(err).strip().splitlines()
    first = next((line for line in text if line.strip()), "")
    return f"{type(err).__name__}: {first[:200]}" if first else type(err).__name__


