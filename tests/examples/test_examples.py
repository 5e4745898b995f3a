"""The four example programs end to end: data up to date, check, solve, verify.

Each example's README states what these commands find; the expectations below are the
same ones (the planted conflicts and planted roster mistakes of examples/_tools/generate.py).
Through the API and through the command (`rotalang.cli.main`, in-process: exit codes,
what it prints).
"""

from __future__ import annotations

import contextlib
import filecmp
import functools
import importlib.util
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest

import rotalang
from rotalang.cli import main
from rotalang.cli.console import Console
from rotalang.results import CheckReport

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples"

MAIN = {
    "checkpoint": EX / "checkpoint" / "checkpoint.rota",
    "township": EX / "township" / "township.rota",
    "village-cadres": EX / "village-cadres" / "village-cadres.rota",
    "indicators": EX / "indicators" / "indicators.rota",
}
VARIANTS = sorted(EX.glob("*/variants/*.rota"))

def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """`rotalang ARGS` from the repository root, in-process: the same `main` that
    `python -m rotalang` runs (tests/cli/test_cli_end_to_end.py runs the real process),
    without a fresh interpreter importing the solvers' libraries for every command."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(ROOT):
        code = main(list(args), Console(out, err))
    return subprocess.CompletedProcess(["rotalang", *args], code, out.getvalue(),
                                       err.getvalue())


# ------------------------------------------------------------------ the data files


def test_generated_files_are_up_to_date(tmp_path, monkeypatch):
    """examples/_tools/generate.py run again writes exactly the committed files."""
    spec = importlib.util.spec_from_file_location("generate", EX / "_tools" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    for name, path in MAIN.items():
        (tmp_path / name).mkdir()
        shutil.copy(path, tmp_path / name / path.name)
    monkeypatch.setattr(generate, "EXAMPLES", tmp_path)
    generate.main()
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert len(written) > 20
    stale = [str(p) for p in written if not filecmp.cmp(tmp_path / p, EX / p, shallow=False)]
    assert stale == [], "run `python examples/_tools/generate.py` and commit the result"


def test_every_data_file_is_used_by_some_program():
    used = set()
    for program in list(MAIN.values()) + VARIANTS:
        for record in rotalang.load(str(program)).ir.records:
            if record.span is not None:
                used.add(Path(record.span.file).name)
    csvs = {p.name for p in EX.glob("*/*.csv")} | {
        p.name for p in EX.glob("*/variants/*.csv") if "手排" not in p.name and "拟任" not in p.name}
    assert csvs <= used, sorted(csvs - used)


@pytest.mark.parametrize("path", list(MAIN.values()) + VARIANTS, ids=rel)
def test_program_loads_without_warnings(path):
    program = rotalang.load(str(path))
    assert program.warnings == []


def test_sizes_are_those_of_a_real_roster():
    checkpoint = rotalang.load(str(MAIN["checkpoint"])).ir
    assert len(checkpoint.records_of("人员")) == 40
    assert (checkpoint.calendar.end - checkpoint.calendar.start).days + 1 == 14
    township = rotalang.load(str(MAIN["township"])).ir
    assert [r.name for r in township.records_of("乡镇")] == [
        "定城", "西卅店", "拂晓", "桑涧", "藕塘", "张桥", "严桥", "范岗", "池河",
        "吴圩", "朱湾", "炉桥", "仓镇", "大桥", "三和", "能仁", "七里塘", "二龙"]
    assert len(township.records_of("人员")) == 67
    villages = rotalang.load(str(MAIN["village-cadres"])).ir
    assert villages.calendar is None
    assert (len(villages.records_of("村")), len(villages.records_of("候选人"))) == (20, 47)


# ------------------------------------------------------------------------ verify

# (rule, binding) of every broken hard-rule instance each hand-made roster must show
HAND_ROSTERS = {
    "checkpoint": (EX / "checkpoint" / "variants" / "手排值班表.csv", {
        ("每班至少两人", (("k", "西关"), ("d", "2025-02-12"), ("s", "中班"))),
        ("党员干部带班", (("k", "东关"), ("d", "2025-02-14"), ("s", "早班"))),
        ("外来人员先隔离", (("r", "外来04"), ("d", "2025-02-11"))),
    }, {"本地人员优先": (23, 23), "用工较少": (1, 1), "尊重休息申请": (9, 3)}),
    "township": (EX / "township" / "variants" / "手排值班表.csv", {
        ("技术服务资格准入", (("p", "萧中朗"), ("d", "2025-03-25"))),
        ("逾期清退", (("p", "李炎"), ("d", "2025-04-02"))),
        ("计生办配足专职公务员", (("t", "张桥"), ("d", "2025-04-01"))),
    }, {}),
    "village-cadres": (EX / "village-cadres" / "variants" / "拟任名单.csv", {
        ("每村一名专干", (("v", "青山村"),)),
        ("每村一名专干", (("v", "红星村"),)),
        ("只到报名的村", (("c", "唐震"), ("v", "红星村"))),
        ("初中以上文化", (("c", "乔江以"),)),
        ("年龄不超过35岁", (("c", "秦东岩"),)),
    }, {"择优录用": (404, 20)}),
}


@pytest.mark.parametrize("name", sorted(HAND_ROSTERS))
def test_verify_lists_the_planted_mistakes(name):
    roster, expected, costs = HAND_ROSTERS[name]
    report = rotalang.load(str(MAIN[name])).verify(roster)
    assert {(v.rule, v.binding) for v in report.hard_violations} == expected
    assert not report.ok
    assert {c.rule: (c.cost, c.count) for c in report.breakdown if c.count} == costs
    assert report.cost == sum(cost for cost, _ in costs.values())


@functools.lru_cache(maxsize=None)
def verified_json(name: str) -> subprocess.CompletedProcess:
    """`rotalang verify EXAMPLE --roster HAND_ROSTER --format json`, run once for the
    tests that read its report."""
    roster = HAND_ROSTERS[name][0]
    return run_cli("verify", rel(MAIN[name]), "--roster", rel(roster), "--format", "json")


@pytest.mark.parametrize("name", sorted(HAND_ROSTERS))
def test_verify_cli(name):
    roster, expected, costs = HAND_ROSTERS[name]
    done = verified_json(name)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is False
    assert {(v["rule"], tuple(v["binding"].items())) for v in report["hard_violations"]} == expected
    text = run_cli("verify", rel(MAIN[name]), "--roster", rel(roster))
    assert text.returncode == 1
    assert f"{len(expected)} hard rule instances broken" in text.stdout
    assert text.stderr.endswith(f"; soft cost {sum(c for c, _ in costs.values())}\n")


# ------------------------------------------------------------------------- check


def rules_named(program: rotalang.Program, diagnostics) -> set[str]:
    """The program's rules that the error diagnostics point at (primary span or label)."""
    places = set()
    for d in diagnostics:
        if str(d.severity) != "error":
            continue
        for span in [d.span, *(label.span for label in d.labels)]:
            if span is not None:
                places.add((span.file, span.start_line))
    return {r.name for r in program.ir.rules if (r.span.file, r.span.start_line) in places}


def _words(d) -> str:
    parts = [d.message, d.help or "", d.label or "", *map(str, d.notes)]
    parts += [label.text for label in d.labels]
    return "\n".join(parts)


class Checked(NamedTuple):
    program: rotalang.Program
    report: CheckReport  # what `check` found, as the API returns it
    cli: subprocess.CompletedProcess  # what the command printed, and its exit code


@functools.lru_cache(maxsize=None)
def checked(path: Path) -> Checked:
    """`rotalang check PATH`, once for all the tests that read its outcome: the exit
    code and output, and the program and report the command's `Program.check` returned
    (a check is deterministic: its budget is counted in work)."""
    seen = []
    real_check = rotalang.Program.check

    def recording_check(self, *args, **kwargs):
        report = real_check(self, *args, **kwargs)
        seen.append((self, report))
        return report

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rotalang.Program, "check", recording_check)
        cli = run_cli("check", rel(path))
    [(program, report)] = seen
    return Checked(program, report, cli)


@pytest.mark.parametrize("name", sorted(MAIN))
def test_check_good_program(name):
    report = checked(MAIN[name]).report
    errors = [d for d in report.diagnostics if str(d.severity) == "error"]
    assert errors == []
    assert report.ok


# variant -> the rules `check` must name, exactly
CONFLICTS = {
    "checkpoint/variants/党员干部隔离.rota": {"党员干部带班", "外来人员先隔离"},
    "township/variants/二龙无证.rota": {"技术服务日有人", "技术服务资格准入", "逾期清退"},
    "village-cadres/variants/青山村无合格人选.rota": {"每村一名专干", "只到报名的村", "初中以上文化",
                                                "年龄不超过35岁"},
    "village-cadres/variants/报酬不足.rota": {"专干报酬不低于700元"},
    "indicators/variants/未达标.rota": {
        "社会抚养费征收到位率达标", "计划生育率达标", "出生人口性别比达标",
        "全市社会抚养费征收到位率达到70百分点以上"},
}


def test_every_variant_has_an_expectation():
    assert sorted(CONFLICTS) == sorted(str(p.relative_to(EX)) for p in VARIANTS)


@pytest.mark.parametrize("variant", sorted(CONFLICTS))
def test_check_names_exactly_the_conflicting_rules(variant):
    program, report, _ = checked(EX / variant)
    assert not report.ok
    assert rules_named(program, report.diagnostics) == CONFLICTS[variant]


# facts-only failures: each violator is listed
FACT_VIOLATORS = {
    "village-cadres/variants/报酬不足.rota": {"柳林村", "石门村", "黄泥岗村", "大郢村"},
    "indicators/variants/未达标.rota": {"西城区", "青阳县"},
}


@pytest.mark.parametrize("variant", sorted(FACT_VIOLATORS))
def test_check_lists_every_fact_violator(variant):
    program, report, _ = checked(EX / variant)
    text = "\n".join(_words(d) + "\n" + str(d.span) for d in report.diagnostics)
    kind = "村" if "village" in variant else "县区"
    everyone = {r.name for r in program.ir.records_of(kind)}
    assert {name for name in everyone if name in text} == FACT_VIOLATORS[variant]


def test_a_fact_violator_is_reported_at_the_rules_line_with_its_value():
    """language.md, "Facts-only rules": each violating record is its own E0603 at the
    rule's line, naming the record and its value."""
    program, report, _ = checked(EX / "village-cadres" / "variants" / "报酬不足.rota")
    rule = next(r for r in program.ir.rules if r.name == "专干报酬不低于700元")
    found = [d for d in report.diagnostics if d.code == "E0603"]
    assert found and all(d.span.start_line == rule.span.start_line for d in found)
    assert "村 大郢村: 报酬 is 500, the rule asks for at least 700" in [d.message for d in found]


@pytest.mark.parametrize("path", list(MAIN.values()) + VARIANTS, ids=rel)
def test_check_cli_exit_code(path):
    done = checked(path).cli
    expected = 1 if path in VARIANTS else 0
    assert done.returncode == expected, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------------------- solve

SOLVABLE = ["checkpoint", "township", "village-cadres"]


@pytest.mark.parametrize("name", SOLVABLE)
def test_solve_and_crosscheck(name, each_engine):
    from tests.crosscheck import solve_and_crosscheck

    result = solve_and_crosscheck(str(MAIN[name]), time_limit=8)
    assert result.status in ("optimal", "feasible"), result.status
    assert result.roster.assignments


def test_the_small_examples_are_solved_to_a_proved_optimum(each_engine):
    """Issue 8: the bundled examples small enough are reported optimal, bound = cost
    (CP-SAT proves each within a few seconds; Z3's descent the smaller ones)."""
    from tests.crosscheck import solve_and_crosscheck

    for name in (["checkpoint", "township", "village-cadres"] if each_engine == "cpsat"
                 else ["township", "village-cadres"]):
        result = solve_and_crosscheck(str(MAIN[name]), time_limit=60)
        assert result.status == "optimal", (name, result.status)
        assert result.lower_bound == result.cost, name


def test_village_solution_follows_the_appointment_rules(each_engine):
    from tests.crosscheck import solve_and_crosscheck

    program = rotalang.load(str(MAIN["village-cadres"]))
    result = solve_and_crosscheck(program, time_limit=8)
    people = {r.name: r for r in program.ir.records_of("候选人")}
    posts = [a.post for a in result.roster.assignments]
    assert sorted(posts) == sorted(r.name for r in program.ir.records_of("村"))
    women = sum(1 for a in result.roster.assignments if str(people[a.staff].get("性别")) == "女")
    assert 2 * women >= len(posts)


def test_solve_cli_writes_csv(tmp_path, engine):
    out = tmp_path / "roster.csv"
    done = run_cli("solve", rel(MAIN["village-cadres"]), "--time-limit", "5", "--engine", engine,
                   "--output", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "staff,post" and len(lines) == 21
    again = run_cli("verify", rel(MAIN["village-cadres"]), "--roster", str(out))
    assert again.returncode == 0, again.stdout


# ------------------------------------------------------- every cost, explained

def _costs_add_up(report: dict) -> None:
    """A JSON report's `costs` lists every costing instance: they add up to `cost`,
    rule by rule to `breakdown`, and each names its place and roster cells."""
    from fractions import Fraction

    def exact(value) -> Fraction:
        return Fraction(str(value))

    costs = report["costs"]
    assert sum((exact(c["cost"]) for c in costs), Fraction(0)) == exact(report["cost"])
    by_rule: dict[str, Fraction] = {}
    for c in costs:
        by_rule[c["rule"]] = by_rule.get(c["rule"], Fraction(0)) + exact(c["cost"])
        assert c["place"] and c["found"] and c["binding"], c
        assert all(cell["staff"] for cell in c["cells"]), c
    assert by_rule == {b["rule"]: exact(b["cost"]) for b in report["breakdown"] if b["cost"]}


@pytest.mark.parametrize("name", sorted(HAND_ROSTERS))
def test_verify_json_lists_every_costing_instance(name):
    _, _, costs = HAND_ROSTERS[name]
    done = verified_json(name)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    _costs_add_up(report)
    counted = {}
    for c in report["costs"]:
        counted[c["rule"]] = counted.get(c["rule"], 0) + 1
    assert counted == {rule: count for rule, (_, count) in costs.items()}


@pytest.mark.parametrize("name", sorted(MAIN))
def test_solve_json_lists_every_costing_instance(name, engine):
    # a roster cut short by the limit costs something too: the sums are checked either way
    done = run_cli("solve", rel(MAIN[name]), "--time-limit", "4", "--engine", engine,
                   "--format", "json")
    report = json.loads(done.stdout)
    if report["cost"] is None:
        assert report["costs"] == [] and done.returncode in (1, 2), done.stderr
        return
    _costs_add_up(report)


def test_verify_explains_one_rule_in_every_format():
    roster, _, costs = HAND_ROSTERS["checkpoint"]
    rule = "本地人员优先"
    text = run_cli("verify", rel(MAIN["checkpoint"]), "--roster", rel(roster))
    # without --explain: a few instances per rule, and how to see the rest
    assert "cost by instance, dearest first" in text.stdout
    assert f"and 18 more: `--explain {rule}` lists them all" in text.stdout
    focused = run_cli("verify", rel(MAIN["checkpoint"]), "--roster", rel(roster),
                      "--explain", rule)
    section = focused.stdout.split("cost by instance, dearest first")[1]
    assert f"{rule}  {rel(MAIN['checkpoint'])}:58  (23 instances, cost 23)" in section
    assert section.count(": 吕信英 works on") + section.count(" works on ") >= 23
    assert "尊重休息申请" not in section and "more:" not in section
    table = run_cli("verify", rel(MAIN["checkpoint"]), "--roster", rel(roster),
                    "--format", "csv", "--explain", "用工较少")
    rows = table.stdout.splitlines()
    assert rows[0] == "kind,rule,line,place,cost,found,expected,cells"
    assert [r.split(",")[0] for r in rows[1:]] == ["hard"] * 3 + ["soft"]
    assert rows[-1].startswith("soft,用工较少,62,2025-02-11 早班 高速出口,1,3 people,at most 2,")
    assert rows[-1].count("2025-02-11 早班 高速出口") == 4  # the place and its 3 cells
    wrong = run_cli("verify", rel(MAIN["checkpoint"]), "--roster", rel(roster),
                    "--explain", "本地优先")
    assert wrong.returncode == 2
    assert "error[E0023]: --explain 本地优先: the program has no soft rule `本地优先`" \
        in wrong.stderr
    assert "= help: did you mean `本地人员优先`?" in wrong.stderr
