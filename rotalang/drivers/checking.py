"""`check`: what a rule author learns about a program without solving it.

1. Facts-only rules: each record (or binding) the data breaks is an error (E0603).
2. Lints (`rotalang.lints`): legal rules that are probably mistakes, as warnings,
   listed before the prover's findings.
3. Feasibility of the hard and structural rules. When no roster can meet them, the
   conflict is explained at two levels (E0601): first a minimal set of *rules* (each
   rule tracked as one group, the prover's core shrunk by deletion), then, within
   those rules only, a minimal set of *instances*, listed by their bindings.
4. Assertions: proved when the hard rules and "some instance fails" cannot hold
   together (N0601), refuted otherwise with a counterexample roster (E0602).

Limits: `time_limit` (default `budget.DEFAULT_TIME_LIMIT`, 60 s) bounds the whole
check, so check never hangs; whatever the prover could not decide is a warning (W0601:
"could not decide within 60 s ...; raise --time-limit"). Every question is budgeted by
the prover's deterministic work (`backends.budget`), shared out in fixed proportions,
so the diagnostics depend only on the program, its data, the seed and the time limit —
not on the machine's load. The wall clock is only an outer guard; when it fires, the
diagnostics say so (and only then may differ between runs).
"""

from __future__ import annotations

from rotalang import ir, progress
from rotalang.backends import prover as make_prover
from rotalang.backends.budget import DEFAULT_TIME_LIMIT, Budget
from rotalang.backends.protocol import Group, GroupKind, Prover
from rotalang.diagnostics import Diagnostic, Label, Severity
from rotalang.ground import model as gm
from rotalang.ground import words
from rotalang.ground.roster_map import true_vars_to_roster
from rotalang.ground.semantics import evaluate
from rotalang.lints import run_lints
from rotalang.results import CheckReport, Roster

INFEASIBLE = "E0601"
REFUTED = "E0602"
FACTS = "E0603"
PROVED = "N0601"
UNDECIDED = "W0601"

# Shares of the work allowance (backends/budget.py).
FEASIBILITY_SHARE = 0.5  # deciding whether the hard rules can hold
RULES_SHARE = 0.3  # the first check of the rule-level conflict shrinking
INSTANCES_SHARE = 0.3  # the first check of the instance-level shrinking
LINTS_SHARE = 0.2  # of the work allowance, at most, for the lints
HELP_NAMES = 5  # a conflict's help names the people who can meet a rule up to this many


def check(model: gm.GroundModel, program: ir.Program | None = None, *,
          time_limit: float | None = None, seed: int = 0, prover: Prover | None = None,
          lints: bool = True, start: float | None = None) -> CheckReport:
    """Every finding, sorted: the lints' warnings first, then the prover's. `time_limit`
    None means DEFAULT_TIME_LIMIT; `start` (time.monotonic()) lets the caller count
    its own grounding against the limit."""
    time_limit = DEFAULT_TIME_LIMIT if time_limit is None else time_limit
    budget = Budget(time_limit, start=start)
    prover = prover or make_prover(model, seed=seed)
    diags: list[Diagnostic] = list(facts_violations(model, program))
    # Feasibility first, on a fresh prover: `solve` explains an infeasible program
    # the same way, so both name the same conflict.
    feasible, conflict = feasibility(model, prover, budget)
    diags += conflict
    counterexamples: list[tuple[str, Roster]] = []
    if feasible:
        assertions = asserted_rules(model)
        for n, rule in enumerate(assertions):
            progress.report(progress.Step(
                "prove", f"assertion {model.rules[rule].name}", n, len(assertions)))
            # an equal part of what is left for each assertion still to prove
            share = budget.left / budget.allowance / (len(assertions) - n)
            diag, roster = prove(model, prover, rule, budget, share=share)
            diags.append(diag)
            if roster is not None:
                counterexamples.append((model.rules[rule].name, roster))
    lint_diags = _lints(program, model, prover, budget) if lints else []
    return CheckReport(tuple(lint_diags) + tuple(sorted(diags, key=Diagnostic.sort_key)),
                       tuple(counterexamples))


def _lints(program: ir.Program | None, model: gm.GroundModel, prover: Prover,
           budget: Budget) -> list[Diagnostic]:
    """The lints' warnings, within LINTS_SHARE of the work allowance, which they spend
    like the other questions (nothing when there is no program to point at)."""
    if program is None or budget.exhausted():
        return []
    part = budget.part(int(budget.allowance * LINTS_SHARE))
    progress.report(progress.Step("lint", "looking for rules that never bind"))
    try:
        return list(run_lints(program, model, prover=prover, budget=part))
    finally:
        budget.absorb(part)


# ------------------------------------------------------------------ the rules' parts


def hard_rules(model: gm.GroundModel) -> list[int]:
    """Ground rules with hard instances a roster must meet (structure included)."""
    return sorted({c.rule for c in model.constraints if c.measure is gm.Measure.HARD
                   and model.rules[c.rule].kind.binding
                   and not model.rules[c.rule].facts_only})


def asserted_rules(model: gm.GroundModel) -> list[int]:
    return sorted({c.rule for c in model.constraints
                   if model.rules[c.rule].kind is gm.RuleKind.ASSERT
                   and not model.rules[c.rule].facts_only})


def facts_violations(model: gm.GroundModel, program: ir.Program | None) -> list[Diagnostic]:
    """E0603 for each instance of a facts-only rule that the data breaks."""
    out = []
    for c in model.constraints:
        rule = model.rules[c.rule]
        if rule.facts_only and c.measure is gm.Measure.HARD and c.formula == gm.Const(False):
            out.append(Diagnostic.error(
                FACTS, words.facts_message(program, rule, c), rule.span,
                label=f"rule {rule.name} is broken by the data",
                help="correct the data, or relax the rule"))
    return out


# ------------------------------------------------------------------- feasibility


def undecided(what: str, budget: Budget, span=None) -> Diagnostic:
    """W0601, saying which limit ended the question: the clock (the time limit passed)
    or the work allowed for it (which comes sooner on a question the solver spends its
    work on fast; budgeted by work, the answer is the same on every machine)."""
    if budget.time_limit is None:
        message = f"could not decide {what}"
    elif budget.timed_out:
        message = f"could not decide within the time limit of {budget.time_limit:g} s {what}"
    else:
        message = (f"could not decide {what}: the solver's work allowed for a "
                   f"{budget.time_limit:g}-s check ran out")
    return Diagnostic.warning(
        UNDECIDED, message, span,
        help="raise the limit with `--time-limit` (`time_limit=` in the API)")


def grounding_ran_out(late, time_limit: float | None) -> Diagnostic:
    """W0601 for a time limit that ran out before the rules were all grounded (`late`:
    the grounder's `OutOfTime`): nothing could be decided or solved."""
    limit = f"the time limit of {time_limit:g} s" if time_limit is not None else "the time limit"
    return Diagnostic.warning(
        UNDECIDED, f"{limit} ran out while grounding "
        f"{'the built-in rules' if late.rule is None else 'rule ' + late.rule} "
        f"({late.done} of {late.total} rules grounded): nothing was decided",
        help="raise the limit with `--time-limit` (`time_limit=` in the API)")


def feasibility(model: gm.GroundModel, prover: Prover,
                budget: Budget) -> tuple[bool, list[Diagnostic]]:
    """(True, []) when a roster meets every hard rule; otherwise (False, diagnostics):
    the explained conflict, or a warning when the prover could not decide in time."""
    rules = hard_rules(model)
    groups = [Group(GroupKind.RULE, r) for r in rules]
    progress.report(progress.Step("decide", f"whether the {len(rules)} hard rules can all hold"))
    answer = prover.ask(groups, budget, share=FEASIBILITY_SHARE)
    if answer.sat:
        return True, []
    if not answer.unsat:
        return False, [undecided("whether the hard rules can all hold", budget)]
    return False, [explain_conflict(model, prover, budget)]


def explain_conflict(model: gm.GroundModel, prover: Prover, budget: Budget) -> Diagnostic:
    """E0601 for hard rules known not to hold together: the smallest set of rules the
    budget finds, then the smallest set of their instances."""
    groups = [Group(GroupKind.RULE, r) for r in hard_rules(model)]
    progress.report(progress.Step("shrink", "which hard rules conflict"))
    found = prover.shrink(groups, budget, share=RULES_SHARE)
    if found is None:
        return undecided("which hard rules conflict", budget)
    members = [g.index for g in found.members]
    instances = [Group(GroupKind.INSTANCE, i) for i, c in enumerate(model.constraints)
                 if c.rule in set(members) and c.measure is gm.Measure.HARD]
    progress.report(progress.Step("shrink", f"which of their {len(instances):,} instances "
                                            "conflict"))
    narrowed = prover.shrink(instances, budget, share=INSTANCES_SHARE)
    return conflict_diagnostic(
        model, members, [g.index for g in narrowed.members] if narrowed else None,
        found.minimal and narrowed is not None and narrowed.minimal,
        timed_out=budget.timed_out, budget=budget,
        unconfirmed=[g.index for g in found.unconfirmed])


def conflict_diagnostic(model: gm.GroundModel, rules, instances, minimal: bool, *,
                        timed_out: bool = False, budget: Budget | None = None,
                        unconfirmed=()) -> Diagnostic:
    """E0601: the rules that cannot all hold, each with its instances in the conflict
    (the first `words.SHOWN_PER_RULE` of each, so that every rule shows some), and
    as data (`conflict`: each rule, its line, whether it was shown to be needed).
    `unconfirmed`: the rules not shown to be needed."""
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
        check = f" for a {budget.time_limit:g}-s check" if budget is not None else ""
        doubtful = [words.rule_label(model.rules[r]) for r in unconfirmed]
        if doubtful:
            notes.append(f"not shown to be needed: {words.join_names(doubtful)} (the "
                         f"conflict may hold without {'it' if len(doubtful) == 1 else 'them'})")
        notes.append(f"the time limit{limit} ran out before this set was proved minimal"
                     if timed_out else
                     f"not proved minimal: the solver's work allowed{check} ran out before "
                     f"every rule and instance was shown to be needed")
    data = {"conflict": {
        "minimal": minimal,
        "rules": [{"name": model.rules[r].name,
                   "line": model.rules[r].span.start_line if model.rules[r].span else None,
                   "built_in": model.rules[r].kind is gm.RuleKind.STRUCTURE,
                   "confirmed": r not in set(unconfirmed),
                   "instances": len(by_rule[r]) if instances is not None else None}
                  for r in rules]}}
    return Diagnostic.error(
        INFEASIBLE, conflict_message(model, rules), primary, labels=labels, notes=notes,
        label=label_text(with_span[0]) if with_span else None,
        help=conflict_help(model, rules, by_rule if instances is not None else None),
        data=data)


def conflict_help(model: gm.GroundModel, rules, by_rule) -> str:
    """Names the few people who can meet a rule of the conflict when that is the
    bottleneck the data sets (`only 张丽, 李娜 and 刘洋 can meet 每班有医务人员 ...`):
    read off the ground instances, so it is only said when true; else the generic help."""
    generic = "relax or drop one of these rules, or change the data they name"
    built_in = [model.rules[r].name for r in rules
                if model.rules[r].kind is gm.RuleKind.STRUCTURE]
    if built_in:  # the author cannot drop it, only relax it, and must know how
        generic += "; " + " or ".join(f'`relax "{n}"`' for n in built_in) + \
            (" lifts the built-in rule" if len(built_in) == 1 else " lift the built-in rules")
    if by_rule is None:
        return generic
    for r in rules:
        if model.rules[r].kind is gm.RuleKind.STRUCTURE or not by_rule.get(r):
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
           if model.rules[r].kind is not gm.RuleKind.STRUCTURE]
    built_in = [words.built_in_text(model.rules[r]) for r in rules
                if model.rules[r].kind is gm.RuleKind.STRUCTURE]
    subject = f"rule {own[0]}" if len(own) == 1 else f"rules {words.join_names(own)}"
    if built_in and own:
        return f"{subject} cannot hold together with {words.join_names(built_in)}"
    if built_in:
        return f"{words.join_names(built_in)} cannot hold"
    if len(own) == 1:
        return f"{subject} cannot hold"
    return f"{subject} cannot {'both' if len(own) == 2 else 'all'} hold"


# --------------------------------------------------------------------- assertions


def prove(model: gm.GroundModel, prover: Prover, rule: int, budget: Budget, *,
          share: float = 1.0) -> tuple[Diagnostic, Roster | None]:
    """N0601 when the hard rules imply assertion `rule`, E0602 with a counterexample
    roster when they do not, W0601 when the prover could not tell in time."""
    r = model.rules[rule]
    groups = [Group(GroupKind.RULE, h) for h in hard_rules(model)]
    answer = prover.ask(groups + [Group(GroupKind.BROKEN, rule)], budget, share=share)
    if answer.unsat:
        return Diagnostic(Severity.NOTE, PROVED, f"assertion {r.name} holds for every roster",
                          r.span, label="proved from the hard rules"), None
    if not answer.sat:
        return undecided(f"whether assertion {r.name} holds", budget, r.span), None
    failing = [i for i in evaluate(model, answer.roster).failed_asserts
               if model.constraints[i].rule == rule]
    roster = true_vars_to_roster(model, answer.roster)
    first = (words.binding_text(model.constraints[failing[0]].binding, model.days)
             if failing else "")
    message = (f"assertion {r.name} does not hold for every roster: it fails {first}"
               if first else f"assertion {r.name} does not hold for every roster")
    notes = words.limited([
        "fails: " + words.instance_text(r, model.constraints[i], model.days)
        for i in failing])
    notes.append("a roster that meets every hard rule and breaks it:\n"
                 + words.compact_grid(roster, model))
    return Diagnostic.error(REFUTED, message, r.span, label="refuted by a counterexample",
                            notes=notes,
                            help="add the hard rule that makes it hold, or correct the "
                                 "assertion"), roster
