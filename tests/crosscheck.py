"""The cross-check every solver and example test goes through: solve, then re-check the
returned roster with the plain-Python evaluator (no Z3), and insist they agree.

    from tests.crosscheck import solve_and_crosscheck
    result = solve_and_crosscheck("examples/checkpoint/checkpoint.rota", time_limit=20)

A roster the solver returns must break no hard rule (structural rules included) and
its cost must be the solver's cost, rule by rule.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import rotalang
from rotalang.api import Program
from rotalang.verify import evaluate_costs, roster_true_vars
from rotalang.report.verify_text import violation_text
from rotalang.results import SolveResult


def load(program_or_path) -> Program:
    if isinstance(program_or_path, Program):
        return program_or_path
    return rotalang.load(program_or_path if isinstance(program_or_path, str)
                         else str(Path(program_or_path)))


def crosscheck(program: Program, result: SolveResult) -> None:
    """Assert the evaluator agrees with `result` (nothing to check without a roster)."""
    crosscheck_model(program.ground(), result)


def crosscheck_model(model, result: SolveResult) -> None:
    """The same check on a ground model (for solves run on a model directly)."""
    if result.roster is None:
        assert result.status in ("infeasible", "unknown"), result.status
        return
    hard, cost, lines = evaluate_costs(model, roster_true_vars(model, result.roster))
    assert not hard, "the solver's roster breaks hard rules:\n" + "\n".join(
        f"  {v.rule} (line {v.line}): {violation_text(v)}" for v in hard)
    assert result.cost == cost, f"solver says cost {result.cost}, the evaluator {cost}"
    solver_lines = {(c.rule, c.line, Fraction(c.cost), c.count)
                    for c in result.breakdown if c.cost or c.count}
    evaluator_lines = {(c.rule, c.line, c.cost, c.count) for c in lines if c.cost or c.count}
    assert solver_lines == evaluator_lines, (
        f"cost by rule differs:\n  solver    {sorted(solver_lines)}\n"
        f"  evaluator {sorted(evaluator_lines)}")
    check_cost_items(result.cost_items, cost, lines)
    if result.lower_bound is not None:
        assert result.lower_bound <= cost, (result.lower_bound, cost)
    if result.status == "optimal":
        assert result.lower_bound in (None, cost), (result.lower_bound, cost)


def check_cost_items(items, cost, lines) -> None:
    """The cost explanation adds up: every item costs something (a negative cost, a
    reward, included), dearest first, and the items of each rule sum to that rule's
    cost (so all of them to the total)."""
    assert all(i.cost != 0 for i in items), [i for i in items if i.cost == 0]
    assert [i.cost for i in items] == sorted((i.cost for i in items), reverse=True)
    assert sum((i.cost for i in items), Fraction(0)) == cost
    by_rule: dict[str, Fraction] = {}
    for i in items:
        by_rule[i.instance.rule] = by_rule.get(i.instance.rule, Fraction(0)) + i.cost
    # a rule whose instances cancel out (a reward and a cost) totals 0, as its line does
    assert {r: v for r, v in by_rule.items() if v} == {c.rule: c.cost for c in lines if c.cost}


def solve_and_crosscheck(program_or_path, time_limit: float = 30, seed: int = 0
                         ) -> SolveResult:
    """Load (a path, program text or a loaded Program), solve, cross-check, return."""
    program = load(program_or_path)
    result = program.solve(time_limit=time_limit, seed=seed)
    crosscheck(program, result)
    return result
