"""The questions `diff` asks Z3, each within a share of one deterministic budget
(`backends.budget`): so the same input and time limit give the same answers on any
machine, and a question the budget cannot decide is "undecided", never "no"."""

from __future__ import annotations

import z3

from rotalang.analyses.encoding import DiffEncoding
from rotalang.analyses.result import Answer
from rotalang.backends.budget import Budget
from rotalang.backends.z3 import terms
from rotalang.backends.z3.run import run

MAX_FEWER_STEPS = 8
FEWER_SHARE = 0.02


def ask(budget: Budget, s: z3.Solver, share: float) -> Answer:
    """Check `s` with at most `share` of the budget's allowance."""
    if budget.exhausted():
        return Answer.UNDECIDED
    checked = run(budget, s, share=share)
    if checked.sat:
        return Answer.FOUND
    if checked.unsat:
        return Answer.NONE
    return Answer.UNDECIDED


def allowed_by_only(enc: DiffEncoding, allowing: str, forbidding: str, budget: Budget,
                    share: float) -> tuple[Answer, tuple[int, ...] | None]:
    """A roster that `allowing` allows and `forbidding` forbids: its true slots."""
    s = enc.solver()
    s.add(enc.allows(allowing))
    s.add(z3.Not(enc.allows(forbidding)))
    enc.finish(s)
    answer = ask(budget, s, share)
    if answer is not Answer.FOUND:
        return answer, None
    found = enc.true_slots(s)
    if not enc.data_forbids(forbidding):
        found = _fewest_broken(enc, s, enc.hard(forbidding), budget) or found
    return answer, found


def _fewest_broken(enc: DiffEncoding, s: z3.Solver, instances: list[z3.BoolRef],
                   budget: Budget) -> tuple[int, ...] | None:
    """A witness that breaks as few of the forbidding program's instances as Z3 finds
    within a small share per step, by bisection on their number (at least one is
    broken): the smallest difference reads best. None when the first witness is
    already the best found."""
    best = None
    broken = [z3.Not(e) for e in instances]
    lo, hi = 0, _broken_count(s.model(), instances)
    for _ in range(MAX_FEWER_STEPS):
        if hi - lo <= 1:
            break
        mid = (lo + hi) // 2
        s.push()
        s.add(terms.to_z3(terms.at_most_ones(broken, mid), enc.ctx))
        answer = ask(budget, s, FEWER_SHARE)
        if answer is Answer.FOUND:
            best, hi = enc.true_slots(s), _broken_count(s.model(), instances)
        else:
            lo = mid
        s.pop()
    return best


def _broken_count(m: z3.ModelRef, instances: list[z3.BoolRef]) -> int:
    return sum(1 for e in instances if z3.is_false(m.eval(e, model_completion=True)))


def allows_nothing(enc: DiffEncoding, side: str, budget: Budget, share: float) -> bool:
    """Whether the program is proved to allow no roster at all."""
    s = enc.solver()
    s.add(enc.allows(side))
    return ask(budget, s, share) is Answer.NONE


def same_meaning(enc: DiffEncoding, old_rule: int | None, new_rule: int | None, kind: str,
                 budget: Budget, share: float) -> Answer:
    """Whether some roster (within the structural rules) tells the two rules apart:
    FOUND means they differ. A missing ground rule (a rule with no instance) is one
    that always holds and costs nothing."""
    s = enc.solver()
    s.add(enc.structure())
    if kind == "soft":
        old = enc.cost(frozenset(() if old_rule is None else (old_rule,)))
        new = enc.cost(frozenset(() if new_rule is None else (new_rule,)))
        s.add(z3.Or(enc.difference_at_least(new, old, 1), enc.difference_at_most(new, old, -1)))
    else:
        true = z3.BoolVal(True, enc.ctx)
        a = true if old_rule is None else enc.rule_holds(old_rule)
        b = true if new_rule is None else enc.rule_holds(new_rule)
        s.add(z3.Xor(a, b))
    enc.finish(s)
    return ask(budget, s, share)
