"""Benchmark: rotalang on the Employee Shift Scheduling Benchmark, beside a plain CP-SAT model.

    python benchmarks/curtois.py [--instances 1-8,13-24] [--seeds 0-2]
                                 [--time-limit 60] [--long-time-limit 300]
                                 [--engine cpsat|z3] [--workers 2] [--no-peer]
                                 [--bench ../shared/bench] [--json FILE [--resume]]
                                 [--no-write]

This is the measurement rotalang's solving is judged by (issue 22). For each instance
(`../shared/bench/curtois/InstanceN.txt`) and each seed, one run at a time — the runs
use both cores, so two at once would each get half a machine:

1. rotalang, as a user runs it: `rotalang import curtois` writes the program, then a
   child process of its own does `rotalang.load(...).solve(time_limit=T, seed=S,
   workers=2, engine=E)`. The child's clock starts before rotalang is imported, so
   loading and grounding count against T. Recorded: the cost, whether it was proved
   optimal and the bound, the time to the first roster and to the best, and peak RSS
   (the child's ru_maxrss plus its children's: an upper bound on what it held at once).
2. The roster, written as `rotalang solve --format csv` writes it, converted to
   0-based days and checked by the independent verifier `../shared/bench/peer/verify.py`:
   `ok` only with 0 hard violations and a penalty equal to the cost rotalang reported.
3. The peer, `../shared/bench/peer/cpsat.py` (a plain CP-SAT model of the benchmark),
   with the same seed, time limit and workers, its roster checked the same way. It is
   the measuring stick, run from its own folder; nothing of it is part of rotalang.

One run is one draw: both solvers stop on the wall clock, so even the same seed ends
differently from run to run, by several percent on the harder instances. So every
figure is a median of the seeds (three by default), rotalang's and the peer's measured
side by side in the same session on the same machine, with the range beside it.

Instances 20-24 run with `--long-time-limit` (300 s), the rest with `--time-limit`
(60 s). With `--engine z3` only rotalang runs, and its medians are compared with the
figures Z3 had when CP-SAT became the default engine (`Z3_REFERENCE`). The table goes
into docs/benchmarks.md between `<!-- curtois:start -->` and `<!-- curtois:end -->`
(`curtois-z3` for the Z3 engine) with the command, date, machine, commit and versions.

The whole run takes about four hours of both cores. `--json FILE` keeps the raw figures,
written after each instance; with `--resume`, the instances already in FILE are not run
again, so the run can be done in parts (`--instances 1-8,13-19`, then `20-24`) and the
table is made of all of them, each part with the date and commit it was measured at.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import math
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_solve import machine, write_section  # noqa: E402  (a script's own folder is on the path)

# The calendar's first day; day d of an instance is START + d days.
START = datetime.date(2024, 1, 1)
LONG_INSTANCES = range(20, 25)

# Best published results (instances 1-7 proved optimal); none are published for 13-24.
BEST_KNOWN = {1: 607, 2: 828, 3: 1001, 4: 1716, 5: 1143, 6: 1950, 7: 1056, 8: 1300}

# The Z3 engine's figures when CP-SAT became the default (docs/benchmarks.md, table of
# 2026-12-01: seeds 0-2, 60 s, 2 cores of an AMD EPYC): median, lowest, highest.
# `--engine z3` is to stay within 2% of these medians.
Z3_REFERENCE = {1: (607, 607, 607), 2: (828, 828, 922), 3: (1003, 1002, 1103),
                4: (1721, 1719, 1721), 5: (1348, 1254, 1350), 6: (2357, 2162, 2551),
                7: (1181, 1099, 1293), 8: (2241, 1999, 2277)}
Z3_TOLERANCE = Fraction(2, 100)

PEER_LINE = re.compile(r"objective=(\S+) bound=(\S+) status=(\S+) seconds=(\S+)")
VERIFY_LINE = re.compile(r"penalty=(\d+) hard_violations=(\d+)")


# --- running one thing at a time ------------------------------------------------------

def run(command: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    """Run `command` in a session of its own; on timeout kill that process group (the
    command's own children included) and return what it had printed, exit code -9."""
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def import_program(instance: Path, folder: Path) -> Path:
    """`rotalang import curtois`: the instance as a .rota program and its CSV data."""
    done = run([sys.executable, "-m", "rotalang", "import", "curtois", str(instance),
                "--start", START.isoformat(), "-o", str(folder)], ROOT, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"rotalang import curtois {instance} failed:\n{done.stderr}")
    return folder / f"{instance.stem}.rota"


def solve_in_child(program: str, time_limit: float, seed: int, engine: str, workers: int,
                   roster_csv: str) -> None:
    """The child process: load and solve `program` through the API, write the roster as
    `rotalang solve --format csv` does, and print the figures as one JSON line."""
    start = time.monotonic()
    import rotalang
    from rotalang.report import render_solve

    improvements: list[tuple[float, str]] = []

    def on_improvement(improvement) -> None:
        improvements.append((time.monotonic() - start, str(improvement.cost)))

    loaded = rotalang.load(program)
    result = loaded.solve(time_limit=max(0.1, time_limit - (time.monotonic() - start)),
                          seed=seed, workers=workers, engine=engine,
                          on_improvement=on_improvement)
    elapsed = time.monotonic() - start
    Path(roster_csv).write_text(render_solve(result, loaded.ir, "csv"), encoding="utf-8")
    cost = None if result.cost is None else str(result.cost)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({
        "status": str(result.status), "cost": cost,
        "bound": None if result.lower_bound is None else str(result.lower_bound),
        "first": improvements[0][0] if improvements else None,
        "best_at": next((t for t, c in improvements if c == cost), None),
        "elapsed": elapsed, "peak_mb": (own + children) / 1024,  # ru_maxrss is in KiB
    }))


def run_rotalang(program: Path, time_limit: float, seed: int, engine: str, workers: int,
                 roster_csv: Path) -> dict:
    """One rotalang run in a child process; its figures, or the failure it ended with."""
    done = run([sys.executable, __file__, "--child", str(program), str(time_limit), str(seed),
                engine, str(workers), str(roster_csv)], ROOT, timeout=2 * time_limit + 120)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"status": f"failed (exit {done.returncode})", "cost": None, "bound": None,
                "first": None, "best_at": None, "peak_mb": None,
                "error": done.stderr.strip().splitlines()[-5:]}
    return json.loads(lines[-1])


def run_peer(bench: Path, instance: Path, time_limit: float, seed: int, workers: int,
             roster_csv: Path) -> dict:
    """One run of the plain CP-SAT model, from its own folder."""
    done = run([sys.executable, "cpsat.py", str(instance), "--time", f"{time_limit:g}",
                "--workers", str(workers), "--seed", str(seed), "--out", str(roster_csv)],
               bench / "peer", timeout=2 * time_limit + 120)
    match = PEER_LINE.search(done.stdout)
    if not match:
        return {"status": f"failed (exit {done.returncode})", "cost": None, "bound": None,
                "error": done.stderr.strip().splitlines()[-5:]}
    objective, bound, status, seconds = match.groups()
    return {"status": status, "cost": None if objective == "none" else objective,
            "bound": None if bound == "none" else bound, "elapsed": float(seconds)}


# --- the independent verifier ---------------------------------------------------------

def to_verifier_csv(rotalang_csv: Path, out: Path) -> None:
    """rotalang's `staff,date,shift` (calendar dates) → the verifier's `staff,day,shift`
    (0-based day from START)."""
    with open(rotalang_csv, newline="", encoding="utf-8") as source, \
            open(out, "w", newline="", encoding="utf-8") as target:
        writer = csv.writer(target)
        writer.writerow(["staff", "day", "shift"])
        for row in csv.DictReader(source):
            day = (datetime.date.fromisoformat(row["date"]) - START).days
            writer.writerow([row["staff"], day, row["shift"]])


def verify(bench: Path, instance: Path, roster_csv: Path, cost: str | None) -> dict:
    """`verify.py --quiet` on a roster in its format; `ok` iff 0 hard violations and the
    penalty is the cost the solver reported."""
    if cost is None:
        return {"ok": False, "verdict": "no roster"}
    done = run([sys.executable, "verify.py", str(instance), str(roster_csv), "--quiet"],
               bench / "peer", timeout=600)
    match = VERIFY_LINE.search(done.stdout)
    if not match:
        return {"ok": False, "verdict": f"verifier failed (exit {done.returncode})"}
    penalty, hard = int(match[1]), int(match[2])
    ok = hard == 0 and Fraction(cost) == penalty
    verdict = "ok" if ok else (f"{hard} hard violations, " if hard else "") + \
        f"penalty {penalty} where {cost} was reported"
    return {"ok": ok, "verdict": verdict, "penalty": penalty, "hard_violations": hard,
            "hard": [line for line in done.stdout.splitlines() if line.startswith("HARD")][:5]}


# --- one instance ---------------------------------------------------------------------

def instance_size(instance: Path) -> tuple[int, int, int]:
    """(staff, days, shift types), read from the instance file's sections."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in instance.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("SECTION_"):
            current = sections.setdefault(line, [])
        elif line and not line.startswith("#") and current is not None:
            current.append(line)
    return (len(sections["SECTION_STAFF"]), int(sections["SECTION_HORIZON"][0]),
            len(sections["SECTION_SHIFTS"]))


def measure_instance(number: int, args, limit: float) -> dict:
    """Every seed on one instance, one run at a time: rotalang's run, then the peer's."""
    instance = args.bench / "curtois" / f"Instance{number}.txt"
    row: dict = {"instance": number, "size": instance_size(instance), "time_limit": limit,
                 "date": datetime.date.today().isoformat(), "versions": versions(),
                 "machine": machine(), "runs": [], "peer": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        program = import_program(instance, folder / "program")
        for seed in args.seeds:
            row["runs"].append(verified_rotalang_run(args, instance, program, limit, seed,
                                                     folder))
            progress(number, "rotalang", row["runs"][-1])
            if args.peer:
                row["peer"].append(verified_peer_run(args, instance, limit, seed, folder))
                progress(number, "peer", row["peer"][-1])
    return row


def verified_rotalang_run(args, instance: Path, program: Path, limit: float, seed: int,
                          folder: Path) -> dict:
    """One rotalang run and the verifier's verdict on its roster."""
    rotalang_csv, verify_csv = folder / "rotalang.csv", folder / "verify.csv"
    for stale in (rotalang_csv, verify_csv):
        stale.unlink(missing_ok=True)
    load = os.getloadavg()[0]
    figures = run_rotalang(program, limit, seed, args.engine, args.workers, rotalang_csv)
    figures.update(seed=seed, loadavg=[round(load, 1), round(os.getloadavg()[0], 1)])
    if figures["cost"] is not None:
        to_verifier_csv(rotalang_csv, verify_csv)
    figures["verify"] = verify(args.bench, instance, verify_csv, figures["cost"])
    return figures


def verified_peer_run(args, instance: Path, limit: float, seed: int, folder: Path) -> dict:
    """One peer run and the verifier's verdict on its roster. The peer's cost is then
    its roster's penalty by the verifier: its own objective can be higher when it is
    not proved optimal (a cover cell's slacks in `assigned + under - over =
    requirement` may both be positive); that objective is kept as `objective`."""
    peer_csv = folder / "peer.csv"
    peer_csv.unlink(missing_ok=True)
    peer = run_peer(args.bench, instance, limit, seed, args.workers, peer_csv)
    peer.update(seed=seed, objective=peer["cost"])
    peer["verify"] = verify(args.bench, instance, peer_csv, peer["cost"])
    if peer["verify"].get("hard_violations") == 0:
        peer["cost"] = str(peer["verify"]["penalty"])
    return peer


def progress(number: int, who: str, figures: dict) -> None:
    print(f"Instance{number} seed {figures['seed']} {who}: {figures['status']}, cost "
          f"{figures['cost']}, {figures['verify']['verdict']}", file=sys.stderr, flush=True)


# --- the figures ----------------------------------------------------------------------

def median_cost(runs: list[dict]) -> Fraction | None:
    """The median cost over the runs, a run without a roster counting as infinitely
    dear; the lower middle one for an even count, so that it is a cost some run
    reached. None when the median run has no roster."""
    costs = sorted(math.inf if r["cost"] is None else Fraction(r["cost"]) for r in runs)
    middle = statistics.median_low(costs) if costs else math.inf
    return None if middle == math.inf else middle


def cost_text(runs: list[dict]) -> str:
    """`median (lowest–highest)`, and how many runs found no roster."""
    if not runs:
        return "—"
    costs = [Fraction(r["cost"]) for r in runs if r["cost"] is not None]
    middle = median_cost(runs)
    text = "none" if middle is None else str(middle)
    if len(runs) > 1 and costs:
        text += f" ({min(costs)}–{max(costs)})"
    missing = len(runs) - len(costs)
    return text + (f", {missing} without a roster" if missing and costs else "")


def gap(cost: Fraction | None, reference: int | None) -> str:
    if cost is None or reference is None:
        return "—"
    return f"{float((cost - reference) / reference) * 100:+.1f}%"


def first_roster(runs: list[dict]) -> str:
    """The slowest run's time to its first roster; a run without one is slower still."""
    missing = sum(r["first"] is None for r in runs)
    if missing:
        return f"none in {missing}/{len(runs)}"
    return f"{max(r['first'] for r in runs):.1f} s"


def best_at(runs: list[dict]) -> str:
    """The median time to the best roster, over the runs that found one."""
    times = [r["best_at"] for r in runs if r["best_at"] is not None]
    return f"{statistics.median_low(times):.1f} s" if times else "—"


def verified(runs: list[dict]) -> str:
    """`3/3`, or the first disagreement the verifier found."""
    if not runs:
        return "—"
    wrong = [r["verify"]["verdict"] for r in runs if not r["verify"]["ok"]]
    return f"{len(runs) - len(wrong)}/{len(runs)}" + (f" ({wrong[0]})" if wrong else "")


def proved(runs: list[dict]) -> str:
    if not runs:
        return "—"
    return f"{sum(r['status'] in ('optimal', 'OPTIMAL') for r in runs)}/{len(runs)}"


def at_or_below(mine: Fraction | None, theirs: Fraction | None) -> bool:
    """Whether a median is at or below another; no roster is above any roster."""
    if mine is None:
        return False
    return theirs is None or mine <= theirs


def z3_within(number: int, mine: Fraction | None) -> bool | None:
    """Whether the Z3 engine's median keeps its reference figure (within 2% above)."""
    if number not in Z3_REFERENCE:
        return None
    return mine is not None and mine <= Z3_REFERENCE[number][0] * (1 + Z3_TOLERANCE)


def yes_no(flag: bool | None) -> str:
    return "—" if flag is None else ("yes" if flag else "**no**")


def table(rows: list[dict], engine: str) -> str:
    """One line per instance: medians and ranges over the seeds, the slowest first
    roster, the median time to the best, the largest peak RSS."""
    if engine == "z3":
        compare_head = "Z3 before: median (range) | within 2%"
    else:
        compare_head = "peer: median (range) | rotalang ≤ peer"
    head = (f"| instance | staff × days × shifts | limit | best known | rotalang: median "
            f"(range) | gap | {compare_head} | first roster (worst) | best at (median) | "
            f"peak RSS (worst) | proved optimal | verified |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for row in rows:
        number, runs, peer = row["instance"], row["runs"], row["peer"]
        mine = median_cost(runs)
        if engine == "z3":
            reference = Z3_REFERENCE.get(number)
            compare = ("—" if reference is None else f"{reference[0]} ({reference[1]}–"
                       f"{reference[2]})") + f" | {yes_no(z3_within(number, mine))}"
        else:
            compare = (f"{cost_text(peer)} | "
                       f"{yes_no(at_or_below(mine, median_cost(peer)) if peer else None)}")
        peaks = [r["peak_mb"] for r in runs if r["peak_mb"] is not None]
        proved_text = proved(runs) + (f" · peer {proved(peer)}" if peer else "")
        verified_text = verified(runs) + (f" · peer {verified(peer)}" if peer else "")
        staff, days, shifts = row["size"]
        lines.append(
            f"| {number} | {staff} × {days} × {shifts} | {row['time_limit']:g} s | "
            f"{BEST_KNOWN.get(number, '—')} | {cost_text(runs)} | "
            f"{gap(mine, BEST_KNOWN.get(number))} | {compare} | "
            f"{first_roster(runs)} | {best_at(runs)} | "
            f"{f'{max(peaks):,.0f} MB' if peaks else '—'} | {proved_text} | {verified_text} |")
    return "\n".join(lines)


def done_when(rows: list[dict], engine: str) -> list[str]:
    """Issue 22's conditions, each on the instances this run covered: met, or which
    instances missed it."""

    def check(name: str, applies, holds) -> str | None:
        numbers = [r["instance"] for r in rows if applies(r["instance"])]
        if not numbers:
            return None
        missed = [r["instance"] for r in rows if applies(r["instance"]) and not holds(r)]
        verdict = "met" if not missed else "missed on " + ", ".join(map(str, missed))
        return f"- {name} ({_numbers_text(numbers)}): {verdict}"

    def first_within(r, limit):
        firsts = [x["first"] for x in r["runs"]]
        return None not in firsts and max(firsts) <= limit

    def peak_below(r, mb):
        peaks = [x["peak_mb"] for x in r["runs"]]
        return None not in peaks and max(peaks) < mb

    def within_best(r, share):
        mine = median_cost(r["runs"])
        return mine is not None and mine <= BEST_KNOWN[r["instance"]] * (1 + share)

    items = [
        check("every roster verified", lambda n: True,
              lambda r: all(x["verify"]["ok"] for x in r["runs"])),
        check("first roster within 10 s", lambda n: n not in LONG_INSTANCES,
              lambda r: first_within(r, 10)),
        check("a verified roster within the limit", lambda n: n in LONG_INSTANCES,
              lambda r: all(x["verify"]["ok"] for x in r["runs"])),
        check("peak RSS under 4 GB", lambda n: n == 24, lambda r: peak_below(r, 4096)),
    ]
    if engine == "z3":
        items.append(check("Z3 keeps its figures: median within 2% of the reference",
                           lambda n: n in Z3_REFERENCE,
                           lambda r: z3_within(r["instance"], median_cost(r["runs"]))))
    else:
        items += [
            check("median ≤ 1% above best known", lambda n: n <= 4,
                  lambda r: within_best(r, Fraction(1, 100))),
            check("median at or below the peer's", lambda n: n >= 5,
                  lambda r: bool(r["peer"]) and at_or_below(median_cost(r["runs"]),
                                                            median_cost(r["peer"]))),
            check("aim: median ≤ 5% above best known", lambda n: 5 <= n <= 8,
                  lambda r: within_best(r, Fraction(5, 100))),
        ]
    return [item for item in items if item]


# --- the page -------------------------------------------------------------------------

def _numbers_text(numbers: list[int]) -> str:
    """[1, 2, 3, 5] → '1–3, 5'."""
    parts, run_start = [], None
    for i, n in enumerate(numbers):
        if run_start is None:
            run_start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(str(n) if n == run_start else f"{run_start}–{n}")
            run_start = None
    return ", ".join(parts)


def versions() -> str:
    """The rotalang commit (marked when rotalang/ has uncommitted changes) and the
    solver packages' versions."""
    def git(*words: str) -> str:
        done = subprocess.run(["git", *words], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--", "rotalang"):
        commit += " with uncommitted changes in rotalang/"
    found = []
    for package in ("ortools", "z3-solver"):
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package} not installed")
    return f"rotalang {commit}; " + ", ".join(found)


def measured_when(rows: list[dict]) -> str:
    """Date, machine and versions; for a table measured in parts, those of each part."""
    parts: dict[tuple, list[int]] = {}
    for r in rows:
        key = (r.get("date", "unknown"), r.get("machine", machine()),
               r.get("versions", versions()))
        parts.setdefault(key, []).append(r["instance"])
    if len(parts) == 1:
        (date, where, what), = parts
        return f"Date: {date}; machine: {where}; {what}."
    return "Measured in parts: " + "; ".join(
        f"instance{'s' if len(numbers) > 1 else ''} {_numbers_text(numbers)} on {date} "
        f"({where}; {what})" for (date, where, what), numbers in parts.items()) + "."


def load_note(rows: list[dict]) -> str:
    """The 1-minute load average around rotalang's runs: the machine may be shared."""
    loads = [x for r in rows for run in r["runs"] for x in run.get("loadavg", ())]
    if not loads:
        return ""
    spread = f"{min(loads):g}" if min(loads) == max(loads) else f"{min(loads):g}–{max(loads):g}"
    return f"Load average (1 min) around rotalang's runs: {spread} on {os.cpu_count()} cores."


def section(rows: list[dict], args, command: str) -> str:
    """The page's section: the table first, then what its columns mean, issue 22's
    conditions, and how, when and where it was measured."""
    limits = f"{args.time_limit:g} s"
    if any(r["instance"] in LONG_INSTANCES for r in rows):
        limits += f" ({args.long_time_limit:g} s on 20–24)"
    if args.engine == "z3":
        title = "## Curtois with `--engine z3`"
        legend = ("`Z3 before`: the Z3 engine's medians and ranges when CP-SAT became the "
                  "default (seeds 0–2, 60 s, 2026-12-01; a fair comparison needs the same "
                  "seeds and limit); `within 2%`: rotalang's median at most 2% above it.")
    else:
        title = "## Curtois — Employee Shift Scheduling Benchmark"
        legend = ("`peer`: the plain CP-SAT model `../shared/bench/peer/cpsat.py`, same "
                  "seeds, limit and workers, run right after each rotalang run; its cost "
                  "is its roster's penalty by `verify.py` (its own objective can be higher "
                  "when not proved optimal, and `verified` then shows both).")
    return "\n".join([
        title, "",
        table(rows, args.engine), "",
        "Medians over the seeds (a run without a roster counts as the dearest), with the "
        "range; `gap`: rotalang's median against the best known; `first roster`: from the "
        "start of the child process; `peak RSS`: the process's plus its children's "
        "maximum resident set; `verified`: rosters that `verify.py` finds with 0 hard "
        "violations and the penalty the solver reported. " + legend, "",
        "Issue 22's conditions on these instances:", "",
        *done_when(rows, args.engine), "",
        "```", command, "```", "",
        f"{measured_when(rows)} "
        f"Engine {args.engine}, `--workers {args.workers}`, seeds "
        f"{', '.join(map(str, args.seeds))}, one run at a time; time limit {limits}, "
        "loading and grounding included. " + load_note(rows), "",
    ])


def reproducing_command(words: list[str], *, resumed: bool = False) -> str:
    """The command line as run, less the options that only say where the output goes
    (and, for a run made in parts, which part this was: the table is of all of them)."""
    kept, skip = [], False
    dropped = ("--json", "--instances") if resumed else ("--json",)
    for word in words:
        if skip:
            skip = False
        elif word in dropped:
            skip = True
        elif resumed and word.startswith("--instances="):
            continue
        elif word not in ("--no-write", "--resume") and not word.startswith("--json="):
            kept.append(word)
    return " ".join(["python benchmarks/curtois.py", *kept])


# --- the command line -----------------------------------------------------------------

def parse_numbers(text: str) -> list[int]:
    """'1-3,5' → [1, 2, 3, 5]: instance numbers and seeds alike."""
    out: list[int] = []
    for part in text.split(","):
        if "-" in part:
            low, high = part.split("-")
            out.extend(range(int(low), int(high) + 1))
        elif part:
            out.append(int(part))
    return out


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", type=parse_numbers, default="1-8,13-24")
    parser.add_argument("--seeds", type=parse_numbers, default="0-2")
    parser.add_argument("--time-limit", type=float, default=60.0,
                        help="seconds per run (default 60)")
    parser.add_argument("--long-time-limit", type=float, default=300.0,
                        help="seconds per run on instances 20-24 (default 300)")
    parser.add_argument("--engine", choices=("cpsat", "z3"), default="cpsat")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-peer", dest="peer", action="store_false",
                        help="run rotalang only (always so with --engine z3)")
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--resume", action="store_true",
                        help="keep the instances already in the --json file, run the rest")
    parser.add_argument("--no-write", action="store_true",
                        help="print the section, do not write docs/benchmarks.md")
    args = parser.parse_args(argv)
    args.bench = args.bench.resolve()
    if args.engine == "z3":
        args.peer = False
    if args.resume and args.json is None:
        parser.error("--resume needs --json FILE")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    missing = [n for n in args.instances
               if not (args.bench / "curtois" / f"Instance{n}.txt").exists()]
    if missing:
        print(f"no Instance{missing[0]}.txt in {args.bench / 'curtois'}", file=sys.stderr)
        return 2
    rows = (json.loads(args.json.read_text(encoding="utf-8"))
            if args.resume and args.json.exists() else [])
    done = {r["instance"] for r in rows}
    for number in args.instances:
        if number in done:
            continue
        limit = args.long_time_limit if number in LONG_INSTANCES else args.time_limit
        rows.append(measure_instance(number, args, limit))
        rows.sort(key=lambda r: r["instance"])
        if args.json:  # after each instance, so that a long run interrupted keeps its figures
            args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")

    words = argv if argv is not None else sys.argv[1:]
    text = section(rows, args, reproducing_command(words, resumed=args.resume))
    print(text)
    if not args.no_write:
        name = "curtois-z3" if args.engine == "z3" else "curtois"
        write_section(ROOT / "docs" / "benchmarks.md", text, name)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        program, limit, seed, engine, workers, roster = sys.argv[2:]
        solve_in_child(program, float(limit), int(seed), engine, int(workers), roster)
        raise SystemExit(0)
    raise SystemExit(main())
