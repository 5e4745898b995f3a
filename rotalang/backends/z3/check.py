"""`check`: what Z3 can tell a rule author about a program without solving it.

1. Facts-only rules: each record (or binding) the data breaks is an error (E0603).
2. Lints (`rotalang.lints.run_lints`): legal rules that are probably mistakes, as
   warnings, listed before the solver's findings.
3. Feasibility of the hard and structural rules. When no roster can meet them, the
   conflict is explained at two levels (E0601): first a minimal set of *rules* (each
   rule tracked by one assumption literal, Z3's core shrunk by deletion), then, within
   those rules only, a minimal set of *instances*, listed by their bindings.
4. Assertions: proved when the hard rules and "some instance fails" are unsatisfiable
   (N0601), refuted otherwise with a counterexample roster (E0602).

Limits: `time_limit` (default `DEFAULT_TIME_LIMIT`, 60 s) bounds the whole check, so
check never hangs; whatever Z3 could not decide is a warning (W0601: "could not decide
within 60 s ...; raise --time-limit"). Every Z3 call is budgeted by Z3's deterministic
resource limit (`budget.py`), shared out in fixed proportions, so the diagnostics
depend only on the program, its data, the seed and the time limit — not on the
machine's load. The wall clock is only an outer guard; when it fires, the diagnostics
say so (and only then may differ between runs).

Each yes/no question (feasibility, an assertion) is first put to the SAT core with
cardinality resolution for a small fixed amount of work (it settles pigeonhole-style
counting that the SMT core cannot), then to the SMT core.
"""

from __future__ import annotations

import time

import z3

from rotalang import ir
from rotalang.backends.z3 import words
from rotalang.backends.z3.budget import DEFAULT_TIME_LIMIT, Budget
from rotalang.backends.z3.encode import Encoding, encode
from rotalang.backends.z3.mus import Tracker, shrink
from rotalang.diagnostics import Diagnostic, Label, Severity
from rotalang.ground import model as gm
from rotalang.ground.roster_map import true_vars_to_roster
from rotalang.results import CheckReport, Roster

INFEASIBLE = "E0601"
REFUTED = "E0602"
FACTS = "E0603"
PROVED = "N0601"
UNDECIDED = "W0601"

# Shares of the work allowance (budget.py). A question's first try with the counting
# engine is capped at COUNTING_WORK units (0.2 to 0.5 s): it refutes a counting
# argument at once (a 10-into-9 pigeonhole: 170 000 units) or not at all.
COUNTING_WORK = 500_000
FEASIBILITY_SHARE = 0.5  # deciding whether the hard rules can hold
RULES_SHARE = 0.3  # the first check of the rule-level conflict shrinking
INSTANCES_SHARE = 0.3  # the first check of the instance-level shrinking
# Shrinking conflicts: the SMT core for a little work (its conflicts read best), then
# the counting engine (fast on counting conflicts, where the SMT core crawls), then the
# SMT core with its full share. (counting engine?, cap on the first check's work)
ENGINES = ((False, COUNTING_WORK), (True, None), (False, None))
HELP_NAMES = 5  # a conflict's help names the people who can meet a rule up to this many
LINTS_SHARE = 0.2  # of the work allowance, at most, for the lints


def check(model: gm.GroundModel, program: ir.Program | None = None, *,
          time_limit: float | None = None, seed: int = 0,
          encoding: Encoding | None = None, lints: bool = True,
          start: float | None = None) -> CheckReport:
    """Every finding, sorted: the lints' warnings first, then the solver's. `time_limit`
    None means DEFAULT_TIME_LIMIT; `start` (time.monotonic()) lets the caller count
    its own grounding against the limit."""
    time_limit = DEFAULT_TIME_LIMIT if time_limit is None else time_limit
    budget = Budget(time_limit, start=start)
    enc = encoding or encode(model)
    lint_diags = run_lints(program, enc, budget) if lints else []
    diags: list[Diagnostic] = list(facts_violations(enc, program))
    feasible, conflict = feasibility(enc, budget, seed=seed)
    diags += conflict
    counterexamples: list[tuple[str, Roster]] = []
    if feasible:
        assertions = enc.assertions_by_rule()
        for n, (rule, instances) in enumerate(assertions.items()):
            # an equal part of what is left for each assertion still to prove
            share = budget.left / budget.allowance / (len(assertions) - n)
            diag, roster = prove(enc, rule, instances, budget, seed=seed, share=share)
            diags.append(diag)
            if roster is not None:
                counterexamples.append((model.rules[rule].name, roster))
    return CheckReport(tuple(lint_diags) + tuple(sorted(diags, key=Diagnostic.sort_key)),
                       tuple(counterexamples))


def run_lints(program: ir.Program | None, enc: Encoding, budget: Budget) -> list[Diagnostic]:
    """The lints' warnings, within LINTS_SHARE of the work allowance, which they spend
    like the other checks (nothing when the lints are not installed or there is no
    program to point at)."""
    if program is None:
        return []
    try:
        from rotalang.lints import run_lints as lints
    except ImportError:
        return []
    if budget.exhausted():
        return []
    part = budget.part(int(budget.allowance * LINTS_SHARE))
    try:
        return list(lints(program, enc.model, encoding=enc, budget=part))
    finally:
        budget.absorb(part)


def decide(enc: Encoding, extra: list, budget: Budget, *, seed: int, share: float):
    """Can the hard rules and `extra` all hold? (Outcome, Z3 model when sat). The
    counting engine first, for COUNTING_WORK units, then the SMT core for `share`."""
    counting = enc.solver(cost=False, seed=seed, counting=True)
    counting.add(extra)
    outcome = budget.run(counting, share=share, cap=COUNTING_WORK)
    if outcome.result != z3.unknown or budget.timed_out:
        return outcome, counting.model() if outcome.sat else None
    s = enc.solver(cost=False, seed=seed)
    s.add(extra)
    outcome = budget.run(s, share=share)
    return outcome, s.model() if outcome.sat else None


# ------------------------------------------------------------------ facts-only rules


def facts_violations(enc: Encoding, program: ir.Program | None) -> list[Diagnostic]:
    model = enc.model
    out = []
    for index in enc.facts_violations:
        c = model.constraints[index]
        rule = model.rules[c.rule]
        out.append(Diagnostic.error(
            FACTS, words.facts_message(program, rule, c), rule.span,
            label=f"rule {rule.name} is broken by the data",
            help="correct the data, or relax the rule"))
    return out


# ------------------------------------------------------------------- feasibility


def _undecided(what: str, budget: Budget, span=None) -> Diagnostic:
    return Diagnostic.warning(
        UNDECIDED, f"could not decide within {budget.time_limit:g} s {what}", span,
        help="raise the limit with `--time-limit` (`time_limit=` in the API)")


def feasibility(enc: Encoding, budget: Budget | float | None = None, *, seed: int = 0,
                time_limit: float | None = None) -> tuple[bool, list[Diagnostic]]:
    """(True, []) when a roster meets every hard rule; otherwise (False, diagnostics):
    the explained conflict, or a warning when Z3 could not decide within the budget.
    `budget` may also be a wall-clock deadline with its `time_limit` (older callers)."""
    if not isinstance(budget, Budget):
        budget = _budget_until(budget, time_limit)
    model = enc.model
    outcome, _ = decide(enc, [], budget, seed=seed, share=FEASIBILITY_SHARE)
    if outcome.sat:
        return True, []
    if not outcome.unsat:
        return False, [_undecided("whether the hard rules can all hold", budget)]
    by_rule = enc.hard_by_rule()
    rules = None
    for counting, cap in ENGINES:
        tracker = Tracker(enc, {r: [i.expr for i in insts] for r, insts in by_rule.items()},
                          seed=seed, counting=counting)
        rules = shrink(tracker, list(by_rule), budget, share=RULES_SHARE, cap=cap)
        if rules is not None or budget.timed_out:
            break
    if rules is None:
        return False, [_undecided("which hard rules conflict", budget)]
    # Instances, within the conflicting rules only, the engines tried in the same way.
    instances = [inst for r in rules.members for inst in by_rule[r]]
    found = None
    for counting, cap in ENGINES:
        inst_tracker = Tracker(enc, {inst.constraint: [inst.expr] for inst in instances},
                               seed=seed, counting=counting)
        found = shrink(inst_tracker, [inst.constraint for inst in instances], budget,
                       share=INSTANCES_SHARE, cap=cap)
        if found is not None or budget.timed_out:
            break
    return False, [conflict_diagnostic(
        model, rules.members, found.members if found else None,
        rules.minimal and found is not None and found.minimal,
        timed_out=budget.timed_out, budget=budget)]


def _budget_until(deadline: float | None, time_limit: float | None) -> Budget:
    """A metered budget ending at `deadline` (or of `time_limit` seconds)."""
    if deadline is not None:
        left = max(0.0, deadline - time.monotonic())
        return Budget(left if time_limit is None else min(time_limit, left))
    return Budget(DEFAULT_TIME_LIMIT if time_limit is None else time_limit)


def conflict_diagnostic(model: gm.GroundModel, rules, instances, minimal: bool, *,
                        timed_out: bool = False, budget: Budget | None = None) -> Diagnostic:
    """E0601: the rules that cannot all hold, each with its instances in the conflict
    (the first `words.SHOWN_PER_RULE` of each, so that every rule shows some)."""
    by_rule: dict[int, list[int]] = {r: [] for r in rules}
    for i in instances or ():
        by_rule.setdefault(model.constraints[i].rule, []).append(i)
    with_span = [r for r in rules if model.rules[r].span is not None]
    primary = model.rules[with_span[0]].span if with_span else None

    def label_text(r: int) -> str:
        n = len(by_rule[r])
        if instances is None or not n:
            return "part of the conflict"
        return f"{n} instance{'s' if n != 1 else ''} of this rule in the conflict"

    labels = [Label(model.rules[r].span, label_text(r)) for r in with_span[1:]]
    notes = []
    if instances is not None:
        for r in rules:
            notes += words.limited([
                "conflicting instance: " + words.instance_text(
                    model.rules[r], model.constraints[i], model.days) for i in by_rule[r]],
                words.SHOWN_PER_RULE, what=" of this rule")
    else:
        notes.append("the conflicting instances could not be narrowed down in time")
    if not minimal:
        limit = f" of {budget.time_limit:g} s" if budget is not None else ""
        notes.append(f"the time limit{limit} ran out before this set was proved minimal"
                     if timed_out else
                     f"not proved minimal: some rules could not be ruled out within the "
                     f"time limit{limit}")
    return Diagnostic.error(
        INFEASIBLE, conflict_message(model, rules), primary, labels=labels, notes=notes,
        label=label_text(with_span[0]) if with_span else None,
        help=conflict_help(model, rules, by_rule if instances is not None else None))


def conflict_help(model: gm.GroundModel, rules, by_rule) -> str:
    """Names the few people who can meet a rule of the conflict when that is the
    bottleneck the data sets (`only 张丽, 李娜 and 刘洋 can meet 每班有医务人员 ...`):
    read off the ground instances, so it is only said when true; else the generic help."""
    generic = "relax or drop one of these rules, or change the data they name"
    if by_rule is None:
        return generic
    for r in rules:
        if model.rules[r].kind == "structure" or not by_rule.get(r):
            continue
        people = words.people_who_can_meet(model, [model.constraints[i] for i in by_rule[r]])
        if (people is not None and 0 < len(people) < len(model.people)
                and len(people) <= HELP_NAMES):
            names = words.join_names([model.people[p] for p in sorted(people)])
            return (f"only {names} can meet {words.rule_label(model.rules[r])}: add people "
                    f"who can, or relax one of these rules")
    return generic


def conflict_message(model: gm.GroundModel, rules) -> str:
    """`rules A (line 5) and B (line 7) cannot both hold`; with a built-in rule, `rule A
    (line 9) cannot hold together with the built-in rule that a person works …`."""
    own = [words.rule_label(model.rules[r]) for r in rules
           if model.rules[r].kind != "structure"]
    built_in = [words.built_in_text(model.rules[r]) for r in rules
                if model.rules[r].kind == "structure"]
    subject = f"rule {own[0]}" if len(own) == 1 else f"rules {words.join_names(own)}"
    if built_in and own:
        return f"{subject} cannot hold together with {words.join_names(built_in)}"
    if built_in:
        return f"{words.join_names(built_in)} cannot hold"
    if len(own) == 1:
        return f"{subject} cannot hold"
    return f"{subject} cannot {'both' if len(own) == 2 else 'all'} hold"


# --------------------------------------------------------------------- assertions


def prove(enc: Encoding, rule: int, instances, budget: Budget, *, seed: int = 0,
          share: float = 1.0) -> tuple[Diagnostic, Roster | None]:
    model = enc.model
    r = model.rules[rule]
    negated = (z3.Not(z3.And([i.expr for i in instances])) if len(instances) > 1
               else z3.Not(instances[0].expr))
    outcome, m = decide(enc, [negated], budget, seed=seed, share=share)
    if outcome.unsat:
        return Diagnostic(Severity.NOTE, PROVED, f"assertion {r.name} holds for every roster",
                          r.span, label="proved from the hard rules"), None
    if not outcome.sat:
        return _undecided(f"whether assertion {r.name} holds", budget, r.span), None
    failing = [i for i in instances
               if z3.is_false(m.eval(i.expr, model_completion=True))]
    roster = roster_of(model, enc.true_vars(m))
    first = (words.binding_text(model.constraints[failing[0].constraint].binding, model.days)
             if failing else "")
    message = (f"assertion {r.name} does not hold for every roster: it fails {first}"
               if first else f"assertion {r.name} does not hold for every roster")
    notes = words.limited([
        "fails: " + words.instance_text(r, model.constraints[i.constraint], model.days)
        for i in failing])
    notes.append("a roster that meets every hard rule and breaks it:\n"
                 + words.compact_grid(roster, model))
    return Diagnostic.error(REFUTED, message, r.span, label="refuted by a counterexample",
                            notes=notes,
                            help="add the hard rule that makes it hold, or correct the "
                                 "assertion"), roster


def roster_of(model: gm.GroundModel, true_vars) -> Roster:
    return true_vars_to_roster(model, true_vars)
