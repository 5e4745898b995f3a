"""The surface syntax tree: one attrs class per construct of docs/design.md (v1).

Read top to bottom: program and declarations, data, rules and binders, statements,
expressions. Every node has a `span` (keyword-only, ignored by `==` and `repr`), so
two parses of the same text compare equal whatever the layout.

Values in literals are exact: ints are `int`, decimals / percents / per-mille are
`fractions.Fraction`, durations and times of day are whole minutes (`int`), dates are
`datetime.date`. Names that the checker must resolve stay strings (in `Ident` where the
name is being declared or bound, in `Name` where it is used in an expression).
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from typing import Union

import attrs

from rotalang.diagnostics import Span


def _span():
    return attrs.field(eq=False, repr=False, kw_only=True)


node = attrs.frozen  # every node: immutable, equality by fields except `span`


@node
class Ident:
    """A name at the place it is declared or bound (`人员` in `staff 人员 {…}`)."""
    name: str
    span: Span = _span()


# ------------------------------------------------------------------ declarations
@node
class Use:
    """`use "common.rota"` — include another file (path relative to this one)."""
    path: str
    span: Span = _span()


@node
class Calendar:
    """`calendar from D1 to D2` — the horizon, both ends inclusive."""
    start: datetime.date
    end: datetime.date
    span: Span = _span()


@node
class CalendarFile:
    """`calendar from "日历.csv"`: the horizon as a table, one row per date (then
    `holiday` and `note` columns); the checker reads it into a Calendar and Holidays."""
    path: str
    span: Span = _span()


@node
class Holidays:
    """`holidays D, D, …`"""
    dates: tuple[datetime.date, ...]
    span: Span = _span()


@node
class WeekendDecl:
    """`weekend sat, sun` — which weekdays form a weekend (names resolved later)."""
    days: tuple[Ident, ...]
    span: Span = _span()


@node
class Relax:
    """`relax "one shift per day"`: built-in rules this program does without (each
    name as written, quotes removed, at its own span)."""
    rules: tuple[Ident, ...]
    span: Span = _span()


@node
class DateSpan:
    """`2025-02-12 to 2025-02-14`, or one date (`last` is None)."""
    first: datetime.date
    last: datetime.date | None
    span: Span = _span()


@node
class Availability:
    """`张丽 unavailable 2025-02-12 to 2025-02-14, 2025-02-20`, `王强 leaves 2025-02-15`
    (off from that day on), `李娜 joins 2025-02-10` (off before it). `how` is
    "unavailable", "leaves" or "joins"."""
    person: Ident
    how: str
    dates: tuple[DateSpan, ...]
    span: Span = _span()


@node
class AvailabilityFile:
    """`unavailable from "请假.csv"`: absences as a table, one row per `unavailable`
    line (availability_table.py)."""
    path: str
    span: Span = _span()


@node
class EnumDecl:
    """`enum 身份 { 党员干部, 医务人员 }`; `enum 学历 ordered { 小学, 初中, 高中 }`
    (`ordered`: its values compare in the order written)."""
    name: Ident
    values: tuple[Ident, ...]
    span: Span = _span()
    ordered: bool = False


@node
class TypeName:
    """An attribute type by name: `int`, `date`, `shift`, an enum or kind name."""
    name: str
    span: Span = _span()


@node
class SetType:
    """`set of T`"""
    element: "TypeRef"
    span: Span = _span()


TypeRef = Union[TypeName, SetType]


@node
class Attribute:
    """`身份: 身份` or `本地: bool = true` inside a kind declaration; `到达日期: date?`
    (`optional`) may be left empty."""
    name: Ident
    type: TypeRef
    default: "Expr | None"
    span: Span = _span()
    optional: bool = False


@node
class KindDecl:
    """`staff 人员 {…}`, `post 卡口 {…}`, `kind 村 {…}`; role is the keyword used.
    The braces are optional (`post 卡口` declares a kind with no attributes)."""
    role: str  # "staff" | "post" | "kind"
    name: Ident
    attributes: tuple[Attribute, ...]
    span: Span = _span()


@node
class ShiftFile:
    """`shift from "班次.csv"`: the shifts as a table, one row per shift (name, then
    `start`, `end`, `length`, `code` columns); the checker reads it into ShiftDecls."""
    path: str
    span: Span = _span()


@node
class ShiftDecl:
    """`shift 夜班 22:00-06:00 [length 8h] [code "夜"]`. Times are minutes since
    midnight (`24:00` is 1440); `end < start` means the shift crosses midnight.
    `length` is the written length in minutes, if any (else derived by the checker)."""
    name: Ident
    start: int | None
    end: int | None
    length: int | None
    code: str | None
    span: Span = _span()


@node
class LetDecl:
    """`let 目标 = 5.32‰` — a named constant."""
    name: Ident
    value: "Expr"
    span: Span = _span()


# -------------------------------------------------------------------------- data
@node
class DataFile:
    """`人员 from "人员.csv"` (or `.json`)."""
    kind: Ident
    path: str
    span: Span = _span()


@node
class Field:
    """`身份: 医务人员` inside a record."""
    name: Ident
    value: "Expr"
    span: Span = _span()


@node
class Record:
    """`张丽 { 身份: 医务人员, … }` (fields optional)."""
    name: Ident
    fields: tuple[Field, ...]
    span: Span = _span()


@node
class DataRecords:
    """`卡口 东关, 西关` or `人员 张丽 {…}, 王伟 {…}` — inline records of one kind."""
    kind: Ident
    records: tuple[Record, ...]
    span: Span = _span()


# ------------------------------------------------------------- rules and binders
@node
class Binder:
    """One binder of a quantifier or aggregate.

    kind = "records": `人员 p` (domain is the kind or enum name)
           "day":     `day d` or `day d in W` (within = W)
           "week" | "weekend" | "shift": `week w`, `weekend w`, `shift s`
           "window":  `any 7 days w` (window = 7)
    """
    kind: str
    name: Ident
    domain: Ident | None = None
    within: "Expr | None" = None
    window: int | None = None
    span: Span = _span()


@node
class Quantifier:
    """`each B1, B2 where C:`. A `where` after an earlier group of binders
    (`each B1 where C1, B2 where C2:`) makes one Quantifier per group, in order, each
    filtering its own binders — the same as `each B1 where C1: each B2 where C2:`."""
    binders: tuple[Binder, ...]
    where: "Expr | None"
    span: Span = _span()


@node
class Guard:
    """`when C` or `unless C` after a rule's statement."""
    kind: str  # "when" | "unless"
    cond: "Expr"
    span: Span = _span()


@node
class Rule:
    """`rule N: …`, `soft rule N weight W: …`, `assert N: …`.
    kind is "hard" | "soft" | "assert"; weight only for soft rules."""
    name: Ident
    kind: str
    weight: "Expr | None"
    quantifiers: tuple[Quantifier, ...]
    statement: "Statement"
    guard: Guard | None
    span: Span = _span()


# -------------------------------------------------------------------- statements
@node
class Bound:
    """`at most E` (kind "max", hi=E), `at least E` ("min", lo=E), `exactly E`
    ("exact", lo=hi=E), `between A and B` ("between", lo=A, hi=B)."""
    kind: str
    lo: "Expr | None"
    hi: "Expr | None"
    span: Span = _span()


@node
class Period:
    """`per week` ("week"), `in any N days` ("window", days=N), `in total` ("total"),
    `in E` ("in", within=E). A statement with no period has `period=None` (= total)."""
    kind: str
    days: int | None = None
    within: "Expr | None" = None
    span: Span = _span()


@node
class ExprStmt:
    """A boolean expression that must hold."""
    expr: "Expr"
    span: Span = _span()


@node
class Minimize:
    """`minimize E` (soft rules only)."""
    expr: "Expr"
    span: Span = _span()


@node
class Balance:
    """`balance E across B [where C]` (soft rules only)."""
    expr: "Expr"
    binder: Binder
    where: "Expr | None"
    span: Span = _span()


@node
class WorksCount:
    """`[P] works BOUND [SHIFTS] shifts|days [PERIOD]`; unit is "shifts" | "days"."""
    subject: "Expr | None"
    bound: Bound
    shifts: "Expr | None"
    unit: str
    period: Period | None
    span: Span = _span()


@node
class WorksDuration:
    """`[P] works BOUND [PERIOD]` with a duration bound: total length worked."""
    subject: "Expr | None"
    bound: Bound
    period: Period | None
    span: Span = _span()


@node
class ConsecutiveWork:
    """`[P] works BOUND consecutive days`"""
    subject: "Expr | None"
    bound: Bound
    span: Span = _span()


@node
class ConsecutiveOff:
    """`[P] has BOUND consecutive days off`"""
    subject: "Expr | None"
    bound: Bound
    span: Span = _span()


@node
class Weekends:
    """`[P] works BOUND weekends [in any N weeks]` (weeks=None: the whole horizon)."""
    subject: "Expr | None"
    bound: Bound
    weeks: int | None
    span: Span = _span()


@node
class Succession:
    """`no A followed by B` — B may not be worked the day after A."""
    first: "Expr"
    then: "Expr"
    span: Span = _span()


@node
class Rest:
    """`rest at least D between shifts`"""
    minimum: "Expr"
    span: Span = _span()


Statement = Union[ExprStmt, Minimize, Balance, WorksCount, WorksDuration,
                  ConsecutiveWork, ConsecutiveOff, Weekends, Succession, Rest]


# ------------------------------------------------------------------- expressions
@node
class Literal:
    """A literal. kind and value:
    "int" → int; "ratio" → Fraction (2.5, 94%, 5.32‰); "duration" → int minutes;
    "date" → datetime.date; "time" → int minutes since midnight; "text" → str;
    "bool" → bool. `text` is the literal as written (for messages)."""
    kind: str
    value: int | Fraction | datetime.date | str | bool
    text: str = attrs.field(eq=False)
    span: Span = _span()


@node
class Name:
    """A name used in an expression (a let, binder, record, enum value, shift…)."""
    name: str
    span: Span = _span()


@node
class Attr:
    """`E.attr` — an attribute, or a built-in like `s.length`, `d.weekday`, `d.week`."""
    obj: "Expr"
    attr: str
    span: Span = _span()


@node
class Unary:
    """`-E`"""
    op: str
    operand: "Expr"
    span: Span = _span()


@node
class Binary:
    """`A + B`, `A - B`, `A * B`, `A / B`"""
    op: str
    left: "Expr"
    right: "Expr"
    span: Span = _span()


@node
class RatioOf:
    """`R of E` (= R × E): `50% of count(…)`"""
    ratio: "Expr"
    expr: "Expr"
    span: Span = _span()


@node
class Compare:
    """`A op B` with op in = != < <= > >= (not chainable)."""
    op: str
    left: "Expr"
    right: "Expr"
    span: Span = _span()


@node
class Between:
    """`X between A and B` as a condition: A <= X <= B, both ends included (the checker
    reads it as `A <= X and X <= B`). A count bound `works between A and B shifts` is a
    `Bound`, not this."""
    value: "Expr"
    lo: "Expr"
    hi: "Expr"
    span: Span = _span()


@node
class Logic:
    """op "and" / "or" (operands flattened, two or more), "not" (one operand),
    "implies" (`if A then B`: two operands)."""
    op: str
    operands: tuple["Expr", ...]
    span: Span = _span()


@node
class In:
    """`X in S` / `X not in S`"""
    element: "Expr"
    collection: "Expr"
    negated: bool
    span: Span = _span()


@node
class DateIs:
    """`D is weekend`, `D is holiday`, `D is mon` (what is the word), `D is not …`."""
    subject: "Expr"
    what: Ident
    negated: bool
    span: Span = _span()


@node
class Works:
    """`P works [SHIFTS] [on D] [at K]`; `P is off [SHIFTS] on D` has negated=True.
    An omitted part (None) means "any"."""
    person: "Expr"
    shifts: "Expr | None"
    day: "Expr | None"
    post: "Expr | None"
    negated: bool
    span: Span = _span()


@node
class Aggregate:
    """kind "count": `count(B… [where C])` (expr None);
    "sum" | "min" | "max": `sum(E for B… [where C])`;
    "some" | "none": `some(B… where C)` (expr None, where = C)."""
    kind: str
    expr: "Expr | None"
    binders: tuple[Binder, ...]
    where: "Expr | None"
    span: Span = _span()


@node
class Call:
    """`f(args)`: shifts(P[, S]), hours(P), days(D1, D2), abs(E), len(S), …"""
    name: str
    args: tuple["Expr", ...]
    span: Span = _span()


@node
class SetLiteral:
    """`{A, B, …}` (possibly empty)."""
    items: tuple["Expr", ...]
    span: Span = _span()


Expr = Union[Literal, Name, Attr, Unary, Binary, RatioOf, Compare, Between, Logic, In,
             DateIs, Works, Aggregate, Call, SetLiteral]

Item = Union[Use, Calendar, CalendarFile, Holidays, WeekendDecl, EnumDecl, KindDecl, ShiftDecl,
             ShiftFile, LetDecl, DataFile, DataRecords, Relax, Availability,
             AvailabilityFile, Rule]


@node
class Program:
    """A parsed file: its items in source order."""
    items: tuple[Item, ...]
    span: Span = _span()
