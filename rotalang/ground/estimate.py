"""The memory guard's estimate: how big a ground model will be, before grounding it.

From the sizes of the domains alone (each rule's instances as the size guard counts
them, `Grounder._estimate`, before any `where` narrows them), an upper bound on the
constraints and a rough count of their terms, per statement:

- counts and durations worked: the days of each period × the shifts × the posts;
- runs: the run's length and its two neighbours, per clause or window;
- successions and rests: the shifts of both days × the posts;
- any other expression: its `works` atoms, each over what it leaves open (any day,
  any shift, any post), times the domains of the aggregates around it.

`check_memory` turns it into bytes (`memory.estimate_bytes`) and refuses (E0501) a
program that would not fit in the memory grounding may use (`rotalang.memory.memory_room`).
"""

from __future__ import annotations

from rotalang import ir
from rotalang.diagnostics import Diagnostic, DiagnosticError
from rotalang.ground.errors import TOO_LARGE
from rotalang.ground.memory import estimate_bytes
from rotalang.memory import memory_room, room_words, size_words
from rotalang.ground.expr_walk import children


def check_memory(g) -> None:
    """Refuse, before grounding, a program whose ground model would not fit in the
    memory grounding may use (`g`: the Grounder, its tables built)."""
    room, source = memory_room()
    if room is None:
        return
    constraints, terms, largest = model_size(g)
    slots = len(g.slots.slots)
    need = estimate_bytes(slots, constraints, terms, largest)
    if need <= room:
        return
    s, days = g.slots, len(g.cal.days)
    parts = [f"{len(s.people):,} people"]
    if days:
        parts.append(f"{days:,} day{'s' if days != 1 else ''}")
    if s.shifts:
        parts.append(f"{len(s.shifts):,} shift{'s' if len(s.shifts) != 1 else ''}")
    if s.posts:
        parts.append(f"{len(s.posts):,} post{'s' if len(s.posts) != 1 else ''}")
    message = (f"grounding this program would take about {size_words(need)} of "
               f"memory, more than {room_words(room, source)}")
    calendar = f", shorten the calendar ({days:,} days)" if days > 1 else ""
    cal = g.program.calendar
    raise DiagnosticError(Diagnostic.error(
        TOO_LARGE, message, cal.span if cal is not None else None,
        label=(f"{' × '.join(parts)} = {slots:,} slots; about {constraints:,} "
               f"constraints with {terms:,} terms"),
        help=f"split the staff into smaller programs{calendar}, or raise --memory-limit "
             "(MB) if the machine has more memory to give",
        notes=["the estimate counts every rule's instances before `where` narrows them",
               "Python callers can change the limit: "
               "`rotalang.memory.set_memory_limit(bytes)`"]))


def built_in_sizes(program: ir.Program, people: int, days: int, shifts: int,
                   posts: int) -> list[tuple[str, int]]:
    """[(built-in rule, how many instances it has)] for the ones this program grounds:
    those it does not relax, where a person has two or more cells to choose from."""
    if program.calendar is None:
        held = program.holds(ir.ONE_POST_PER_PERSON) and posts > 1
        return [(ir.ONE_POST_PER_PERSON, people)] if held else []
    out = []
    if program.holds(ir.ONE_SHIFT_PER_DAY) and shifts > 1:
        out.append((ir.ONE_SHIFT_PER_DAY, people * max(days, 1)))
    if program.holds(ir.ONE_POST_PER_SHIFT) and posts > 1:
        out.append((ir.ONE_POST_PER_SHIFT, people * max(days, 1) * shifts))
    return out


def model_size(g) -> tuple[int, int, int]:
    """(constraints, terms, terms of the largest rule): about how many the ground model
    will have — at most what the size guard lets through (`max_constraints`,
    `max_terms`). A rule the size guard refuses before grounding it makes nothing,
    and is left out."""
    constraints = terms = largest = 0
    days = max(len(g.cal.days), 1)
    for rule in g.program.rules:
        n = g._estimate(rule)
        if n > g.max_constraints:
            continue
        bindings = 1
        for b in (b for q in rule.body.quantifiers for b in q.binders):
            bindings *= g._domain_size(b.domain, days)[0]
        constraints += n
        made = bindings * _terms_each(g, rule)
        terms += made
        largest = max(largest, made)
    s = g.slots
    for _, structure in built_in_sizes(g.program, len(s.people), days, len(s.shifts),
                                       len(s.posts)):
        if structure <= g.max_constraints:
            constraints += structure
            terms += structure * len(s.shift_range) * len(s.post_range)
    return (min(constraints, g.max_constraints), min(terms, g.max_terms),
            min(largest, g.max_terms))


def _terms_each(g, rule: ir.Rule) -> int:
    """About how many terms one binding of `rule` makes, in all its constraints."""
    s = g.slots
    days = max(len(g.cal.days), 1)
    shifts, posts = len(s.shift_range), len(s.post_range)
    stmt = rule.body.statement
    t = type(stmt)
    if t in (ir.CountWorked, ir.DurationWorked):
        period = stmt.period
        covered = days * (period.days if type(period) is ir.AnyWindow else 1)
        bounds = (stmt.bound.lo is not None) + (stmt.bound.hi is not None)
        if getattr(stmt, "unit", None) == "days":
            return covered * bounds
        chosen = shifts if getattr(stmt, "shifts", None) is None else _shifts(g, stmt.shifts)
        return covered * chosen * posts * bounds
    if t in (ir.ConsecutiveWork, ir.ConsecutiveOff):
        lo, hi = (b.value if isinstance(b, ir.Lit) and isinstance(b.value, int) else None
                  for b in (stmt.bound.lo, stmt.bound.hi))
        out = 0
        if lo is not None and lo > 1:  # clauses of (length + 2) literals, lengths < lo
            out += days * (lo - 1) * (lo // 2 + 2)
        if hi is not None:  # windows of hi + 1 days
            out += days * (hi + 1)
        if lo is None and hi is None:  # bounds from the data: a run of a week
            out = days * 9
        return max(out, 1)
    if t is ir.Weekends:
        weeks = max(len(g.cal.weeks), 1)
        n = stmt.window_weeks
        return weeks if n is None or n >= weeks else (weeks - n + 1) * n
    if t is ir.Succession:
        return days * (_shifts(g, stmt.first) + _shifts(g, stmt.then)) * posts
    if t is ir.Rest:
        return days * shifts * (1 + shifts) * posts
    if t is ir.Balance:
        size, _ = g._domain_size(stmt.binder.domain, days)
        return size * expression_terms(g, stmt.expr)
    expr = getattr(stmt, "expr", None)
    return expression_terms(g, expr) if expr is not None else 1


def expression_terms(g, e) -> int:
    """About how many terms an expression contributes (at least 1)."""
    return max(_terms(g, e), 1)


def _terms(g, e) -> int:
    s = g.slots
    t = type(e)
    if t is ir.Works:
        days = 1 if e.day is not None else len(s.day_range)
        chosen = len(s.shift_range) if e.shifts is None else _shifts(g, e.shifts)
        posts = 1 if e.post is not None else len(s.post_range)
        return max(days, 1) * chosen * posts
    if t is ir.Aggregate:
        size = 1
        for b in e.binders:
            size *= g._domain_size(b.domain, max(len(g.cal.days), 1))[0]
        inner = sum(_terms(g, x) for x in (e.where, e.expr) if x is not None)
        return size * inner
    if t is ir.Call and e.function in ("shifts", "hours"):
        chosen = _shifts(g, e.args[1]) if len(e.args) > 1 else len(s.shift_range)
        return len(s.day_range) * chosen * len(s.post_range)
    return sum(_terms(g, child) for child in children(e))


def _shifts(g, expr) -> int:
    """How many shifts a shift expression names: computed when it uses no variable
    (a shift or a set of them), else every shift."""
    every = len(g.slots.shift_range)
    if expr is None:
        return every
    if g.ev.free_of(expr):  # one shift, or a set of them
        return 1 if getattr(expr.type, "name", None) == "shift" else every
    try:
        return len(g.ev.shift_indices(g.ev.eval(expr, {}))) or 1
    except Exception:  # noqa: BLE001 - an estimate: the grounder reports the error
        return every
