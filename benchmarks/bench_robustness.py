"""Hostile and oversized input, measured: how long rotalang takes to answer, how much
memory it uses on the way, and what it answers (issue 28).

    python benchmarks/bench_robustness.py              # every case, writes docs/benchmarks.md
    python benchmarks/bench_robustness.py --cases random-bytes-1mb,gbk --no-write

Each case is generated in a temporary folder and run as a user runs it,
`python -m rotalang COMMAND …` in its own process, without `--memory-limit`: the
default guards are what is measured. The peak memory is the child's maximum resident
set (`wait4`). `before` is what issue 28 reported when it was filed, on the same kind
of machine; `budget` is the default memory budget (3/4 of the machine's memory,
`rotalang.memory.default_budget`), which no case may exceed.

The section between `<!-- robustness:start -->` and `<!-- robustness:end -->` of
docs/benchmarks.md is rewritten with the table, the command, the date and the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from bench_solve import machine, write_section  # noqa: E402

TIMEOUT = 900  # seconds per case: a case that takes longer is reported as such

HEAD = "staff 人员 { 年龄: int = 30 }\nshift 早班 06:00-14:00\nshift 中班 14:00-22:00\n" \
       "shift 夜班 22:00-06:00\n"


def _people(n: int) -> str:
    return "人员 " + ", ".join(f"员工{i}" for i in range(n)) + "\n"


def big_roster(folder: Path) -> list[str]:
    """2,000 people × 365 days × 3 shifts (2.2 million slots), two ordinary rules."""
    (folder / "大.rota").write_text(
        "calendar from 2025-01-01 to 2025-12-31\n" + HEAD + _people(2000)
        + "rule 每班有人: each day d, shift s: count(人员 p where p works s on d) >= 2\n"
        + "rule 每周最多五班: each 人员 p: p works at most 5 shifts per week\n",
        encoding="utf-8")
    return ["check", "大.rota"]


def huge_roster(folder: Path) -> list[str]:
    """3,000 people × 6 years × 3 shifts (19.7 million slots)."""
    (folder / "巨.rota").write_text(
        "calendar from 2025-01-01 to 2030-12-31\n" + HEAD + _people(3000)
        + "rule 每班有人: each day d, shift s: count(人员 p where p works s on d) >= 2\n",
        encoding="utf-8")
    return ["check", "巨.rota"]


def many_rules(folder: Path) -> list[str]:
    """65,000 one-line rules over 28 days: 1.8 million constraints, under the limit."""
    rules = "".join(f"rule 规则{i}: each day d: count(人员 p where p works on d) <= 20\n"
                    for i in range(65_000))
    (folder / "多规则.rota").write_text(
        "calendar from 2025-02-03 to 2025-03-02\n" + HEAD + _people(20) + rules,
        encoding="utf-8")
    return ["check", "多规则.rota"]


def staff_csv(megabytes: int):
    def make(folder: Path) -> list[str]:
        """A staff CSV of `megabytes` MB (about 30 bytes a row) on a one-week calendar."""
        rows = megabytes * 1024 * 1024 // 30
        with open(folder / "人员.csv", "w", encoding="utf-8") as f:
            f.write("姓名,年龄\n")
            for i in range(rows):
                f.write(f"员工{i:09d},{20 + i % 40}\n")
        (folder / "名册.rota").write_text(
            "calendar from 2025-02-03 to 2025-02-09\n" + HEAD + '人员 from "人员.csv"\n'
            + "rule 每班有人: each day d, shift s: count(人员 p where p works s on d) >= 1\n",
            encoding="utf-8")
        return ["check", "名册.rota"]
    make.__doc__ = f"a {megabytes} MB staff CSV"
    return make


def random_bytes(folder: Path) -> list[str]:
    """1 MB of random bytes named `.rota` (not UTF-8, not a program)."""
    (folder / "乱码.rota").write_bytes(random.Random(20250210).randbytes(1024 * 1024))
    return ["check", "乱码.rota"]


def gbk(folder: Path) -> list[str]:
    """A program saved as GBK instead of UTF-8."""
    text = ("calendar from 2025-02-03 to 2025-02-09\n" + HEAD + _people(5)
            + "rule 每班有人: each day d, shift s: count(人员 p where p works s on d) >= 1\n")
    (folder / "国标.rota").write_bytes(text.encode("gbk"))
    return ["check", "国标.rota"]


def nested_json(folder: Path) -> list[str]:
    """A roster JSON nested 1,000 levels deep."""
    (folder / "值班.rota").write_text(
        "calendar from 2025-02-03 to 2025-02-09\n" + HEAD + _people(3), encoding="utf-8")
    (folder / "排班.json").write_text("[" * 1000 + "]" * 1000, encoding="utf-8")
    return ["verify", "值班.rota", "--roster", "排班.json"]


def curtois24(folder: Path) -> list[str]:
    """`check` on the benchmark's largest instance (150 × 364 × 32, 1.7 million slots)."""
    source = ROOT.parent / "shared" / "bench" / "curtois" / "Instance24.txt"
    subprocess.run([sys.executable, "-m", "rotalang", "import", "curtois", str(source),
                    "-o", str(folder / "i24")], check=True, capture_output=True)
    return ["check", str(folder / "i24" / "Instance24.rota"), "--time-limit", "300"]


# name → (make the input, what issue 28 measured when filed)
CASES = {
    "big-roster": (big_roster, "passed 6 GB in 96 s, no E0501"),
    "huge-roster": (huge_roster, "E0501 after 287 s and 14.4 GB"),
    "many-rules": (many_rules, "passed 6 GB"),
    "staff-csv-40mb": (staff_csv(40), "2.3 GB before E0501"),
    "staff-csv-200mb": (staff_csv(200), "passed 6 GB in 32 s"),
    "random-bytes-1mb": (random_bytes, "118 s, 4,004 E0002 lines"),
    "gbk": (gbk, "50 confusing E0106"),
    "nested-json": (nested_json, "E0901 (RecursionError)"),
    "curtois-24": (curtois24, "282 s and 9.6 GB"),
}


def run_case(name: str) -> dict:
    make, before = CASES[name]
    with tempfile.TemporaryDirectory(prefix=f"rota-{name}-") as tmp:
        folder = Path(tmp)
        args = make(folder)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        with open(folder / "stderr.txt", "wb") as err_file:
            start = time.monotonic()
            proc = subprocess.Popen([sys.executable, "-m", "rotalang", *args], cwd=folder,
                                    env=env, stdout=subprocess.DEVNULL, stderr=err_file)
            code, usage = _wait(proc, start)
            elapsed = time.monotonic() - start
        err = (folder / "stderr.txt").read_bytes()
    text = err.decode("utf-8", "replace")
    lines = [line for line in text.splitlines() if "[E" in line or "[W" in line]
    return {"case": name, "before": before, "exit": code, "seconds": elapsed,
            "answer": _answer(lines), "lines": len(text.splitlines()),
            "peak_mb": _peak_mb(usage), "timed_out": elapsed >= TIMEOUT}


def _wait(proc: subprocess.Popen, start: float):
    """(exit code, resource usage) of the child, killed after TIMEOUT seconds; waited
    for with `wait4`, which (unlike `Popen.wait`) returns the child's own peak memory."""
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage
        if time.monotonic() - start > TIMEOUT:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage
        time.sleep(0.02)


def _answer(lines: list[str]) -> str:
    """The first diagnostic's code and the start of its message."""
    if not lines:
        return "no diagnostic"
    first = lines[0]
    code = first[first.index("[") + 1:first.index("]")]
    message = first.split("]: ", 1)[-1]
    return f"{code} {message[:70]}{'…' if len(message) > 70 else ''}"


def _peak_mb(usage) -> float | None:
    if usage is not None:
        return usage.ru_maxrss / 1024
    return None


def table(runs: list[dict], budget_mb: float | None) -> str:
    rows = ["| case | before (issue 28) | now: time | peak memory | exit | answer | stderr lines |",
            "|---|---|---|---|---|---|---|"]
    for r in runs:
        peak = f"{r['peak_mb']:,.0f} MB" if r["peak_mb"] is not None else "?"
        time_text = f"{r['seconds']:.1f} s" + (" (stopped)" if r["timed_out"] else "")
        rows.append(f"| {r['case']} | {r['before']} | {time_text} | {peak} | {r['exit']} | "
                    f"{r['answer'].replace('|', '/')} | {r['lines']} |")
    over = [r["case"] for r in runs
            if budget_mb and r["peak_mb"] and r["peak_mb"] > budget_mb]
    verdict = (f"No case went past the default memory budget ({budget_mb:,.0f} MB, 3/4 "
               "of the machine's memory)." if budget_mb and not over else
               f"Past the budget: {', '.join(over)}." if over else "")
    return "\n".join(rows) + ("\n\n" + verdict if verdict else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default=",".join(CASES),
                        help="comma-separated case names (default: all)")
    parser.add_argument("--no-write", action="store_true",
                        help="print the section instead of writing docs/benchmarks.md")
    args = parser.parse_args(argv)
    names = [c for c in args.cases.split(",") if c]
    unknown = [c for c in names if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; the cases are {', '.join(CASES)}")
    from rotalang.memory import default_budget

    budget = default_budget()
    budget_mb = budget / 1024 / 1024 if budget else None
    runs = []
    for name in names:
        run = run_case(name)
        print(f"{name}: {run['seconds']:.1f} s, {run['peak_mb'] or 0:,.0f} MB, exit "
              f"{run['exit']}: {run['answer']}", file=sys.stderr)
        runs.append(run)
    command = "python benchmarks/bench_robustness.py" + (
        f" --cases {args.cases}" if args.cases != ",".join(CASES) else "")
    text = ("## robustness — hostile and oversized input\n\n"
            "What rotalang answers to the inputs issue 28 found breaking it, each run as a "
            "user runs it (`python -m rotalang …` in its own process, no `--memory-limit`: "
            "the default memory budget is what is measured), with its time, its peak "
            "resident memory and its first diagnostic; `before` is what the issue measured "
            "when it was filed. See docs/robustness.md for the limits.\n\n"
            f"Command: `{command}`; {time.strftime('%Y-%m-%d')}; {machine()}.\n\n"
            + table(runs, budget_mb))
    if args.no_write:
        print(text)
    else:
        write_section(ROOT / "docs" / "benchmarks.md", text, "robustness")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
