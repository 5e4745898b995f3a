"""A stable, readable text form of the typed IR: what `rotalang ir FILE` prints.

One line per declaration and per rule, in source order; records are summarised by
kind (a count and the first few). Rules read close to their source, with every sugar
already removed by the checker (implicit `each` binders made explicit, `is off` as
`not works(...)`, `R of E` as `R * E`, `unless G` as `when not G`). The assignment
atom prints as `works(person, shifts, day, post)` with `*` for "any".

    rule 每班至少两人 (hard, line 14): each 卡口 k, day d, shift s: count(人员 p where works(p, s, d, k)) >= 2 : bool

Expressions are parenthesised by precedence, so the text parses back the same way.
"""

from __future__ import annotations

from rotalang import ir, values
from rotalang.values import Duration, TimeOfDay

RECORDS_SHOWN = 3


def format_program(program: ir.Program) -> str:
    lines: list[str] = []
    main = program.files[0] if program.files else None
    lines.append(f"program {main}" if main else "program")
    for used in program.files[1:]:
        lines.append(f"use {used}")
    if program.calendar is not None:
        lines.append(format_calendar(program.calendar))
    for enum in program.enums:
        ordered = " ordered" if enum.ordered else ""
        lines.append(f"enum {enum.name}{ordered} {{ {', '.join(enum.values)} }}")
    for kind in program.kinds:
        lines.append(format_kind(kind))
    for shift in program.shifts:
        lines.append(format_shift(shift))
    for let in program.lets:
        lines.append(f"let {let.name} = {format_expr(let.expr)} : {let.type}")
    if program.relaxed:  # in the built-in rules' own order, not the source's
        relaxed = [n for n in ir.BUILT_IN_RULES if n in program.relaxed]
        lines.append("relax " + ", ".join(f'"{n}"' for n in relaxed))
    by_kind: dict[str, list[ir.Record]] = {}
    for record in program.records:
        by_kind.setdefault(record.kind, []).append(record)
    for kind in program.kinds:
        records = by_kind.get(kind.name, [])
        lines.append(f"records {kind.name}: {len(records)}")
        for record in records[:RECORDS_SHOWN]:
            lines.append("  " + format_record(record))
        if len(records) > RECORDS_SHOWN:
            lines.append(f"  … {len(records) - RECORDS_SHOWN} more")
    for rule in program.rules:
        lines.append(format_rule(rule, main))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------- declarations


def format_calendar(cal: ir.Calendar) -> str:
    days = (cal.end - cal.start).days + 1
    text = f"calendar {cal.start} to {cal.end} ({days} days), weekend {', '.join(cal.weekend)}"
    if cal.holidays:
        text += ", holidays " + ", ".join(str(d) for d in sorted(cal.holidays))
    return text


def format_kind(kind: ir.KindDecl) -> str:
    parts = []
    for a in kind.attributes:
        text = f"{a.name}: {a.type}{'?' if a.optional else ''}"
        if a.default is not None:
            text += f" = {format_value(a.default)}"
        parts.append(text)
    return f"{kind.role} {kind.name} {{ {', '.join(parts)} }}" if parts else \
        f"{kind.role} {kind.name} {{}}"


def format_shift(shift: ir.ShiftDecl) -> str:
    if shift.start is not None and shift.end is not None:
        times = f"{TimeOfDay(shift.start)}-{TimeOfDay(shift.end)} "
    else:
        times = ""
    text = f"shift {shift.name} {times}({Duration(shift.length)})"
    if shift.crosses_midnight:
        text += " crosses midnight"
    return text + f' code "{shift.code}"'


def format_record(record: ir.Record) -> str:
    if not record.values:
        return record.name
    values = ", ".join(f"{k}: {format_value(v)}" for k, v in record.values)
    return f"{record.name} {{ {values} }}"


def format_value(value: object) -> str:
    """A value as a literal: texts quoted, ratios as written (`94%`), sets in braces."""
    return values.format_value(value, literal=True)


# ---------------------------------------------------------------------------- rules


def format_rule(rule: ir.Rule, main_file: str | None = None) -> str:
    where = ""
    if rule.span is not None:
        where = f"line {rule.span.start_line}" if rule.span.file == main_file or \
            main_file is None else f"{rule.span.file}:{rule.span.start_line}"
    tags = [rule.kind] + ([where] if where else [])
    if rule.facts_only:
        tags.append("facts only")
    head = f"{'assert' if rule.kind == 'assert' else 'rule'} {rule.name} ({', '.join(tags)})"
    if rule.weight is not None:
        head += f" weight {format_expr(rule.weight)}"
    return f"{head}: {format_body(rule.body)}"


def format_body(body: ir.Body) -> str:
    parts = [format_quantifier(q) for q in body.quantifiers]
    text = format_statement(body.statement)
    if body.guard is not None:
        text += f" when {format_expr(body.guard, _PREC['when'])}"
    return " ".join(parts + [text])


def format_quantifier(q: ir.Quantifier) -> str:
    text = "each " + ", ".join(format_binder(b) for b in q.binders)
    if q.where is not None:
        text += f" where {format_expr(q.where)}"
    return text + ":"


def format_binder(b: ir.Binder) -> str:
    d, name = b.domain, b.var.name
    if isinstance(d, ir.KindDomain):
        return f"{d.kind} {name}"
    if isinstance(d, ir.EnumDomain):
        return f"{d.enum} {name}"
    if isinstance(d, ir.DayDomain):
        return f"day {name}" + (f" in {format_expr(d.within, _PREC['cmp'])}" if d.within else "")
    if isinstance(d, ir.ShiftDomain):
        return f"shift {name}"
    if isinstance(d, ir.WeekDomain):
        return f"week {name}"
    if isinstance(d, ir.WeekendDomain):
        return f"weekend {name}"
    if isinstance(d, ir.WindowDomain):
        return f"any {d.length} days {name}"
    raise TypeError(f"unknown domain {d!r}")


def format_bound(b: ir.Bound) -> str:
    lo = format_expr(b.lo) if b.lo is not None else None
    hi = format_expr(b.hi) if b.hi is not None else None
    if lo is not None and hi is not None:
        return f"exactly {lo}" if b.lo == b.hi else f"between {lo} and {hi}"
    return f"at least {lo}" if lo is not None else f"at most {hi}"


def format_period(p: ir.Period) -> str:
    if isinstance(p, ir.Horizon):
        return "in total"
    if isinstance(p, ir.PerWeek):
        return "per week"
    if isinstance(p, ir.AnyWindow):
        return f"in any {p.days} days"
    return f"in {format_expr(p.days, _PREC['cmp'])}"


def format_statement(s: ir.Statement) -> str:
    if isinstance(s, ir.Require):
        return f"{format_expr(s.expr)} : {s.expr.type}"
    if isinstance(s, ir.Minimize):
        return f"minimize {format_expr(s.expr)} : {s.expr.type}"
    if isinstance(s, ir.Balance):
        text = f"balance {format_expr(s.expr)} across {format_binder(s.binder)}"
        return text + (f" where {format_expr(s.where)}" if s.where is not None else "")
    person = format_expr(s.person, _PREC["postfix"])
    if isinstance(s, ir.CountWorked):
        shifts = f" {format_expr(s.shifts, _PREC['postfix'])}" if s.shifts is not None else ""
        return f"{person} works {format_bound(s.bound)}{shifts} {s.unit} {format_period(s.period)}"
    if isinstance(s, ir.DurationWorked):
        return f"{person} works {format_bound(s.bound)} {format_period(s.period)}"
    if isinstance(s, ir.ConsecutiveWork):
        return f"{person} works {format_bound(s.bound)} consecutive days"
    if isinstance(s, ir.ConsecutiveOff):
        return f"{person} has {format_bound(s.bound)} consecutive days off"
    if isinstance(s, ir.Weekends):
        window = f" in any {s.window_weeks} weeks" if s.window_weeks else ""
        return f"{person} works {format_bound(s.bound)} weekends{window}"
    if isinstance(s, ir.Succession):
        return (f"no {format_expr(s.first, _PREC['postfix'])} followed by "
                f"{format_expr(s.then, _PREC['postfix'])} for {person}")
    if isinstance(s, ir.Rest):
        return f"rest at least {format_expr(s.minimum)} between shifts for {person}"
    raise TypeError(f"unknown statement {s!r}")


# ---------------------------------------------------------------------- expressions

_PREC = {"when": 0, "if": 1, "or": 2, "and": 3, "not": 4, "cmp": 5, "in": 6, "+": 7,
         "-": 7, "*": 8, "/": 8, "neg": 9, "postfix": 10, "atom": 11}


def format_expr(e: ir.Expr, context: int = 0) -> str:
    """`e` as text, parenthesised when its precedence is below `context`."""
    text, prec = _expr(e)
    return f"({text})" if prec < context else text


def _expr(e: ir.Expr) -> tuple[str, int]:
    P = _PREC
    if isinstance(e, ir.Lit):
        return format_value(e.value), P["atom"]
    if isinstance(e, ir.VarRef):
        return e.var.name, P["atom"]
    if isinstance(e, ir.LetRef):
        return e.name, P["atom"]
    if isinstance(e, ir.Attr):
        return f"{format_expr(e.obj, P['postfix'])}.{e.name}", P["postfix"]
    if isinstance(e, ir.Arith):
        p = P[e.op]
        return f"{format_expr(e.left, p)} {e.op} {format_expr(e.right, p + 1)}", p
    if isinstance(e, ir.Neg):
        return f"-{format_expr(e.operand, P['neg'])}", P["neg"]
    if isinstance(e, ir.Compare):
        p = P["cmp"]
        return f"{format_expr(e.left, p + 1)} {e.op} {format_expr(e.right, p + 1)}", p
    if isinstance(e, ir.And):
        p = P["and"]
        return " and ".join(format_expr(i, p + 1) for i in e.items), p
    if isinstance(e, ir.Or):
        p = P["or"]
        return " or ".join(format_expr(i, p + 1) for i in e.items), p
    if isinstance(e, ir.Not):
        return f"not {format_expr(e.operand, P['not'])}", P["not"]
    if isinstance(e, ir.Implies):
        p = P["if"]
        return (f"if {format_expr(e.condition, p + 1)} then "
                f"{format_expr(e.consequence, p)}"), p
    if isinstance(e, ir.Member):
        p = P["in"]
        return f"{format_expr(e.element, p + 1)} in {format_expr(e.collection, p + 1)}", p
    if isinstance(e, ir.DateIs):
        return f"{format_expr(e.date, P['in'] + 1)} is {e.what}", P["in"]
    if isinstance(e, ir.SetLit):
        return "{" + ", ".join(format_expr(i) for i in e.items) + "}", P["atom"]
    if isinstance(e, ir.Works):
        parts = [e.person, e.shifts, e.day, e.post]
        return "works(" + ", ".join("*" if x is None else format_expr(x) for x in parts) + ")", \
            P["atom"]
    if isinstance(e, ir.Aggregate):
        binders = ", ".join(format_binder(b) for b in e.binders)
        where = f" where {format_expr(e.where)}" if e.where is not None else ""
        if e.expr is not None:
            return f"{e.op}({format_expr(e.expr)} for {binders}{where})", P["atom"]
        return f"{e.op}({binders}{where})", P["atom"]
    if isinstance(e, ir.Call):
        return f"{e.function}({', '.join(format_expr(a) for a in e.args)})", P["atom"]
    raise TypeError(f"unknown expression {e!r}")
