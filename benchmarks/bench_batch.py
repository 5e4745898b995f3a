"""Benchmark for `rotalang batch`: throughput on Ray against the same jobs run one after
another, and what the engine costs per job.

    python benchmarks/bench_batch.py [--runs 3] [--time-limit 20]

The jobs are examples/batch/'s twelve units (one CPU each, seed 0). Timed, each the
median of `--runs`:

- `one after another`: every job in this process, in turn (`work.run_job`), no Ray;
- `batch, one command`: `rotalang.batch(...)` as the command runs it: a local Ray
  instance started for the batch, its workers cold, then stopped;
- `batch, running Ray`: the same batch on a Ray instance already up (warm workers),
  as on a cluster by `--address`;
- `Ray start + stop`: `ray.init()` and `ray.shutdown()` alone;
- `empty task`: the engine's own cost of one task: 200 tasks that do nothing, run on
  every core (wall time / 200).

The same is timed (one after another, and on running Ray) for four longer jobs: the
township example with seeds 1-4 (about 4 s each to a proved optimum on one thread):
there the cores, not the engine, set the pace.

The per-job overhead on real jobs is (wall time × cores − the jobs' own times) / jobs
for the running-Ray batch. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RAY_AUTH_MODE", "disabled")

import rotalang  # noqa: E402
from rotalang.batch import plan  # noqa: E402
from rotalang.batch.work import run_job  # noqa: E402

EX = ROOT / "examples" / "batch"


def _jobs(time_limit: float):
    return plan(str(EX / "rules.rota"), data_dirs=str(EX / "units" / "*") + "/",
                time_limit=time_limit)


def _long_jobs():
    from rotalang.batch import Job

    program = str(ROOT / "examples" / "township" / "township.rota")
    return [Job(f"township-{s}", program, time_limit=30, seed=s) for s in range(1, 5)]


def one_after_another(jobs, out: str) -> float:
    start = time.perf_counter()
    for job in jobs:
        run_job(job.spec(), os.path.join(out, f"{job.name}.csv"))
    return time.perf_counter() - start


def batch_once(jobs, out: str) -> tuple[float, float]:
    """Wall time, and the jobs' own times added up."""
    start = time.perf_counter()
    report = rotalang.batch(jobs=jobs, out=out, resume=False)
    wall = time.perf_counter() - start
    assert report.ok and len(report.ran) == len(jobs), report.counts()
    return wall, sum(r["time"] for r in report.results.values())


def _nothing():
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=20)
    args = parser.parse_args()
    import ray

    jobs = _jobs(args.time_limit)
    cores = os.cpu_count() or 1
    tmp = tempfile.mkdtemp(prefix="bench-batch-")
    seq = [one_after_another(jobs, tmp) for _ in range(args.runs)]
    cold = [batch_once(jobs, os.path.join(tmp, f"cold{i}"))[0] for i in range(args.runs)]
    options = dict(include_dashboard=False, log_to_driver=False,
                   logging_level=logging.WARNING, configure_logging=False)
    start_stop = []
    for _ in range(args.runs):
        t = time.perf_counter()
        ray.init(num_cpus=cores, **options)
        ray.shutdown()
        start_stop.append(time.perf_counter() - t)
    ray.init(num_cpus=cores, **options)
    batch_once(jobs, os.path.join(tmp, "warm-up"))  # workers started and warm
    warm = [batch_once(jobs, os.path.join(tmp, f"warm{i}")) for i in range(args.runs)]
    long_jobs = _long_jobs()
    long_warm = [batch_once(long_jobs, os.path.join(tmp, f"long{i}"))[0]
                 for i in range(args.runs)]
    nothing = ray.remote(_nothing)
    empty = []
    for _ in range(args.runs):
        t = time.perf_counter()
        ray.get([nothing.remote() for _ in range(200)])
        empty.append((time.perf_counter() - t) / 200)
    ray.shutdown()
    long_seq = [one_after_another(long_jobs, tmp) for _ in range(args.runs)]

    n = len(jobs)
    med = statistics.median
    warm_wall = med(w for w, _ in warm)
    own = med(o for _, o in warm)
    per_job = (warm_wall * cores - own) / n
    rows = [
        ("one after another (no Ray)", med(seq), 60 * n / med(seq)),
        ("batch, one command (Ray started for it)", med(cold), 60 * n / med(cold)),
        ("batch, running Ray (warm workers)", warm_wall, 60 * n / warm_wall),
    ]
    print(f"{n} jobs (examples/batch), {cores} cores, median of {args.runs}\n")
    print("| run | wall time | jobs / min |")
    print("| --- | ---: | ---: |")
    for name, wall, rate in rows:
        print(f"| {name} | {wall:.2f} s | {rate:.0f} |")
    ln = len(long_jobs)
    print(f"| {ln} longer jobs one after another (no Ray) | {med(long_seq):.2f} s | "
          f"{60 * ln / med(long_seq):.0f} |")
    print(f"| {ln} longer jobs, batch on running Ray | {med(long_warm):.2f} s | "
          f"{60 * ln / med(long_warm):.0f} |")
    print(f"\n| engine cost | time |\n| --- | ---: |")
    print(f"| Ray start + stop | {med(start_stop):.2f} s |")
    print(f"| empty task (200 on {cores} cores) | {1000 * med(empty):.1f} ms |")
    print(f"| per real job, running Ray: (wall × cores − jobs' own time) / jobs | "
          f"{per_job:.2f} s |")


if __name__ == "__main__":
    main()
