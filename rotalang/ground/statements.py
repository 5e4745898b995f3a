"""One function per IR statement: the ground formulas of one rule instance.

Each function receives the grounding context (`ctx`: evaluator, slots, calendar,
auxiliaries), the statement and the binding environment, and yields
`(extra_binding, formula)` pairs — one per period part, window, run or day — which the
grounder turns into constraints. Minimize and Balance are handled by the grounder
itself because they produce objective terms, not formulas.
"""

from __future__ import annotations

from rotalang import ir
from rotalang.ground.calendar import check_window_length
from rotalang.ground.errors import BAD_VALUE, UNSUPPORTED, fail
from rotalang.ground.model import Cmp, Lin, Or
from rotalang.ground.symbolic import (
    FALSE, TRUE, Sym, atom, make_cmp, mk_not, mk_or, negated, side, unit_terms,
)


def require(ctx, stmt: ir.Require, env):
    yield (), ctx.ev.formula(ctx.ev.eval(stmt.expr, env), stmt.expr)


def count_worked(ctx, stmt: ir.CountWorked, env):
    ev, slots = ctx.ev, ctx.slots
    p = ev.person_of(stmt.person, env)
    shifts = slots.shift_range if stmt.shifts is None else \
        ev.shift_indices(ev.eval(stmt.shifts, env))
    bounds = bound_parts(ctx, stmt.bound, env)
    what = ctx.words(p, f"{stmt.unit} worked by {{}}")
    for extra, days in periods(ctx, stmt.period, env, stmt):
        if stmt.unit == "days":
            lhs = Sym({})
            for d in days:
                var = ctx.day_var(p, d, shifts)
                if var is not None:
                    lhs.terms[var] = 1
        else:
            lhs = Sym({v: 1 for v in slots.vars_of(p, days, shifts, slots.post_range)})
        ev.work += len(lhs.terms)
        for op, value in bounds:
            yield extra, make_cmp(lhs, op, value, "count", what)


def duration_worked(ctx, stmt: ir.DurationWorked, env):
    ev, slots = ctx.ev, ctx.slots
    p = ev.person_of(stmt.person, env)
    if slots.static:
        raise fail(UNSUPPORTED, "time worked needs a calendar and shifts", stmt.span)
    lengths = [ctx.shift_length(i) for i in range(len(slots.shifts))]
    bounds = bound_parts(ctx, stmt.bound, env)
    what = ctx.words(p, "time worked by {}")
    for extra, days in periods(ctx, stmt.period, env, stmt):
        found = slots.vars_of(p, days, slots.shift_range, slots.post_range)
        ev.work += len(found)
        shift_of = slots.shift_of
        lhs = Sym({v: lengths[shift_of(v)] for v in found})
        for op, value in bounds:
            yield extra, make_cmp(lhs, op, value, "minutes", what)


def consecutive_work(ctx, stmt: ir.ConsecutiveWork, env):
    yield from _runs(ctx, stmt, env, working=True)


def consecutive_off(ctx, stmt: ir.ConsecutiveOff, env):
    yield from _runs(ctx, stmt, env, working=False)


def _runs(ctx, stmt, env, working: bool):
    """Maximum runs: every window of hi+1 days breaks the run. Minimum runs: for each
    too-short run with a neighbour on both sides inside the horizon, a clause
    forbidding exactly that pattern (O(days × lo) clauses per person)."""
    ev = ctx.ev
    p = ev.person_of(stmt.person, env)
    days = ctx.cal.days
    n = len(days)
    on = [ctx.day_var(p, d, ctx.slots.shift_range) for d in range(n)]
    lo, hi = _run_bounds(ctx, stmt.bound, env)

    def works(d):  # the formula "p works on day d" (False when p has no slot that day)
        return atom(on[d]) if on[d] is not None else FALSE

    span_binding = ctx.span_binding

    if hi is not None:
        for start in range(0, n - hi):
            window = range(start, start + hi + 1)
            ev.work += hi + 1
            if working:  # at most hi of any hi+1 consecutive days worked
                lhs = Sym({on[d]: 1 for d in window if on[d] is not None})
                yield span_binding(start, start + hi), make_cmp(
                    lhs, "<=", hi, "count", ctx.words(p, "days {} works in a row"))
            else:  # some day of any hi+1 consecutive days worked
                yield span_binding(start, start + hi), mk_or([works(d) for d in window])
    if lo is not None and lo > 1:
        for start in range(1, n - 1):
            for length in range(1, lo):
                end = start + length  # the neighbour after the run
                if end > n - 1:
                    break
                ev.work += length + 2
                run = [works(d) for d in range(start, end)]
                before, after = works(start - 1), works(end)
                if working:  # not (off before, on throughout, off after)
                    clause = [before, *[mk_not(f) for f in run], after]
                else:  # not (on before, off throughout, on after)
                    clause = [mk_not(before), *run, mk_not(after)]
                yield span_binding(start, end - 1), mk_or(clause)


def _run_bounds(ctx, bound: ir.Bound, env):
    lo = hi = None
    for op, value in bound_parts(ctx, bound, env):
        if not isinstance(value, int):
            raise fail(BAD_VALUE, f"a number of consecutive days must be a whole number, "
                       f"found {value}", bound.span)
        if value < 0:  # a run of -1 days means nothing; say so rather than guess
            raise fail(BAD_VALUE, f"a number of consecutive days cannot be negative, "
                       f"found {value}", bound.span)
        if op in (">=", "="):
            lo = value
        if op in ("<=", "="):
            hi = value
    return lo, hi


def weekends(ctx, stmt: ir.Weekends, env):
    ev, cal = ctx.ev, ctx.cal
    p = ev.person_of(stmt.person, env)
    person = ctx.slots.people[p]
    bounds = bound_parts(ctx, stmt.bound, env)
    # one indicator per week that has weekend days in the horizon
    weekend_vars: list[int | None] = []
    for weekend in cal.weekend_of_week:
        if weekend is None:
            weekend_vars.append(None)
            continue
        day_vars = [ctx.day_var(p, cal.index[d], ctx.slots.shift_range) for d in weekend.days]
        day_vars = [v for v in day_vars if v is not None]
        if len(day_vars) == 1:
            weekend_vars.append(day_vars[0])
        elif day_vars:
            weekend_vars.append(ctx.aux.aux(day_vars, f"{person} works {weekend}"))
        else:
            weekend_vars.append(None)
    weeks = cal.weeks
    if stmt.window_weeks is None or stmt.window_weeks >= len(weeks):
        groups = [((), range(len(weeks)))]
    else:
        n = stmt.window_weeks
        groups = [((("period", _weeks_label(weeks[i], weeks[i + n - 1])),), range(i, i + n))
                  for i in range(len(weeks) - n + 1)]
    for extra, group in groups:
        lhs = Sym({weekend_vars[w]: 1 for w in group if weekend_vars[w] is not None})
        ev.work += len(lhs.terms)
        for op, value in bounds:
            yield extra, make_cmp(lhs, op, value, "count", f"weekends worked by {person}")


def _weeks_label(first, last) -> str:
    """"weeks 2025-W07..2025-W08" from the first and last week of a window."""
    return f"weeks {first.label.removeprefix('week ')}..{last.label.removeprefix('week ')}"


def succession(ctx, stmt: ir.Succession, env):
    ev = ctx.ev
    p = ev.person_of(stmt.person, env)
    first = ev.shift_indices(ev.eval(stmt.first, env))
    then = ev.shift_indices(ev.eval(stmt.then, env))
    if not first or not then:
        return
    for d in range(len(ctx.cal.days) - 1):
        yield ctx.extra(("day", d)), _not_both(
            ctx, p, (d, first), (d + 1, then))


def _not_both(ctx, p, a, b):
    """Not (p works one of a's shifts on a's day and one of b's on b's day). Under the
    built-in rules each side is at most 1, so the sum of both is at most 1; a side the
    program lets hold more (`relax "one shift per day"`) stands as its OR."""
    slots = ctx.slots
    va = _one_side(ctx, p, a, slots.vars_of(p, (a[0],), a[1], slots.post_range))
    vb = _one_side(ctx, p, b, slots.vars_of(p, (b[0],), b[1], slots.post_range))
    ctx.ev.work += len(va) + len(vb)
    if len(va) == 1 and len(vb) == 1:
        return Or((negated(va[0]), negated(vb[0])))
    if a[0] != b[0] or set(va).isdisjoint(vb):  # distinct variables, each once
        both = va + vb
        if len(both) <= 1:
            return TRUE
        return Cmp(Lin(unit_terms(sorted(both)), 0), "<=", side(1), 1, "count",
                   ctx.words(p, "{}'s shifts"))
    terms = {v: 1 for v in va}
    for v in vb:
        terms[v] = terms.get(v, 0) + 1
    return make_cmp(Sym(terms), "<=", 1, "count", ctx.words(p, "{}'s shifts"))


def _one_side(ctx, p, at, found: list[int]) -> list[int]:
    """The variables of one side of `_not_both`: its slots when at most one of them can
    be 1, else the one auxiliary "p works one of them"."""
    if len(found) <= 1 or ctx.ev.one_cell(at[1], ctx.slots.post_range):
        return found
    return [ctx.day_var(p, at[0], at[1])]


def rest(ctx, stmt: ir.Rest, env, forbidden):
    """`forbidden` maps (gap in days, first shift) to the shifts that may not start
    `gap` days after it starts (see `forbidden_after`)."""
    p = ctx.ev.person_of(stmt.person, env)
    days = ctx.cal.days
    for d in range(len(days)):
        for (gap, s1), after in forbidden.items():
            if d + gap >= len(days):
                continue
            yield (ctx.extra(("day", d), ("shift", s1)),
                   _not_both(ctx, p, (d, [s1]), (d + gap, after)))


def forbidden_after(shifts: tuple[ir.ShiftDecl, ...], minimum: int,
                    horizon_days: int | None = None, same_day: bool = False) -> dict:
    """{(gap, i): [j, ...]}: shift j starting `gap` days after shift i's day leaves less
    than `minimum` minutes of rest after i ends (a shift crossing midnight ends on the
    next day). Two shifts on the same day (gap 0) are left to the built-in rule "one
    shift per day" while it holds: repeating it here would only make this rule show
    up in conflicts that are really about that one. `same_day` (the program relaxes
    it) adds them: shift j starting after shift i on one day, or overlapping it. Gaps of `horizon_days` or more
    cannot occur inside the calendar, so they are not generated (a rest of 10**12 hours
    would otherwise loop for hours)."""
    timed = [(i, s) for i, s in enumerate(shifts) if s.start is not None and s.end is not None]
    out: dict[tuple[int, int], list[int]] = {}
    if not timed:
        return out
    latest_end = max(s.end + (1440 if s.crosses_midnight else 0) for _, s in timed)
    max_gap = (minimum + latest_end) // 1440 + 1
    if horizon_days is not None:
        max_gap = min(max_gap, horizon_days - 1)
    for gap in range(0 if same_day else 1, max_gap + 1):
        for i, s1 in timed:
            end1 = s1.end + (1440 if s1.crosses_midnight else 0)
            after = []
            for j, s2 in timed:
                if gap == 0 and (s2.start, j) <= (s1.start, i):
                    continue  # on one day: each pair once, the later-starting shift second
                if gap * 1440 + s2.start - end1 < minimum:
                    after.append(j)
            if after:
                out[(gap, i)] = after
    return out


# ------------------------------------------------------------------------ helpers


def bound_parts(ctx, bound: ir.Bound, env) -> list[tuple[str, object]]:
    """[(op, value)]: `exactly` is one `=`, `between` two comparisons (so each side's
    deviation is costed on its own)."""
    ev = ctx.ev
    lo = None if bound.lo is None else ev.number(ev.eval(bound.lo, env))
    hi = None if bound.hi is None else ev.number(ev.eval(bound.hi, env))
    if lo is not None and hi is not None and lo == hi:
        return [("=", lo)]
    out = []
    if lo is not None:
        out.append((">=", lo))
    if hi is not None:
        out.append(("<=", hi))
    return out


def periods(ctx, period, env, stmt):
    """[(extra_binding, day indices)] for each part of a period."""
    cal = ctx.cal
    if ctx.slots.static:
        if not isinstance(period, ir.Horizon):
            raise fail(UNSUPPORTED, "a period of days needs a calendar", stmt.span)
        return [((), [None])]
    t = type(period)
    if t is ir.Horizon:
        return [((), list(range(len(cal.days))))]
    if t is ir.PerWeek:
        return [((("period", str(w)),), cal.day_indices(w)) for w in cal.weeks]
    if t is ir.AnyWindow:
        check_window_length(period.days, stmt.span)
        return [((("period", str(w)),), cal.day_indices(w)) for w in cal.windows(period.days)]
    if t is ir.WithinDays:
        return [((), cal.day_indices(ctx.ev.eval(period.days, env)))]
    raise AssertionError(f"unknown period {period!r}")
