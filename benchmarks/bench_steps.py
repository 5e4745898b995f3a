"""The Python work of one search step: restricting the model to a neighbourhood and
encoding the restricted model, through Z3's API term by term or as SMT-LIB text parsed
in one call (`Encoding(text=True)`, what the steps use).

Imports a Curtois instance, searches briefly for a mid-search roster (one worker, fixed
seed), draws neighbourhoods the way the search does (each kind in turn at its starting
size, fixed seed) and, for each: restricts the model, encodes it both ways into a fresh
solver (the two in alternating order), then asks each solver, with a short limit, for a
roster of the neighbourhood cheaper than the incumbent's, to show the two encodings
agree. Writes the `steps` section of docs/benchmarks.md (or prints it, `--no-write`).

    python benchmarks/bench_steps.py                # instance 8, 30 neighbourhoods
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import z3  # noqa: E402

import rotalang  # noqa: E402
from rotalang.backends.z3 import ground_eval, search, subsolve  # noqa: E402
from rotalang.backends.z3.encode import Encoding, configure  # noqa: E402
from rotalang.ground.restrict import Restrictor  # noqa: E402
from rotalang.importers.curtois import import_instance  # noqa: E402

from bench_solve import machine, write_section  # noqa: E402  (the script's own folder)

CHECK_LIMIT = 2.0  # seconds for each encoding's check


def encoded(sub, *, text: bool, seed: int) -> tuple[Encoding, z3.Solver, float]:
    """The restricted model encoded into a fresh solver, and the seconds that took."""
    t0 = time.perf_counter()
    enc = Encoding(sub, text=text)
    solver = z3.SimpleSolver(ctx=enc.ctx)
    configure(solver, seed=seed)
    enc.assert_model(solver)
    return enc, solver, time.perf_counter() - t0


def cheaper(enc: Encoding, solver: z3.Solver, sub, incumbent) -> str:
    """sat / unsat / unknown: is there a roster of the neighbourhood cheaper than the
    incumbent's part? A roster found must cost less under the plain-Python evaluation."""
    cost, _ = ground_eval.breakdown(sub, ground_eval.assignment(sub, incumbent))
    bound = int(cost * enc.cost.factor) - 1
    solver.set("timeout", int(CHECK_LIMIT * 1000))
    answer = solver.check(subsolve.cost_bound(solver, enc, bound))
    if answer == z3.sat:
        found = enc.true_vars(solver.model())
        found_cost, _ = ground_eval.breakdown(sub, ground_eval.assignment(sub, found))
        assert found_cost * enc.cost.factor <= bound, "the encoding and the evaluation disagree"
    return str(answer)


def measure(instance: Path, *, search_time: float, count: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        program = rotalang.load(str(import_instance(instance, folder)))
        model = program.ground()
    enc = Encoding(model)
    mid = search.improve(enc, time_limit=search_time, seed=seed)
    steps = search.Search(enc, seed=seed + 1)
    steps.set_incumbent(mid.true_vars)
    restrictor = Restrictor(model)
    rows = []
    for i in range(count):
        kind = steps.kinds[i % len(steps.kinds)]
        free = steps.free_slots(steps.neighbourhood(kind))
        t0 = time.perf_counter()
        restriction = restrictor.restrict(free, steps.values)
        restrict_time = time.perf_counter() - t0
        sub = restriction.model
        incumbent = restriction.restricted_true(mid.true_vars)
        order = (False, True) if i % 2 == 0 else (True, False)
        times, answers = {}, {}
        for text in order:
            sub_enc, solver, took = encoded(sub, text=text, seed=seed)
            times[text] = took
            answers[text] = cheaper(sub_enc, solver, sub, incumbent)
        rows.append({"kind": kind.name, "free": len(free), "constraints": len(sub.constraints),
                     "restrict": restrict_time, "api": times[False], "text": times[True],
                     "api_answer": answers[False], "text_answer": answers[True]})
    return {"instance": instance.stem, "roster_cost": mid.cost / enc.cost.factor, "rows": rows}


def _ms(values) -> str:
    return f"{1000 * statistics.median(values):.0f} ms"


def report(result: dict, command: str) -> str:
    rows = result["rows"]
    api, text = [r["api"] for r in rows], [r["text"] for r in rows]
    ratios = [a / t for a, t in zip(api, text)]
    decided = [r for r in rows if "unknown" not in (r["api_answer"], r["text_answer"])]
    agree = sum(r["api_answer"] == r["text_answer"] for r in decided)
    sizes = [r["constraints"] for r in rows]
    return "\n".join([
        "## search steps — restricting and encoding a neighbourhood",
        "",
        "The Python work of each step of the neighbourhood search before Z3 solves: the",
        "restricted model of the neighbourhood, and its encoding asserted into a fresh",
        "solver — through Z3's API term by term, or as SMT-LIB text that Z3 parses in one",
        "call (what the steps use). Neighbourhoods of a mid-search roster, each kind in",
        "turn at its starting size.",
        "",
        "```",
        command,
        "```",
        "",
        f"Date: {datetime.date.today().isoformat()}; machine: {machine()}. "
        f"{result['instance']}, roster of cost {result['roster_cost']:g}, "
        f"{len(rows)} neighbourhoods of {min(r['free'] for r in rows)}–"
        f"{max(r['free'] for r in rows)} slots ({min(sizes)}–{max(sizes)} restricted "
        "constraints). Medians:",
        "",
        "| restrict | encode + assert, API | encode + assert, text | API ÷ text (median) |",
        "|---|---|---|---|",
        f"| {_ms([r['restrict'] for r in rows])} | {_ms(api)} | {_ms(text)} | "
        f"{statistics.median(ratios):.2f} |",
        "",
        f"Both encodings were asked for a roster cheaper than the incumbent's "
        f"({CHECK_LIMIT:g} s each): they gave the same answer on {agree} of the "
        f"{len(decided)} neighbourhoods where neither ran out of time.",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instance", type=int, default=8)
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--search", type=float, default=20.0,
                        help="seconds of search for the mid-search roster")
    parser.add_argument("--neighbourhoods", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    instance = args.bench / "curtois" / f"Instance{args.instance}.txt"
    result = measure(instance, search_time=args.search, count=args.neighbourhoods,
                     seed=args.seed)
    command = "python benchmarks/bench_steps.py" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]) if a != "--no-write")
    text = report(result, command)
    if args.no_write:
        print(text)
    else:
        write_section(ROOT / "docs" / "benchmarks.md", text, "steps")
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
