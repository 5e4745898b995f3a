"""The batch's parts that need no cluster: manifests, jobs from a folder pattern, the
generated example, the progress display, the summary table and the exit code."""

from __future__ import annotations

import filecmp
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest

from rotalang.batch import Job, plan
from rotalang.batch.live import Progress
from rotalang.batch.summary import rows, to_csv, to_html, to_json
from rotalang.cli.batch_cmd import exit_code
from rotalang.diagnostics import DiagnosticError

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples" / "batch"


def test_the_example_is_up_to_date(tmp_path):
    spec = importlib.util.spec_from_file_location("batch_units",
                                                  ROOT / "examples" / "_tools" / "batch_units.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.main(tmp_path)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert len(written) == 1 + 12 * 3
    stale = [str(p) for p in written if not filecmp.cmp(tmp_path / p, EX / p, shallow=False)]
    assert stale == [], "run `python examples/_tools/batch_units.py` and commit the result"


def test_jobs_from_a_folder_pattern_are_sorted_and_named_by_folder():
    jobs = plan(str(EX / "rules.rota"), data_dirs=str(EX / "units" / "*") + "/",
                time_limit=7, seed=3)
    assert [j.name for j in jobs] == [f"unit-{i:02d}" for i in range(1, 13)]
    assert {(j.time_limit, j.seed, j.cpus) for j in jobs} == {(7, 3, 1)}


def test_a_toml_manifest_with_defaults(tmp_path):
    (tmp_path / "m.toml").write_text(f'''
[defaults]
program = "{EX / 'rules.rota'}"
seed = 4

[[job]]
data = "{EX / 'units' / 'unit-01'}"
time_limit = 9

[[job]]
name = "second"
data = "{EX / 'units' / 'unit-02'}"
output = "out/second.csv"
cpus = 2
''', encoding="utf-8")
    first, second = plan(str(tmp_path / "m.toml"), time_limit=30)
    assert (first.name, first.time_limit, first.seed, first.output) == ("unit-01", 9, 4, None)
    assert (second.name, second.time_limit, second.cpus) == ("second", 30, 2)
    assert second.output == str(tmp_path / "out" / "second.csv")


def test_a_csv_manifest(tmp_path):
    (tmp_path / "m.csv").write_text(
        "name,program,data,time_limit,seed\n"
        f"a,{EX / 'rules.rota'},{EX / 'units' / 'unit-03'},5,1\n"
        f"b,{EX / 'rules.rota'},{EX / 'units' / 'unit-04'},,\n", encoding="utf-8")
    a, b = plan(str(tmp_path / "m.csv"))
    assert (a.name, a.time_limit, a.seed) == ("a", 5, 1)
    assert (b.name, b.time_limit, b.seed) == ("b", 60, 0)


def test_every_manifest_problem_at_once(tmp_path):
    (tmp_path / "m.toml").write_text(
        '[[job]]\nname = "x"\nprogram = "nope.rota"\nseed = -1\n\n'
        '[[job]]\nname = "x"\nprogram = "nope.rota"\ncolour = "red"\n', encoding="utf-8")
    with pytest.raises(DiagnosticError) as info:
        plan(str(tmp_path / "m.toml"))
    found = sorted((d.code, d.span.start_line) for d in info.value.diagnostics)
    assert found == [("E0030", 4), ("E0030", 9)]


def test_two_jobs_of_one_name(tmp_path):
    job = Job("same", str(EX / "rules.rota"), str(EX / "units" / "unit-01"))
    with pytest.raises(DiagnosticError) as info:
        plan(jobs=[job, job])
    assert [d.code for d in info.value.diagnostics] == ["E0030"]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_live_table_is_erased_and_the_cursor_given_back():
    stream = _Terminal()
    with Progress(["a", "b"], stream) as progress:
        progress.tick({"a"})
        progress.done({"name": "a", "status": "optimal", "cost": 3, "bound": 3, "time": 0.5,
                       "attempts": 1})
    text = stream.getvalue()
    assert "\x1b[?25l" in text  # the cursor was hidden while drawing ...
    tail = text[text.rindex("\x1b[?25h"):]  # ... and shown again, then the table erased:
    # whole escape sequences only, no stray fragment, and nothing after them
    assert re.fullmatch(r"(?:\x1b\[[0-9;?]*[A-Za-z]|\r)+", tail), repr(tail)
    assert "\x1b[2K" in tail


def test_plain_lines_off_a_terminal():
    stream = io.StringIO()
    with Progress(["a", "b"], stream) as progress:
        progress.done({"name": "b", "status": "infeasible", "cost": None, "time": 0.25,
                       "attempts": 2})
    assert stream.getvalue() == "[1/2] b: infeasible (0.25 s, try 2)\n"


def test_the_summary_is_in_job_order_and_the_exit_code_follows_the_worst():
    jobs = [Job(n, "p.rota") for n in ("b", "a", "c")]
    results = {"a": {"status": "optimal", "cost": 1, "bound": 1, "time": 0.1,
                     "roster": "a.csv", "verified": True, "attempts": 1},
               "b": {"status": "infeasible", "conflicts": [{"rules": ["r1", "r2"]}],
                     "attempts": 1}}
    table = rows(jobs, results)
    assert [r["job"] for r in table] == ["b", "a", "c"]
    assert table[0]["conflict"] == "r1 & r2" and table[2]["status"] == "not run"
    assert to_csv(table).splitlines()[1].startswith("b,infeasible,")
    assert json.loads(to_json(table, results))["counts"] == {
        "infeasible": 1, "not run": 1, "optimal": 1}
    assert "<td>r1 &amp; r2</td>" in to_html(table)
    assert exit_code(table) == 2
    assert exit_code(table[:2]) == 1
    assert exit_code(table[1:2]) == 0


def test_load_reads_the_main_files_data_from_data_dir(tmp_path):
    import rotalang

    program = rotalang.load(EX / "rules.rota", data_dir=EX / "units" / "unit-05")
    staff = [r for r in program.ir.records if Path(r.span.file).name == "人员.csv"]
    rows = (EX / "units" / "unit-05" / "人员.csv").read_text(encoding="utf-8").splitlines()
    assert len(staff) == len(rows) - 1 and all("unit-05" in r.span.file for r in staff)
    (tmp_path / "u").mkdir()
    (tmp_path / "u" / "人员.csv").write_text("姓名,身份\n甲,医生\n", encoding="utf-8")
    with pytest.raises(DiagnosticError) as info:  # the other files are not there
        rotalang.load(EX / "rules.rota", data_dir=tmp_path / "u")
    assert {d.code for d in info.value.diagnostics} == {"E0001"}
    assert all(str(tmp_path / "u") in d.message for d in info.value.diagnostics)
    (tmp_path / "rules.rota").write_text(
        (EX / "rules.rota").read_text(encoding="utf-8").replace('"人员.csv"', '"../人员.csv"'),
        encoding="utf-8")
    with pytest.raises(DiagnosticError) as info:  # data may not leave the data folder
        rotalang.load(tmp_path / "rules.rota", data_dir=EX / "units" / "unit-01")
    assert "E0004" in {d.code for d in info.value.diagnostics}


def test_rotalang_batch_is_the_function_however_it_was_imported():
    import subprocess
    import sys

    code = ("import rotalang, rotalang.batch.run as run; f = rotalang.batch; "
            "import rotalang.batch as b; "
            "print(callable(f), callable(b), b.batch is run.batch, "
            "'batch' in rotalang.__all__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert out.stdout.split() == ["True", "True", "True", "True"], out.stderr
