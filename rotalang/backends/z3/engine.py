"""Z3 behind the engine protocol (`backends.protocol`): rosters by descent.

`Z3Model.solve` answers each request with Z3's SMT core (its pseudo-Boolean theory
handles the cost's indicators), holding one solver for the model's lifetime: every
bound on the cost, every fixed slot and every "another roster" condition sits behind
an assumption literal, so the solver keeps what it learnt from one request to the next
(push/pop would make Z3 start afresh).

- a first roster (no costs asked for): three tries, each bounded by work so that the
  same roster comes out on any machine — the SMT core briefly (quick on most
  programs), then the SAT core with cardinalities as clauses (seconds on big rosters,
  where the SMT core swings from 4 s to over a minute by seed), then the SMT core with
  what is left;
- optimising: descent. First any roster cheaper than `at_most` allows, then bigger
  drops from each roster found (an eighth of what separates it from the objective's
  floor, a quarter of that after each "none", down to one unit, when "none" proves
  the roster found optimal among those asked for);
- `differ_from` without optimising: one check for another roster within `at_most`
  (the search's sideways moves).

Z3 solves on one core (`workers` is ignored) and takes no hints. Rosters are costed
with the ground model's semantics: a roster Z3 claims is within a bound but is not
(an encoding defect, which the tests hunt) ends the request with what it had.
"""

from __future__ import annotations

import time
from typing import Mapping, Sequence

import z3

from rotalang.backends.protocol import Incumbent, Limits, OnIncumbent, Outcome, Status
from rotalang.backends.z3 import terms
from rotalang.backends.z3.encode import Encoding, configure
from rotalang.backends.z3.run import RLIMIT_PER_SECOND, check_within, work_count
from rotalang.ground.model import GroundModel
from rotalang.ground.objective import Objective
from rotalang.ground.semantics import compile_model, evaluate

FIRST_SMT_WORK = 2.0  # nominal seconds of work for the first try (checkpoint: 0.7–1.4)
FIRST_SAT_WORK = 10.0  # for the clausal SAT core's try (30 × 28 × 4 rosters: 3–10)
FIRST_DROP = 8  # a descent's first drop: this fraction of what is above the floor
MIN_WORK = 1_000  # resource units: with less left, a request asks nothing more
NO_TIMEOUT = 4_294_967.0  # seconds: Z3's largest timeout, for requests without one


class Z3Engine:
    name = "z3"
    # One core per Z3 solver: the search's phases and neighbourhoods serve it better
    # than one long solve of the whole model.
    portfolio = False

    def model(self, ground: GroundModel, objective: Objective) -> Z3Model:
        """The model is encoded as SMT-LIB text, parsed by Z3 in one call: about twice
        as fast to build as term by term (a third of a search step on 30 × 28 × 4
        rosters went into building it; `benchmarks/bench_steps.py`). A cost that needs
        integer terms is encoded through the API, which only it can write."""
        try:
            enc = Encoding(ground, text=True, factor=objective.factor)
        except terms.NeedsArithmetic:
            enc = Encoding(ground, factor=objective.factor)
        return Z3Model(ground, objective, enc)


class Z3Model:
    def __init__(self, ground: GroundModel, objective: Objective, enc: Encoding):
        self.ground = ground
        self.objective = objective
        self.enc = enc
        self._solver: z3.Solver | None = None
        self._bounds: dict[int, z3.BoolRef] = {}
        self._compiled = compile_model(ground)

    # ------------------------------------------------------------------ protocol

    def solve(self, limits: Limits, *, seed: int = 0, workers: int = 1,
              hint: Sequence[int] | None = None, fixed: Mapping[int, bool] | None = None,
              at_most: int | None = None, differ_from: Sequence[int] | None = None,
              optimise: bool = True, on_incumbent: OnIncumbent | None = None) -> Outcome:
        clock = _Clock(limits)
        if not optimise and at_most is None and differ_from is None and not fixed:
            return self._first(clock, seed)
        s = self.solver(seed)
        before = work_count(s)
        assumptions = self._fixing(fixed) if fixed else []
        if differ_from is not None:
            assumptions.append(self._differ(s, differ_from))
        if optimise:
            outcome = self._descend(s, clock, assumptions, at_most, on_incumbent)
        else:
            outcome = self._one(s, clock, assumptions, at_most)
        return _with_work(outcome, work_count(s) - before)

    def interrupt(self) -> None:
        self.enc.ctx.interrupt()

    # ------------------------------------------------------------------ solvers

    def solver(self, seed: int) -> z3.Solver:
        """The solver holding the whole model with its cost, built on first use."""
        if self._solver is None:
            s = z3.SimpleSolver(ctx=self.enc.ctx)
            configure(s, seed=seed)
            self.enc.assert_model(s)
            self._solver = s
        return self._solver

    def bound(self, k: int) -> z3.BoolRef:
        """A literal that, assumed, bounds the objective by `k`: added once per bound."""
        lit = self._bounds.get(k)
        if lit is None:
            lit = self._bounds[k] = self.enc.guarded(self.solver(0), f"cost_at_most_{k}",
                                                     self.enc.cost.at_most(k))
        return lit

    def _fixing(self, fixed: Mapping[int, bool]) -> list[z3.BoolRef]:
        """Assumption literals holding each slot in `fixed` at its value."""
        enc = self.enc
        out = []
        for v, value in sorted(fixed.items()):
            x = enc.vars[v]
            if isinstance(x, str):  # a text encoding's name: the constant Z3 parsed
                x = terms.bool_const(x, enc.ctx, z3.BoolSort(enc.ctx))
            out.append(x if value else z3.Not(x))
        return out

    def _differ(self, s: z3.Solver, roster: Sequence[int]) -> z3.BoolRef:
        on = set(roster)
        differs = terms.disj([terms.neg(x) if v in on else x
                              for v, x in enumerate(self.enc.vars[:len(self.ground.slots)])])
        return self.enc.guarded(s, "another_roster_" + _key(on), differs)

    # ------------------------------------------------------------------ requests

    def _first(self, clock: _Clock, seed: int) -> Outcome:
        spent = 0
        for kind, work in (("smt", FIRST_SMT_WORK), ("sat", FIRST_SAT_WORK), ("smt", None)):
            s = self._hard_solver(kind, seed)
            before = work_count(s)
            seconds = clock.seconds()
            result = check_within(s, NO_TIMEOUT if seconds is None else seconds,
                                  rlimit=clock.work(work) or 0)
            spent += work_count(s) - before
            clock.spend(work_count(s) - before)
            if result == z3.sat:
                found = self._incumbent(self.enc.true_vars(s.model()))
                return Outcome(Status.FEASIBLE, found, work=spent / RLIMIT_PER_SECOND)
            if result == z3.unsat:
                return Outcome(Status.INFEASIBLE, work=spent / RLIMIT_PER_SECOND)
            if clock.out():
                break
        return Outcome(Status.UNKNOWN, work=spent / RLIMIT_PER_SECOND)

    def _hard_solver(self, kind: str, seed: int) -> z3.Solver:
        """A solver of the hard rules and the auxiliaries' definitions only (without
        the cost indicators, which makes a first roster much faster to find)."""
        if kind == "smt":
            return self.enc.solver(cost=False, seed=seed)
        # Cardinality constraints as clauses: measured on 30 × 28 × 4 rosters, Z3's
        # native cardinality propagator has heavy-tailed run times (4 s to > 60 s by
        # seed), the clausal form finds a roster in 1–4 s for every seed tried. (The
        # option only takes effect when set before the constraints are added.)
        s = z3.SolverFor("QF_FD", ctx=self.enc.ctx)
        configure(s, seed=seed)
        s.set("cardinality.solver", False)
        self.enc.assert_model(s, cost=False)
        return s

    def _one(self, s, clock: _Clock, assumptions: list, at_most: int | None) -> Outcome:
        if at_most is not None:
            if at_most < self.objective.floor:
                return Outcome(Status.INFEASIBLE)
            assumptions = assumptions + [self.bound(at_most)]
        result = self._check(s, clock, assumptions)
        if result == z3.sat:
            found = self._incumbent(self.enc.true_vars(s.model()))
            if at_most is not None and found.objective > at_most:
                return Outcome(Status.UNKNOWN)  # a defect: see the module docstring
            return Outcome(Status.FEASIBLE, found)
        return Outcome(Status.INFEASIBLE if result == z3.unsat else Status.UNKNOWN)

    def _descend(self, s, clock: _Clock, assumptions: list, at_most: int | None,
                 on_incumbent: OnIncumbent | None) -> Outcome:
        floor = self.objective.floor
        best: Incumbent | None = None
        target, delta = at_most, 0
        while not clock.out():
            if target is not None and target < floor:
                break
            bound = [] if target is None else [self.bound(target)]
            result = self._check(s, clock, assumptions + bound)
            if result == z3.sat:
                found = self._incumbent(self.enc.true_vars(s.model()))
                if target is not None and found.objective > target:
                    break  # a defect: see the module docstring
                best = found
                if on_incumbent is not None:
                    on_incumbent(found)
                if found.objective <= floor:
                    return Outcome(Status.OPTIMAL, best, best.objective)
                delta = delta or max(1, (found.objective - floor) // FIRST_DROP)
                target = max(floor, found.objective - delta)
            elif result == z3.unsat:
                ceiling = at_most if best is None else best.objective - 1
                if target == ceiling:
                    if best is None:
                        return Outcome(Status.INFEASIBLE)
                    return Outcome(Status.OPTIMAL, best, best.objective)
                delta = max(1, delta // 4)
                target = (at_most if best is None else best.objective - delta)
            else:
                break
        return Outcome(Status.UNKNOWN if best is None else Status.FEASIBLE, best)

    def _check(self, s, clock: _Clock, assumptions: list):
        # Every check sets both limits: a solver is reused from request to request,
        # and a limit left from the last one must not cut this one short.
        before = work_count(s)
        seconds = clock.seconds()
        result = check_within(s, NO_TIMEOUT if seconds is None else seconds, *assumptions,
                              rlimit=clock.work() or 0)
        clock.spend(work_count(s) - before)
        return result

    def _incumbent(self, true_slots: tuple[int, ...]) -> Incumbent:
        cost = evaluate(self._compiled, true_slots).total_cost
        return Incumbent(tuple(true_slots), self.objective.integer(cost))


class _Clock:
    """What is left of one request's limits: seconds on the wall clock, Z3 work."""

    def __init__(self, limits: Limits):
        self.deadline = None if limits.seconds is None else time.monotonic() + limits.seconds
        self.allowance = None if limits.work is None else int(limits.work * RLIMIT_PER_SECOND)

    def seconds(self) -> float | None:
        return None if self.deadline is None else max(0.001, self.deadline - time.monotonic())

    def work(self, nominal: float | None = None) -> int | None:
        """The resource limit for the next check: what is left, and at most `nominal`
        seconds' worth."""
        caps = [int(nominal * RLIMIT_PER_SECOND)] if nominal is not None else []
        if self.allowance is not None:
            caps.append(max(1, self.allowance))
        return min(caps) if caps else None

    def spend(self, work: int) -> None:
        if self.allowance is not None:
            self.allowance -= work

    def out(self) -> bool:
        if self.allowance is not None and self.allowance < MIN_WORK:
            return True
        return self.deadline is not None and self.deadline - time.monotonic() <= 0.005


def _with_work(outcome: Outcome, work: int) -> Outcome:
    return Outcome(outcome.status, outcome.best, outcome.bound, work / RLIMIT_PER_SECOND)


def _key(on: set[int]) -> str:
    """A short, stable name for a roster (distinct rosters get distinct literals)."""
    return format(hash(tuple(sorted(on))) & 0xFFFFFFFF, "x")
