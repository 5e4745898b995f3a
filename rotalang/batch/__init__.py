"""Batch rostering: many jobs (a program over one folder of data each) run as Ray tasks,
resumable, with a live progress table and one summary table at the end.

Read in order: `jobs.py` (what a job is; jobs from a folder pattern), `manifest.py`
(jobs from a TOML or CSV manifest), `work.py` (one job, as a worker runs it),
`store.py` (the results folder and what is done), `engine.py` (Ray), `live.py`
(progress), `summary.py` (the results table), `run.py` (`batch()`, tying them together).

The package itself can be called: `rotalang.batch(...)` is `run.batch(...)`.
"""

import sys
import types

from rotalang.batch.jobs import Job
from rotalang.batch.run import BatchReport, batch, plan

__all__ = ["BatchReport", "Job", "batch", "plan"]


class _CallableModule(types.ModuleType):
    """`rotalang.batch` is this package once imported; calling it runs a batch."""

    def __call__(self, *args, **kwargs):
        return batch(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
