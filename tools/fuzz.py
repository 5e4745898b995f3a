"""The long fuzz run: generated programs and mutated examples through the whole
pipeline (parse → check → solve with a tiny time limit → verify), over fresh seeds.

    python tools/fuzz.py [--cases N] [--seed S] [--solve-every K] [--case-timeout T]

Case i uses seed S + i, so any finding is reproduced with `--seed S+i --cases 1`.
Each case is a generated program (even i) or a mutated example (odd i); every
K-th case goes through check, solve and verify, the others through load alone. A
finding is any exception other than DiagnosticError, or a case running longer than T
seconds. Prints the cases run, the outcomes and every finding (kind, seed, where);
exits 1 when there are findings. The generator lives in
tests/robustness/fuzz_programs.py, shared with the test suite's bounded fuzzing.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "robustness")]

from fuzz_programs import EXAMPLES, example_sources, generate_program, mutate, run_case  # noqa: E402


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang


def one_case(i: int, seed: int, sources, examples_copy: Path, solve_every: int):
    rng = random.Random(seed)
    solve = i % solve_every == 0
    if i % 2 == 0:
        return run_case(generate_program(rng), solve=solve, time_limit=0.3)
    path, text = sources[rng.randrange(len(sources))]
    target = examples_copy / path.relative_to(EXAMPLES).parent / "fuzz.rota"
    # solving a mutated example is the slow part: only small ones are solved
    return run_case(mutate(rng, text), path=target, solve=solve and len(text) < 4000,
                    time_limit=0.3)


def where(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "rotalang" in f.filename
              and "/tests/" not in f.filename]
    if not frames:
        return "?"
    f = frames[-1]
    return f"{Path(f.filename).relative_to(REPO)}:{f.lineno} ({f.name})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=20250210)
    ap.add_argument("--solve-every", type=int, default=10)
    ap.add_argument("--case-timeout", type=float, default=30.0)
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="rotalang-fuzz-"))
    examples_copy = tmp / "examples"
    shutil.copytree(EXAMPLES, examples_copy)
    sources = example_sources()
    signal.signal(signal.SIGALRM, _alarm)
    outcomes: collections.Counter = collections.Counter()
    findings: dict[tuple[str, str], list[int]] = {}
    started = time.monotonic()
    try:
        for i in range(args.cases):
            seed = args.seed + i
            signal.setitimer(signal.ITIMER_REAL, args.case_timeout)
            try:
                outcomes[one_case(i, seed, sources, examples_copy, args.solve_every)] += 1
            except Hang:
                outcomes["HANG"] += 1
                findings.setdefault(("hang", f"over {args.case_timeout:g} s"), []).append(seed)
            except Exception as exc:  # noqa: BLE001 - every other exception is a finding
                outcomes["CRASH"] += 1
                key = (f"{type(exc).__name__}: {str(exc)[:80]}", where(exc))
                if key not in findings:
                    print(f"finding at seed {seed}: {key[0]} at {key[1]}", flush=True)
                findings.setdefault(key, []).append(seed)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if (i + 1) % 1000 == 0:
                print(f"{i + 1} cases, {time.monotonic() - started:.0f} s", flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    total = sum(outcomes.values())
    print(f"date: {datetime.date.today().isoformat()}  seed: {args.seed}  "
          f"cases: {total}  time: {time.monotonic() - started:.0f} s")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    print(f"findings: {len(findings)}")
    for (what, at), seeds in sorted(findings.items()):
        print(f"  {what} at {at}: {len(seeds)} cases, first seed {seeds[0]}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
