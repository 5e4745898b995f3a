"""Batches on a real local Ray cluster (conftest.py), submitted by address: every job
finishes, the infeasible units report their conflicts, every roster passes the
independent evaluator, a worker killed mid-batch costs one retry, and a batch run again
after an interruption runs only what was not finished."""

from __future__ import annotations

import io
import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

import rotalang
from rotalang.batch import Job
from rotalang.cli import main
from rotalang.cli.console import Console

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples" / "batch"
UNITS = str(EX / "units" / "*") + "/"
INFEASIBLE = {"unit-05": {"每班有医生", "每周最多四班"},
              "unit-11": {"每班至少两人", "请假休息"}}


@pytest.fixture(scope="module")
def example(ray_address, tmp_path_factory):
    out = tmp_path_factory.mktemp("example")
    report = rotalang.batch(str(EX / "rules.rota"), data_dirs=UNITS, out=out,
                            time_limit=20, address=ray_address)
    return report, out


def test_every_job_finishes(example):
    report, _ = example
    rows = report.rows()
    assert [r["job"] for r in rows] == [f"unit-{i:02d}" for i in range(1, 13)]
    statuses = {r["job"]: r["status"] for r in rows}
    assert {j for j, s in statuses.items() if s == "infeasible"} == set(INFEASIBLE)
    assert all(s == "optimal" for j, s in statuses.items() if j not in INFEASIBLE)
    assert report.ok and len(report.ran) == 12 and report.skipped == ()


def test_infeasible_jobs_report_their_conflicts(example):
    report, _ = example
    for name, rules in INFEASIBLE.items():
        (conflict,) = report.results[name]["conflicts"]
        assert rules <= set(conflict["rules"]) and conflict["minimal"]
        assert report.results[name]["roster"] is None


def test_every_roster_passes_the_evaluator(example):
    report, _ = example
    checked = 0
    for job in report.jobs:
        result = report.results[job.name]
        if result["roster"] is None:
            continue
        program = rotalang.load(job.program, data_dir=job.data_dir)
        verdict = program.verify(result["roster"])
        assert verdict.ok, job.name
        assert result["verified"] is True
        assert verdict.cost == result["cost"]
        checked += 1
    assert checked == 10


def test_summary_tables(example):
    report, out = example
    csv_lines = (out / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0].startswith("job,status,cost,bound,time_s,roster,verified")
    assert [line.split(",")[0] for line in csv_lines[1:]] == [j.name for j in report.jobs]
    table = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert table["counts"] == {"infeasible": 2, "optimal": 10}
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert page.count("<tr class=") == 12 and "每班有医生" in page
    done = json.loads((out / "done.json").read_text(encoding="utf-8"))
    assert sorted(done) == [j.name for j in report.jobs]


def test_a_finished_batch_runs_nothing_again(example, ray_address):
    report, out = example
    again = rotalang.batch(str(EX / "rules.rota"), data_dirs=UNITS, out=out,
                           time_limit=20, address=ray_address)
    assert again.ran == () and sorted(again.skipped) == sorted(report.results)
    assert again.rows() == report.rows()


def test_an_interrupted_batch_resumes_with_what_is_not_done(ray_address, tmp_path):
    jobs = [Job(f"u{i}", str(EX / "rules.rota"), str(EX / "units" / f"unit-{i:02d}"),
                time_limit=20) for i in (2, 3, 4, 6)]
    seen = []

    def stop_after_two(result):
        seen.append(result["name"])
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rotalang.batch(jobs=jobs, out=tmp_path, address=ray_address,
                       on_result=stop_after_two)
    done = json.loads((tmp_path / "done.json").read_text(encoding="utf-8"))
    assert sorted(done) == sorted(seen)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["not run"] == 2  # the summary is written all the same
    second = rotalang.batch(jobs=jobs, out=tmp_path, address=ray_address)
    assert sorted(second.skipped) == sorted(seen)
    assert sorted(second.ran) == sorted(j.name for j in jobs if j.name not in seen)
    assert second.ok and len(second.results) == 4


def test_a_killed_worker_is_retried_and_the_batch_completes(ray_address, tmp_path):
    township = ROOT / "examples" / "township" / "township.rota"  # seconds to its optimum
    jobs = [Job("slow", str(township), time_limit=30, cpus=2),
            Job("u1", str(EX / "rules.rota"), str(EX / "units" / "unit-09"), time_limit=20),
            Job("u2", str(EX / "rules.rota"), str(EX / "units" / "unit-10"), time_limit=20)]
    box = {}
    runner = threading.Thread(target=lambda: box.update(
        report=rotalang.batch(jobs=jobs, out=tmp_path, address=ray_address, retries=2)))
    runner.start()
    mark = tmp_path / "running" / "slow.1.pid"
    deadline = time.monotonic() + 30
    while not mark.exists():
        assert time.monotonic() < deadline, "the slow job never started"
        time.sleep(0.05)
    time.sleep(0.3)
    os.kill(int(mark.read_text()), signal.SIGKILL)  # the worker running the job
    runner.join(timeout=60)
    report = box["report"]
    slow = report.results["slow"]
    assert slow["attempts"] == 2 and slow["status"] in ("feasible", "optimal")
    assert len(slow["errors"]) == 1 and slow["verified"] is True
    assert report.ok and sorted(report.ran) == ["slow", "u1", "u2"]


def test_the_command_over_a_manifest(ray_address, tmp_path):
    manifest = tmp_path / "batch.toml"
    manifest.write_text(f'''
[defaults]
program = "{EX / 'rules.rota'}"
time_limit = 20

[[job]]
name = "east"
data = "{EX / 'units' / 'unit-03'}"
output = "rosters/east.csv"

[[job]]
name = "west"
data = "{EX / 'units' / 'unit-11'}"
''', encoding="utf-8")
    console = Console(io.StringIO(), io.StringIO())  # not a terminal
    status = main(["batch", str(manifest), "--address", ray_address,
                   "--out", str(tmp_path / "out"), "--format", "json"], console)
    stdout, stderr = console.out.getvalue(), console.err.getvalue()
    assert status == 1, stderr  # one job infeasible: problems found
    table = json.loads(stdout)
    assert [(j["job"], j["status"]) for j in table["jobs"]] == \
        [("east", "optimal"), ("west", "infeasible")]
    assert table["jobs"][0]["roster"] == str(tmp_path / "rosters" / "east.csv")
    assert (tmp_path / "rosters" / "east.csv").is_file()
    assert "\x1b" not in stderr  # not a terminal: plain lines, no live table
    assert "2 jobs: 1 infeasible, 1 optimal" in stderr
