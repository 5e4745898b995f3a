"""A batch's jobs: what to solve (a program over one folder of data), for how long,
with which seed, and where its roster goes. Jobs come from a manifest (manifest.py)
or from one program over the folders a pattern matches (`from_data_dirs`); either
way they are checked here, before anything runs, so that a bad path is a diagnostic
at the line that names it, never a failure on a worker."""

from __future__ import annotations

import glob
import hashlib
import os
import re

import attrs

from rotalang.diagnostics import Diagnostic, DiagnosticError, Span

DEFAULT_TIME_LIMIT = 60.0
NAME = re.compile(r"^[\w.\-]+$")


@attrs.frozen
class Job:
    """One solve. Paths are as given (relative to the current folder); `data_dir` None
    reads the program's data from its own folder; `output` None puts the roster in the
    batch's results folder; `cpus` is what the job asks of the cluster (and the solver's
    worker threads)."""

    name: str
    program: str
    data_dir: str | None = None
    time_limit: float = DEFAULT_TIME_LIMIT
    seed: int = 0
    output: str | None = None
    cpus: int = 1
    allow_outside: bool = False  # `use` and data paths may leave the program's folder
    span: Span | None = attrs.field(default=None, eq=False, repr=False)
    # where the manifest gives each field (for a diagnostic at the value itself)
    places: dict = attrs.field(factory=dict, eq=False, repr=False)

    def spec(self) -> dict:
        """The job as plain data (what a worker receives and a result records)."""
        return {"name": self.name, "program": self.program, "data_dir": self.data_dir,
                "time_limit": self.time_limit, "seed": self.seed, "output": self.output,
                "cpus": self.cpus, "allow_outside": self.allow_outside}

    def key(self) -> str:
        """What makes a finished result still valid: the job's settings and the text of
        its program and data files. A rule or data changed since: the job runs again."""
        digest = hashlib.sha256(repr(sorted(self.spec().items())).encode())
        for path in self.inputs():
            digest.update(path.encode())
            try:
                with open(path, "rb") as f:
                    digest.update(hashlib.sha256(f.read()).digest())
            except OSError:
                digest.update(b"<unreadable>")
        return digest.hexdigest()[:16]

    def inputs(self) -> list[str]:
        """The program and the files of its data folder (a one-level listing)."""
        folder = self.data_dir or os.path.dirname(self.program) or "."
        try:
            names = sorted(n for n in os.listdir(folder)
                           if os.path.isfile(os.path.join(folder, n)))
        except OSError:
            names = []
        return [self.program, *(os.path.join(folder, n) for n in names)]


def bad(code: str, message: str, span: Span | None, help: str, label: str | None = None):
    return DiagnosticError(Diagnostic.error(code, message, span, help=help, label=label))


def check_job(job: Job) -> list[Diagnostic]:
    """Problems with a job's paths and name, each at the place that names it."""
    out = []
    relative = ("paths in a manifest are relative to the manifest's folder"
                if job.span is not None else "paths are relative to the current folder")
    if not os.path.isfile(job.program):
        out.append(Diagnostic.error(
            "E0001", f"cannot read `{job.program}`: no such program file",
            job.places.get("program", job.span), label="no such file", help=relative))
    if job.data_dir is not None and not os.path.isdir(job.data_dir):
        out.append(Diagnostic.error(
            "E0001", f"cannot read `{job.data_dir}`: no such data folder",
            job.places.get("data", job.span), label="no such folder",
            help=f"give a folder holding the program's data files; {relative}"))
    if not NAME.match(job.name):
        out.append(Diagnostic.error(
            "E0030", f"the job name `{job.name}` cannot name a file", job.span,
            help="use letters, digits, `-`, `_` and `.` only"))
    return out


def check_jobs(jobs: list[Job]) -> None:
    """Raise every problem at once: paths, names, two jobs of one name or roster."""
    problems = [d for job in jobs for d in check_job(job)]
    seen: dict[str, Job] = {}
    rosters: dict[str, Job] = {}
    for job in jobs:
        if job.name in seen:
            problems.append(Diagnostic.error(
                "E0030", f"two jobs are named `{job.name}`", job.span,
                help="give each job its own `name`: results are kept by name"))
        seen.setdefault(job.name, job)
        if job.output is not None:
            where = os.path.normpath(job.output)
            if where in rosters:
                problems.append(Diagnostic.error(
                    "E0030", f"jobs `{rosters[where].name}` and `{job.name}` write the "
                             f"same roster `{job.output}`", job.span,
                    help="give each job its own `output`"))
            rosters.setdefault(where, job)
    if not jobs:
        problems.append(Diagnostic.error("E0030", "the batch has no job", None,
                                         help="list at least one job"))
    if problems:
        raise DiagnosticError(problems)


def from_data_dirs(program: str, pattern: str, *, time_limit: float = DEFAULT_TIME_LIMIT,
                   seed: int = 0, cpus: int = 1) -> list[Job]:
    """One job per folder `pattern` matches (sorted by path, so the same folders give
    the same jobs in the same order), named after the folder."""
    folders = sorted(os.path.normpath(p) for p in glob.glob(pattern) if os.path.isdir(p))
    if not folders:
        raise bad("E0031", f"no folder matches `{pattern}`", None,
                  help="quote the pattern so the shell leaves it alone, e.g. "
                       "--data-dirs 'units/*/'; it is read from the current folder")
    names = [os.path.basename(f) or f for f in folders]
    if len(set(names)) < len(names):  # units/a/x and units/b/x: name them by their path
        names = [re.sub(r"[^\w.\-]+", "-", f).strip("-") for f in folders]
    jobs = [Job(name, program, folder, time_limit, seed, None, cpus)
            for name, folder in zip(names, folders)]
    check_jobs(jobs)
    return jobs
