"""The Python work of one search step: restricting the model to a neighbourhood and
building an engine model of the restricted model (Z3: SMT-LIB text parsed in one call;
CP-SAT: a CpModel), then asking each engine for a cheaper roster of it.

Imports a Curtois instance, finds a mid-search roster (a short solve, fixed seed), draws
neighbourhoods the way the search does (each kind in turn at its starting size, fixed
seed) and, for each: restricts the model, builds each engine's model of it (the two in
alternating order), then asks each, with a short limit, for a roster of the
neighbourhood cheaper than the incumbent's, to show the two engines agree. Writes the
`steps` section of docs/benchmarks.md (or prints it, `--no-write`).

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

import rotalang  # noqa: E402
from rotalang.backends import engine_named  # noqa: E402
from rotalang.backends.protocol import Limits, Status  # noqa: E402
from rotalang.ground.objective import objective  # noqa: E402
from rotalang.ground.semantics import total_cost  # noqa: E402
from rotalang.importers.curtois import import_instance  # noqa: E402
from rotalang.search.lns import Search  # noqa: E402

from bench_solve import machine, write_section  # noqa: E402  (the script's own folder)

CHECK_LIMIT = 2.0  # seconds for each engine's question
ENGINES = ("z3", "cpsat")


def cheaper(engine: str, sub, goal, incumbent) -> tuple[float, str]:
    """(seconds to build the engine model, sat / unsat / unknown): is there a roster
    of the neighbourhood cheaper than the incumbent's part?"""
    t0 = time.perf_counter()
    model = engine_named(engine).model(sub, goal)
    built = time.perf_counter() - t0
    bound = goal.integer(total_cost(sub, incumbent)) - 1
    outcome = model.solve(Limits(CHECK_LIMIT), at_most=bound, optimise=False)
    answer = {Status.FEASIBLE: "sat", Status.OPTIMAL: "sat",
              Status.INFEASIBLE: "unsat"}.get(outcome.status, "unknown")
    return built, answer


def measure(instance: Path, *, search_time: float, count: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        program = rotalang.load(str(import_instance(instance, folder)))
        model = program.ground()
    mid = program.solve(time_limit=search_time, seed=seed, workers=2)
    goal = objective(model)
    steps = Search(model, goal, engine_named("z3"), seed=seed + 1)
    steps.set_incumbent(sorted(_true_vars(model, mid.roster)))
    rows = []
    for i in range(count):
        kind = steps.hoods.kinds[i % len(steps.hoods.kinds)]
        free = steps.hoods.slots(steps.hoods.draw(kind, steps.current))
        t0 = time.perf_counter()
        restriction = steps.restrictor.restrict(free, steps.values)
        restrict_time = time.perf_counter() - t0
        sub = restriction.model
        sub_goal = objective(sub, factor=goal.factor)
        incumbent = restriction.restricted_true(steps.current)
        times, answers = {}, {}
        for engine in (ENGINES if i % 2 == 0 else ENGINES[::-1]):
            times[engine], answers[engine] = cheaper(engine, sub, sub_goal, incumbent)
        rows.append({"kind": kind.name, "free": len(free), "constraints": len(sub.constraints),
                     "restrict": restrict_time, **{f"{e}_build": times[e] for e in ENGINES},
                     **{f"{e}_answer": answers[e] for e in ENGINES}})
    return {"instance": instance.stem, "roster_cost": mid.cost, "rows": rows}


def _true_vars(model, roster):
    from rotalang.ground.roster_map import roster_to_true_vars

    return roster_to_true_vars(model, roster)


def _ms(values) -> str:
    return f"{1000 * statistics.median(values):.0f} ms"


def report(result: dict, command: str) -> str:
    rows = result["rows"]
    decided = [r for r in rows if "unknown" not in (r["z3_answer"], r["cpsat_answer"])]
    agree = sum(r["z3_answer"] == r["cpsat_answer"] for r in decided)
    sizes = [r["constraints"] for r in rows]
    return "\n".join([
        "## search steps — restricting a neighbourhood and building its engine model",
        "",
        "The Python work of each step of the neighbourhood search before an engine",
        "solves: the restricted model of the neighbourhood, and the engine's model of it",
        "(Z3: SMT-LIB text parsed in one call; CP-SAT: a CpModel). Neighbourhoods of a",
        "mid-search roster, each kind in turn at its starting size.",
        "",
        "```",
        command,
        "```",
        "",
        f"Date: {datetime.date.today().isoformat()}; machine: {machine()}. "
        f"{result['instance']}, roster of cost {result['roster_cost']}, "
        f"{len(rows)} neighbourhoods of {min(r['free'] for r in rows)}–"
        f"{max(r['free'] for r in rows)} slots ({min(sizes)}–{max(sizes)} restricted "
        "constraints). Medians:",
        "",
        "| restrict | build, Z3 | build, CP-SAT |",
        "|---|---|---|",
        f"| {_ms([r['restrict'] for r in rows])} | {_ms([r['z3_build'] for r in rows])} | "
        f"{_ms([r['cpsat_build'] for r in rows])} |",
        "",
        f"Both engines were asked for a roster cheaper than the incumbent's "
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
