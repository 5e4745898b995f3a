"""The unknowns: assignment slots and the auxiliary variables defined over them.

Slots are numbered person-major (person × day × shift × post, or person × post in a
static plan) so that a person's variables are contiguous and the order is stable.
Auxiliaries ("p works on d") are memoized by their definition: asking twice for the
OR of the same variables returns the same variable.
"""

from __future__ import annotations

from rotalang import ir
from rotalang.ground.calendar import CalendarTables
from rotalang.ground.model import AuxDef, Slot


class Slots:
    def __init__(self, program: ir.Program, cal: CalendarTables):
        staff = program.staff_kind
        post = program.post_kind
        self.people: tuple[str, ...] = tuple(
            r.name for r in program.records if staff is not None and r.kind == staff.name)
        self.posts: tuple[str, ...] = tuple(
            r.name for r in program.records if post is not None and r.kind == post.name)
        self.static = program.calendar is None
        self.days = cal.days
        self.shifts: tuple[str, ...] = () if self.static else tuple(s.name for s in program.shifts)
        self.person_index = {name: i for i, name in enumerate(self.people)}
        self.post_index = {name: i for i, name in enumerate(self.posts)}
        self.shift_index = {name: i for i, name in enumerate(self.shifts)}
        # the index lists a slot ranges over; [None] where the dimension is absent
        self.day_range: list[int | None] = [None] if self.static else list(range(len(self.days)))
        self.shift_range: list[int | None] = list(range(len(self.shifts))) or [None]
        self.post_range: list[int | None] = list(range(len(self.posts))) or [None]
        if self.static and not self.posts:
            self.day_range = []  # a static plan without posts has nothing to assign

        slots: list[Slot] = []
        index: dict[tuple, int] = {}
        for p in range(len(self.people)):
            for d in self.day_range:
                for s in self.shift_range:
                    for k in self.post_range:
                        index[(p, d, s, k)] = len(slots)
                        slots.append(Slot(p, d, s, k))
        self.slots = tuple(slots)
        self.index = index

    def vars_of(self, person: int, days, shifts, posts) -> list[int]:
        """The slot variables of `person` on the given day/shift/post indices."""
        index = self.index
        out = []
        for d in days:
            for s in shifts:
                for k in posts:
                    v = index.get((person, d, s, k))
                    if v is not None:
                        out.append(v)
        return out

    def day_vars(self, person: int, day: int | None) -> list[int]:
        return self.vars_of(person, (day,), self.shift_range, self.post_range)


class AuxRegistry:
    """Auxiliary Booleans, each the OR (or the AND) of earlier variables, numbered after
    the slots."""

    def __init__(self, first_var: int):
        self.first_var = first_var
        self.defs: list[AuxDef] = []
        self._memo: dict[tuple[bool, tuple[int, ...]], int] = {}

    def aux(self, of, label: str, *, conjunction: bool = False) -> int:
        inputs = tuple(sorted(set(of)))
        key = (conjunction, inputs)
        var = self._memo.get(key)
        if var is None:
            var = self.first_var + len(self.defs)
            self.defs.append(AuxDef(var, inputs, label, conjunction))
            self._memo[key] = var
        return var
