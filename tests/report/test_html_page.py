"""The HTML page as a rule author opens it from `rotalang solve -o roster.html`: in the
program's language, titled with the program and its horizon, dated, printable, every
costing instance listed, and on an infeasible run the conflict itself."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

from rotalang.cli import main
from rotalang.cli.console import Console

ROOT = Path(__file__).resolve().parents[2]

WARD = """calendar from 2025-03-03 to 2025-03-09
staff Nurse { senior: bool = false }
shift Early 07:00-15:00
shift Late 15:00-23:00
Nurse Ann { senior: true }, Bob, Cid
rule five_a_week: each Nurse n: n works at most 5 shifts per week
soft rule cover weight 10: each day d, shift s: count(Nurse n where n works s on d) >= 1
soft rule ann_off weight 3: Ann is off on 2025-03-05
soft rule fewer weight 1: each day d, shift s: count(Nurse n where n works s on d) <= 0
"""


def solve_page(tmp_path: Path, source: str, name: str, *args: str,
               env: dict | None = None) -> tuple[subprocess.CompletedProcess, str]:
    """`rotalang solve NAME -o roster.html` in `tmp_path`, in-process (the `main` that
    `python -m rotalang` runs), with `env` set for the run: (the outcome, the page)."""
    program = tmp_path / name
    program.write_text(source, encoding="utf-8")
    out = tmp_path / "roster.html"
    argv = ["solve", name, "--time-limit", "20", "-o", str(out), "--force", *args]
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.chdir(tmp_path):
        for key, value in (env or {}).items():
            mp.setenv(key, value)
        code = main(argv, Console(stdout, stderr))
    done = subprocess.CompletedProcess(argv, code, stdout.getvalue(), stderr.getvalue())
    return done, out.read_text(encoding="utf-8") if out.exists() else ""


def test_an_english_program_gets_an_english_page_with_every_costing_instance(tmp_path, engine):
    done, page = solve_page(tmp_path, WARD, "ward.rota", "--engine", engine)
    assert done.returncode == 0, done.stderr
    assert '<html lang="en">' in page
    assert "<title>ward · 2025-03-03 to 2025-03-09</title>" in page
    for heading in ("Roster", "Cost by rule", "Cost by instance"):
        assert f"<h2>{heading}</h2>" in page
    # the cheapest week covers each of its 14 shifts with exactly one nurse (an empty
    # shift costs 10): 14 instances of `fewer` at 1 each, and nothing else
    rows = re.findall(r'<tr><td class="num">(\d+)</td><td class="person">([^<]*)</td>'
                      r'<td class="person">([^<]*)</td><td class="person">([^<]*)</td></tr>',
                      page.split("<h2>Cost by instance</h2>")[1])
    cost = Fraction(re.search(r"optimal, cost (\d+)", page).group(1))
    assert sum(Fraction(c) for c, *_ in rows) == cost
    assert len(rows) == 14  # each shift of the week, one person too many for `fewer`
    assert all("the rule asks for at most 0" in found for _, _, found, _ in rows)
    assert all(cells in ("Ann", "Bob", "Cid") for *_, cells in rows)  # who was counted
    assert 'fewer <small>ward.rota:9 · 14 instances, cost 14</small>' in page


def test_explain_keeps_one_rules_instances(tmp_path):
    done, page = solve_page(tmp_path, WARD, "ward.rota", "--explain", "ann_off")
    assert done.returncode == 0, done.stderr
    assert "<h2>Cost by rule</h2>" in page and "<h3>fewer" not in page


def test_a_chinese_program_gets_chinese_headings(tmp_path):
    source = (ROOT / "examples" / "quickstart" / "值班-五班.rota").read_text(encoding="utf-8")
    done, page = solve_page(tmp_path, source, "值班.rota")
    assert done.returncode == 0, done.stderr
    assert '<html lang="zh">' in page
    assert "<title>值班 · 2025-01-27 至 2025-02-09</title>" in page
    assert "<h2>排班表</h2>" in page and "<h2>各规则代价</h2>" in page
    assert "Roster" not in page and "Cost by rule" not in page
    assert re.search(r'<p class="status">最优，代价 \d+</p>', page)


def test_an_infeasible_page_shows_the_conflict(tmp_path):
    source = (ROOT / "examples" / "quickstart" / "值班.rota").read_text(encoding="utf-8")
    done, page = solve_page(tmp_path, source, "值班.rota")
    assert done.returncode == 1
    assert '<p class="status">无解：没有排班能满足全部硬规则</p>' in page
    conflict = page.split("<h2>为何排不出</h2>")[1]
    assert "<b>E0601</b> rules 每班有医务人员 (line 14) and 每周最多四班 (line 16)" in conflict
    # each rule of the conflict at its line, as written, with how many instances
    assert ('<code class="where">值班.rota:14</code> <code>rule 每班有医务人员: each day d, '
            'shift s: some(人员 p where p.身份 = 医务人员 and p works s on d)</code>') in conflict
    assert '<code class="where">值班.rota:16</code>' in conflict
    assert "instances of this rule in the conflict" in conflict
    assert "<li>conflicting instance: 每周最多四班 for 张丽" in conflict
    assert '<p class="help">建议: only 张丽, 李娜 and 刘洋 can meet 每班有医务人员' in conflict


def test_the_page_is_dated_and_printable_and_reproducible_on_request(tmp_path):
    fixed = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01 00:00 UTC
    _, first = solve_page(tmp_path, WARD, "ward.rota", "--work-limit", "5", env=fixed)
    _, again = solve_page(tmp_path, WARD, "ward.rota", "--work-limit", "5", env=fixed)
    assert first == again
    assert ('<p class="meta">2025-03-03 to 2025-03-09 · generated 2026-01-01 00:00 '
            'UTC+00:00</p>') in first
    _, now = solve_page(tmp_path, WARD, "ward.rota", "--work-limit", "5")
    assert re.search(r"generated \d{4}-\d\d-\d\d \d\d:\d\d UTC[+-]\d\d:\d\d", now)
    assert "@media print" in first and "thead { display: table-header-group; }" in first
    assert "print-color-adjust: exact" in first  # shift colours survive printing


@pytest.fixture(autouse=True)
def _no_fixed_date(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
