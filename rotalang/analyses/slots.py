"""Whether two ground models assign the same slots (people, days, shifts, posts), and
the map from the second model's slot variables to the first's.

The slots are compared by name, not by position: a file that lists its people in
another order assigns the same slots. When they differ, `diff` cannot compare the
rosters the programs allow, and says how (E0801)."""

from __future__ import annotations

from rotalang.diagnostics import Diagnostic, DiagnosticError
from rotalang.ground.model import GroundModel

SLOTS_DIFFER = "E0801"
SHOWN = 5  # names listed per difference


def slot_map(old: GroundModel, new: GroundModel, old_file: str, new_file: str) -> list[int]:
    """For each slot variable of `new`, the variable of `old` for the same person, day,
    shift and post. Raises DiagnosticError (E0801) when the slots differ."""
    problems = _differences(old, new, old_file, new_file)
    if problems:
        raise DiagnosticError(Diagnostic.error(
            SLOTS_DIFFER, f"{old_file} and {new_file} do not roster the same slots, so "
                          "their rosters cannot be compared", notes=problems,
            help="diff compares two versions of the rules on the same data: give both "
                 "programs the same people, calendar, shifts and posts"))
    people = {name: i for i, name in enumerate(old.people)}
    shifts = {name: i for i, name in enumerate(old.shifts)}
    posts = {name: i for i, name in enumerate(old.posts)}
    out = []
    for var in range(len(new.slots)):
        slot = new.slots[var]
        key = (people[new.people[slot.person]], slot.day,
               None if slot.shift is None else shifts[new.shifts[slot.shift]],
               None if slot.post is None else posts[new.posts[slot.post]])
        out.append(old.slot_index[key])
    return out


def _differences(old: GroundModel, new: GroundModel, old_file: str, new_file: str) -> list[str]:
    notes = []
    for what, a, b in (("people", old.people, new.people), ("shifts", old.shifts, new.shifts),
                       ("posts", old.posts, new.posts)):
        notes += _names_only_in(what, a, b, old_file, new_file)
    if old.days != new.days:
        notes.append(f"the calendars differ: {_span(old.days)} in {old_file}, "
                     f"{_span(new.days)} in {new_file}")
    if not notes and len(old.slots) != len(new.slots):
        notes.append(f"{old_file} has {len(old.slots)} slots, {new_file} {len(new.slots)}")
    return notes


def _names_only_in(what: str, a, b, old_file: str, new_file: str) -> list[str]:
    out = []
    for names, there, elsewhere in ((a, old_file, b), (b, new_file, a)):
        missing = [n for n in names if n not in set(elsewhere)]
        if missing:
            listed = ", ".join(missing[:SHOWN]) + (f" and {len(missing) - SHOWN} more"
                                                   if len(missing) > SHOWN else "")
            out.append(f"{what} only in {there}: {listed}")
    return out


def _span(days) -> str:
    if not days:
        return "no calendar"
    return f"{days[0].isoformat()} to {days[-1].isoformat()} ({len(days)} days)"
