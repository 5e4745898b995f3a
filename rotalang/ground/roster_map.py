"""Between rosters and slot variables: what solve and verify share.

- `roster_to_true_vars`: the slot variables a roster sets (verify reads a roster);
- `true_vars_to_roster`: the roster a set of true slot variables describes (solve).

(The value of every variable, auxiliaries included, is `semantics.CompiledModel.values`.)
"""

from __future__ import annotations

from collections.abc import Collection

from rotalang.ground.model import GroundModel
from rotalang.results import Assignment, Roster


class UnknownAssignment(ValueError):
    """A roster line that names a person, date, shift or post the model does not have
    (verify reports these as E07xx before calling here)."""


def roster_to_true_vars(model: GroundModel, roster: Roster) -> frozenset[int]:
    people = {name: i for i, name in enumerate(model.people)}
    days = {d: i for i, d in enumerate(model.days)}
    shifts = {name: i for i, name in enumerate(model.shifts)}
    posts = {name: i for i, name in enumerate(model.posts)}
    out = set()
    for a in roster.assignments:
        key = (
            _lookup(people, a.staff, "staff member", a),
            None if a.date is None or not model.days else _lookup(days, a.date, "date", a),
            None if a.shift is None or not model.shifts else _lookup(shifts, a.shift, "shift", a),
            None if a.post is None or not model.posts else _lookup(posts, a.post, "post", a),
        )
        var = model.slot_index.get(key)
        if var is None:
            raise UnknownAssignment(f"no slot for {a}: the roster line does not match the "
                                    "program's calendar, shifts or posts")
        out.add(var)
    return frozenset(out)


def _lookup(table: dict, key, what: str, a: Assignment) -> int:
    if key not in table:
        raise UnknownAssignment(f"unknown {what} {key} in {a}")
    return table[key]


def true_vars_to_roster(model: GroundModel, true_vars: Collection[int]) -> Roster:
    out = []
    for var in true_vars:
        if var >= len(model.slots):
            continue  # auxiliaries are not assignments
        slot = model.slots[var]
        out.append(Assignment(
            staff=model.people[slot.person],
            date=None if slot.day is None else model.days[slot.day],
            shift=None if slot.shift is None else model.shifts[slot.shift],
            post=None if slot.post is None else model.posts[slot.post]))
    return Roster.of(out)
