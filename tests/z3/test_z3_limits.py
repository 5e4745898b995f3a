"""check (and the Z3 prover) under limits: the same diagnostics on every run (resource
limits, not the wall clock, decide), a default limit so check never hangs, undecided
questions as warnings, counting arguments, lints and counterexamples in
`program.check()`, Ctrl-C told apart from a spent limit."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import z3

import rotalang
from rotalang.backends.budget import Budget
from rotalang.backends.protocol import Group, GroupKind
from rotalang.backends.z3 import prover as prover_module
from rotalang.backends.z3 import run as run_module
from rotalang.backends.z3.prover import Z3Prover
from rotalang.diagnostics import render_text
from rotalang.drivers import checking as checking_module
from rotalang.drivers.checking import check
from rotalang.ground import model as gm
from rotalang.ground.words import display_width

from tests.model_builders import ModelBuilder, count

ROOT = Path(__file__).resolve().parents[2]
VARIANT = ROOT / "examples/checkpoint/variants/党员干部隔离.rota"

_CHECK_SCRIPT = """
import sys
import rotalang
from rotalang.diagnostics import render_text
program = rotalang.load(sys.argv[1])
for _ in range(int(sys.argv[2])):
    report = program.check(time_limit=60)
    print("\\n".join(render_text(d) for d in report.diagnostics))
    print("=====")
"""


def _in_child(script: str, *args: str, hash_seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


# ------------------------------------------------------------------- determinism


def test_conflict_explanation_is_identical_in_one_process_and_across_processes():
    # Twice in one process, once in another with another hash seed: three checks of
    # the 40-person variant (about 4 s each) say what six did.
    runs = []
    for hash_seed, times in (("0", "2"), ("12345", "1")):
        out = _in_child(_CHECK_SCRIPT, str(VARIANT), times, hash_seed=hash_seed)
        runs += out.split("=====\n")[:-1]
    assert len(runs) == 3
    assert len(set(runs)) == 1, runs
    text = runs[0]
    assert "rules 党员干部带班 (line 38) and 外来人员先隔离 (line 46) cannot both hold" in text
    assert "班间休息十一小时" not in text
    assert "not proved minimal" not in text and "ran out" not in text


def _cover_vs_limit_model():
    """Three people, four days, one shift: two a day (8 shifts) against at most two
    shifts each (6): the conflict needs every instance of both rules."""
    b = ModelBuilder(["甲", "乙", "丙"], days=4, shifts=["早"])
    cover = b.rule("每天两人", line=3)
    limit = b.rule("每人至多两班", line=5)
    b.rule("无关规则", line=7)
    for d in range(4):
        b.add(cover, count([b.var(p, d, 0) for p in range(3)], ">=", 2),
              binding=(("d", f"2025-02-1{d}"),))
    for p, name in enumerate(["甲", "乙", "丙"]):
        b.add(limit, count([b.var(p, d, 0) for d in range(4)], "<=", 2),
              binding=(("p", name),))
    b.add(2, gm.Or((gm.Atom(b.var(0, 0, 0)), gm.Atom(b.var(1, 0, 0)))),
          binding=(("d", "2025-02-10"),))
    return b.build()


def test_shrinking_steps_are_bounded_by_work_not_time():
    """With a tiny allowance every deletion step runs out of work: each member is kept
    (so the set still conflicts), it is not claimed minimal, and the answer is the same
    every time — the wall clock never decided."""
    model = _cover_vs_limit_model()
    instances = [Group(GroupKind.INSTANCE, i) for i, c in enumerate(model.constraints)
                 if c.measure == "hard"]
    answers = set()
    for _ in range(3):
        found = Z3Prover(model).shrink(instances, Budget(1.0, rate=1_000), thorough=False)
        assert found is not None and not found.minimal
        answers.add(found.members)
    assert len(answers) == 1
    # the members kept still conflict
    assert Z3Prover(model).ask(list(next(iter(answers))), Budget(30)).unsat


def test_enough_work_shrinks_to_every_instance_of_the_two_rules():
    report = check(_cover_vs_limit_model(), time_limit=30)
    [d] = [d for d in report.diagnostics if d.code == "E0601"]
    assert d.message == "rules 每天两人 (line 3) and 每人至多两班 (line 5) cannot both hold"
    assert d.label == "4 instances of this rule in the conflict"
    assert [l.text for l in d.labels] == ["3 instances of this rule in the conflict"]
    assert not any("minimal" in n for n in d.notes)


# ------------------------------------------------------------------------- limits


def _pigeonhole(people: int, posts: int):
    """A static plan: every person needs a post, every post takes at most one person."""
    b = ModelBuilder([f"人{i}" for i in range(people)], posts=[f"岗{k}" for k in range(posts)])
    each = b.rule("每人一岗", line=3)
    single = b.rule("每岗至多一人", line=5)
    for p in range(people):
        b.add(each, count([b.var(p, post=k) for k in range(posts)], ">=", 1),
              binding=(("p", f"人{p}"),))
    for k in range(posts):
        b.add(single, count([b.var(p, post=k) for p in range(people)], "<=", 1),
              binding=(("k", f"岗{k}"),))
    return b.build()


def test_pigeonhole_counting_is_refuted_within_seconds():
    """10 people, 9 posts: the SMT core alone does not finish in 20 s; the counting
    engine refutes it at once, and shrinks it to every instance."""
    report = check(_pigeonhole(10, 9), time_limit=30)
    [d] = report.diagnostics
    assert d.code == "E0601"
    assert d.message == "rules 每人一岗 (line 3) and 每岗至多一人 (line 5) cannot both hold"
    assert d.label == "10 instances of this rule in the conflict"
    assert [l.text for l in d.labels] == ["9 instances of this rule in the conflict"]


def test_an_undecided_question_is_a_warning_naming_the_limit(monkeypatch):
    """Without the counting engine the pigeonhole cannot be decided in 1 s: check says
    so (W0601) instead of hanging."""
    monkeypatch.setattr(prover_module, "COUNTING_WORK", 0)
    model = _pigeonhole(13, 12)  # Z3 alone: CP-SAT, check's first prover, decides it
    report = check(model, time_limit=1.0, prover=prover_module.Z3Prover(model))
    [d] = report.diagnostics
    assert (d.code, d.help) == (
        "W0601", "raise the limit with `--time-limit` (`time_limit=` in the API)")
    # which limit ended it, as it happened: the work allowed (the usual case), or the
    # clock on a machine too busy to spend that work within the second
    assert d.message in (
        "could not decide whether the hard rules can all hold: the solver's work "
        "allowed for a 1-s check ran out",
        "could not decide within the time limit of 1 s whether the hard rules can all hold")
    assert report.ok and report.status == "undecided"  # a warning, never "ok"


def test_check_has_a_default_time_limit(monkeypatch):
    """Without a limit, check still stops, at its default (made short here)."""
    monkeypatch.setattr(prover_module, "COUNTING_WORK", 0)
    monkeypatch.setattr(checking_module, "DEFAULT_TIME_LIMIT", 0.5)
    model = _pigeonhole(13, 12)
    report = check(model, prover=prover_module.Z3Prover(model))  # no time limit given
    [d] = report.diagnostics
    assert d.message in (
        "could not decide whether the hard rules can all hold: the solver's work "
        "allowed for a 0.5-s check ran out",
        "could not decide within the time limit of 0.5 s whether the hard rules can all "
        "hold")


def test_an_assertion_needing_a_counting_proof_is_proved():
    """10 people, 3 shifts of at least 3 a day, one shift a day each: at least 9 work
    every day — a counting argument."""
    b = ModelBuilder([f"干部{i}" for i in range(10)], days=2, shifts=["早", "中", "夜"])
    cover = b.rule("每班至少三人", line=3)
    one = b.rule("每天一班", line=4)
    claim = b.rule("每天至少九人", kind="assert", line=6)
    for d in range(2):
        for s in range(3):
            b.add(cover, count([b.var(p, d, s) for p in range(10)], ">=", 3))
        for p in range(10):
            b.add(one, count([b.var(p, d, s) for s in range(3)], "<=", 1))
        b.add(claim, count([b.var(p, d, s) for p in range(10) for s in range(3)], ">=", 9),
              binding=(("d", f"2025-02-1{d}"),))
    report = check(b.build(), time_limit=30)
    assert [(d.code, d.message) for d in report.diagnostics] == [
        ("N0601", "assertion 每天至少九人 holds for every roster")]


# -------------------------------------------------------------------------- solve


_SOLVE_SCRIPT = """
import sys
import rotalang
program = rotalang.load(sys.argv[1])
result = program.solve(time_limit=120, seed=3, engine=sys.argv[2])
print(result.status, result.cost)
for a in result.roster.assignments:
    print(a.staff, a.date, a.shift, a.post)
"""


def test_solve_gives_the_same_roster_in_separate_processes(engine):
    path = str(ROOT / "examples/checkpoint/checkpoint.rota")
    outs = [_in_child(_SOLVE_SCRIPT, path, engine, hash_seed=h) for h in ("1", "999")]
    assert outs[0].startswith("optimal ")
    assert outs[0] == outs[1]


# --------------------------------------------------------- program.check() output


_REFUTED = """
calendar from 2025-03-03 to 2025-03-05
staff 人员 {}
shift 白班 08:00-20:00 code "白"
人员 张丽, 欧阳明远, 李
rule 每天一人: each day d: count(人员 p where p works on d) >= 1
assert 张丽每天在岗: each day d: 张丽 works on d
"""


def test_program_check_keeps_the_counterexample_and_aligns_chinese_names():
    program = rotalang.load(_REFUTED)
    report = program.check(time_limit=30)
    [(name, roster)] = report.counterexamples
    assert name == "张丽每天在岗"
    assert roster.assignments  # someone works every day
    [d] = [d for d in report.diagnostics if d.code == "E0602"]
    grid = d.notes[-1].split("\n", 1)[1].split("\n")
    assert len(grid) == 4  # the days, then one row per person
    assert len({display_width(line.rstrip()) for line in grid}) == 1, grid
    assert [line.split()[0] for line in grid[1:]] == ["张丽", "欧阳明远", "李"]
    # the grid shows the counterexample kept in the report
    on = {(a.staff, a.date.strftime("%d")) for a in roster.assignments}
    days = grid[0].split()
    for line in grid[1:]:
        name_, *cells = line.split()
        assert [c != "·" for c in cells] == [(name_, day) in on for day in days]


_DUPLICATE = """
calendar from 2025-03-03 to 2025-03-04
staff 人员 {}
shift 白班 08:00-20:00 code "白"
人员 张丽, 王强
rule 每天至少一人: each day d: count(人员 p where p works on d) >= 1
rule 每天有人: each day d: count(人员 p where p works on d) >= 1
assert 每天有人上班: each day d: some(人员 p where p works on d)
"""


def test_lint_warnings_show_in_program_check_before_the_solver_findings():
    report = rotalang.load(_DUPLICATE).check(time_limit=30)
    codes = [d.code for d in report.diagnostics]
    assert "W0602" in codes, [render_text(d) for d in report.diagnostics]
    [lint] = [d for d in report.diagnostics if d.code == "W0602"]
    assert lint.span.start_line == 7  # the later duplicate
    assert codes.index("W0602") < codes.index("N0601")


def _hard_solver(ctx: z3.Context, n: int = 12) -> z3.Solver:
    """n pigeons, n − 1 holes: far beyond a second for Z3's clause learning."""
    s = z3.SimpleSolver(ctx=ctx)
    x = [[z3.Bool(f"p{i}h{j}", ctx) for j in range(n - 1)] for i in range(n)]
    for row in x:
        s.add(z3.Or(row))
    for j in range(n - 1):
        s.add(z3.AtMost(*[row[j] for row in x], 1))
    return s


def test_a_check_cancelled_from_outside_is_an_interrupt_and_its_own_limits_are_not():
    # Z3 takes Ctrl-C itself during a check and cancels it with the same reason as a
    # timeout or a spent resource limit; the search must stop on the first, not the
    # others. (A thread cancels the context here, as Z3's SIGINT handler does.)
    ctx = z3.Context()
    s = _hard_solver(ctx)
    threading.Timer(0.3, ctx.interrupt).start()
    with pytest.raises(KeyboardInterrupt):  # protocol.Interrupted is one
        run_module.check_within(s, 30.0)
    s = _hard_solver(z3.Context())
    assert run_module.check_within(s, 0.3) == z3.unknown  # its own time limit
    s = _hard_solver(z3.Context())
    assert run_module.check_within(s, 30.0, rlimit=200_000) == z3.unknown  # its work
