"""`rotalang batch MANIFEST` or `rotalang batch PROG --data-dirs 'units/*/'`: solve
many jobs on Ray (a local instance, or a cluster with --address), resumable.

A terminal shows a live table of the jobs while they run (stderr); elsewhere, one line
per finished job. At the end the summary table goes to stdout, and to
OUT/summary.{csv,json,html}. Exit 0: every job solved and its roster passed the
evaluator; 1: some job infeasible, or its program or data has errors; 2: some job
failed on every try or found nothing in its time limit, or the batch could not run.
"""

from __future__ import annotations

import argparse
import os

from rotalang.cli.arguments import positive_seconds, seed, workers
from rotalang.cli.console import Console
from rotalang.cli.errors import CANNOT_RUN, OK, PROBLEMS
from rotalang.report.text import plural

FORMATS = ("table", "csv", "json", "html")


def retries(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"the retries must not be negative, not `{text}`")
    return value


def register(commands) -> None:
    p = commands.add_parser(
        "batch", help="solve many programs or data folders at once, on Ray",
        description="Solve every job of a manifest (TOML or CSV: program, data folder, "
                    "time limit, seed, output), or one program over every data folder "
                    "a pattern matches, as Ray tasks: a local Ray instance by default, a "
                    "cluster with --address. Finished jobs are kept in OUT, so running "
                    "the same batch again only runs what is not done.")
    p.add_argument("source", metavar="MANIFEST|PROG",
                   help="a .toml or .csv manifest, or a .rota program with --data-dirs")
    p.add_argument("--data-dirs", metavar="GLOB",
                   help="run PROG once per folder matching GLOB (quote it: 'units/*/'), "
                        "its data files read from that folder")
    p.add_argument("--out", metavar="DIR", default="rotalang-batch",
                   help="the results folder: one result per job, rosters, what is done, "
                        "the summary (default rotalang-batch)")
    p.add_argument("--time-limit", type=positive_seconds, metavar="S",
                   help="each job's time limit, where the manifest gives none (default 60)")
    p.add_argument("--seed", type=seed, metavar="N",
                   help="each job's seed, where the manifest gives none (default 0)")
    p.add_argument("--cpus", type=workers, metavar="N",
                   help="CPUs each job asks of the cluster and its solver uses, where the "
                        "manifest gives none (default 1)")
    p.add_argument("--address", metavar="HOST:PORT",
                   help="the Ray cluster to run on (what `ray start --head` printed; "
                        "default: a local Ray instance for this batch)")
    p.add_argument("--retries", type=retries, default=2, metavar="N",
                   help="how many more times a job whose task fails is tried (default 2)")
    p.add_argument("--fresh", action="store_true",
                   help="run every job again, even those OUT has finished")
    p.add_argument("--format", choices=FORMATS, default="table",
                   help="the summary on stdout: table (default), csv, json or html")
    p.set_defaults(run=run)


def run(args, console: Console) -> int:
    from rotalang.batch import batch, plan
    from rotalang.batch import summary

    jobs = plan(args.source, data_dirs=args.data_dirs, time_limit=args.time_limit,
                seed=args.seed, cpus=args.cpus)  # every input problem before Ray starts
    if args.address:
        from rotalang.batch.engine import check_address

        check_address(args.address)
    plain = getattr(args, "progress", False)
    try:
        report = batch(jobs=jobs, out=args.out, address=args.address, retries=args.retries,
                       resume=not args.fresh, live=False if plain else None,
                       stream=console.err, allow_outside=getattr(args, "allow_outside", False))
    except KeyboardInterrupt:
        from rotalang.batch.store import Store

        done = len(set(Store(args.out).done()) & {job.name for job in jobs})
        console.info(f"{done} of {plural(len(jobs), 'job')} done, kept in {args.out}; "
                     f"the same command again runs the other {len(jobs) - done}")
        raise  # the command's own handling: `interrupted`, exit 130
    table = report.rows()
    if args.format == "csv":
        console.write(summary.to_csv(table))
    elif args.format == "json":
        console.write(summary.to_json(table, report.results))
    elif args.format == "html":
        console.write(summary.to_html(table))
    else:
        console.write(text_table(table))
    counts = report.counts()
    tally = ", ".join(f"{n} {s}" for s, n in counts.items())
    again = f"; {len(report.skipped)} done by an earlier run" if report.skipped else ""
    console.info(f"{plural(len(table), 'job')}: {tally}{again}; summary in "
                 f"{os.path.join(args.out, 'summary.csv')} (.json, .html)")
    return exit_code(table)


def exit_code(table: list[dict]) -> int:
    statuses = {row["status"] for row in table}
    if statuses - {"optimal", "feasible", "infeasible", "error"}:
        return CANNOT_RUN  # failed, unknown, not run
    unverified = any(row["status"] in ("optimal", "feasible") and not row["verified"]
                     for row in table)
    if statuses & {"infeasible", "error"} or unverified:
        return PROBLEMS
    return OK


def text_table(table: list[dict]) -> str:
    """The summary as aligned columns (display width, so CJK names line up)."""
    from wcwidth import wcswidth

    columns = ("job", "status", "cost", "bound", "time_s", "verified", "conflict", "roster")
    heads = {"time_s": "time"}

    def cell(row, c):
        v = row[c]
        if v is None:
            return "-" if c in ("cost", "bound") else ""
        if c == "time_s":
            return f"{v:.2f} s"
        if isinstance(v, bool):
            return "yes" if v else "no"
        return str(v)

    grid = [[heads.get(c, c) for c in columns]] + [[cell(r, c) for c in columns] for r in table]
    widths = [max(max(wcswidth(row[i]), 0) for row in grid) for i in range(len(columns))]
    lines = []
    for row in grid:
        parts = [v + " " * (w - max(wcswidth(v), 0)) for v, w in zip(row, widths)]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"
