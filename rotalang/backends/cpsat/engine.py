"""OR-Tools CP-SAT behind the engine protocol (`backends.protocol`).

A `CpSatModel` holds one encoding (`encode.py`) for its lifetime. Each request is one
CP-SAT solve: on the model as it is, or — when it asks for slots fixed, a cost bound,
another roster, or any roster at all without costs — on a copy with those constraints
added, so that the held model never changes.

CP-SAT's own parallel portfolio is its strength (`portfolio = True`): the search hands
it the whole model with every worker for the whole run; it reports each improving
solution through a callback. Limits are CP-SAT's own: `max_time_in_seconds`, and
`max_deterministic_time` for work. A work-limited request with several workers runs
CP-SAT's interleaved search, whose result does not depend on the number of threads or
on timing, so the same request gives the same roster on any machine.

Ctrl-C: the solve runs in a thread while the caller's thread waits in Python, where
Python's own handler raises KeyboardInterrupt; the search is stopped and the request
raises `Interrupted`, as Z3's engine does (CP-SAT's own SIGINT handler is off).
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from typing import Mapping, Sequence

from ortools.sat.python import cp_model

from rotalang.backends.cpsat.encode import CpSatEncoding
from rotalang.backends.cpsat.running import run_interruptibly
from rotalang.backends.protocol import Incumbent, Limits, OnIncumbent, Outcome, Status
from rotalang.ground.model import GroundModel
from rotalang.ground.objective import Objective

STATUS = {cp_model.OPTIMAL: Status.OPTIMAL, cp_model.FEASIBLE: Status.FEASIBLE,
          cp_model.INFEASIBLE: Status.INFEASIBLE, cp_model.UNKNOWN: Status.UNKNOWN}
# Seconds at most for completing a hint (`CpSatModel._completed`): with every slot
# fixed, presolve decides the rest (1.4 s on a model of 54 600 slots).
COMPLETION_SECONDS = 30.0


class CpSatEngine:
    name = "cpsat"
    portfolio = True

    def model(self, ground: GroundModel, objective: Objective) -> CpSatModel:
        return CpSatModel(ground, objective)


class CpSatModel:
    def __init__(self, ground: GroundModel, objective: Objective):
        self.ground = ground
        self.objective = objective
        self.enc = CpSatEncoding(ground, objective)
        self._lock = threading.Lock()
        self._solver: cp_model.CpSolver | None = None  # the solve running now

    def solve(self, limits: Limits, *, seed: int = 0, workers: int = 1,
              hint: Sequence[int] | None = None, fixed: Mapping[int, bool] | None = None,
              at_most: int | None = None, differ_from: Sequence[int] | None = None,
              optimise: bool = True, on_incumbent: OnIncumbent | None = None) -> Outcome:
        if at_most is not None and at_most < self.objective.floor:
            return Outcome(Status.INFEASIBLE)
        model = self._model_for(fixed, at_most, differ_from, optimise)
        completion_work = 0.0
        if hint is not None:
            complete = None
            if optimise and not fixed and at_most is None:
                started = time.monotonic()
                complete, completion_work = self._completed(hint, limits)
                limits = _less(limits, time.monotonic() - started, completion_work)
            self._add_hint(model, hint, complete)
        solver = cp_model.CpSolver()
        p = solver.parameters
        p.random_seed = seed
        p.num_workers = max(1, workers)
        if limits.seconds is not None:
            p.max_time_in_seconds = max(0.001, limits.seconds)
        if limits.work is not None:
            p.max_deterministic_time = max(0.001, limits.work)
        # Interleaved search, when the work decides (its result does not depend on the
        # threads' timing) or when there is one worker on the whole model: a lone
        # worker then runs the portfolio's first-solution and LNS subsolvers in turn
        # (CP-SAT's plain single-worker search found no roster of Curtois instance 8
        # in 20 s; interleaved, one in 6 s), or asked for any roster of it (the
        # canonical optimum of the checkpoint example: 8 s plain, interleaved 0.5 s).
        alone_on_the_whole_model = workers <= 1 and not fixed
        if (limits.work is not None and workers > 1) or \
                (alone_on_the_whole_model and (at_most is None or not optimise)):
            p.interleave_search = True
        if not optimise:
            p.stop_after_first_solution = True
        if not optimise and at_most is None:
            # Any roster at all (a part of a large model): one presolve pass and no
            # symmetry detection, which cost more than the search. One nurse's year
            # of Curtois 24 (12,000 slots, 8 workers): 1.0-1.2 s -> 0.75 s; Curtois
            # 22's parts no slower.
            p.symmetry_level = 0
            p.max_presolve_iterations = 1
        p.catch_sigint_signal = False  # Ctrl-C is Python's: see `running.py`
        callback = _Reporter(len(self.ground.slots), on_incumbent) if optimise else None
        code = self._run(solver, model, callback)
        status = STATUS.get(code)
        if status is None:  # MODEL_INVALID: an encoder defect, never the author's
            raise RuntimeError(f"CP-SAT refused the model: {solver.status_name(code)}")
        best = None
        if status in (Status.OPTIMAL, Status.FEASIBLE):
            best = Incumbent(_true_slots(solver.response_proto.solution,
                                         len(self.ground.slots)),
                             round(solver.objective_value) if optimise else
                             self._objective_of(solver))
        bound = None
        if optimise and status in (Status.OPTIMAL, Status.FEASIBLE):
            bound = math.ceil(solver.best_objective_bound - 1e-6)
        if status is Status.OPTIMAL:
            bound = best.objective if optimise else None
            if not optimise:
                status = Status.FEASIBLE
        return Outcome(status, best, bound, completion_work + solver.deterministic_time)

    def _run(self, solver: cp_model.CpSolver, model: cp_model.CpModel, callback) -> int:
        with self._lock:
            self._solver = solver
        try:
            return run_interruptibly(solver, model, callback)
        finally:
            with self._lock:
                self._solver = None

    def interrupt(self) -> None:
        with self._lock:
            if self._solver is not None:
                self._solver.stop_search()

    # ------------------------------------------------------------------ helpers

    def _completed(self, hint: Sequence[int],
                   limits: Limits) -> tuple[list[int] | None, float]:
        """Every variable's value on the roster `hint` (auxiliaries, counts, slacks),
        from a solve with its slots fixed, and that solve's work; None when the
        roster breaks a hard rule or the solve runs out of time. CP-SAT takes a complete hint as its first
        solution at once, where a hint of the slots alone can go unused: on Curtois
        instance 20 (54 600 slots) a roster built part by part, hinted by its slots,
        was still not CP-SAT's after 110 s; completed, it was its first solution
        within a second and the search improved on it from there."""
        model = self.enc.model.clone()
        var = model.get_bool_var_from_proto_index
        on = set(hint)
        for v in range(len(self.ground.slots)):
            model.add(var(v) == int(v in on))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = max(0.001, min(
            COMPLETION_SECONDS, limits.seconds if limits.seconds is not None else COMPLETION_SECONDS))
        if limits.work is not None:
            solver.parameters.max_deterministic_time = max(0.001, limits.work)
        solver.parameters.catch_sigint_signal = False
        code = self._run(solver, model, None)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, solver.deterministic_time
        return list(solver.response_proto.solution), solver.deterministic_time

    def _add_hint(self, model: cp_model.CpModel, hint: Sequence[int],
                  complete: list[int] | None) -> None:
        model.clear_hints()
        if complete is not None:
            for v, value in enumerate(complete):
                model.add_hint(model.get_int_var_from_proto_index(v), value)
            return
        on = set(hint)
        for v in range(len(self.ground.slots)):
            model.add_hint(model.get_bool_var_from_proto_index(v), v in on)

    def _model_for(self, fixed, at_most, differ_from, optimise) -> cp_model.CpModel:
        """The held model, or a copy of it with this request's constraints."""
        if not fixed and at_most is None and differ_from is None and optimise:
            return self.enc.model
        model = self.enc.model.clone()
        var = model.get_bool_var_from_proto_index
        for v, value in sorted((fixed or {}).items()):
            model.add(var(v) == int(bool(value)))
        if differ_from is not None:
            on = set(differ_from)
            model.add_bool_or([var(v).Not() if v in on else var(v)
                               for v in range(len(self.ground.slots))])
        if at_most is not None:
            model.add(_objective_expr(model) <= at_most)
        if not optimise:
            model.clear_objective()
        return model

    def _objective_of(self, solver: cp_model.CpSolver) -> int:
        """The objective of the solution found by a solve without one (read off the
        held model's objective, with the solution's values)."""
        objective = self.enc.model.proto.objective
        values = solver.response_proto.solution
        total = objective.offset
        for ref, coef in zip(objective.vars, objective.coeffs):
            total += coef * (values[ref] if ref >= 0 else -values[-ref - 1])
        return round(total)


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Each improving solution, as an Incumbent, to the search's callback."""

    def __init__(self, slots: int, on_incumbent: OnIncumbent | None):
        super().__init__()
        self.slots = slots
        self.on_incumbent = on_incumbent

    def on_solution_callback(self) -> None:
        if self.on_incumbent is not None:
            self.on_incumbent(Incumbent(_true_slots(self.response_proto.solution, self.slots),
                                        round(self.objective_value)))


def _less(limits: Limits, seconds: float, work: float) -> Limits:
    """What is left of `limits` after `seconds` and `work` were spent."""
    return Limits(None if limits.seconds is None else max(0.001, limits.seconds - seconds),
                  None if limits.work is None else max(0.001, limits.work - work))


def _true_slots(solution, slots: int) -> tuple[int, ...]:
    """The slots a solution sets (the first `slots` proto variables are the slots)."""
    return tuple(v for v, value in enumerate(itertools.islice(solution, slots)) if value)


def _objective_expr(model: cp_model.CpModel):
    objective = model.proto.objective
    terms, coefs = [], []
    for ref, coef in zip(objective.vars, objective.coeffs):
        if ref >= 0:
            terms.append(model.get_int_var_from_proto_index(ref))
            coefs.append(coef)
        else:  # a negative reference is the variable's negation
            terms.append(model.get_int_var_from_proto_index(-ref - 1))
            coefs.append(-coef)
    return cp_model.LinearExpr.weighted_sum(terms, coefs) + round(objective.offset)
