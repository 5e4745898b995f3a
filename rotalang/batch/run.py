"""`rotalang.batch(...)`: many solves as one batch, on Ray, resumable.

    import rotalang
    report = rotalang.batch("examples/batch/rules.rota",
                            data_dirs="examples/batch/units/*/", out="batch-out")
    report.rows()       # one dict per job: status, cost, bound, time_s, roster, ...
    report.ok           # every job has a roster that passed the evaluator

Jobs that an earlier run into the same `out` folder finished (same settings, same
program and data) are not run again (store.py); the others run as Ray tasks
(engine.py), each result kept as it comes, and the summary table is written at the
end — also when the batch is interrupted, with what it has.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Callable, Iterable

import attrs

from rotalang.batch import summary
from rotalang.batch.engine import Cluster
from rotalang.batch.jobs import DEFAULT_TIME_LIMIT, Job, check_jobs, from_data_dirs
from rotalang.batch.live import Progress
from rotalang.batch.manifest import read_manifest
from rotalang.batch.store import Store
from rotalang.batch.work import SOLVED, write_atomically

DEFAULT_OUT = "rotalang-batch"
SUMMARY_FILES = ("summary.csv", "summary.json", "summary.html")


@attrs.frozen
class BatchReport:
    """What a batch did. `results`: each job's result by name; `ran`: the jobs run this
    time, `skipped`: those an earlier run had finished; `summary`: the table's files."""

    jobs: tuple[Job, ...]
    results: dict
    ran: tuple[str, ...]
    skipped: tuple[str, ...]
    out: str
    summary: tuple[str, ...] = ()

    def rows(self) -> list[dict]:
        return summary.rows(self.jobs, self.results)

    def counts(self) -> dict[str, int]:
        return summary.counts(self.rows())

    @property
    def ok(self) -> bool:
        """Every job ran to an answer (a roster, or proved infeasible) and every roster
        passed the independent evaluator."""
        for job in self.jobs:
            r = self.results.get(job.name) or {}
            if r.get("status") not in (*SOLVED, "infeasible"):
                return False
            if r.get("status") in SOLVED and not r.get("verified"):
                return False
        return True


def plan(source: str | None = None, *, data_dirs: str | None = None,
         jobs: Iterable[Job | dict] | None = None, time_limit: float | None = None,
         seed: int | None = None, cpus: int | None = None) -> list[Job]:
    """The jobs of a batch, checked: from a manifest (`source` a .toml or .csv file),
    from one program over many data folders (`source` a .rota file and `data_dirs` a
    pattern), or given (`jobs`: Job objects or dicts of their fields)."""
    if jobs is not None:
        out = [j if isinstance(j, Job) else Job(**j) for j in jobs]
        check_jobs(out)
        return out
    if source is None:
        raise TypeError("batch() needs a manifest, a program with data_dirs, or jobs")
    source = str(source)
    if data_dirs is not None:
        return from_data_dirs(source, str(data_dirs),
                              time_limit=DEFAULT_TIME_LIMIT if time_limit is None else time_limit,
                              seed=seed or 0, cpus=cpus or 1)
    if source.endswith(".rota"):
        from rotalang.batch.jobs import bad

        raise bad("E0031", f"`{source}` is a program: which data folders should it run over?",
                  None, help="add --data-dirs 'units/*/' (API: data_dirs=...), or give a "
                             ".toml or .csv manifest")
    return read_manifest(source, {"time_limit": time_limit, "seed": seed, "cpus": cpus})


def batch(source: str | os.PathLike | None = None, *, data_dirs: str | None = None,
          jobs: Iterable[Job | dict] | None = None, out: str | os.PathLike = DEFAULT_OUT,
          time_limit: float | None = None, seed: int | None = None, cpus: int | None = None,
          address: str | None = None, retries: int = 2, resume: bool = True,
          live: bool | None = False, stream: IO[str] | None = None,
          on_result: Callable[[dict], None] | None = None,
          allow_outside: bool = False) -> BatchReport:
    """Run a batch (see `plan` for where the jobs come from) and write its summary.

    `out`: the results folder; `address`: a Ray cluster's address (default: a local Ray
    instance for this batch); `cpus`: CPUs per job (default 1, or the manifest's);
    `retries`: further tries for a job whose task fails; `resume`: skip the jobs this
    folder has finished (False: run every job again); `live`: a live progress table on
    `stream` (default stderr; None: when it is a terminal, else plain lines; False:
    plain lines when `stream` is given, else nothing); `on_result(result)`: called with each job's result as it comes
    (raising from it stops the batch, the results so far kept); `allow_outside`: as for
    `rotalang.load`, for every job.
    Raises DiagnosticError for a bad manifest, program, data folder or address."""
    planned = plan(None if source is None else str(source), data_dirs=data_dirs, jobs=jobs,
                   time_limit=time_limit, seed=seed, cpus=cpus)
    if allow_outside:
        planned = [attrs.evolve(job, allow_outside=True) for job in planned]
    store = Store(str(out))
    if not resume:
        store.forget()
    keys = {job.name: job.key() for job in planned}
    earlier = store.finished(planned, keys)
    to_run = [job for job in planned if job.name not in earlier]
    results: dict[str, dict] = dict(earlier)
    ran: list[str] = []
    shown = stream is not None or live is not False
    progress = Progress([j.name for j in planned], stream or sys.stderr,
                        live=bool(live) if live is not None else None)
    try:
        with (progress if shown else _Quiet()) as display:
            for name in earlier:
                display.skip(earlier[name])
            if to_run:
                _clear_marks(store)
                with Cluster(address, None) as cluster:
                    pairs = [(job, store.roster_path(job)) for job in to_run]
                    tick = lambda pending: display.tick(_running(store, pending))  # noqa: E731
                    for result in cluster.run(pairs, retries=retries,
                                              mark_dir=store.running_dir, on_tick=tick):
                        results[result["name"]] = result
                        ran.append(result["name"])
                        store.record(result, keys[result["name"]])
                        display.done(result)
                        if on_result is not None:
                            on_result(result)
    finally:
        files = _write_summary(store, planned, results)
    return BatchReport(tuple(planned), results, tuple(ran), tuple(earlier), str(out), files)


class _Quiet:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def skip(self, result):
        pass

    def tick(self, running):
        pass

    def done(self, result):
        pass


def _running(store: Store, pending: list[str]) -> set[str]:
    """The pending jobs a worker has started (their marks in OUT/running/)."""
    try:
        marks = os.listdir(store.running_dir)
    except OSError:
        return set()
    started = {m.rsplit(".", 2)[0] for m in marks if m.endswith(".pid")}
    return started & set(pending)


def _clear_marks(store: Store) -> None:
    try:
        for mark in os.listdir(store.running_dir):
            os.remove(os.path.join(store.running_dir, mark))
    except OSError:
        pass


def _write_summary(store: Store, jobs: list[Job], results: dict) -> tuple[str, ...]:
    table = summary.rows(jobs, results)
    texts = (summary.to_csv(table), summary.to_json(table, results),
             summary.to_html(table, f"rotalang batch: {os.path.basename(os.path.abspath(store.folder))}"))
    paths = tuple(os.path.join(store.folder, name) for name in SUMMARY_FILES)
    for path, text in zip(paths, texts):
        write_atomically(path, text)
    return paths
