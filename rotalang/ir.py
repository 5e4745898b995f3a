"""The typed intermediate representation: a checked rotalang program.

The checker (`rotalang/check/`) builds it from the AST; the grounder (`rotalang/ground/`)
reads it. Everything here is resolved and typed: every name points at its declaration,
every expression carries its type, every data record holds exact values
(`rotalang/values.py`). Sugar from the surface syntax is gone:

- a statement without a subject has an explicit person (an implicit `each staff` binder
  is added by the checker when the rule binds no person);
- `P is off …` is `Not(Works(…))`;
- `R of E` is `Arith("*", R, E)`;
- `when G` / `unless G` is kept as `Body.guard` (with `unless` negated), so that reports
  can say the rule did not apply.

Read it top to bottom: types, values, declarations, expressions, statements, rules,
the program. Every node keeps its source span; equality ignores spans.
"""

from __future__ import annotations

import datetime
from typing import Union

import attrs

from rotalang.diagnostics import Span


def _span():
    return attrs.field(eq=False, repr=False, default=None)


# --------------------------------------------------------------------------- types


@attrs.frozen
class Type:
    """A rotalang type.

    `name` is one of: int, bool, text, ratio, date, time, duration, weekday, shift,
    days (a week/weekend/window: a set of calendar days), enum, kind, set.
    `ref` names the enum or kind for `enum`/`kind`; `element` is the element type of a set.
    """

    name: str
    ref: str | None = None
    element: Type | None = None

    def __str__(self) -> str:
        if self.name in ("enum", "kind"):
            return str(self.ref)
        if self.name == "set":
            return f"set of {self.element}"
        return self.name


INT = Type("int")
BOOL = Type("bool")
TEXT = Type("text")
RATIO = Type("ratio")
DATE = Type("date")
TIME = Type("time")
DURATION = Type("duration")
WEEKDAY = Type("weekday")
SHIFT = Type("shift")
DAYS = Type("days")


def enum_type(name: str) -> Type:
    return Type("enum", ref=name)


def kind_type(name: str) -> Type:
    return Type("kind", ref=name)


def set_type(element: Type) -> Type:
    return Type("set", element=element)


# ---------------------------------------------------------------------- declarations


@attrs.frozen
class Calendar:
    """The horizon: every date from `start` to `end` inclusive; weeks start on Monday."""

    start: datetime.date
    end: datetime.date
    holidays: frozenset[datetime.date] = frozenset()
    weekend: tuple[str, ...] = ("sat", "sun")  # weekday names, see values.WEEKDAYS
    span: Span | None = _span()


@attrs.frozen
class EnumDecl:
    name: str
    values: tuple[str, ...]
    span: Span | None = _span()
    ordered: bool = False  # `enum 学历 ordered { … }`: values compare in declared order


@attrs.frozen
class Attribute:
    name: str
    type: Type
    default: object | None = None  # an exact value (values.py), or None when required
    span: Span | None = _span()
    optional: bool = False  # `date?`: a record may have no value (values.MISSING)


@attrs.frozen
class KindDecl:
    """A kind of record. `role` is "staff" (the people assigned), "post" (where they are
    assigned) or "kind" (plain data)."""

    name: str
    role: str
    attributes: tuple[Attribute, ...]
    span: Span | None = _span()

    def attribute(self, name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.name == name), None)


@attrs.frozen
class Record:
    """One data record: a person, a post, a request... `values` maps every attribute of
    its kind to an exact value (defaults filled in). `span` is where it was written: the
    inline record in a .rota file or its row in a CSV/JSON file."""

    kind: str
    name: str
    values: tuple[tuple[str, object], ...]
    span: Span | None = _span()

    def get(self, attribute: str) -> object:
        for key, value in self.values:
            if key == attribute:
                return value
        raise KeyError(attribute)


@attrs.frozen
class ShiftDecl:
    """A named shift. `start`/`end` are minutes since midnight (None when the shift was
    declared by length only); `length` is in minutes; a shift whose end is not after its
    start crosses midnight."""

    name: str
    start: int | None
    end: int | None
    length: int
    code: str
    span: Span | None = _span()

    @property
    def crosses_midnight(self) -> bool:
        return self.start is not None and self.end is not None and self.end <= self.start


@attrs.frozen
class LetDecl:
    name: str
    type: Type
    expr: Expr
    span: Span | None = _span()


# ----------------------------------------------------------------------- expressions


@attrs.frozen
class Var:
    """A variable bound by a quantifier or an aggregate. `uid` is unique in the program
    (two binders named `p` in different rules are different variables)."""

    name: str
    type: Type
    uid: int
    span: Span | None = _span()


@attrs.frozen
class Lit:
    value: object  # an exact value, see values.py
    type: Type
    span: Span | None = _span()


@attrs.frozen
class VarRef:
    var: Var
    span: Span | None = _span()

    @property
    def type(self) -> Type:
        return self.var.type


@attrs.frozen
class LetRef:
    name: str
    type: Type
    span: Span | None = _span()


@attrs.frozen
class Attr:
    """`obj.name`: a record attribute, or a built-in property:
    shift: length (duration), start/end (time); date: weekday, week (days)."""

    obj: Expr
    name: str
    type: Type
    span: Span | None = _span()


@attrs.frozen
class Arith:
    """`left op right` with op in + - * /. `type` is the result type; the checker has
    verified the units (duration + duration, date + duration, ratio * int, ...)."""

    op: str
    left: Expr
    right: Expr
    type: Type
    span: Span | None = _span()


@attrs.frozen
class Neg:
    operand: Expr
    type: Type
    span: Span | None = _span()


@attrs.frozen
class Compare:
    """`left op right`, op in = != < <= > >=; operands have compatible types."""

    op: str
    left: Expr
    right: Expr
    span: Span | None = _span()
    type: Type = BOOL


@attrs.frozen
class And:
    items: tuple[Expr, ...]
    span: Span | None = _span()
    type: Type = BOOL


@attrs.frozen
class Or:
    items: tuple[Expr, ...]
    span: Span | None = _span()
    type: Type = BOOL


@attrs.frozen
class Not:
    operand: Expr
    span: Span | None = _span()
    type: Type = BOOL


@attrs.frozen
class Implies:
    """`if condition then consequence`."""

    condition: Expr
    consequence: Expr
    span: Span | None = _span()
    type: Type = BOOL


@attrs.frozen
class Member:
    """`element in collection` (a set, or a day set for dates)."""

    element: Expr
    collection: Expr
    span: Span | None = _span()
    type: Type = BOOL


@attrs.frozen
class DateIs:
    """`d is weekend`, `d is holiday`, `d is sat`."""

    date: Expr
    what: str  # "weekend", "holiday" or a weekday name
    span: Span | None = _span()
    type: Type = BOOL


@attrs.frozen
class SetLit:
    items: tuple[Expr, ...]
    type: Type
    span: Span | None = _span()


@attrs.frozen
class Works:
    """The assignment atom: `person works [shifts] [on day] [at post]`.

    `shifts` is a shift- or set-of-shift-valued expression, or None for any shift;
    `day` a date expression or None for any day (in a static plan there are no days);
    `post` a post-record expression or None for any post. True when the person works
    at least one matching slot."""

    person: Expr
    shifts: Expr | None
    day: Expr | None
    post: Expr | None
    span: Span | None = _span()
    type: Type = BOOL


@attrs.frozen
class Aggregate:
    """count / sum / min / max / some / none over the bindings of `binders` that satisfy
    `where`. `expr` is the summed/compared value (None for count, some, none)."""

    op: str
    binders: tuple[Binder, ...]
    where: Expr | None
    expr: Expr | None
    type: Type
    span: Span | None = _span()


@attrs.frozen
class Call:
    """A built-in function: shifts(p), shifts(p, S), hours(p), days(d1, d2), abs(x), len(s)."""

    function: str
    args: tuple[Expr, ...]
    type: Type
    span: Span | None = _span()


Expr = Union[
    Lit, VarRef, LetRef, Attr, Arith, Neg, Compare, And, Or, Not, Implies, Member,
    DateIs, SetLit, Works, Aggregate, Call,
]


# ---------------------------------------------------------------- binders and domains


@attrs.frozen
class KindDomain:
    kind: str


@attrs.frozen
class EnumDomain:
    enum: str  # includes the built-in "weekday"


@attrs.frozen
class DayDomain:
    """Calendar days; `within` restricts them to a day set or set of dates."""

    within: Expr | None = None


@attrs.frozen
class ShiftDomain:
    pass


@attrs.frozen
class WeekDomain:
    """Calendar weeks (Monday to Sunday), each the set of its days inside the horizon."""


@attrs.frozen
class WeekendDomain:
    """Each weekend: the calendar's weekend days of one week, inside the horizon."""


@attrs.frozen
class WindowDomain:
    """Every run of `length` consecutive calendar days that fits in the horizon."""

    length: int


Domain = Union[KindDomain, EnumDomain, DayDomain, ShiftDomain, WeekDomain, WeekendDomain, WindowDomain]


@attrs.frozen
class Binder:
    var: Var
    domain: Domain
    span: Span | None = _span()


@attrs.frozen
class Quantifier:
    """`each b1, b2 where cond:` — the rule holds for every binding that satisfies `where`."""

    binders: tuple[Binder, ...]
    where: Expr | None
    span: Span | None = _span()


# ------------------------------------------------------------------------ statements


@attrs.frozen
class Bound:
    """at most hi / at least lo / exactly lo (= hi) / between lo and hi."""

    lo: Expr | None
    hi: Expr | None
    span: Span | None = _span()


@attrs.frozen
class Horizon:
    """The whole calendar (or the whole plan)."""


@attrs.frozen
class PerWeek:
    """Each calendar week separately."""


@attrs.frozen
class AnyWindow:
    """Every run of `days` consecutive calendar days."""

    days: int


@attrs.frozen
class WithinDays:
    """The days of a day-set expression (a bound week, weekend or window)."""

    days: Expr


Period = Union[Horizon, PerWeek, AnyWindow, WithinDays]


@attrs.frozen
class Require:
    """A boolean expression that must hold."""

    expr: Expr
    span: Span | None = _span()


@attrs.frozen
class Minimize:
    """Soft only: costs weight × value of `expr` (an int, ratio or duration in minutes)."""

    expr: Expr
    span: Span | None = _span()


@attrs.frozen
class Balance:
    """Soft only: costs weight × (max − min) of `expr` over the bindings of `binder`."""

    expr: Expr
    binder: Binder
    where: Expr | None
    span: Span | None = _span()


@attrs.frozen
class CountWorked:
    """The number of shifts (unit "shifts") or days (unit "days") `person` works, of
    `shifts` (None = any), within each part of `period`, is within `bound`."""

    person: Expr
    bound: Bound
    shifts: Expr | None
    unit: str
    period: Period
    span: Span | None = _span()


@attrs.frozen
class DurationWorked:
    """The total length of the shifts `person` works within each part of `period`."""

    person: Expr
    bound: Bound
    period: Period
    span: Span | None = _span()


@attrs.frozen
class ConsecutiveWork:
    """Runs of working days. A lower bound only applies to runs with a day off (inside
    the horizon) on both sides."""

    person: Expr
    bound: Bound
    span: Span | None = _span()


@attrs.frozen
class ConsecutiveOff:
    """Runs of days off; a lower bound only applies to runs bounded on both sides
    by working days inside the horizon."""

    person: Expr
    bound: Bound
    span: Span | None = _span()


@attrs.frozen
class Weekends:
    """Number of weekends on which `person` works at least one day, over the horizon or
    in every run of `window_weeks` consecutive weeks."""

    person: Expr
    bound: Bound
    window_weeks: int | None
    span: Span | None = _span()


@attrs.frozen
class Succession:
    """`person` never works one of `first` on a day and one of `then` on the next."""

    person: Expr
    first: Expr
    then: Expr
    span: Span | None = _span()


@attrs.frozen
class Rest:
    """At least `minimum` between the end of one shift and the start of the next
    (uses the shifts' clock times; checked across midnight and consecutive days)."""

    person: Expr
    minimum: Expr
    span: Span | None = _span()


Statement = Union[
    Require, Minimize, Balance, CountWorked, DurationWorked, ConsecutiveWork,
    ConsecutiveOff, Weekends, Succession, Rest,
]


# ----------------------------------------------------------------------------- rules


@attrs.frozen
class Body:
    quantifiers: tuple[Quantifier, ...]
    statement: Statement
    guard: Expr | None = None  # the rule applies to a binding only where this holds


@attrs.frozen
class Rule:
    """A named rule. `kind` is "hard", "soft" or "assert". `weight` (soft only) may use
    the body's variables. `facts_only` is true when no `Works` occurs in it: it is
    checked on the data alone and each violator is listed."""

    name: str
    kind: str
    weight: Expr | None
    body: Body
    facts_only: bool
    index: int  # position in the program, for stable ordering
    span: Span | None = _span()


# ---------------------------------------------------------------- built-in rules

# Rules every roster meets unless the program relaxes them (`relax "one shift per
# day"`), by the names an author writes and a conflict prints.
ONE_SHIFT_PER_DAY = "one shift per day"
ONE_POST_PER_SHIFT = "one post per shift"
ONE_POST_PER_PERSON = "one post per person"

BUILT_IN_RULES = {
    ONE_SHIFT_PER_DAY: "a person works at most one shift a day",
    ONE_POST_PER_SHIFT: "a person holds at most one post in a shift",
    ONE_POST_PER_PERSON: "a person holds at most one post",
}


def built_in_rules(*, calendar: bool, posts: bool) -> tuple[str, ...]:
    """The built-in rules of a program of this shape: with a calendar, one shift per
    day (and, with posts, one post per shift); without one, one post per person."""
    if not calendar:
        return (ONE_POST_PER_PERSON,)
    return (ONE_SHIFT_PER_DAY, ONE_POST_PER_SHIFT) if posts else (ONE_SHIFT_PER_DAY,)


# --------------------------------------------------------------------------- program


@attrs.frozen
class Program:
    """A checked program, ready to ground. Tuples keep source order (stable output)."""

    files: tuple[str, ...]  # the main file first, then each `use`d file
    calendar: Calendar | None
    enums: tuple[EnumDecl, ...]
    kinds: tuple[KindDecl, ...]
    records: tuple[Record, ...]  # all records of all kinds, in source/data order
    shifts: tuple[ShiftDecl, ...]
    lets: tuple[LetDecl, ...]
    rules: tuple[Rule, ...]
    relaxed: frozenset[str] = frozenset()  # built-in rules the program relaxes

    def holds(self, built_in: str) -> bool:
        """Whether built-in rule `built_in` (one of BUILT_IN_RULES) binds rosters."""
        return built_in not in self.relaxed

    @property
    def staff_kind(self) -> KindDecl | None:
        return next((k for k in self.kinds if k.role == "staff"), None)

    @property
    def post_kind(self) -> KindDecl | None:
        return next((k for k in self.kinds if k.role == "post"), None)

    def records_of(self, kind: str) -> tuple[Record, ...]:
        return tuple(r for r in self.records if r.kind == kind)
