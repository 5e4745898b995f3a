"""`diff`: do two versions of the rules, on the same data, allow the same rosters at
the same costs?

Both ground models go into one (`merge.py`) and one Z3 encoding (`encoding.py`). Two
questions decide the hard side exactly — a roster NEW allows and OLD forbids, and one
the other way — and, when either has soft rules, two more the soft side: a roster both
allow on which NEW costs more, and one on which it costs less; each found change is
raised until Z3 proves no larger one (or the budget ends: "the largest found"). Every
roster Z3 gives is re-checked by the evaluator (`rotalang.verify`) against each
program's own ground model: a witness stands only if the evaluator agrees."""

from __future__ import annotations

from fractions import Fraction


from rotalang import ir
from rotalang.analyses.encoding import NEW, OLD, DiffEncoding
from rotalang.analyses.matching import match_rules
from rotalang.analyses.merge import merge
from rotalang.analyses.questions import allowed_by_only, allows_nothing, ask
from rotalang.analyses.result import (Answer, CostChange, DiffResult, Direction, Verdict,
                                      Witness)
from rotalang.analyses.slots import slot_map
from rotalang.backends.budget import Budget
from rotalang.ground.model import GroundModel
from rotalang.ground.roster_map import true_vars_to_roster
from rotalang.verify.verify import verify

DIRECTION_SHARE = 0.25  # of the budget, per direction
COST_PART = 0.2  # of the budget, per direction of a cost change, all its steps
COST_SHARE = 0.5  # of that part, per step of raising the change
MAX_COST_STEPS = 64
FEWER_SHARE = 0.05  # asking whether a program allows any roster at all


class EvaluatorDisagrees(AssertionError):
    """Z3 gave a roster the evaluator does not confirm: a bug in an encoding, never
    shown as a finding."""


def diff(old: tuple[ir.Program, GroundModel], new: tuple[ir.Program, GroundModel], *,
         old_file: str, new_file: str, budget: Budget, seed: int = 0) -> DiffResult:
    (old_ir, old_model), (new_ir, new_model) = old, new
    merged = merge(old_model, new_model, slot_map(old_model, new_model, old_file, new_file))
    enc = DiffEncoding(merged, seed=seed)
    checker = _Checker(old, new)
    directions = tuple(_direction(enc, allowing, budget, checker) for allowing in (NEW, OLD))
    rules = match_rules(old_ir, new_ir, enc, budget)
    costs = ()
    if enc.soft_rules(OLD) or enc.soft_rules(NEW):
        costs = tuple(_cost_change(enc, sign, budget, checker) for sign in (1, -1))
    answers = [d.answer for d in directions] + [c.answer for c in costs]
    if Answer.FOUND in answers:
        verdict = Verdict.DIFFERENT
    elif Answer.UNDECIDED in answers:
        verdict = Verdict.UNKNOWN
    else:
        verdict = Verdict.EQUIVALENT
    return DiffResult(verdict, old_file, new_file, rules, directions, costs)


class _Checker:
    """The evaluator's reports of a roster on each program, and the checks a witness
    must pass."""

    def __init__(self, old, new):
        self.old, self.new = old, new

    def reports(self, true_slots):
        roster = true_vars_to_roster(self.old[1], true_slots)
        return (roster, verify(self.old[1], self.old[0], roster),
                verify(self.new[1], self.new[0], roster))


def _direction(enc: DiffEncoding, allowing: str, budget: Budget, checker: _Checker) -> Direction:
    forbidding = OLD if allowing == NEW else NEW
    answer, slots = allowed_by_only(enc, allowing, forbidding, budget, DIRECTION_SHARE)
    if answer is Answer.NONE:
        return Direction(allowing, answer,
                         allows_none=allows_nothing(enc, allowing, budget, FEWER_SHARE))
    if answer is not Answer.FOUND:
        return Direction(allowing, answer)
    roster, old_report, new_report = checker.reports(slots)
    allows = {OLD: old_report, NEW: new_report}
    by_data = enc.data_forbids(forbidding)
    if not allows[allowing].ok or (allows[forbidding].ok and not by_data):
        raise EvaluatorDisagrees(f"the evaluator does not confirm the roster {allowing} "
                                 f"allows and {forbidding} forbids")
    return Direction(allowing, answer, Witness(allowing, roster, old_report, new_report, by_data))


def _cost_change(enc: DiffEncoding, sign: int, budget: Budget, checker: _Checker) -> CostChange:
    """The largest change NEW − OLD in the direction `sign`, on rosters both allow,
    within `COST_PART` of the budget."""
    part = budget.part(budget.limit_for(COST_PART))
    try:
        return _raise_cost_change(enc, sign, part, checker)
    finally:
        budget.absorb(part)


def _raise_cost_change(enc: DiffEncoding, sign: int, budget: Budget,
                       checker: _Checker) -> CostChange:
    old_cost, new_cost = enc.cost(enc.soft_rules(OLD)), enc.cost(enc.soft_rules(NEW))
    factor = new_cost.factor
    base = enc.solver()
    base.add(enc.allows(OLD), enc.allows(NEW))
    enc.finish(base)
    best: CostChange | None = None
    k = 1  # the next change to look for, in integer units: at least k in size
    for _ in range(MAX_COST_STEPS):
        base.push()
        base.add(enc.difference_at_least(new_cost, old_cost, k) if sign > 0
                 else enc.difference_at_most(new_cost, old_cost, -k))
        answer = ask(budget, base, COST_SHARE)
        slots = enc.true_slots(base) if answer is Answer.FOUND else None
        base.pop()
        if answer is not Answer.FOUND:
            if best is None:
                return CostChange(sign, answer)
            return CostChange(sign, Answer.FOUND, best.change, answer is Answer.NONE,
                              best.roster, best.old_report, best.new_report)
        roster, old_report, new_report = checker.reports(slots)
        change = Fraction(new_report.cost) - Fraction(old_report.cost)
        if not (old_report.ok and new_report.ok) or change * sign * factor < k:
            raise EvaluatorDisagrees("the evaluator does not confirm a cost change")
        best = CostChange(sign, Answer.FOUND, change, False, roster, old_report, new_report)
        k = int(change * sign * factor) + 1
    return best


__all__ = ["diff", "EvaluatorDisagrees"]
