"""The ground model: the program instantiated over its data and calendar.

This is what both backends read — the Z3 encoder (`rotalang/backends/z3/`) and the
plain-Python evaluator (`rotalang/backends/evaluate/`) — so that a roster the solver
returns can be re-checked without trusting the encoding.

Unknowns are Boolean variables numbered 0..n-1:

- variables `0 .. len(slots)-1` are assignment slots: person × day × shift [× post]
  (person × post in a static plan with no calendar);
- variables from `len(slots)` on are auxiliaries, each defined as the disjunction of
  earlier variables (`AuxDef`): "p works on d", "p works weekend w" ... Both backends
  compute them from the definition, so they never disagree on what they mean.

Constraints are formulas over these variables whose leaves are linear comparisons with
integer coefficients (`Cmp`). Ratios are scaled to integers by the grounder; `scale`
remembers the factor so that costs and reports are in the author's units.

Every constraint keeps its provenance: the rule (with its span) and the binding of the
rule's variables (`(("卡口", "东关"), ("day", "2025-02-11"), ("shift", "夜班"))`).
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Union

import attrs

from rotalang.diagnostics import Span


# ------------------------------------------------------------------------ unknowns


@attrs.frozen
class Slot:
    """One assignment variable: indices into GroundModel.people/days/shifts/posts.
    `day` and `shift` are None in a static plan; `post` is None when no posts exist."""

    person: int
    day: int | None
    shift: int | None
    post: int | None


class SlotTable(Sequence):
    """The slots of a grounded program: the dense product person × day × shift × post,
    numbered person-major (the post fastest), computed rather than stored — a `Slot`
    is made when asked for, so a table of millions of slots costs a few bytes.

    `days`, `shifts`, `posts` are the sizes of those dimensions, or None for one that
    is absent (its only value is None: no calendar, no shifts, no posts). It reads as
    the tuple of its slots: it compares equal to one, and hashes like one."""

    __slots__ = ("people", "days", "shifts", "posts", "_per_day", "_per_person", "_len")

    def __init__(self, people: int, days: int | None, shifts: int | None,
                 posts: int | None):
        self.people, self.days, self.shifts, self.posts = people, days, shifts, posts
        self._per_day = (shifts or 1) * (posts or 1)
        self._per_person = (1 if days is None else days) * self._per_day
        self._len = people * self._per_person

    def __reduce__(self):
        return SlotTable, (self.people, self.days, self.shifts, self.posts)

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, var):
        if isinstance(var, slice):
            return tuple(self[v] for v in range(*var.indices(self._len)))
        if var < 0:
            var += self._len
        if not 0 <= var < self._len:
            raise IndexError("slot index out of range")
        return Slot(*self.parts(var))

    def parts(self, var: int) -> tuple:
        """(person, day, shift, post) of slot `var` (not range-checked)."""
        person, rest = divmod(var, self._per_person)
        day, rest = divmod(rest, self._per_day)
        if self.posts is None:
            shift, post = rest, None
        else:
            shift, post = divmod(rest, self.posts)
        return (person, None if self.days is None else day,
                None if self.shifts is None else shift, post)

    def shift_of(self, var: int) -> int | None:
        if self.shifts is None:
            return None
        return var % self._per_day // (self.posts or 1)

    def var(self, person, day, shift, post) -> int | None:
        """The slot of (person, day, shift, post), or None when there is none."""
        if not _within(person, self.people) or not _fits(day, self.days) \
                or not _fits(shift, self.shifts) or not _fits(post, self.posts):
            return None
        return (person * self._per_person + (day or 0) * self._per_day
                + (shift or 0) * (self.posts or 1) + (post or 0))

    def __iter__(self):
        people = range(self.people)
        days = [None] if self.days is None else range(self.days)
        shifts = [None] if self.shifts is None else range(self.shifts)
        posts = [None] if self.posts is None else range(self.posts)
        for p in people:
            for d in days:
                for s in shifts:
                    for k in posts:
                        yield Slot(p, d, s, k)

    def __eq__(self, other):
        if isinstance(other, SlotTable):
            return (self.people, self.days, self.shifts, self.posts) == \
                (other.people, other.days, other.shifts, other.posts) or \
                (self._len == 0 and other._len == 0)
        if isinstance(other, (tuple, list)):
            return len(other) == self._len and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"SlotTable({self.people}, {self.days}, {self.shifts}, {self.posts})"


def _within(i, n: int) -> bool:
    return type(i) is int and 0 <= i < n


def _fits(i, n: int | None) -> bool:
    """Whether `i` is a value of a dimension of size `n` (None: absent, only None fits)."""
    return i is None if n is None else _within(i, n)


class SlotIndex(Mapping):
    """(person, day, shift, post) → slot variable of a `SlotTable`, by arithmetic."""

    __slots__ = ("table",)

    def __init__(self, table: SlotTable):
        self.table = table

    def __reduce__(self):
        return SlotIndex, (self.table,)

    def __getitem__(self, key):
        var = self.get(key)
        if var is None:
            raise KeyError(key)
        return var

    def get(self, key, default=None):
        try:
            person, day, shift, post = key
        except (TypeError, ValueError):
            return default
        var = self.table.var(person, day, shift, post)
        return default if var is None else var

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        return len(self.table)

    def __iter__(self):
        table = self.table
        for var in range(len(table)):
            yield table.parts(var)

    def __eq__(self, other):
        if isinstance(other, SlotIndex):
            return self.table == other.table
        return Mapping.__eq__(self, other)

    __hash__ = None


@attrs.frozen
class AuxDef:
    """Auxiliary variable `var` = OR(`of`), or AND(`of`) when `conjunction`; `of` lists
    earlier variables only. (Conjunctions come from counting bindings by a condition
    that joins assignments with `and`: "works E on Saturday and on Sunday".)"""

    var: int
    of: tuple[int, ...]
    label: str  # e.g. "张丽 works on 2025-02-11"
    conjunction: bool = False

    def value(self, values) -> bool:
        """The auxiliary's value given its inputs' values (indexable by variable)."""
        if self.conjunction:
            return all(values[v] for v in self.of)
        return any(values[v] for v in self.of)


# ------------------------------------------------------------------------ formulas


@attrs.frozen
class Lin:
    """sum(coef × var) + const, integer coefficients."""

    terms: tuple[tuple[int, int], ...] = ()  # (coefficient, variable)
    const: int = 0


@attrs.frozen
class Cmp:
    """`lhs op rhs`, op in = != <= >= < >. Both sides are in the author's unit times
    `scale` (so `count(A) >= 50% of count(B)` is `2·A >= 1·B` with scale 2).
    `unit` tells reports how to print a side: "count", "minutes" or "number"."""

    lhs: Lin
    op: str
    rhs: Lin
    scale: int = 1
    unit: str = "count"
    what: str = ""  # what lhs measures, for reports: "people on 夜班 at 东关"


@attrs.frozen
class Atom:
    var: int


@attrs.frozen
class Not:
    operand: Formula


@attrs.frozen
class And:
    items: tuple[Formula, ...]


@attrs.frozen
class Or:
    items: tuple[Formula, ...]


@attrs.frozen
class Const:
    value: bool


Formula = Union[Atom, Not, And, Or, Cmp, Const]


# --------------------------------------------------------------------- constraints


class RuleKind(enum.StrEnum):
    """What a ground rule is: the author's hard and soft rules and assertions, and the
    built-in structural rules (one shift a day ...), which are hard."""

    HARD = "hard"
    SOFT = "soft"
    ASSERT = "assert"
    STRUCTURE = "structure"

    @property
    def binding(self) -> bool:
        """Whether a roster must meet the rule's instances (hard and structural rules)."""
        return self in (RuleKind.HARD, RuleKind.STRUCTURE)


class Measure(enum.StrEnum):
    """How one instance counts (see `GroundConstraint`)."""

    HARD = "hard"
    VIOLATION = "violation"
    DEVIATION = "deviation"
    VALUE = "value"
    SPREAD = "spread"


@attrs.frozen
class GroundRule:
    """Provenance of a family of ground constraints: one source rule (or a built-in
    structural rule such as "one shift per day", whose span is None)."""

    index: int
    name: str
    kind: RuleKind
    span: Span | None = None
    facts_only: bool = False
    satisfied: int = 0  # instances decided true by the data while grounding, left out


@attrs.frozen
class GroundConstraint:
    """One instance of a rule.

    measure:
      "hard"       formula must hold (hard rules, structure, and assertions' bodies);
      "violation"  soft: costs `weight` when formula is false;
      "deviation"  soft, formula is a Cmp (or `guard` ⇒ Cmp): costs
                   weight × (amount by which the comparison misses) / scale;
                   for `=` both directions count, for `!=` a miss costs weight;
      "value"      soft minimize: costs weight × value(terms[0]) / scale;
      "spread"     soft balance: costs weight × (max − min of the terms) / scale.
    `guard` (may be None): the instance only applies when it holds (unknown-dependent
    `when`/`unless` conditions; data-only guards were already decided by the grounder).
    """

    rule: int
    binding: tuple[tuple[str, str], ...]
    measure: Measure
    formula: Formula = Const(True)
    weight: Fraction = Fraction(0)
    guard: Formula | None = None
    terms: tuple[Lin, ...] = ()
    scale: int = 1


# --------------------------------------------------------------------------- model


@attrs.frozen
class GroundModel:
    people: tuple[str, ...]
    days: tuple[datetime.date, ...]  # empty in a static plan
    shifts: tuple[str, ...]  # empty in a static plan
    posts: tuple[str, ...]  # empty when no post kind is declared
    slots: tuple[Slot, ...] | SlotTable  # a SlotTable for a grounded program
    aux: tuple[AuxDef, ...]
    rules: tuple[GroundRule, ...]
    constraints: tuple[GroundConstraint, ...]
    # (p, d, s, k) -> var: a dict, or for a SlotTable its SlotIndex
    slot_index: Mapping = attrs.field(eq=False, repr=False, factory=dict)
    diagnostics: tuple = ()  # warnings found while grounding (e.g. W0501)

    @property
    def num_vars(self) -> int:
        return len(self.slots) + len(self.aux)

    def var(self, person: int, day: int | None, shift: int | None, post: int | None) -> int:
        return self.slot_index[(person, day, shift, post)]

    def describe_slot(self, var: int) -> str:
        slot = self.slots[var]
        parts = [self.people[slot.person]]
        if slot.day is not None:
            parts.append(self.days[slot.day].isoformat())
        if slot.shift is not None:
            parts.append(self.shifts[slot.shift])
        if slot.post is not None:
            parts.append(self.posts[slot.post])
        return " ".join(parts)
