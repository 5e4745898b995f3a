"""Availability lines → hard rules: `张丽 unavailable 2025-02-12 to 2025-02-14`,
`王强 leaves 2025-02-15`, `李娜 joins 2025-02-10`.

A sick call is one line, and it must read as one in a conflict: each line becomes a
hard rule named after it (`张丽 unavailable 2025-02-12..02-14`), with one instance per
day, `each day d in {…}: 张丽 is off on d`. The person is checked like any person in a
rule (unknown names get a did-you-mean); dates outside the calendar are dropped, and a
line left with no day of the calendar is W0512, since it changes nothing.
"""

from __future__ import annotations

import datetime

from rotalang import ir
from rotalang.check import types as T
from rotalang.check.expressions import Context, ExprChecker
from rotalang.check.scope import Scope
from rotalang.syntax import ast

ONE_DAY = datetime.timedelta(days=1)


def availability_rules(ctx: Context, items: list[ast.Availability],
                       calendar: ir.Calendar | None, first_index: int) -> list[ir.Rule]:
    out: list[ir.Rule] = []
    for item in items:
        rule = _rule(ctx, item, calendar, first_index + len(out))
        if rule is not None:
            out.append(rule)
    return out


def _rule(ctx: Context, item: ast.Availability, calendar: ir.Calendar | None,
          index: int) -> ir.Rule | None:
    ex = ExprChecker(ctx)
    person = ex.person(ast.Name(item.person.name, span=item.person.span), Scope())
    if calendar is None:
        ctx.diags.error("E0313", f"`{item.how}` needs a calendar", item.span,
                        label="no days to be away on",
                        help="declare the horizon: `calendar from 2025-02-10 to 2025-02-23`")
        return None
    days = _days(ctx, item, calendar)
    if days is None or T.is_error(person.type):  # the error is reported
        return None
    name = f"{item.person.name} {item.how} {_range_text(item)}"
    if not days:
        ctx.diags.warning("W0512", f"{name} has no day in the calendar "
                          f"({calendar.start} to {calendar.end})", item.span,
                          label="outside the calendar", help="check the dates, or remove the line")
        return None
    day = ctx.new_var("d", ir.DATE, item.span)
    dates = ir.SetLit(tuple(ir.Lit(d, ir.DATE, span=item.span) for d in days),
                      ir.set_type(ir.DATE), span=item.span)
    works = ir.Works(person, None, ir.VarRef(day, span=item.span), None, span=item.span)
    body = ir.Body((ir.Quantifier((ir.Binder(day, ir.DayDomain(dates), span=item.span),),
                                  None, span=item.span),),
                   ir.Require(ir.Not(works, span=item.span), span=item.span))
    return ir.Rule(name, "hard", None, body, False, index, span=item.span)


def _days(ctx: Context, item: ast.Availability, cal: ir.Calendar) -> list | None:
    """The calendar days the line takes the person away on, in order (None after an
    error)."""
    found: set[datetime.date] = set()
    for span in item.dates:
        if item.how == "leaves":
            first, last = span.first, cal.end
        elif item.how == "joins":
            first, last = cal.start, span.first - ONE_DAY
        else:
            first, last = span.first, span.last or span.first
        if last < first and item.how == "unavailable":
            ctx.diags.error("E0317", f"the dates run backwards: {span.first} to {span.last}",
                            span.span, label="ends before it starts",
                            help=f"write `{span.last} to {span.first}`")
            return None
        d = max(first, cal.start)
        while d <= min(last, cal.end):
            found.add(d)
            d += ONE_DAY
    return sorted(found)


def _range_text(item: ast.Availability) -> str:
    """`2025-02-12..02-14, 2025-02-20`: the dates as the line gives them."""
    parts = []
    for span in item.dates:
        if span.last is None or span.last == span.first:
            parts.append(span.first.isoformat())
        else:
            end = span.last.isoformat()[5:] if span.last.year == span.first.year \
                else span.last.isoformat()
            parts.append(f"{span.first.isoformat()}..{end}")
    return ", ".join(parts)

