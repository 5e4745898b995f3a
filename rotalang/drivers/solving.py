"""`solve`: a roster that meets every hard rule at the least soft cost found, from any
engine.

The engine (`--engine`, default `backends.DEFAULT_ENGINE`) searches through the
solver-neutral search (`rotalang.search`); this driver turns what it found into what a
rule author reads: the roster, its cost by rule (from the ground model's semantics,
never from an engine), the status with its bound, and the diagnostics:

- facts-only rules the data breaks make the run infeasible at once (E0603);
- when no roster can meet the hard rules, the explanation is the one `check` gives
  (E0601, the smallest conflicting set of rules, from the prover);
- when nothing was found within the limits, W0601 says so.

Status: `optimal` only when proved; `feasible` otherwise; `infeasible` when the hard
rules cannot all hold; `unknown` when nothing was found in time. Ctrl-C keeps the best
roster found so far.

Determinism: with a work limit (`work_limit`, nominal seconds of the engines'
deterministic work) and a seed, every decision of the run is taken on work, never on
the clock, so the same input gives the same roster on any machine and at any load
(a wall-clock limit given too is only a guard). A run bounded by the wall clock alone
ends where the clock stops it, which depends on the machine's speed and load; a run
that ends because its roster is proved optimal, or because no roster exists, ends on
the same roster or the same explanation for every engine setting that proves it.
"""

from __future__ import annotations

import time
from typing import Callable

from rotalang import ir, progress
from rotalang.backends import DEFAULT_ENGINE, engine_named, prover
from rotalang.backends.budget import DEFAULT_TIME_LIMIT, Budget
from rotalang.backends.protocol import Status, Unsupported
from rotalang.diagnostics import Diagnostic
from rotalang.drivers.checking import UNDECIDED, facts_violations, feasibility
from rotalang.ground import model as gm
from rotalang.ground import words
from rotalang.ground.objective import objective
from rotalang.ground.roster_map import true_vars_to_roster
from rotalang.ground.semantics import evaluate
from rotalang.search import Meter, available_workers, search
from rotalang.results import CostLine, Improvement, SolveResult
from rotalang.verify.itemise import cost_items
from rotalang.verify.verify import rule_words

CANNOT = "E0604"
GAVE_WAY = "W0604"
FALLBACK_ENGINE = "z3"  # has no limit on the size of a rule's numbers


def solve(model: gm.GroundModel, program: ir.Program | None = None, *,
          engine: str | None = None, time_limit: float | None = None,
          work_limit: float | None = None, seed: int = 0, workers: int | None = None,
          on_improvement: Callable[[Improvement], None] | None = None,
          start: float | None = None) -> SolveResult:
    """`start` (time.monotonic()) lets the caller count its own grounding against the
    time limit. `engine`: None for the default engine, which gives way to the other
    one (with W0604) for a program it cannot take; an engine named here that cannot
    take the program ends the run with E0604. `workers`: threads or processes the
    engine and the search may use (None: one per core this process may use)."""
    start = time.monotonic() if start is None else start
    if workers is None:
        workers = available_workers()
    goal = objective(model)
    facts = facts_violations(model, program)
    if facts:
        return SolveResult(Status.INFEASIBLE, None, None, None, (), time.monotonic() - start,
                           tuple(facts))
    meter = Meter(time_limit, work_limit, start=start)

    def report(cost: int, bound: int, elapsed: float, true_vars: tuple[int, ...]) -> None:
        if on_improvement is not None:
            on_improvement(Improvement(goal.fraction(cost), goal.fraction(bound), elapsed,
                                       true_vars_to_roster(model, true_vars)))

    notes: list[Diagnostic] = []
    progress.report(progress.Step("solve", f"searching with {engine or DEFAULT_ENGINE}, "
                                  f"{workers} worker{'s' if workers != 1 else ''}"))
    try:
        found = search(model, goal, engine_named(engine or DEFAULT_ENGINE), meter=meter,
                       seed=seed, workers=workers, on_improvement=report)
    except Unsupported as refused:
        if engine is not None:
            return SolveResult(Status.UNKNOWN, None, None, None, (), time.monotonic() - start,
                               (_cannot(model, engine, refused),))
        notes.append(_gave_way(model, refused))
        found = search(model, goal, engine_named(FALLBACK_ENGINE), meter=meter, seed=seed,
                       workers=workers, on_improvement=report)
    elapsed = time.monotonic() - start
    if found.true_vars is None:
        if found.status is Status.INFEASIBLE:
            return SolveResult(Status.INFEASIBLE, None, None, None, (), elapsed,
                               (*notes, _explanation(model, time_limit, start, seed)))
        return SolveResult(Status.UNKNOWN, None, None, None, (), elapsed,
                           (*notes, _gave_up(time_limit, work_limit)))
    progress.report(progress.Step("verify", "re-checking the roster and costing it"))
    evaluation = evaluate(model, found.true_vars)
    cost = evaluation.total_cost
    lines = _cost_lines(model, evaluation)
    items = cost_items(model, evaluation, rule_words(model, program))
    bound = cost if found.status is Status.OPTIMAL else goal.fraction(found.bound)
    return SolveResult(found.status, cost, bound, true_vars_to_roster(model, found.true_vars),
                       lines, time.monotonic() - start, tuple(notes), items)


def _cannot(model: gm.GroundModel, engine: str, refused: Unsupported) -> Diagnostic:
    rule = model.rules[refused.rule]
    return Diagnostic.error(
        CANNOT, f"the {engine} engine cannot solve this program: rule "
        f"{words.rule_label(rule)} needs {refused.what}", rule.span,
        label="these numbers are too large for it",
        help=f"solve with `--engine {FALLBACK_ENGINE}`, or scale the rule's numbers down")


def _gave_way(model: gm.GroundModel, refused: Unsupported) -> Diagnostic:
    rule = model.rules[refused.rule]
    return Diagnostic.warning(
        GAVE_WAY, f"solved with {FALLBACK_ENGINE}: the default engine, {DEFAULT_ENGINE}, "
        f"cannot take rule {words.rule_label(rule)}, which needs {refused.what}", rule.span,
        label=f"too large for {DEFAULT_ENGINE}",
        help=f"pass `--engine {FALLBACK_ENGINE}` to choose it and silence this warning")


def _cost_lines(model: gm.GroundModel, evaluation) -> tuple[CostLine, ...]:
    """One line per soft rule that costs something, in rule order."""
    lines = []
    for r in model.rules:
        cost, count = evaluation.costs.get(r.index, (0, 0))
        if cost or count:
            line = r.span.start_line if r.span is not None else None
            lines.append(CostLine(r.name, line, cost, count))
    return tuple(lines)


def _explanation(model: gm.GroundModel, time_limit: float | None, start: float,
                 seed: int) -> Diagnostic:
    """The conflict `check` would name, within what is left of the limit (or check's
    own default limit when the solve had none)."""
    budget = Budget(time_limit if time_limit is not None else DEFAULT_TIME_LIMIT,
                    start=start if time_limit is not None else None)
    feasible, diagnostics = feasibility(model, prover(model, seed=seed), budget)
    assert not feasible, "the engine found no roster, the prover found one"
    return diagnostics[0]


def _gave_up(time_limit: float | None, work_limit: float | None) -> Diagnostic:
    if time_limit is not None:
        limit = f"{time_limit:g} s"
    elif work_limit is not None:
        limit = f"{work_limit:g} s of work"
    else:
        limit = "the time allowed"
    return Diagnostic.warning(UNDECIDED, f"could not find a roster within {limit}",
                              help="give the solver more time with `--time-limit`")
