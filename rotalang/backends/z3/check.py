"""`check`: what Z3 can tell a rule author about a program without solving it.

1. Facts-only rules: each record (or binding) the data breaks is an error (E0603).
2. Feasibility of the hard and structural rules. When no roster can meet them, the
   conflict is explained at two levels (E0601): first a minimal set of *rules* (each
   rule tracked by one assumption literal, Z3's core shrunk by deletion), then, within
   those rules only, a minimal set of *instances*, listed by their bindings.
3. Assertions: proved when the hard rules and "some instance fails" are unsatisfiable
   (N0601), refuted otherwise with a counterexample roster (E0602).

A time limit bounds the whole check; whatever Z3 could not decide in time is a
warning (W0601), never a hang.
"""

from __future__ import annotations

import time

import z3

from rotalang import ir
from rotalang.backends.z3 import words
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

INSTANCE_BUDGET = 20.0  # seconds for shrinking instances when there is no time limit


def check(model: gm.GroundModel, program: ir.Program | None = None, *,
          time_limit: float | None = None, seed: int = 0,
          encoding: Encoding | None = None) -> CheckReport:
    start = time.monotonic()
    deadline = None if time_limit is None else start + time_limit
    enc = encoding or encode(model)
    diags: list[Diagnostic] = list(facts_violations(enc, program))
    feasible, conflict = feasibility(enc, deadline, seed=seed, time_limit=time_limit)
    diags += conflict
    counterexamples: list[tuple[str, Roster]] = []
    if feasible:
        for rule, instances in enc.assertions_by_rule().items():
            diag, roster = prove(enc, rule, instances, deadline, seed=seed,
                                 time_limit=time_limit)
            diags.append(diag)
            if roster is not None:
                counterexamples.append((model.rules[rule].name, roster))
    return CheckReport(tuple(sorted(diags, key=Diagnostic.sort_key)), tuple(counterexamples))


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


def _undecided(what: str, time_limit: float | None, span=None) -> Diagnostic:
    limit = f"{time_limit:g} s" if time_limit is not None else "the time allowed"
    return Diagnostic.warning(UNDECIDED, f"could not decide within {limit} {what}", span,
                              help="give the check more time with `--time-limit`")


def feasibility(enc: Encoding, deadline: float | None, *, seed: int = 0,
                time_limit: float | None = None) -> tuple[bool, list[Diagnostic]]:
    """(True, []) when a roster meets every hard rule; otherwise (False, diagnostics):
    the explained conflict, or a warning when Z3 could not decide in time."""
    model = enc.model
    by_rule = enc.hard_by_rule()
    tracker = Tracker(enc, {r: [i.expr for i in insts] for r, insts in by_rule.items()},
                      seed=seed)
    result = tracker.check(list(by_rule), deadline)
    if result == z3.sat:
        return True, []
    if result != z3.unsat:
        return False, [_undecided("whether the hard rules can all hold", time_limit)]
    rules = shrink(tracker, list(by_rule), deadline)
    if rules is None:  # ran out of time in the first step of shrinking
        return False, [_undecided("which hard rules conflict", time_limit)]
    # Instances, within the conflicting rules only.
    instances = [inst for r in rules.members for inst in by_rule[r]]
    budget = INSTANCE_BUDGET if deadline is None else max(0.0, deadline - time.monotonic())
    inst_tracker = Tracker(enc, {inst.constraint: [inst.expr] for inst in instances},
                           seed=seed)
    inst_deadline = time.monotonic() + budget
    found = shrink(inst_tracker, [inst.constraint for inst in instances], inst_deadline)
    return False, [conflict_diagnostic(model, rules.members, found.members if found else None,
                                       rules.minimal and found is not None and found.minimal)]


def conflict_diagnostic(model: gm.GroundModel, rules, instances, minimal: bool) -> Diagnostic:
    names = [words.rule_label(model.rules[r]) for r in rules]
    if len(names) == 1:
        message = f"rule {names[0]} cannot hold"
    elif len(names) == 2:
        message = f"rules {names[0]} and {names[1]} cannot both hold"
    else:
        message = f"rules {words.join_names(names)} cannot all hold"
    with_span = [r for r in rules if model.rules[r].span is not None]
    primary = model.rules[with_span[0]].span if with_span else None
    counts: dict[int, int] = {}
    for i in instances or ():
        counts[model.constraints[i].rule] = counts.get(model.constraints[i].rule, 0) + 1

    def label_text(r: int) -> str:
        n = counts.get(r)
        if n is None:
            return "part of the conflict"
        return f"{n} instance{'s' if n != 1 else ''} of this rule in the conflict"

    labels = [Label(model.rules[r].span, label_text(r)) for r in with_span[1:]]
    notes = []
    structural = [model.rules[r].name for r in rules if model.rules[r].kind == "structure"]
    if structural:
        notes.append(f"{words.join_names(structural)} is a built-in structural rule")
    if instances is not None:
        notes += words.limited([
            "conflicting instance: " + words.instance_text(model.rules[model.constraints[i].rule],
                                                           model.constraints[i])
            for i in instances])
    else:
        notes.append("the conflicting instances could not be narrowed down in time")
    if not minimal:
        notes.append("the time limit ran out before this set was proved minimal")
    return Diagnostic.error(
        INFEASIBLE, message, primary, labels=labels, notes=notes,
        label=label_text(with_span[0]) if with_span else None,
        help="relax or drop one of these rules, or change the data they name")


# --------------------------------------------------------------------- assertions


def prove(enc: Encoding, rule: int, instances, deadline: float | None, *, seed: int = 0,
          time_limit: float | None = None) -> tuple[Diagnostic, Roster | None]:
    model = enc.model
    r = model.rules[rule]
    s = enc.solver(cost=False, seed=seed)
    if deadline is not None:
        left = deadline - time.monotonic()
        if left <= 0:
            return _undecided(f"whether assertion {r.name} holds", time_limit, r.span), None
        s.set("timeout", max(1, int(left * 1000)))
    s.add(z3.Not(z3.And([i.expr for i in instances])) if len(instances) > 1
          else z3.Not(instances[0].expr))
    result = s.check()
    if result == z3.unsat:
        return Diagnostic(Severity.NOTE, PROVED, f"assertion {r.name} holds for every roster",
                          r.span, label="proved from the hard rules"), None
    if result != z3.sat:
        return _undecided(f"whether assertion {r.name} holds", time_limit, r.span), None
    m = s.model()
    failing = [i for i in instances
               if z3.is_false(m.eval(i.expr, model_completion=True))]
    roster = roster_of(model, enc.true_vars(m))
    first = words.binding_text(model.constraints[failing[0].constraint].binding) if failing else ""
    message = (f"assertion {r.name} does not hold for every roster: it fails {first}"
               if first else f"assertion {r.name} does not hold for every roster")
    notes = words.limited([
        "fails: " + words.instance_text(r, model.constraints[i.constraint]) for i in failing])
    notes.append("a roster that meets every hard rule and breaks it:\n"
                 + words.compact_grid(roster, model))
    return Diagnostic.error(REFUTED, message, r.span, label="refuted by a counterexample",
                            notes=notes,
                            help="add the hard rule that makes it hold, or correct the "
                                 "assertion"), roster


def roster_of(model: gm.GroundModel, true_vars) -> Roster:
    return true_vars_to_roster(model, true_vars)
