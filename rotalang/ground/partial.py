"""The partial evaluator: an IR expression under a binding of its variables.

`Evaluator.eval(expr, env)` returns a concrete exact value (values.py) when the
expression depends on the data alone, and a symbolic value otherwise (symbolic.py):
a `Sym` for a number, a ground `Formula` or a `works` indicator (`Ind`) for a
condition. `env` maps each bound `ir.Var.uid` to its value.

Results of compound expressions are cached by the values of the variables they use,
so a data-only subexpression such as `p.身份 = 党员干部` inside a count over people is
computed once per person, not once per person and day and shift.
"""

from __future__ import annotations

import datetime
import operator
from fractions import Fraction

from rotalang import ir
from rotalang.ground.calendar import CalendarTables, check_window_length
from rotalang.ground.compare import MIRROR, holds
from rotalang.ground.counting import Counting, decided, exact
from rotalang.ground.errors import (
    BAD_VALUE, THIS_BINDING, UNSUPPORTED, GroundError, MissingValue, fail, written,
)
from rotalang.ground.expr_walk import free_vars
from rotalang.ground.model import And, Atom, Cmp, Const, Not, Or
from rotalang.ground.slots import AuxRegistry, Slots
from rotalang.ground.symbolic import (
    FALSE, Ind, MinMax, Sym, add, as_sym, atom, is_symbolic, make_cmp, mk_and,
    mk_not, mk_or, scale,
)
from rotalang.values import (
    MISSING, WEEKDAYS, DaySet, Duration, EnumValue, RecordRef, ShiftRef, TimeOfDay,
)

_MISSING = object()
_FORMULAS = (Atom, Not, And, Or, Cmp, Const)


def unit_of(t: ir.Type) -> str:
    """How a report prints a compared quantity of this type."""
    return {"duration": "minutes", "int": "count"}.get(t.name, "number")


class Evaluator(Counting):
    def __init__(self, program: ir.Program, cal: CalendarTables, slots: Slots,
                 aux: AuxRegistry):
        self.program = program
        self.cal = cal
        self.slots = slots
        self.aux = aux
        self.records: dict[tuple[str, str], dict[str, object]] = {
            (r.kind, r.name): dict(r.values) for r in program.records}
        self.kind_records: dict[str, list[RecordRef]] = {k.name: [] for k in program.kinds}
        for r in program.records:
            self.kind_records.setdefault(r.kind, []).append(RecordRef(r.kind, r.name))
        self.enum_values: dict[str, list[EnumValue]] = {
            e.name: [EnumValue(e.name, v) for v in e.values] for e in program.enums}
        # a value of an `ordered` enum compares by its place in the declaration
        self.enum_rank: dict[EnumValue, int] = {
            EnumValue(e.name, v): i for e in program.enums if e.ordered
            for i, v in enumerate(e.values)}
        self.enum_values.setdefault("weekday", [EnumValue("weekday", w) for w in WEEKDAYS])
        self.shift_decls = {s.name: s for s in program.shifts}
        self.shift_refs = [ShiftRef(s.name) for s in program.shifts]
        self.lets = {let.name: let for let in program.lets}
        self.let_values: dict[str, object] = {}
        # Which built-in rules make "at most one of these slots is 1" true, so that a
        # `works` atom is the plain sum of its slots (see `_works_parts`).
        self.one_shift_a_day = program.holds(ir.ONE_SHIFT_PER_DAY)
        self.one_post_a_shift = not slots.posts or program.holds(ir.ONE_POST_PER_SHIFT)
        self.one_post_each = slots.static and program.holds(ir.ONE_POST_PER_PERSON)
        self.work = 0  # grows with the terms produced (`spend`)
        self.budget: int | None = None  # the grounder's term budget, when grounding
        self._keyed: dict[int, object] = {}  # id(expr) → how the cache keys it
        self._fast_counts: dict[int, bool] = {}  # id(count) → counting.Counting._counts_works
        self._cache: dict[tuple, object] = {}
        self._shift_indices: dict[object, list[int]] = {}
        self._dispatch = {
            ir.LetRef: self._let, ir.Attr: self._attr, ir.Arith: self._arith,
            ir.Neg: self._neg, ir.Compare: self._compare, ir.And: self._and,
            ir.Or: self._or, ir.Not: self._not, ir.Implies: self._implies,
            ir.Member: self._member, ir.DateIs: self._date_is, ir.SetLit: self._set_lit,
            ir.Works: self._works, ir.Aggregate: self._aggregate, ir.Call: self._call,
        }

    # ------------------------------------------------------------------ entry points

    def eval(self, e, env: dict):
        t = type(e)
        if t is ir.Lit:
            return e.value
        if t is ir.VarRef:
            return env[e.var.uid]
        if t is ir.Works:
            # not cached: cheap to compute from its (cached) parts, and rarely asked
            # again for the same binding (a count over people asks once per person),
            # while the cache would keep every answer until grounding ends
            return self._works(e, env)
        keyed = self._keyed.get(id(e))
        if keyed is None:
            keyed = self._key_of(e)
        key = keyed if type(keyed) is int else (id(e), keyed(env))
        value = self._cache.get(key, _MISSING)
        if value is _MISSING:
            value = self._dispatch[t](e, env)
            self._cache[key] = value
        return value

    def free_of(self, e) -> set[int]:
        """The uids of the variables `e` uses and does not bind itself."""
        return free_vars(e, self.lets)

    def forget(self) -> None:
        """Drop the cached results. The cache is keyed by expression, and each rule has
        expressions of its own, so between rules it only holds memory (the values of
        `let`s are kept apart and stay)."""
        self._cache.clear()

    def _key_of(self, e):
        """How the cache keys `e`: its id alone when it uses no variable, else a
        function of the environment giving the values of the variables it uses."""
        free = tuple(sorted(free_vars(e, self.lets)))
        keyed = operator.itemgetter(*free) if free else id(e)
        self._keyed[id(e)] = keyed
        return keyed

    def condition(self, e, env: dict):
        """A condition: a Python bool when decided by the data, else a Formula."""
        value = self.eval(e, env)
        if isinstance(value, bool):
            return value
        return self.formula(value, e)

    def selects(self, e, env: dict):
        """A `where` filter's value (as `eval`), false when it reads an optional
        attribute the record has no value for: the record is left out."""
        try:
            return self.eval(e, env)
        except MissingValue:
            return False

    def formula(self, value, where=None):
        """The ground formula of a condition value (bool, Ind or Formula)."""
        if isinstance(value, bool):
            return Const(value)
        if isinstance(value, Ind):
            if not value.vars:
                return FALSE
            if len(value.vars) == 1:
                return atom(value.vars[0])
            return atom(self.aux.aux(value.vars, value.words))
        if isinstance(value, _FORMULAS):
            return value
        raise fail(UNSUPPORTED, "expected a condition here", getattr(where, "span", None))

    def number(self, value):
        """A number, or a Sym, from a value; durations become minutes."""
        if isinstance(value, Duration):
            return value.minutes
        if isinstance(value, bool):
            return int(value)
        return value

    def describe_var(self, var: int) -> str:
        if var < len(self.slots.slots):
            slot = self.slots.slots[var]
            parts = [self.slots.people[slot.person]]
            if slot.day is not None:
                parts.append(self.cal.days[slot.day].isoformat())
            if slot.shift is not None:
                parts.append(self.slots.shifts[slot.shift])
            if slot.post is not None:
                parts.append(self.slots.posts[slot.post])
            return " ".join(parts)
        return self.aux.defs[var - self.aux.first_var].label

    # ------------------------------------------------------------------- bindings

    def domain_values(self, binder: ir.Binder, env: dict) -> list:
        d = binder.domain
        t = type(d)
        if t is ir.KindDomain:
            return self.kind_records.get(d.kind, [])
        if t is ir.EnumDomain:
            return self.enum_values.get(d.enum, [])
        if t is ir.ShiftDomain:
            return self.shift_refs
        if self.cal.calendar is None:
            raise fail(UNSUPPORTED, f"`{binder.var.name}` ranges over days, but the program "
                       "has no calendar", binder.span,
                       help="declare the horizon: `calendar from 2025-02-10 to 2025-02-23`")
        if t is ir.DayDomain:
            if d.within is None:
                return list(self.cal.days)
            within = self.eval(d.within, env)
            return [self.cal.days[i] for i in self.cal.day_indices(within)]
        if t is ir.WeekDomain:
            return self.cal.weeks
        if t is ir.WeekendDomain:
            return self.cal.weekends
        if t is ir.WindowDomain:
            check_window_length(d.length, binder.span)
            return self.cal.windows(d.length)
        raise AssertionError(f"unknown domain {d!r}")

    def bindings(self, binders, env: dict, i: int = 0):
        """Set env to each binding of `binders` in turn (data/calendar/declaration order)."""
        if i == len(binders):
            yield
            return
        binder = binders[i]
        uid = binder.var.uid
        for value in self.domain_values(binder, env):
            env[uid] = value
            yield from self.bindings(binders, env, i + 1)
        env.pop(uid, None)

    # ------------------------------------------------------------------ data values

    def _let(self, e: ir.LetRef, env):
        if e.name not in self.let_values:
            self.let_values[e.name] = _MISSING  # a cycle would be a checker bug
            self.let_values[e.name] = self.eval(self.lets[e.name].expr, {})
        return self.let_values[e.name]

    def _attr(self, e: ir.Attr, env):
        obj = self.eval(e.obj, env)
        if isinstance(obj, RecordRef):
            value = self.records[(obj.kind, obj.name)][e.name]
            if value is MISSING:
                raise MissingValue(f"{obj.name}.{e.name}")
            return value
        if isinstance(obj, ShiftRef):
            decl = self.shift_decls[obj.name]
            if e.name == "length":
                return Duration(decl.length)
            if e.name in ("start", "end"):
                minutes = getattr(decl, e.name)
                if minutes is None:
                    raise fail(BAD_VALUE, f"shift {decl.name} has no clock times, so it has "
                               f"no {e.name}", e.span,
                               help=f"declare it with times, like `shift {decl.name} 06:00-14:00`")
                return TimeOfDay(minutes)
            if e.name == "code":
                return decl.code
        if isinstance(obj, datetime.date):
            if e.name == "weekday":
                return EnumValue("weekday", WEEKDAYS[obj.weekday()])
            if e.name == "week":
                week = self.cal.week_of.get(obj)
                if week is None:  # a date outside the horizon: its week has no days in it
                    monday = obj - datetime.timedelta(days=obj.weekday())
                    year, num, _ = monday.isocalendar()
                    week = DaySet(f"week {year}-W{num:02d}", ())
                return week
        if isinstance(obj, DaySet) and e.name in ("start", "end") and obj.days:
            return obj.days[0] if e.name == "start" else obj.days[-1]
        raise fail(UNSUPPORTED, f"`.{e.name}` cannot be computed for {obj}", e.span)

    def _arith(self, e: ir.Arith, env):
        a = self.eval(e.left, env)
        b = self.eval(e.right, env)
        op = e.op
        if isinstance(a, MinMax) or isinstance(b, MinMax):
            return self._extremum_arith(e, self.number(a), self.number(b))
        if isinstance(a, Sym) or isinstance(b, Sym):
            return self._sym_arith(e, self.number(a), self.number(b))
        if isinstance(a, datetime.date) or isinstance(b, datetime.date):
            return self._date_arith(e, a, b)
        if isinstance(a, TimeOfDay) and isinstance(b, TimeOfDay) and op == "-":
            return Duration(a.minutes - b.minutes)
        if isinstance(a, Duration) or isinstance(b, Duration):
            if op in "+-":
                return Duration(a.minutes + b.minutes if op == "+" else a.minutes - b.minutes)
            if op == "*":
                n, dur = (b, a) if isinstance(a, Duration) else (a, b)
                return Duration(exact(dur.minutes * n))
            if isinstance(b, Duration):  # duration / duration: a ratio
                return _ratio(self._divide(e, a.minutes, b.minutes))
            return Duration(exact(self._divide(e, a.minutes, b)))
        if op == "+":
            result = a + b
        elif op == "-":
            result = a - b
        elif op == "*":
            result = a * b
        else:
            result = self._divide(e, a, b)
        return _ratio(result) if e.type.name == "ratio" else exact(result)

    def _divide(self, e, a, b):
        if b == 0:
            raise self._zero_divisor(e)
        return Fraction(a) / Fraction(b)

    def _zero_divisor(self, e: ir.Arith):
        # "for this binding" is replaced by the binding's values by the grounder
        divisor = written(e.right.span, "the divisor")
        return fail(BAD_VALUE, "division by zero", e.span,
                    label=f"`{divisor}` is 0 for this binding",
                    help="leave such bindings out with `where`, or correct the data")

    def _sym_arith(self, e: ir.Arith, a, b):
        if e.op in "+-":
            return add(a, b, 1 if e.op == "+" else -1)
        if e.op == "*":
            if not isinstance(a, Sym):
                return scale(b, a)
            if not isinstance(b, Sym):
                return scale(a, b)
        elif e.op == "/" and not isinstance(b, Sym):
            if b == 0:
                raise self._zero_divisor(e)
            return scale(a, Fraction(1) / Fraction(b))
        raise self._nonlinear(e)

    def _extremum_arith(self, e: ir.Arith, a, b):
        """Arithmetic on min/max (and abs) over the roster, where it stays one min/max:
        `max(X…) + c` is `max(X + c…)`, `k × max(X…)` is `max(kX…)` (`min` for k < 0)."""
        if isinstance(a, MinMax) and isinstance(b, MinMax):
            raise self._extremum_use(e)
        if e.op in "+-":
            if isinstance(a, MinMax):
                return MinMax(a.op, [add(x, b, 1 if e.op == "+" else -1) for x in a.items])
            if e.op == "+":
                return MinMax(b.op, [add(a, x) for x in b.items])
            return self._negated(MinMax(b.op, [add(x, a, -1) for x in b.items]))
        extremum, k = (a, b) if isinstance(a, MinMax) else (b, a)
        if e.op == "/" and extremum is a and not isinstance(k, Sym):
            if k == 0:
                raise self._zero_divisor(e)
            k = Fraction(1) / Fraction(k)
        elif e.op != "*" or isinstance(k, Sym):
            raise self._extremum_use(e)
        op = extremum.op if k >= 0 else ("min" if extremum.op == "max" else "max")
        return MinMax(op, [scale(as_sym(x), k) for x in extremum.items])

    @staticmethod
    def _negated(extremum: MinMax) -> MinMax:
        return MinMax("min" if extremum.op == "max" else "max",
                      [scale(as_sym(x), -1) for x in extremum.items])

    @staticmethod
    def _extremum_use(e) -> GroundError:
        return fail(UNSUPPORTED, "this use of min, max or abs over the roster is not "
                    "supported", e.span,
                    help="compare the min, max or abs itself with one value "
                         "(`abs(A) <= 3`), or use count or sum")

    def _nonlinear(self, e: ir.Arith):
        """E0502 for `A * B` with both factors, or `A / B` with the divisor, depending
        on the roster: the help says how to write that form linearly."""
        a, b = written(e.left.span, "A"), written(e.right.span, "B")
        if e.op == "*":
            return fail(UNSUPPORTED, "multiplying two quantities that both depend on the "
                        "roster is not supported", e.span,
                        label=f"both `{a}` and `{b}` depend on the roster",
                        help=f"bound each factor on its own (`{a} <= …` and `{b} <= …`), "
                             "or make one factor a number from the data")
        return fail(UNSUPPORTED, "dividing by a quantity that depends on the roster is not "
                    "supported", e.span, label=f"the divisor `{b}` depends on the roster",
                    help=f"compare without dividing: write `{a} >= R of {b}` rather than "
                         f"`{a} / {b} >= R`")

    def _date_arith(self, e: ir.Arith, a, b):
        if isinstance(a, datetime.date) and isinstance(b, datetime.date):
            return Duration((a - b).days * 1440)
        date, dur, sign = (a, b, 1) if isinstance(a, datetime.date) else (b, a, 1)
        if e.op == "-":
            sign = -1
        if dur.minutes % 1440:
            raise fail(BAD_VALUE, f"a date moves by whole days, not by {dur}", e.span,
                       help="use a duration in days, like `14d`")
        try:
            return date + datetime.timedelta(days=sign * (dur.minutes // 1440))
        except OverflowError:  # past 9999-12-31 or before 0001-01-01
            raise fail(BAD_VALUE, f"{date.isoformat()} {e.op} {dur} is not a date: "
                       "dates run from 0001-01-01 to 9999-12-31", e.span,
                       label=f"out of range {THIS_BINDING}") from None

    def _neg(self, e: ir.Neg, env):
        v = self.eval(e.operand, env)
        if isinstance(v, MinMax):
            return self._negated(v)
        if isinstance(v, Sym):
            return scale(v, -1)
        if isinstance(v, Duration):
            return Duration(-v.minutes)
        return -v

    def _set_lit(self, e: ir.SetLit, env):
        return frozenset(self.eval(item, env) for item in e.items)

    def _member(self, e: ir.Member, env):
        element = self.eval(e.element, env)
        collection = self.eval(e.collection, env)
        if isinstance(collection, DaySet):
            return element in collection.days
        return element in collection

    def _date_is(self, e: ir.DateIs, env):
        d = self.eval(e.date, env)
        if e.what == "weekend":
            return self.cal.is_weekend(d)
        if e.what == "holiday":
            return self.cal.is_holiday(d)
        return WEEKDAYS[d.weekday()] == e.what

    # ----------------------------------------------------------------- conditions

    def _compare(self, e: ir.Compare, env):
        a = self.eval(e.left, env)
        b = self.eval(e.right, env)
        op = e.op
        if not is_symbolic(a) and not is_symbolic(b):
            if isinstance(a, bool) or isinstance(b, bool):
                return holds(op, a, b)
            if isinstance(a, EnumValue) and a in self.enum_rank and b in self.enum_rank:
                return holds(op, self.enum_rank[a], self.enum_rank[b])
            return holds(op, _comparable(a), _comparable(b))
        if isinstance(a, MinMax) or isinstance(b, MinMax):
            return self._compare_extremum(e, a, b)
        if e.left.type.name == "bool":
            fa, fb = self.formula(a, e.left), self.formula(b, e.right)
            same = mk_or([mk_and([fa, fb]), mk_and([mk_not(fa), mk_not(fb)])])
            if op == "=":
                return decided(same)
            if op == "!=":
                return decided(mk_not(same))
        na, nb = self.number(a), self.number(b)
        if not _is_number(na) or not _is_number(nb):
            raise fail(UNSUPPORTED, f"`{op}` between these values is not supported here",
                       e.span)
        return decided(make_cmp(na, op, nb, unit_of(e.left.type)))

    def _compare_extremum(self, e: ir.Compare, a, b):
        op = e.op
        if not isinstance(a, MinMax):  # put the extremum on the left
            a, b, op = b, a, MIRROR[op]
        if isinstance(b, MinMax) or op in ("=", "!="):
            raise fail(UNSUPPORTED, "min/max over the roster can only be compared with "
                       "<, <=, > or >= against one value", e.span,
                       help="use count or sum, or bound every item with a rule")
        nb = self.number(b)
        unit = unit_of(e.left.type)
        parts = [make_cmp(item, op, nb, unit) for item in a.items]
        # max <= c: every item <= c; max >= c: some item >= c (and dually for min)
        every = (a.op == "max") == (op in ("<", "<="))
        return decided(mk_and(parts) if every else mk_or(parts))

    def _and(self, e: ir.And, env):
        parts = []
        for item in e.items:
            v = self.eval(item, env)
            if v is False:
                return False
            if v is not True:
                parts.append((v, item))
        if len(parts) == 1:  # keep a lone `works` atom as is, so count can sum it
            return parts[0][0]
        return decided(mk_and([self.formula(v, item) for v, item in parts]))

    def _or(self, e: ir.Or, env):
        parts = []
        for item in e.items:
            v = self.eval(item, env)
            if v is True:
                return True
            if v is not False:
                parts.append((v, item))
        if len(parts) == 1:
            return parts[0][0]
        return decided(mk_or([self.formula(v, item) for v, item in parts]))

    def _not(self, e: ir.Not, env):
        v = self.eval(e.operand, env)
        if isinstance(v, bool):
            return not v
        return decided(mk_not(self.formula(v, e.operand)))

    def _implies(self, e: ir.Implies, env):
        c = self.eval(e.condition, env)
        if c is False:
            return True
        q = self.eval(e.consequence, env)
        if c is True:
            return q if isinstance(q, bool) else self.formula(q, e.consequence)
        if q is True:
            return True
        return decided(mk_or([mk_not(self.formula(c, e.condition)),
                               self.formula(q, e.consequence)]))

    # ----------------------------------------------------------- assignment atoms

    def _works(self, e: ir.Works, env):
        s = self.slots
        person = self.eval(e.person, env)
        p = s.person_index.get(person.name) if isinstance(person, RecordRef) else None
        if p is None:
            raise fail(BAD_VALUE, f"{person} is not a member of the staff", e.person.span)
        parts = self._works_parts(e, env)
        found = tuple(s.vars_of(p, parts[0], parts[1], parts[2]))
        self.work += len(found)
        # the words are only needed for an auxiliary: made when asked for
        return Ind(found, parts[3], (person.name, *parts[4:]))

    def _works_parts(self, e: ir.Works, env) -> tuple:
        """(days, shifts, posts, exclusive, shift value, day value, post value) of a
        `works` atom: the index lists it ranges over, whether at most one of its slots
        can be 1 (the built-in rules say so, unless the program relaxes them), and the
        values it names (None where it names none)."""
        s = self.slots
        shift_value = day_value = post_value = None
        if e.shifts is None:
            shifts = s.shift_range
        else:
            shift_value = self.eval(e.shifts, env)
            shifts = self.shift_indices(shift_value)
        if e.day is None:
            days = s.day_range
        else:
            day_value = self.eval(e.day, env)
            days = self.cal.day_indices(day_value)
        if e.post is None:
            posts = s.post_range
        else:
            post_value = self.eval(e.post, env)
            posts = self.post_indices(post_value)
        if s.static:
            exclusive = self.one_post_each
        else:
            exclusive = isinstance(day_value, datetime.date) and self.one_cell(shifts, posts)
        return days, shifts, posts, exclusive, shift_value, day_value, post_value

    def one_cell(self, shifts, posts) -> bool:
        """Whether the built-in rules leave a person at most one of these shifts and
        posts on one day."""
        return ((len(shifts) <= 1 or self.one_shift_a_day)
                and (len(posts) <= 1 or self.one_post_a_shift))

    def shift_indices(self, value) -> list[int]:
        found = self._shift_indices.get(value)
        if found is None:
            names = [value.name] if isinstance(value, ShiftRef) else [v.name for v in value]
            index = self.slots.shift_index
            found = self._shift_indices[value] = sorted(index[n] for n in names if n in index)
        return found

    def post_indices(self, value) -> list[int]:
        names = [value.name] if isinstance(value, RecordRef) else [v.name for v in value]
        index = self.slots.post_index
        return sorted(index[n] for n in names if n in index)

    def person_of(self, expr, env) -> int:
        person = self.eval(expr, env)
        p = self.slots.person_index.get(person.name) if isinstance(person, RecordRef) else None
        if p is None:
            raise fail(BAD_VALUE, f"{person} is not a member of the staff",
                       getattr(expr, "span", None))
        return p

    # ------------------------------------------------------------------ built-ins

    def _call(self, e: ir.Call, env):
        f = e.function
        s = self.slots
        if f in ("shifts", "hours"):
            p = self.person_of(e.args[0], env)
            shifts = s.shift_range
            if len(e.args) > 1:
                shifts = self.shift_indices(self.eval(e.args[1], env))
            found = s.vars_of(p, s.day_range, shifts, s.post_range)
            self.work += len(found)
            if f == "shifts":
                return Sym({v: 1 for v in found})
            lengths = [self.shift_decls[name].length for name in s.shifts]
            if not lengths:
                raise fail(UNSUPPORTED, "hours() needs shifts, and this plan has none", e.span)
            return Sym({v: lengths[s.shift_of(v)] for v in found})
        if f == "known":
            try:
                self.eval(e.args[0], env)
            except MissingValue:
                return False
            return True
        args = [self.eval(a, env) for a in e.args]
        if f == "days":
            return (args[1] - args[0]).days
        if f == "abs":
            x = args[0]
            if isinstance(x, MinMax):
                raise self._extremum_use(e)
            if isinstance(x, Sym):
                return MinMax("max", [x, scale(x, -1)])
            if isinstance(x, Duration):
                return Duration(abs(x.minutes))
            return abs(x)
        if f == "len":
            x = args[0]
            return len(x.days) if isinstance(x, DaySet) else len(x)
        raise fail(UNSUPPORTED, f"unknown function {f}()", e.span)


def _is_number(v) -> bool:
    return isinstance(v, (int, Fraction, Sym)) and not isinstance(v, bool)


def _comparable(v):
    return v


def _ratio(x):
    return Fraction(x)
