"""Benchmark for `verify`: a 100 people × 28 days × 3 shifts roster against 20 rules.

    python benchmarks/bench_verify.py [--people 100] [--days 28] [--runs 7] [--seed 1]

Writes a generated program (.rota + people/requests CSV) and a random roster with a
fixed seed into a temporary folder, loads and grounds the program once (not timed:
that is the front end's and the grounder's benchmark), then times

- `compile`: turning the ground model into flat Python data (once per model, median);
- `evaluate`: every constraint on the roster, costs and the words of every broken
  instance (`evaluate_costs`, median of `--runs`);
- `verify`: reading the roster CSV and verifying it (`Program.verify(path)`, median);

and the peak memory (tracemalloc) of one compile + evaluation, beyond the ground
model itself. Prints a markdown table: header and one row.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import rotalang  # noqa: E402
from rotalang.verify import evaluate_costs, roster_true_vars  # noqa: E402
from rotalang.ground.semantics import _CACHE, compile_model  # noqa: E402

START = datetime.date(2025, 3, 3)  # a Monday

RULES = """
rule 每班至少二十人: each day d, shift s: count(人员 p where p works s on d) >= 20
rule 每班有党员: each day d, shift s: some(人员 p where p.党员 and p works s on d)
rule 党员占一成: each day d, shift s:
  count(人员 p where p.党员 and p works s on d) >= 10% of count(人员 p where p works s on d)
rule 夜班要资格: each 人员 p, day d where not p.夜班资格: p is off 夜 on d
rule 七天最多六班: each 人员 p: works at most 6 shifts in any 7 days
rule 每周最多六班: each 人员 p: works at most 6 shifts per week
rule 总班数: each 人员 p: works between 10 and 24 shifts
rule 总工时: each 人员 p: works at most 190h
rule 最多连上六天: each 人员 p: works at most 6 consecutive days
rule 至少休两天: each 人员 p: has at least 2 consecutive days off
rule 夜不接早: no 夜 followed by 早
rule 夜不接中: no 夜 followed by 中
rule 休息十一小时: rest at least 11h between shifts
rule 周末: each 人员 p: works at most 4 weekends
rule 两周一个周末: each 人员 p: works at most 2 weekends in any 2 weeks
soft rule 休息申请 weight 3: each 休息申请 a: a.申请人 is off on a.日期
soft rule 每班不超过三十人 weight 1: each day d, shift s: count(人员 p where p works s on d) <= 30
soft rule 夜班均衡 weight 2: balance shifts(p, 夜) across 人员 p
soft rule 少用外地人员 weight 1: minimize count(人员 p, day d where not p.本地 and p works on d)
soft rule 每周夜班不超过三 weight 5: each 人员 p: works at most 3 夜 shifts per week
"""


def write_program(folder: Path, people: int, days: int, seed: int) -> tuple[Path, list[str]]:
    rng = random.Random(seed)
    names = [f"p{i:03d}" for i in range(people)]
    end = START + datetime.timedelta(days=days - 1)
    (folder / "人员.csv").write_text(
        "name,党员,本地,夜班资格\n" + "".join(
            f"{n},{str(rng.random() < 0.3).lower()},{str(rng.random() < 0.8).lower()},"
            f"{str(rng.random() < 0.9).lower()}\n" for n in names), encoding="utf-8")
    requests = []
    for i in range(2 * people):
        day = START + datetime.timedelta(days=rng.randrange(days))
        requests.append(f"r{i},{rng.choice(names)},{day.isoformat()}\n")
    (folder / "休息申请.csv").write_text("name,申请人,日期\n" + "".join(requests),
                                         encoding="utf-8")
    text = (f"calendar from {START.isoformat()} to {end.isoformat()}\n"
            "staff 人员 { 党员: bool, 本地: bool, 夜班资格: bool }\n"
            "kind 休息申请 { 申请人: 人员, 日期: date }\n"
            "shift 早 06:00-14:00\nshift 中 14:00-22:00\nshift 夜 22:00-06:00\n"
            "人员 from \"人员.csv\"\n休息申请 from \"休息申请.csv\"\n" + RULES)
    path = folder / "bench.rota"
    path.write_text(text, encoding="utf-8")
    return path, names


def write_roster(folder: Path, names: list[str], days: int, seed: int) -> Path:
    """Each person works one random shift on about 70% of the days."""
    rng = random.Random(seed + 1)
    rows = ["staff,date,shift\n"]
    for name in names:
        for d in range(days):
            if rng.random() < 0.7:
                day = START + datetime.timedelta(days=d)
                rows.append(f"{name},{day.isoformat()},{rng.choice('早中夜')}\n")
    path = folder / "roster.csv"
    path.write_text("".join(rows), encoding="utf-8")
    return path


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=100)
    ap.add_argument("--days", type=int, default=28)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path, names = write_program(folder, args.people, args.days, args.seed)
        roster_path = write_roster(folder, names, args.days, args.seed)
        program = rotalang.load(str(path))
        model = program.ground()
        roster = program.verify(str(roster_path))  # warm-up; also reads the roster once
        from rotalang.verify import read_roster
        true_vars = roster_true_vars(model, read_roster(roster_path, model))

        def cold_compile():
            _CACHE.clear()
            compile_model(model)

        compile_s = median_time(cold_compile, args.runs)
        eval_s = median_time(lambda: evaluate_costs(model, true_vars), args.runs)
        verify_s = median_time(lambda: program.verify(str(roster_path)), args.runs)
        hard, cost, _ = evaluate_costs(model, true_vars)

        _CACHE.clear()
        tracemalloc.start()
        compile_model(model)
        evaluate_costs(model, true_vars)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rules = sum(1 for r in model.rules if r.kind in ("hard", "soft"))
        print("| instance | rules | ground constraints | assignments | hard violations | cost "
              "| compile | evaluate (median) | read + verify (median) | peak memory |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        print(f"| {args.people} people × {args.days} days × 3 shifts | {rules} "
              f"| {len(model.constraints):,} | {len(true_vars):,} | {len(hard):,} | {cost} "
              f"| {compile_s:.2f} s | {eval_s:.3f} s | {verify_s:.3f} s "
              f"| {peak / 2**20:.1f} MiB |")
        assert roster is not None


if __name__ == "__main__":
    main()
