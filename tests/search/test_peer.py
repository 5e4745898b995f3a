"""The peer search in a second process: what it sends back are real, cheaper rosters
with their exact cost, it ends when its parent closes the pipes, and it never runs the
caller's script again (a `multiprocessing` child would re-import an unguarded one)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import rotalang
from rotalang.backends import engine_named
from rotalang.ground.objective import objective
from rotalang.ground.semantics import evaluate
from rotalang.search import Meter
from rotalang.search.peer import start_peer

ROOT = Path(__file__).resolve().parents[2]
CHECKPOINT = ROOT / "examples" / "checkpoint" / "checkpoint.rota"


def test_a_peer_sends_cheaper_rosters_that_meet_the_hard_rules_and_stops_when_closed():
    model = rotalang.load(CHECKPOINT).ground()
    goal = objective(model)
    # A hard-rules-only roster (it costs something), as a run's first phase finds it
    first = engine_named("z3").model(model, goal).solve(Meter(60).limits(), optimise=False)
    start_cost = first.best.objective
    assert start_cost > 0
    peer = start_peer(model, first.best.true_slots, engine="z3", seed=0, time_limit=60)
    assert peer is not None
    received = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not received:
            received += peer.receive()
            time.sleep(0.05)
    finally:
        started_closing = time.monotonic()
        peer.close()
    assert time.monotonic() - started_closing < 5  # it does not run on to its deadline
    assert peer.process.poll() is not None
    assert received, "the peer found nothing cheaper than a hard-rules-only roster"
    costs = [cost for cost, _ in received]
    assert costs == sorted(costs, reverse=True) and costs[0] < start_cost
    for cost, true_vars in received:
        evaluation = evaluate(model, true_vars)
        assert cost == goal.integer(evaluation.total_cost)
        assert not evaluation.failed_hard


# Ten people, four weeks, two shifts, soft coverage and balance: not proved optimal
# within seconds, so the search runs long enough for the peer to start.
BUSY_PROGRAM = """\
calendar from 2025-03-03 to 2025-03-30
staff 人员 { 组: int }
shift 白班 08:00-20:00
shift 夜班 20:00-08:00
人员 甲 { 组: 1 }, 乙 { 组: 1 }, 丙 { 组: 1 }, 丁 { 组: 2 }, 戊 { 组: 2 },
     己 { 组: 2 }, 庚 { 组: 3 }, 辛 { 组: 3 }, 壬 { 组: 3 }, 癸 { 组: 3 }
rule 夜班后不上白班: no 夜班 followed by 白班
rule 连续: each 人员 p: p works at most 4 consecutive days
rule 休息: each 人员 p: p has at least 2 consecutive days off
soft rule 覆盖 weight 10: each day d, shift s: count(人员 p where p works s on d) >= 3
soft rule 不超 weight 3: each day d, shift s: count(人员 p where p works s on d) <= 3
soft rule 夜班均衡 weight 2: balance count(day d where p works 夜班 on d) across 人员 p
soft rule 白班均衡 weight 1: balance count(day d where p works 白班 on d) across 人员 p
"""


def test_solving_from_an_unguarded_script_runs_the_script_once(tmp_path):
    # A rule author's script without `if __name__ == "__main__"`, solving long enough
    # for the peer to start (the script notes when it does): the peer must not run
    # the script again, and nothing may reach stderr.
    program = tmp_path / "plan.rota"
    program.write_text(BUSY_PROGRAM, encoding="utf-8")
    script = tmp_path / "plan.py"
    marker = tmp_path / "runs.txt"
    script.write_text(
        "import rotalang\n"
        "from rotalang.search import peer\n"
        f"open({str(marker)!r}, 'a').write('script\\n')\n"
        "start = peer.Peer.__init__\n"
        "def noting(self, *args, **kwargs):\n"
        f"    open({str(marker)!r}, 'a').write('peer\\n')\n"
        "    start(self, *args, **kwargs)\n"
        "peer.Peer.__init__ = noting\n"
        f"result = rotalang.load({str(program)!r}).solve(time_limit=10, workers=2,"
        " engine='z3')\n"
        "print(result.status, result.cost)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith(("feasible", "optimal"))
    assert marker.read_text() == "script\npeer\n"
