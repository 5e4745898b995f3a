"""A first roster built part by part, for models too large to hand an engine whole.

Where no hard rule links two people — each hard instance is about one person, or about
people of one group — the hard rules fall apart into independent parts: a roster
meets them all exactly when each part's roster meets its own. (The Curtois benchmark is
so: every hard rule is one nurse's, and cover is soft.) Such a model gets its first
roster one part at a time: each part's hard instances as a small restricted model
(`ground.restrict`), any roster of it, with every worker. The soft rules are left to
the search that follows: restricting the ones across parts (cover, over every person)
cost more than solving the part (on Curtois instance 24, 1.3 s against 0.1 s a nurse).

On that instance (150 people × 364 days × 32 shifts, 1.7 million slots) the whole
model takes CP-SAT over 11 GB and more than 300 s without a roster (the plain peer
model, 14 GB and none either); part by part, a nurse's roster takes about 0.5 s of
CP-SAT and 0.5 s of restricting and encoding, and the 150 are done about 240 s in.

Where hard rules link everyone (a hard cover rule), there is one part and nothing here
applies: the engine gets the whole model, as for any model.
"""

from __future__ import annotations

from array import array
from typing import Sequence

import attrs

from rotalang.backends.protocol import Engine, Status
from rotalang.ground import model as gm
from rotalang.ground.index import ModelIndex, constraint_vars
from rotalang.ground.objective import Objective, objective as objective_of
from rotalang.ground.restrict import Restrictor
from rotalang.ground.semantics import CompiledModel
from rotalang.search.meter import Meter

# Each part may use this share of the time left for the parts still to build: a part
# that is hard to meet may take longer than the others, and the rest still fit.
CONSTRUCT_SHARE = 0.9
# A part is met with at least this many CP-SAT workers, even on fewer cores: meeting a
# part is a pure feasibility search, and the wider portfolio (its local-search and
# feasibility-jump workers) finds it far sooner. One nurse's year of Curtois 22 took
# 5-40 s with 2 workers and 0.4 s with 8, on 2 cores. One worker (a reproducible run)
# stays one.
CONSTRUCT_WORKERS = 8
# A part's first try gets at least this much more than the recent parts needed: parts
# alike need alike, and a try cut short just before its end is all lost (Curtois 24's
# parts each needed 1.4-2 s against a fair share of 1.3 s, so every part took two
# tries and the 150 did not fit).
NEED_MARGIN = 1.25
RECENT_PARTS = 5


@attrs.frozen
class Part:
    """People no hard instance links to anyone else: their slots, in order, and the
    hard instances that mention them (indices into the model's constraints, in
    order) — all that meeting the part's hard rules reads."""

    slots: Sequence[int]
    constraints: Sequence[int]


def independent_parts(model: gm.GroundModel) -> list[Part] | None:
    """The people grouped so that no hard instance mentions two groups, in order of
    each group's first person; None when that leaves a single group (nothing to
    split)."""
    people = len(model.people)
    if people < 2:
        return None
    parent = list(range(people))

    def find(p: int) -> int:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    person_of = _people_of_variables(model)
    # each hard instance with one of its people, to hand it to that person's part
    instances, someone = array("l"), array("l")
    for index, c in enumerate(model.constraints):
        if c.measure is not gm.Measure.HARD or model.rules[c.rule].facts_only:
            continue
        roots = set()
        for v in constraint_vars(c):
            who = person_of[v]
            if isinstance(who, int):
                roots.add(find(who))
            else:
                roots.update(find(p) for p in who)
        if not roots:
            continue
        first, *rest = roots
        for r in rest:
            parent[r] = first
        instances.append(index)
        someone.append(first)
    groups: dict[int, list[int]] = {}
    for p in range(people):
        groups.setdefault(find(p), []).append(p)
    if len(groups) < 2:
        return None
    constraints_of: dict[int, array] = {root: array("l") for root in groups}
    for index, p in zip(instances, someone):
        constraints_of[find(p)].append(index)
    slots_of = _slots_by_person(model)
    return [Part(sorted(v for p in members for v in slots_of[p]), constraints_of[root])
            for root, members in groups.items()]


def construct(model: gm.GroundModel, objective: Objective, engine: Engine,
              parts: Sequence[Part], *, restrictor: Restrictor,
              compiled: CompiledModel, meter: Meter, seed: int = 0,
              workers: int = 1) -> tuple[Status, tuple[int, ...] | None]:
    """A roster meeting every hard rule, built part by part: (FEASIBLE, true slots);
    (INFEASIBLE, None) when a part has no roster (so the whole model has none); or
    (UNKNOWN, None) when the limits ran out first."""
    index = restrictor.index
    values = compiled.values(())
    part_workers = max(workers, CONSTRUCT_WORKERS) if workers > 1 else workers
    needed: list[float] = []  # what each part met took, in the run's own measure
    for built, part in enumerate(parts):
        restriction = restrictor.restrict(part.slots, values, hard_only=True,
                                          among=part.constraints)
        sub = restriction.model
        goal = objective_of(sub, factor=objective.factor)
        engine_model = engine.model(sub, goal)
        share = None
        while True:
            left = meter.left()
            fair = None if left is None else CONSTRUCT_SHARE * left / (len(parts) - built)
            # A part not met in its share is tried again with twice that (as long as
            # time is left): one person's year can take several times another's.
            if share is None:
                share = fair if fair is None or not needed else \
                    min(max(fair, NEED_MARGIN * max(needed[-RECENT_PARTS:])), left)
            elif left is not None:
                share = min(2 * share, left)
            before = meter.used()
            outcome = engine_model.solve(meter.limits(share), seed=seed,
                                         workers=part_workers, optimise=False)
            meter.charge(outcome.work)
            if outcome.best is not None:
                needed.append(meter.used() - before)
            if outcome.best is not None or outcome.status is not Status.UNKNOWN \
                    or meter.out() or share is None:
                break
        if outcome.best is None:
            status = Status.INFEASIBLE if outcome.status is Status.INFEASIBLE else Status.UNKNOWN
            return status, None
        # Not evaluated part by part (compiling each part's model for it took 0.1 s a
        # nurse on Curtois 24): the caller evaluates the whole roster once, and an
        # encoding defect that broke a hard rule in any part shows there.
        for v in part.slots:
            values[v] = 0
        for i in outcome.best.true_slots:
            values[restriction.free_slots[i]] = 1
        _refresh_auxiliaries(values, part.slots, index)
    n = len(model.slots)
    return Status.FEASIBLE, tuple(v for v in range(n) if values[v])


def _refresh_auxiliaries(values: list[int], changed: Sequence[int], index: ModelIndex) -> None:
    """Recompute the auxiliaries downstream of the changed slots (in definition order:
    an auxiliary is defined from earlier variables)."""
    for a in sorted(index.downstream(changed)):
        definition = index.aux_def[a]
        inputs = (values[v] for v in definition.of)
        values[a] = int(all(inputs) if definition.conjunction else any(inputs))


def _people_of_variables(model: gm.GroundModel) -> list:
    """Each variable's person (an int), or, for an auxiliary over several people, the
    frozenset of them."""
    slots = model.slots
    if isinstance(slots, gm.SlotTable):
        per_person = len(slots) // max(1, slots.people)
        person_of: list = [v // per_person for v in range(len(slots))]
    else:
        person_of = [s.person for s in slots]
    person_of.extend([frozenset()] * len(model.aux))
    for aux in model.aux:
        who: set[int] = set()
        for v in aux.of:
            p = person_of[v]
            if isinstance(p, int):
                who.add(p)
            else:
                who.update(p)
        person_of[aux.var] = next(iter(who)) if len(who) == 1 else frozenset(who)
    return person_of


def _slots_by_person(model: gm.GroundModel) -> list[range] | list[list[int]]:
    slots = model.slots
    if isinstance(slots, gm.SlotTable):
        per_person = len(slots) // max(1, slots.people)
        return [range(p * per_person, (p + 1) * per_person) for p in range(slots.people)]
    by_person: list[list[int]] = [[] for _ in model.people]
    for v, s in enumerate(slots):
        by_person[s.person].append(v)
    return by_person
