"""CP-SAT as a prover (`backends.protocol.Prover`): can these groups of instances all
hold, and which of them cannot hold together.

One model (`encode.CpSatEncoding` with `tracked`) holds every hard instance behind an
enforcement literal of its own; a rule's group is one more literal that implies each of
its instances', a broken rule's one that implies some instance fails. A question is a
solve with the groups' literals fixed true; an infeasible one is solved once more with
them as assumptions, to name the ones it needed (CP-SAT's
`sufficient_assumptions_for_infeasibility`), where the shrinking by deletion starts and
which narrows it at each step, as with Z3 (`z3/mus.py`).

CP-SAT decides in milliseconds what Z3's clause learning cannot: counting arguments
(6 people needed from 5 who can; 11 people for 10 one-person posts), through its
linear relaxation and presolve. Questions it cannot take — a soft rule costing
something (`GroupKind.COSTS`), numbers beyond its 64-bit integers — raise `CannotAsk`,
and the caller asks Z3 (`backends/provers.py`).

Every question is bounded by the budget's deterministic work (CP-SAT's deterministic
time, one nominal second = `budget.WORK_PER_SECOND` units), with one worker and a fixed
seed, so that the answers do not depend on the machine.
"""

from __future__ import annotations

from typing import Sequence

from ortools.sat.python import cp_model

from rotalang.backends.budget import WORK_PER_SECOND, Budget
from rotalang.backends.cpsat.encode import CpSatEncoding
from rotalang.backends.cpsat.running import run_interruptibly
from rotalang.backends.protocol import (
    Answer, Decision, Group, GroupKind, Shrunk, Unsupported, delete_one_by_one,
)
from rotalang.ground import model as gm
from rotalang.ground.objective import objective as objective_of

STEP_SHARE = 0.1  # of the whole allowance, at most, for one deletion step
# Of a question's work, at most, for naming the core of an infeasible one: it only
# narrows the shrinking (which is right without it), and under assumptions CP-SAT can
# take far longer than it took to decide.
CORE_SHARE = 0.25


class CannotAsk(Exception):
    """A question this prover cannot take (the caller asks another)."""


class CpSatProver:
    def __init__(self, model: gm.GroundModel, *, seed: int = 0):
        self.model = model
        self.seed = seed
        self._enc: CpSatEncoding | None = None
        self._literal: dict[Group, int] = {}
        self._by_rule: dict[int, list[int]] | None = None

    # ------------------------------------------------------------------ protocol

    def ask(self, groups: Sequence[Group], budget: Budget, *, share: float = 1.0,
            cap: int | None = None) -> Answer:
        decision, roster, why, _ = self._check(list(groups), budget, share, cap)
        return Answer(decision, roster, why)

    def shrink(self, groups: Sequence[Group], budget: Budget, *, share: float = 1.0,
               cap: int | None = None) -> Shrunk | None:
        return self.shrink_deciding(groups, budget, share=share, cap=cap)[1]

    def shrink_deciding(self, groups: Sequence[Group], budget: Budget, *,
                        share: float = 1.0,
                        cap: int | None = None) -> tuple[Decision, Shrunk | None]:
        """`shrink`, with the first question's decision: SAT (the groups can all hold,
        nothing to shrink), UNKNOWN (not decided: another prover may) or UNSAT."""
        keys = list(groups)
        decision, _, _, core = self._check(keys, budget, share, cap)
        if decision is not Decision.UNSAT:
            return decision, None
        def step(trial: list) -> tuple[Decision, list | None]:
            decided, _, _, narrowed = self._check(trial, budget, STEP_SHARE, None)
            return decided, narrowed

        return Decision.UNSAT, delete_one_by_one(keys, core or keys, budget, step)

    # ------------------------------------------------------------------ solving

    def _check(self, keys: list[Group], budget: Budget, share: float, cap: int | None):
        """(decision, roster when SAT, why when UNKNOWN, the keys of a sufficient
        core when UNSAT, or None when no core was found).

        The groups' literals are fixed true for the question, not assumed: presolve
        and the linear relaxation then see the groups' constraints as they are (under
        assumptions they stay conditional, and 6 places for 5 people took CP-SAT more
        than 0.1 s of work instead of none). The core of an infeasible question comes
        from a second solve under assumptions, with what is left of the question's
        work (`_core`)."""
        literals = [self._group_literal(k) for k in keys]  # may raise CannotAsk
        limit = budget.limit_for(share, cap)
        code, solver, why = self._solve(budget, limit, fixed=literals)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            n = len(self.model.slots)
            values = solver.response_proto.solution
            return Decision.SAT, tuple(v for v in range(n) if values[v]), "", None
        if code == cp_model.INFEASIBLE:
            spent = int(solver.deterministic_time * WORK_PER_SECOND)
            core_limit = min(limit - spent, int(limit * CORE_SHARE))
            return Decision.UNSAT, None, "", self._core(keys, literals, budget, core_limit)
        return Decision.UNKNOWN, None, why, None

    def _core(self, keys: list[Group], literals: list[int], budget: Budget,
              limit: int) -> list[Group] | None:
        """The groups an infeasible question needs, as CP-SAT names them under
        assumptions (`sufficient_assumptions_for_infeasibility`: not always minimal);
        None when that solve does not finish within `limit` work."""
        if limit <= 0 or len(keys) < 2:
            return None
        code, solver, _ = self._solve(budget, limit, assumed=literals)
        if code != cp_model.INFEASIBLE:
            return None
        needed = set(solver.sufficient_assumptions_for_infeasibility())
        core = [k for k, lit in zip(keys, literals) if lit in needed]
        return core or None

    def _solve(self, budget: Budget, limit: int, *, fixed: Sequence[int] = (),
               assumed: Sequence[int] = ()):
        """One solve of the held model with `fixed` literals made true and `assumed`
        ones as assumptions, within `limit` work and the wall clock; (status code or
        None when nothing could run, the solver, why it is undecided)."""
        wall = budget.seconds_left()
        if limit <= 0:
            return None, None, "work"
        if wall <= 0:
            budget.timed_out = True
            return None, None, "time"
        model = self.enc.model
        variables = model.proto.variables
        for literal in fixed:  # every group literal is a Boolean of this prover's own
            variables[literal].domain[0] = 1
        model.clear_assumptions()
        model.add_assumptions([_as_literal(model, lit) for lit in assumed])
        solver = cp_model.CpSolver()
        p = solver.parameters
        p.num_workers = 1
        # The lone worker runs the portfolio's subsolvers in turn (feasibility jump,
        # LNS, ...), still deterministically: its plain search took 9 s to find a
        # roster of the tutorial's 40-person checkpoint program, interleaved 1 s.
        p.interleave_search = True
        # No symmetry detection: on such a roster model it spent most of each
        # question's second in presolve (the checkpoint program's lints: 12.6 s of
        # CP-SAT with it, 6.4 s without), and the counting conflicts it could help
        # with fall to the linear relaxation anyway.
        p.symmetry_level = 0
        p.random_seed = self.seed
        p.catch_sigint_signal = False
        if budget.metered:
            p.max_deterministic_time = limit / WORK_PER_SECOND
        if wall != float("inf"):
            p.max_time_in_seconds = max(0.001, wall)
        try:
            code = run_interruptibly(solver, model)
        finally:
            for literal in fixed:  # the held model as it was
                variables[literal].domain[0] = 0
            model.clear_assumptions()
        budget.charge(int(solver.deterministic_time * WORK_PER_SECOND))
        if code == cp_model.UNKNOWN and budget.seconds_left() <= 0:
            budget.timed_out = True
            return code, solver, "time"
        return code, solver, "work"

    # ------------------------------------------------------------------ groups

    @property
    def enc(self) -> CpSatEncoding:
        if self._enc is None:
            try:
                self._enc = CpSatEncoding(self.model, objective_of(self.model), tracked=True)
            except Unsupported as err:
                raise CannotAsk(err.what) from err
        return self._enc

    def _group_literal(self, group: Group) -> int:
        """The proto literal (an index: this prover only makes positive ones) whose
        truth makes the group hold."""
        known = self._literal.get(group)
        if known is not None:
            return known
        enc = self.enc
        match group:
            case Group(GroupKind.INSTANCE, index):
                literal = enc.instance_literal.get(index)
                if literal is None:
                    raise CannotAsk(f"constraint {index} is not a hard instance")
            case Group(GroupKind.RULE, rule):
                literal = self._new_bool()
                for index in self.by_rule.get(rule, ()):
                    self._clause([-literal - 1, enc.instance_literal[index]])
            case Group(GroupKind.BROKEN, rule):
                literal = self._new_bool()
                fails = [-enc._literal(_holds(self.model.constraints[i])) - 1
                         for i in self._asserted_or_hard(rule)]
                self._clause([-literal - 1, *fails])
            case _:
                raise CannotAsk(f"{group.kind} questions are Z3's")
        self._literal[group] = literal
        return literal

    @property
    def by_rule(self) -> dict[int, list[int]]:
        if self._by_rule is None:
            self._by_rule = {}
            for index in self.enc.instance_literal:
                self._by_rule.setdefault(self.model.constraints[index].rule, []).append(index)
        return self._by_rule

    def _asserted_or_hard(self, rule: int) -> list[int]:
        """An assertion's instances, or a hard rule's: what `BROKEN` says fails."""
        constraints = self.model.constraints
        if self.model.rules[rule].kind is gm.RuleKind.ASSERT:
            return [i for i, c in enumerate(constraints)
                    if c.rule == rule and c.measure is gm.Measure.HARD]
        return self.by_rule.get(rule, [])

    def _new_bool(self) -> int:
        return self.enc._new_bool()

    def _clause(self, literals: list[int]) -> None:
        self.enc._bool("bool_or", literals, ())


def _holds(c: gm.GroundConstraint) -> gm.Formula:
    """The formula that holds exactly when instance `c` is met (its guard included)."""
    if c.guard is None:
        return c.formula
    return gm.Or((gm.Not(c.guard), c.formula))


def _as_literal(model: cp_model.CpModel, literal: int):
    return model.get_bool_var_from_proto_index(literal)

