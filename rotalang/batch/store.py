"""The results folder of a batch: one result file per job, written atomically, and a
manifest of the jobs that are done, so that an interrupted batch resumes where it was.

    OUT/jobs/<name>.json      one job's result (status, cost, bound, time, roster, …)
    OUT/done.json             {name: key} of the finished jobs (see `Job.key`)
    OUT/rosters/<name>.csv    a job's roster, unless the job names its own `output`
    OUT/running/              `<name>.<attempt>.pid` while a worker runs the job
    OUT/summary.{csv,json,html}  the table of every job (summary.py)

A job counts as done when done.json has it under its current key and its result file
is there: a job whose program or data changed since, or that failed, runs again.
"""

from __future__ import annotations

import json
import os

from rotalang.batch.jobs import Job
from rotalang.batch.work import write_atomically

FAILED = "failed"  # the job's task failed on every try: not done, run again next time


class Store:
    def __init__(self, folder: str):
        self.folder = folder
        self.jobs_dir = os.path.join(folder, "jobs")
        self.running_dir = os.path.join(folder, "running")
        self.done_path = os.path.join(folder, "done.json")

    def roster_path(self, job: Job) -> str:
        return job.output or os.path.join(self.folder, "rosters", f"{job.name}.csv")

    def result_path(self, name: str) -> str:
        return os.path.join(self.jobs_dir, f"{name}.json")

    def done(self) -> dict[str, str]:
        try:
            with open(self.done_path, encoding="utf-8") as f:
                data = json.load(f)
            return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}  # none yet, or unreadable: every job runs

    def finished(self, jobs: list[Job], keys: dict[str, str]) -> dict[str, dict]:
        """The results of the jobs that need not run again, by name."""
        done, out = self.done(), {}
        for job in jobs:
            if done.get(job.name) != keys[job.name]:
                continue
            result = self.read(job.name)
            if result is not None and result.get("status") != FAILED:
                out[job.name] = result
        return out

    def read(self, name: str) -> dict | None:
        try:
            with open(self.result_path(name), encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def record(self, result: dict, key: str | None) -> None:
        """Keep one job's result; a finished one (not failed) joins done.json."""
        write_atomically(self.result_path(result["name"]),
                         json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        done = self.done()
        if key is None or result.get("status") == FAILED:
            done.pop(result["name"], None)
        else:
            done[result["name"]] = key
        write_atomically(self.done_path,
                         json.dumps(dict(sorted(done.items())), ensure_ascii=False,
                                    indent=2) + "\n")

    def forget(self) -> None:
        """Start afresh: no job counts as done (their files are overwritten as they run)."""
        try:
            os.remove(self.done_path)
        except FileNotFoundError:
            pass
