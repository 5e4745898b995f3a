"""Front-end speed: parse and type-check a generated program of N rules (default 5,000,
about 1 MB), on one core, and report time and peak memory.

    python benchmarks/bench_frontend.py [--rules 5000] [--repeat 3]

Target (issue 2): under 3 s and under 300 MB for 5,000 rules. Reported: the import of
the front end, the first load in the process (it also loads or builds the parser) and
the median of the repeats, each as wall time and CPU time (`time.process_time`: on a
shared, loaded machine the wall time also counts other processes' turns). The program mixes every
kind of statement a rule author writes, with Chinese names, so the figure reflects real
files rather than one repeated line.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

HEADER = """\
# generated front-end benchmark program
calendar from 2025-02-10 to 2025-03-09
holidays 2025-02-12
enum 身份 { 党员干部, 医务人员, 社区志愿者 }
staff 人员 { 身份: 身份, 本地: bool, 可上岗日期: date, 执业资格: bool, 工时上限: duration }
post 卡口 { 区域: text }
kind 请求 { 员工: 人员, 日期: date, 班次: shift, 权重: int }
shift 早班 06:00-14:00
shift 中班 14:00-22:00
shift 夜班 22:00-06:00
卡口 东关, 西关, 高速出口
"""

TEMPLATES = [
    "rule 每班至少两人{i}: each 卡口 k, day d, shift s: count(人员 p where p works s on d at k) >= {n}\n",
    "rule 党员干部带班{i}: each 卡口 k, day d, shift s: count(人员 p where p.身份 = 党员干部 and p works s on d at k) >= 1\n",
    "rule 夜班后不接早班{i}: no 夜班 followed by 早班\n",
    "rule 休息{i}: rest at least {h}h between shifts\n",
    "rule 每周最多五班{i}: each 人员 p: p works at most {n} shifts in any 7 days\n",
    "rule 外地人员先隔离{i}: each 人员 p, day d where not p.本地 and d < p.可上岗日期 + 14d: p is off on d\n",
    "soft rule 本地优先{i} weight {w}: each 人员 p where not p.本地, day d, shift s: not p works s on d\n",
    "rule 工时{i}: each 人员 p: p works at most p.工时上限 per week\n",
    "rule 连续{i}: each 人员 p: p works at most {n} consecutive days\n",
    "soft rule 均衡{i} weight {w}: balance count(day d where p works 夜班 on d) across 人员 p\n",
    "rule 周末{i}: each 人员 p: p works at most 2 weekends unless p.身份 = 医务人员\n",
    "soft rule 请求{i} weight r.权重: each 请求 r: r.员工 works r.班次 on r.日期\n",
    "rule 资格{i}: each 人员 p, day d, shift s where not p.执业资格: if p works s on d at 东关 then count(人员 q where q.执业资格 and q works s on d at 东关) >= 1\n",
    "rule 比例{i}: each day d: count(人员 p where p.本地 and p works on d) >= 50% of count(人员 p where p works on d)\n",
]


def generate(rules: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    people = []
    for j in range(40):
        identity = ("党员干部", "医务人员", "社区志愿者")[j % 3]
        local = "true" if j % 4 else "false"
        people.append(
            f"人员 员工{j:02d} {{ 身份: {identity}, 本地: {local}, 可上岗日期: 2025-02-1{j % 10}, "
            f"执业资格: {'true' if j % 2 else 'false'}, 工时上限: 40h }}\n"
        )
    requests = [
        f"请求 请求{j:03d} {{ 员工: 员工{j % 40:02d}, 日期: 2025-02-{10 + j % 18}, 班次: 早班, 权重: {1 + j % 5} }}\n"
        for j in range(60)
    ]
    # every rule gets the kind of comment real files carry: where the rule comes from
    body = [
        f"# 第{i}条：依据市政府疫情防控工作会议精神，卡口监测和管控须落实到人，强化各级党员干部责任\n"
        + TEMPLATES[i % len(TEMPLATES)].format(i=i, n=rng.randint(2, 5), h=rng.choice((8, 11, 12)), w=rng.randint(1, 9))
        for i in range(rules)
    ]
    return HEADER + "".join(people) + "".join(requests) + "".join(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--phases", action="store_true",
                        help="also time parsing and checking apart (CPU time, median)")
    args = parser.parse_args()

    wall, cpu = time.perf_counter(), time.process_time()
    from rotalang.check import load_program  # noqa: E402 — after sys.path is set
    imported = (time.perf_counter() - wall, time.process_time() - cpu)

    text = generate(args.rules)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.rota"
        path.write_text(text, encoding="utf-8")
        runs = []
        program = None
        for _ in range(1 + args.repeat):
            program = None  # freeing the previous run's program is not this run's work
            wall, cpu = time.perf_counter(), time.process_time()
            program, warnings = load_program(path)
            runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    first, rest = runs[0], runs[1:] or runs[:1]
    median = (statistics.median(r[0] for r in rest), statistics.median(r[1] for r in rest))
    print(f"| rules | size | import (wall / CPU) | first load | median of {len(rest)} | peak RSS |")
    print("|---|---|---|---|---|---|")
    print(f"| {len(program.rules)} | {len(text.encode('utf-8')) / 1e6:.2f} MB "
          f"| {imported[0]:.2f} s / {imported[1]:.2f} s | {first[0]:.2f} s / {first[1]:.2f} s "
          f"| {median[0]:.2f} s / {median[1]:.2f} s | {peak_mb:.0f} MB |")
    if args.phases:
        print_phases(text, args.repeat)


def print_phases(text: str, repeat: int) -> None:
    import gc

    from rotalang.check.program import check_units
    from rotalang.check.uses import Unit
    from rotalang.diagnostics import Diagnostics
    from rotalang.syntax import parse
    parse_cpu, check_cpu = [], []
    for _ in range(repeat):
        gc.disable()  # as load_program does
        try:
            start = time.process_time()
            ast = parse(text, "bench.rota")
            middle = time.process_time()
            check_units([Unit("bench.rota", None, ast)], Diagnostics())
            parse_cpu.append(middle - start)
            check_cpu.append(time.process_time() - middle)
        finally:
            gc.enable()
    print(f"\nCPU time, median of {repeat}: parse {statistics.median(parse_cpu):.2f} s, "
          f"check {statistics.median(check_cpu):.2f} s")


if __name__ == "__main__":
    main()
