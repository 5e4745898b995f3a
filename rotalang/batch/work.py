"""One job, as a worker runs it: load the program over its data folder, solve, write
the roster atomically, and check it with the independent evaluator (`verify`).

`run_job` takes and returns plain data (a job's spec, a result dict) so that it can run
in any process: a Ray worker, or this one. Every problem with the input comes back in
the result as diagnostics, never as an exception: an exception here means the worker
itself failed, and the batch retries the job.
"""

from __future__ import annotations

import os
import time

from rotalang.diagnostics import DiagnosticError, render_json
from rotalang.results import Status


def conflicts(result) -> list[dict]:
    """The minimal sets of conflicting rules an infeasible solve reported (E0601)."""
    out = []
    for d in result.diagnostics:
        conflict = (d.data or {}).get("conflict") if d.code == "E0601" else None
        if conflict:
            out.append({"message": d.message,
                        "rules": [r["name"] for r in conflict.get("rules", [])],
                        "minimal": bool(conflict.get("minimal"))})
        elif d.code == "E0601":
            out.append({"message": d.message, "rules": [], "minimal": False})
    return out


def write_atomically(path: str, text: str) -> None:
    """Write `text` to `path` by way of a temporary file in the same folder and a
    rename: a reader sees the whole file or none, whatever stops the writer."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _diagnostics(diags) -> list[dict]:
    import json

    return json.loads(render_json(list(diags)))["diagnostics"]


def run_job(spec: dict, roster_path: str, attempt: int = 1,
            mark_dir: str | None = None) -> dict:
    """Solve one job. `roster_path`: where its roster goes; `mark_dir`: a folder where
    the worker leaves `<name>.<attempt>.pid` while it runs (who is working on what)."""
    from rotalang.api import load
    from rotalang.report import render_solve

    started = time.monotonic()
    mark = None
    if mark_dir is not None:
        os.makedirs(mark_dir, exist_ok=True)
        mark = os.path.join(mark_dir, f"{spec['name']}.{attempt}.pid")
        write_atomically(mark, f"{os.getpid()}\n")
    out = {"name": spec["name"], "status": "error", "cost": None, "bound": None,
           "time": 0.0, "roster": None, "verified": None, "conflicts": [],
           "diagnostics": [], "attempts": attempt, "pid": os.getpid()}
    try:
        try:
            program = load(spec["program"], data_dir=spec.get("data_dir"),
                           allow_outside=bool(spec.get("allow_outside")))
        except DiagnosticError as err:
            out["diagnostics"] = _diagnostics(err.diagnostics)
            return out
        result = program.solve(time_limit=spec["time_limit"], seed=spec["seed"],
                               workers=spec.get("cpus") or 1, started=started)
        out.update(status=str(result.status),
                   cost=_number(result.cost), bound=_number(result.lower_bound),
                   conflicts=conflicts(result),
                   diagnostics=_diagnostics([*program.warnings, *result.diagnostics]))
        if result.roster is not None:
            write_atomically(roster_path, render_solve(result, program.ir, "csv"))
            out["roster"] = roster_path
            report = program.verify(roster_path)  # the evaluator, not the solver, says
            out["verified"] = bool(report.ok)
        return out
    finally:
        out["time"] = round(time.monotonic() - started, 3)
        if mark is not None:
            try:
                os.remove(mark)
            except OSError:
                pass


def _number(value):
    """A cost or bound as JSON can hold it: an int when whole, else a float."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


SOLVED = {str(Status.OPTIMAL), str(Status.FEASIBLE)}
