"""What grounding and the CP-SAT encoding cost on large instances, stage by stage.

    python benchmarks/bench_ground.py 21 22 23            # Curtois instances by number
    python benchmarks/bench_ground.py path/to/prog.rota   # or any program
    python benchmarks/bench_ground.py 23 --stages load,ground --profile ground

Each instance runs in its own child process, which goes through the stages one after
the other:

- `load`: parse and check (`rotalang.load`; a Curtois `.txt` is imported first, into a
  temporary folder, untimed);
- `ground`: `program.ground()`;
- `encode`: `rotalang.backends.cpsat.encode.CpSatEncoding(model, objective(model))`.

For each stage it records the seconds, the peak resident memory *during that stage*
(the kernel's high-water mark, VmHWM, reset before the stage by writing 5 to
/proc/self/clear_refs; where that is not possible, the process's peak so far) and the
resident memory at its end. The ground model's size is reported per slot: the resident
memory the ground stage leaves behind (after a garbage collection) over the number of
slots. Prints a markdown table; `--json FILE` keeps the figures.

`--profile STAGE` runs that stage under cProfile and prints the top functions (times
are then inflated); `--tracemalloc STAGE` prints the lines that hold the most memory
at the end of the stage (slow: about three times the stage's time, and more memory).

Instances of the Curtois benchmark are read from `../shared/bench/curtois/` (`--bench`).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STAGES = ("load", "ground", "encode")
DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "curtois"


# ------------------------------------------------------------------ memory readings


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Reset the kernel's resident high-water mark (Linux 4.0 on); False when not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak_kb() -> int:
    hwm = _status_kb("VmHWM")
    if hwm is not None:
        return hwm
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _rss_kb() -> int:
    rss = _status_kb("VmRSS")
    return rss if rss is not None else _peak_kb()


# ------------------------------------------------------------------ the child


def _run_stage(name: str, work, options, row: dict):
    resettable = _reset_peak()
    profile = options.profile == name
    traced = options.tracemalloc == name
    if traced:
        import tracemalloc

        tracemalloc.start(1)
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - t0
    if profile:
        profiler.disable()
    peak = _peak_kb()
    gc.collect()
    row[name] = {"seconds": round(seconds, 2), "peak_kb": peak, "rss_kb": _rss_kb(),
                 "peak_of_stage": resettable}
    if profile:
        import io
        import pstats

        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(options.top)
        stats.sort_stats("cumulative").print_stats(options.top)
        print(out.getvalue(), file=sys.stderr)
    if traced:
        snapshot = tracemalloc.take_snapshot()
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"--- tracemalloc at the end of {name}: {current / 2**20:,.0f} MiB held, "
              f"{peak / 2**20:,.0f} MiB at the peak", file=sys.stderr)
        for stat in snapshot.statistics("lineno")[:options.top]:
            print(stat, file=sys.stderr)
    return result


def child(options) -> dict:
    import rotalang

    source = Path(options.instance)
    row: dict = {"instance": source.stem, "stages": {}}
    stages = options.stages
    with tempfile.TemporaryDirectory() as folder:
        if source.suffix == ".txt":
            from rotalang.importers.curtois import import_instance

            source = Path(import_instance(source, folder))
        row["rss_start_kb"] = _rss_kb()
        program = _run_stage("load", lambda: rotalang.load(str(source)), options,
                             row["stages"])
        if "ground" not in stages and "encode" not in stages:
            return row
        model = _run_stage("ground", program.ground, options, row["stages"])
    row["slots"] = len(model.slots)
    row["aux"] = len(model.aux)
    row["constraints"] = len(model.constraints)
    loaded = row["stages"]["load"]["rss_kb"]
    row["kb_per_slot"] = round((row["stages"]["ground"]["rss_kb"] - loaded)
                               / max(len(model.slots), 1), 3)
    if "encode" in stages:
        from rotalang.backends.cpsat.encode import CpSatEncoding
        from rotalang.ground.objective import objective

        _run_stage("encode", lambda: CpSatEncoding(model, objective(model)), options,
                   row["stages"])
    return row


# ------------------------------------------------------------------ the parent


def instance_path(name: str, bench: Path) -> Path:
    if name.isdigit():
        return bench / f"Instance{name}.txt"
    return Path(name)


def measure(path: Path, options) -> dict:
    command = [sys.executable, __file__, "--child", str(path),
               "--stages", ",".join(options.stages), "--top", str(options.top)]
    if options.profile:
        command += ["--profile", options.profile]
    if options.tracemalloc:
        command += ["--tracemalloc", options.tracemalloc]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        return {"instance": path.stem, "error": f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _mb(kb: int) -> str:
    return f"{kb / 1024:,.0f}"


def table(rows: list[dict], stages) -> str:
    head = ["instance", "slots", "constraints"]
    for s in stages:
        head += [f"{s} s", f"{s} peak MB"]
    head += ["model KB/slot", "end RSS MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['instance']} | {r['error']} |" + " |" * (len(head) - 2))
            continue
        cells = [r["instance"], f"{r.get('slots', 0):,}", f"{r.get('constraints', 0):,}"]
        last = None
        for s in stages:
            st = r["stages"].get(s)
            if st is None:
                cells += ["", ""]
                continue
            last = st
            cells += [f"{st['seconds']:.1f}", _mb(st["peak_kb"])]
        cells += [f"{r['kb_per_slot']:.2f}" if "kb_per_slot" in r else "",
                  _mb(last["rss_kb"]) if last else ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("instances", nargs="*", help="Curtois instance numbers or program paths")
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--stages", default=",".join(STAGES),
                        help="comma-separated, from: " + ", ".join(STAGES))
    parser.add_argument("--profile", choices=STAGES)
    parser.add_argument("--tracemalloc", choices=STAGES)
    parser.add_argument("--top", type=int, default=30, help="lines of profile to print")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    options.stages = [s for s in options.stages.split(",") if s]
    if options.child:
        options.instance = options.child
        print(json.dumps(child(options)))
        return 0
    if not options.instances:
        parser.error("name at least one instance")
    rows = []
    for name in options.instances:
        path = instance_path(name, options.bench)
        row = measure(path, options)
        rows.append(row)
        print(f"{path.name}: {json.dumps(row)}", file=sys.stderr, flush=True)
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"{os.cpu_count()} cores")
    print()
    print(table(rows, options.stages))
    if options.json:
        options.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
