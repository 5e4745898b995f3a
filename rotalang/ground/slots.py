"""The unknowns: assignment slots and the auxiliary variables defined over them.

Slots are numbered person-major (person × day × shift × post, or person × post in a
static plan) so that a person's variables are contiguous and the order is stable.
Auxiliaries ("p works on d") are memoized by their definition: asking twice for the
OR of the same variables returns the same variable.
"""

from __future__ import annotations

from rotalang import ir
from rotalang.ground.calendar import CalendarTables
from rotalang.ground.model import AuxDef, SlotIndex, SlotTable


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

        # the dense table of slots and its index, both computed (model.SlotTable)
        # (a static plan without posts: no days, so no slots)
        days = (None if self.posts else 0) if self.static else len(self.days)
        self.slots = SlotTable(len(self.people), days,
                               len(self.shifts) if self.shifts else None,
                               len(self.posts) if self.posts else None)
        self.index = SlotIndex(self.slots)
        table = self.slots
        self._per_person = table._per_person
        self._per_day = table._per_day
        self._per_shift = len(self.posts) or 1

    def vars_of(self, person: int, days, shifts, posts) -> list[int]:
        """The slot variables of `person` on the given day/shift/post indices (each
        one of the dimension's values: None where the dimension is absent), in the
        order given."""
        if not self._per_person:
            return []  # a static plan without posts has no slots
        base = person * self._per_person
        per_day, per_shift = self._per_day, self._per_shift
        if len(days) == 1 and len(posts) == 1 and posts[0] is None:
            # one day without posts, the commonest question: the shifts' slots
            at = base + (days[0] or 0) * per_day
            if len(shifts) == 1:
                return [at + (shifts[0] or 0)]
            return [at + s for s in shifts]
        inner = [(s or 0) * per_shift + (k or 0) for s in shifts for k in posts]
        return [base + (d or 0) * per_day + offset for d in days for offset in inner]

    def shift_of(self, var: int) -> int | None:
        """The shift index of slot `var`."""
        return self.slots.shift_of(var)

    def day_vars(self, person: int, day: int | None) -> list[int]:
        return self.vars_of(person, (day,), self.shift_range, self.post_range)


class AuxRegistry:
    """Auxiliary Booleans, each the OR (or the AND) of earlier variables, numbered after
    the slots."""

    def __init__(self, first_var: int):
        self.first_var = first_var
        self.defs: list[AuxDef] = []
        self._memo: dict[tuple[bool, tuple[int, ...]], int] = {}

    def aux(self, of, label, *, conjunction: bool = False) -> int:
        """The auxiliary for `of`; `label` is its words, or a function making them
        (called only when the auxiliary is new)."""
        inputs = tuple(sorted(set(of)))
        key = (conjunction, inputs)
        var = self._memo.get(key)
        if var is None:
            var = self.first_var + len(self.defs)
            if callable(label):
                label = label()
            self.defs.append(AuxDef(var, inputs, label, conjunction))
            self._memo[key] = var
        return var
