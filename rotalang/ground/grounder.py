"""`ground(program)`: the typed IR instantiated over its data and calendar.

For each rule, in program order, the quantifiers are expanded over their domains
(records in data order, days in calendar order, shifts in declaration order); a
data-only `where`/`when` decides whether an instance exists, a roster-dependent one
becomes the instance's guard. The statement then yields formulas (statements.py),
which become `GroundConstraint`s with the rule's index and the binding as the author
named it. The implicit structural rules come last.

A size guard estimates each rule's instances before expanding it, and counts the
constraints and terms produced, so that an enormous program stops with a diagnostic
instead of filling memory.
"""

from __future__ import annotations

import math
import time
from fractions import Fraction

import attrs

from rotalang import ir, progress
from rotalang.diagnostics import Diagnostic, DiagnosticError, Diagnostics
from rotalang.ground import statements
from rotalang.ground.calendar import CalendarTables, window_label
from rotalang.ground.errors import (
    BAD_WEIGHT, REST_WITHOUT_TIMES, TOO_LARGE, UNSUPPORTED, ZERO_WEIGHT, GroundError,
    MissingValue, OutOfTime, WorkLimit, binding_words, fail, in_binding,
)
from rotalang.ground.estimate import built_in_sizes, check_memory
from rotalang.ground.memory import paused_gc
from rotalang.ground.partial import Evaluator
from rotalang.ground.model import (
    Cmp, Const, GroundConstraint, GroundModel, GroundRule, Lin, Measure, RuleKind,
)
from rotalang.ground.slots import AuxRegistry, Slots
from rotalang.ground.symbolic import Sym, make_cmp, mk_and, reserve_units, sharing
from rotalang.values import format_value

TERMS_PER_CONSTRAINT = 20  # the term budget is this many times max_constraints
TIME_CHECK_EVERY = 4096  # constraints between two looks at the clock (a few ms of work)
MAX_CALENDAR_DAYS = 73_050  # 200 years: a longer horizon is a typo, not a rota
ZERO_WEIGHT_SHOWN = 3  # W0502 names this many bindings whose weight is 0

# What each built-in rule's instance counts, in words.
_COUNTED = {ir.ONE_SHIFT_PER_DAY: "shifts worked that day",
            ir.ONE_POST_PER_SHIFT: "posts held in that shift",
            ir.ONE_POST_PER_PERSON: "posts held"}


def ground(program: ir.Program, *, max_constraints: int = 5_000_000,
           deadline: float | None = None) -> GroundModel:
    """The ground model of `program`. Raises DiagnosticError (E05xx) when a rule cannot
    be grounded, `OutOfTime` when `time.monotonic()` passes `deadline` first; warnings
    are kept in the model's `diagnostics`. Reports each rule as a `progress.Step`."""
    with paused_gc(), sharing():
        return Grounder(program, max_constraints, deadline).run()


def _table_counts(program: ir.Program) -> tuple[int, int, int, int]:
    """(people, days, shifts, posts) of the table of unknowns, from the program alone
    (days and shifts are 1 in a static plan)."""
    staff, post = program.staff_kind, program.post_kind
    people = sum(1 for r in program.records if staff is not None and r.kind == staff.name)
    posts = sum(1 for r in program.records if post is not None and r.kind == post.name)
    cal = program.calendar
    days = (cal.end - cal.start).days + 1 if cal is not None else 1
    shifts = len(program.shifts) if cal is not None else 1
    return people, days, shifts, posts


def _check_table_size(program: ir.Program, max_cells: int) -> None:
    """The calendar's days and the table of unknowns (person × day × shift × post) are
    built before any rule is looked at; a calendar of thousands of years would fill
    memory there, so both are checked first: at most MAX_CALENDAR_DAYS days, and at
    most `max_cells` cells (the term budget)."""
    people, days, shifts, posts = _table_counts(program)
    cal = program.calendar
    size = max(people, 1) * max(days, 1) * max(shifts, 1) * max(posts, 1)
    if days <= MAX_CALENDAR_DAYS and size <= max_cells:
        return

    def count(n: int, word: str) -> str:
        return f"{n:,} {word}" + ("" if n == 1 or word == "people" else "s")

    parts = [count(people, "people"), count(days, "day"), count(shifts, "shift")]
    if posts:
        parts.append(count(posts, "post"))
    if days > MAX_CALENDAR_DAYS:
        message = (f"the calendar has {days:,} days; the limit is {MAX_CALENDAR_DAYS:,} "
                   f"(about {MAX_CALENDAR_DAYS // 365} years)")
    else:
        message = f"the roster would have {size:,} cells to fill; the limit is {max_cells:,}"
    raise DiagnosticError(Diagnostic.error(
        TOO_LARGE, message, cal.span if cal is not None else None,
        label=" × ".join(parts),
        help=_table_help(people, days, days > MAX_CALENDAR_DAYS)))


def _table_help(people: int, days: int, calendar_too_long: bool) -> str:
    """What to cut: the calendar when it alone is too long, else the larger of the staff
    and the calendar first (a 3,000-person roster is cut by splitting the staff)."""
    staff = f"split the staff ({people:,} people) into smaller programs"
    calendar = f"shorten the calendar ({days:,} days)"
    if calendar_too_long:
        return calendar
    if days <= 1:
        return staff
    return f"{staff}, or {calendar}" if people >= days else f"{calendar}, or {staff}"


class Grounder:
    def __init__(self, program: ir.Program, max_constraints: int,
                 deadline: float | None = None):
        self.program = program
        self.max_constraints = max_constraints
        self.deadline = deadline
        self.current = ("", 0)  # the rule being grounded, and its place among the rules
        self.max_terms = max_constraints * TERMS_PER_CONSTRAINT
        _check_table_size(program, self.max_terms)
        self.cal = CalendarTables(program.calendar)
        self._refuse_structure_early()
        self.slots = Slots(program, self.cal)
        reserve_units(len(self.slots.slots))
        self.aux = AuxRegistry(len(self.slots.slots))
        self.ev = Evaluator(program, self.cal, self.slots, self.aux)
        self.ev.budget = self.max_terms
        check_memory(self)  # before anything is grounded: will it fit?
        self.constraints: list[GroundConstraint] = []
        self.rules: list[GroundRule] = []
        # The running totals passed a limit: the rules after that one are not grounded,
        # each would only repeat the same E0501 (65,000 rules gave 50 of them).
        self.full = False
        self.diagnostics = Diagnostics()
        self._day_vars: dict[tuple, int | None] = {}
        self._rest_cache: dict[int, dict] = {}
        # shared parts of bindings and of comparisons' words (see `extra`, `words`)
        self._joined: dict[tuple, tuple] = {}
        self._extras: dict[tuple, tuple] = {}
        self._words: dict[tuple, str] = {}

    # ------------------------------------------------------------------- the model

    def run(self) -> GroundModel:
        rules = self.program.rules
        for n, rule in enumerate(rules):
            if self.full:
                break
            self.current = (rule.name, n)
            self._check_time()
            progress.report(progress.Step(
                "ground", f"rule {rule.name}, {len(self.constraints):,} constraints so far",
                n, len(rules)))
            self._ground_rule(rule)
        self.current = (None, len(rules))  # None: the built-in rules
        if not self.full:
            self._structure()
        self.diagnostics.raise_if_errors()
        s = self.slots
        return GroundModel(
            people=s.people, days=self.cal.days, shifts=s.shifts, posts=s.posts,
            slots=s.slots, aux=tuple(self.aux.defs), rules=tuple(self.rules),
            constraints=tuple(self.constraints), slot_index=s.index,
            diagnostics=tuple(self.diagnostics.sorted()))

    def _ground_rule(self, rule: ir.Rule) -> None:
        position = len(self.rules)
        self.rules.append(GroundRule(position, rule.name, RuleKind(rule.kind), rule.span,
                                     facts_only=rule.facts_only))
        start = len(self.constraints)
        self.satisfied = 0
        self.zero_weight_bindings: list[tuple] = []
        try:
            self._check_estimate(rule)
            self._expand(rule, position)
            self._warn_zero_weight(rule)
        except GroundError as err:
            del self.constraints[start:]
            self.diagnostics.add(err.diagnostic)
        except WorkLimit:
            del self.constraints[start:]
            self.full = True
            self.diagnostics.add(self._too_large(rule, None))
        finally:
            self.ev.forget()  # what it cached is about this rule's expressions only
        self.rules[position] = GroundRule(position, rule.name, RuleKind(rule.kind), rule.span,
                                          facts_only=rule.facts_only,
                                          satisfied=self.satisfied)

    def _expand(self, rule: ir.Rule, position: int) -> None:
        body = rule.body
        stmt = body.statement
        binders = [b for q in body.quantifiers for b in q.binders]
        env: dict = {}
        for guards in self._instances(body.quantifiers, env, 0, []):
            binding = tuple((b.var.name, format_value(env[b.var.uid])) for b in binders)
            try:
                self._instance(rule, position, stmt, env, binding, guards)
            except MissingValue:
                continue  # it needs a value the data leaves out: the instance does not apply
            except GroundError as err:
                raise GroundError(in_binding(err.diagnostic, binding)) from None

    def _instance(self, rule, position, stmt, env, binding, guards) -> None:
        """One binding of the rule: its guard, its weight, then its statement."""
        body = rule.body
        guard_parts = list(guards)
        if body.guard is not None:
            g = self.ev.condition(body.guard, env)
            if g is False:
                return  # the rule does not apply to this binding
            if g is not True:
                guard_parts.append(g)
        guard = mk_and(guard_parts) if guard_parts else None
        weight = self._weight(rule, env, binding) if rule.kind == "soft" else Fraction(0)
        if weight == 0 and rule.kind == "soft":
            return
        self._statement(rule, position, stmt, env, binding, guard, weight)

    def _instances(self, quantifiers, env, i, guards):
        """Yield once per binding of the quantifiers whose data-only `where` holds, with
        the roster-dependent `where` conditions met on the way."""
        if i == len(quantifiers):
            yield guards
            return
        q = quantifiers[i]
        for _ in self.ev.bindings(q.binders, env):
            if q.where is None:
                yield from self._instances(quantifiers, env, i + 1, guards)
                continue
            w = self._selects(q.where, env)
            if w is False:
                continue
            yield from self._instances(quantifiers, env, i + 1,
                                       guards if w is True else [*guards, w])

    def _selects(self, where, env):
        """A `where` condition (as `Evaluator.condition`), false when it reads an
        optional attribute the record has no value for: that binding is left out."""
        try:
            return self.ev.condition(where, env)
        except MissingValue:
            return False

    def _weight(self, rule: ir.Rule, env, binding) -> Fraction:
        if rule.weight is None:
            return Fraction(1)
        value = self.ev.number(self.ev.eval(rule.weight, env))
        if isinstance(value, Sym) or not isinstance(value, (int, Fraction)):
            raise fail(BAD_WEIGHT, f"the weight of soft rule {rule.name} must be a number "
                       "known from the data", rule.weight.span)
        if value < 0:
            shown = format_value(Fraction(value))
            where = f" for {binding_words(binding)}" if binding else ""
            raise fail(BAD_WEIGHT, f"the weight of soft rule {rule.name} is negative "
                       f"({shown}){where}", rule.weight.span,
                       label=f"{shown}{' for ' + binding_words(binding, bare=True) if binding else ''}",
                       help="a weight is a cost: make it 0 or more for every binding, or "
                            "leave such bindings out with `where`")
        if value == 0:
            self.zero_weight_bindings.append(binding)
        return Fraction(value)

    def _warn_zero_weight(self, rule: ir.Rule) -> None:
        """W0502 once per rule, naming the first few bindings whose weight is 0."""
        found = self.zero_weight_bindings
        if not found:
            return
        shown = "; ".join(binding_words(b, bare=True) for b in found[:ZERO_WEIGHT_SHOWN])
        more = f" and {len(found) - ZERO_WEIGHT_SHOWN} more" if len(found) > ZERO_WEIGHT_SHOWN else ""
        label = f"0 for {shown}{more}" if any(found) else "0"
        self.diagnostics.add(Diagnostic.warning(
            ZERO_WEIGHT, f"the weight of soft rule {rule.name} is 0 for some bindings; "
            "those instances cost nothing and are left out", rule.weight.span, label=label,
            help="give those bindings a positive weight, or narrow the rule with `where`"))

    # ----------------------------------------------------------------- statements

    def _statement(self, rule, position, stmt, env, binding, guard, weight) -> None:
        t = type(stmt)
        if t is ir.Minimize:
            self._minimize(rule, position, stmt, env, binding, guard, weight)
            return
        if t is ir.Balance:
            self._balance(rule, position, stmt, env, binding, guard, weight)
            return
        if t is ir.Rest:
            formulas = statements.rest(self, stmt, env, self._forbidden(rule, stmt, env))
        else:
            formulas = _STATEMENTS[t](self, stmt, env)
        joined = self._joined
        emitted = 0
        for emitted, (extra, formula) in enumerate(formulas, 1):
            if extra:
                # the same (binding, extra) recurs across rules (a person and a day):
                # one tuple for all of them
                key = (binding, extra)
                full = joined.get(key)
                if full is None:
                    full = joined[key] = binding + extra
            else:
                full = binding
            self._emit_formula(rule, position, full, formula, guard, weight)
        if not emitted:
            # nothing to ask of the roster (`at most 10^9 consecutive days` on a
            # one-week calendar): the instance holds whatever the roster, as one
            # decided true does, and the implied-rule lint says so
            self.satisfied += 1

    def _emit_formula(self, rule, position, binding, formula, guard, weight) -> None:
        if isinstance(formula, Const) and formula.value:
            self.satisfied += 1
            return
        if rule.kind == "soft":
            measure = Measure.DEVIATION if isinstance(formula, Cmp) else Measure.VIOLATION
            scale = formula.scale if isinstance(formula, Cmp) else 1
        else:
            measure, scale = Measure.HARD, 1
        self._add(rule, GroundConstraint(position, binding, measure, formula, weight,
                                         guard, (), scale))

    def _minimize(self, rule, position, stmt, env, binding, guard, weight) -> None:
        if rule.kind != "soft":
            raise fail(UNSUPPORTED, "minimize belongs in a soft rule", stmt.span,
                       help=f"write `soft rule {rule.name} weight 1: ...`")
        value = self.ev.number(self.ev.eval(stmt.expr, env))
        (lin,), scale = linear_terms([value], stmt.span)
        self._add(rule, GroundConstraint(position, binding, Measure.VALUE, Const(True), weight,
                                         guard, (lin,), scale))

    def _balance(self, rule, position, stmt, env, binding, guard, weight) -> None:
        if rule.kind != "soft":
            raise fail(UNSUPPORTED, "balance belongs in a soft rule", stmt.span,
                       help=f"write `soft rule {rule.name} weight 1: ...`")
        values = []
        for _ in self.ev.bindings((stmt.binder,), env):
            if stmt.where is not None:
                w = self._selects(stmt.where, env)
                if w is False:
                    continue
                if w is not True:
                    raise fail(UNSUPPORTED, "balance over bindings chosen by the roster is "
                               "not supported", stmt.where.span)
            values.append(self.ev.number(self.ev.eval(stmt.expr, env)))
        if len(values) < 2:
            self.satisfied += 1  # nothing to spread
            return
        lins, scale = linear_terms(values, stmt.span)
        self._add(rule, GroundConstraint(position, binding, Measure.SPREAD, Const(True), weight,
                                         guard, tuple(lins), scale))

    def _forbidden(self, rule: ir.Rule, stmt: ir.Rest, env) -> dict:
        minimum = self.ev.number(self.ev.eval(stmt.minimum, env))
        if minimum not in self._rest_cache:
            self._rest_cache[minimum] = statements.forbidden_after(
                self.program.shifts, minimum, len(self.cal.days),
                same_day=not self.program.holds(ir.ONE_SHIFT_PER_DAY))
            for s in self.program.shifts:
                if s.start is None or s.end is None:
                    self.diagnostics.add(Diagnostic.warning(
                        REST_WITHOUT_TIMES,
                        f"rule {rule.name} cannot check rest around shift {s.name}: it has "
                        "a length but no clock times", stmt.span,
                        help=f"declare its times, like `shift {s.name} 06:00-14:00`"))
        return self._rest_cache[minimum]

    # ------------------------------------------------------------ shared variables

    def day_var(self, p: int, d: int | None, shifts) -> int | None:
        """The variable "p works one of `shifts` on day d": the slot itself when only
        one slot matches, else an auxiliary (shared by every rule that asks)."""
        key = (p, d, tuple(shifts))
        if key in self._day_vars:
            return self._day_vars[key]
        found = self.slots.vars_of(p, (d,), shifts, self.slots.post_range)
        if not found:
            var = None
        elif len(found) == 1:
            var = found[0]
        else:
            label = f"{self.slots.people[p]} works on {self.cal.days[d].isoformat()}"
            if list(shifts) != self.slots.shift_range:
                names = ", ".join(self.slots.shifts[s] for s in shifts)
                label = f"{self.slots.people[p]} works {{{names}}} on {self.cal.days[d].isoformat()}"
            var = self.aux.aux(found, label)
        self._day_vars[key] = var
        return var

    # Bindings and words made once per grounding: a constraint of a million holds the
    # one tuple or string, not its own copy.

    _DIMENSIONS = {"day": "days", "person": "people", "shift": "shifts"}

    def extra(self, *parts: tuple[str, int]) -> tuple:
        """The binding `((name, value), ...)` of `(name, index)` parts, a `name` being
        "day", "person" or "shift" (the index into the calendar's days, the people or
        the shifts)."""
        found = self._extras.get(parts)
        if found is None:
            found = self._extras[parts] = tuple(
                (name, self._value_text(name, i)) for name, i in parts)
        return found

    def _value_text(self, name: str, i: int) -> str:
        if name == "day":
            return self.cal.days[i].isoformat()
        return getattr(self.slots, self._DIMENSIONS[name])[i]

    def span_binding(self, first: int, last: int) -> tuple:
        """`(("days", "first..last"),)` for a run of days (calendar indices)."""
        key = ("days", first, last)
        found = self._extras.get(key)
        if found is None:
            found = self._extras[key] = (("days", window_label(
                (self.cal.days[first], self.cal.days[last]))),)
        return found

    def words(self, p: int, template: str) -> str:
        """`template` with the name of person `p` in it, one string per grounding."""
        key = (p, template)
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = template.format(self.slots.people[p])
        return found

    def shift_length(self, shift: int) -> int:
        return self.program.shifts[shift].length

    # ---------------------------------------------------------- structural rules

    def _structure(self) -> None:
        """The built-in rules the program does not relax, each as one ground rule
        named as the author writes it (`relax "one shift per day"`). Each is encoded on
        its own, so that a conflict names the one it needs: with posts, "one shift per
        day" counts the shifts worked (a shift at any post), "one post per shift" the
        posts in each shift."""
        s, program = self.slots, self.program
        people, days = range(len(s.people)), range(len(self.cal.days))
        sizes = dict(built_in_sizes(program, len(s.people), len(self.cal.days),
                                    len(s.shifts), len(s.posts)))
        if s.static:
            if ir.ONE_POST_PER_PERSON in sizes:
                self._structure_rule(ir.ONE_POST_PER_PERSON, sizes, (
                    ((("person", s.people[p]),), s.vars_of(p, [None], [None], s.post_range))
                    for p in people))
            return
        if ir.ONE_SHIFT_PER_DAY in sizes:
            # without posts, the shifts' own cells; with them, "works shift s that day"
            def worked(p, d):
                if not s.posts:
                    return s.day_vars(p, d)
                found = (self.day_var(p, d, (sh,)) for sh in s.shift_range)
                return [v for v in found if v is not None]
            self._structure_rule(ir.ONE_SHIFT_PER_DAY, sizes, (
                (self.extra(("person", p), ("day", d)), worked(p, d))
                for p in people for d in days))
        if ir.ONE_POST_PER_SHIFT in sizes:
            self._structure_rule(ir.ONE_POST_PER_SHIFT, sizes, (
                (self.extra(("person", p), ("day", d), ("shift", sh)),
                 s.vars_of(p, (d,), (sh,), s.post_range))
                for p in people for d in days for sh in s.shift_range))

    def _refuse_structure_early(self) -> None:
        """The built-in rules alone (one constraint a person and day, or shift) can pass
        the limit, and that is known from the table's size: refuse then, before the
        table is built and the rules are grounded for nothing (3,000 people × 6 years
        took 40 s to reach it; a staff list of 1.4 million, 6.6 GB)."""
        people, days, shifts, posts = _table_counts(self.program)
        sizes = built_in_sizes(self.program, people, days, shifts, posts)
        if sum(n for _, n in sizes) > self.max_constraints:
            name, estimate = max(sizes, key=lambda size: size[1])
            rule = GroundRule(len(self.program.rules), name, RuleKind.STRUCTURE, None)
            d = self._too_large(rule, estimate)
            raise DiagnosticError(attrs.evolve(d, help=_table_help(people, days, False)))

    def _structure_rule(self, name: str, sizes: dict[str, int], groups) -> None:
        position = len(self.rules)
        rule = GroundRule(position, name, RuleKind.STRUCTURE, None)
        self.rules.append(rule)
        estimate = sizes[name]
        try:
            if len(self.constraints) + estimate > self.max_constraints:
                raise GroundError(self._too_large(rule, estimate))
            self._add_structure(rule, position, groups)
        except GroundError as err:
            self.diagnostics.add(err.diagnostic)

    def _add_structure(self, rule, position, groups) -> None:
        counted = _COUNTED[rule.name]
        for binding, found in groups:
            if len(found) > 1:
                formula = make_cmp(Sym({v: 1 for v in found}), "<=", 1, "count", counted)
                self._add(rule, GroundConstraint(position, binding, Measure.HARD, formula))

    # ---------------------------------------------------------------- size guard

    def _add(self, rule, constraint: GroundConstraint) -> None:
        self.constraints.append(constraint)
        if len(self.constraints) > self.max_constraints or self.ev.work > self.max_terms:
            self.full = True
            raise GroundError(self._too_large(rule, None))
        if not len(self.constraints) % TIME_CHECK_EVERY:
            self._check_time()

    def _check_time(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            name, done = self.current
            raise OutOfTime(name, done, len(self.program.rules))

    def _too_large(self, rule, estimate: int | None) -> Diagnostic:
        """E0501 for `rule`: how many constraints it would make and where they come
        from (its binders' domain sizes), with the narrowing a rule author can do."""
        name = rule.name
        span = getattr(rule, "span", None)
        built_in = getattr(rule, "kind", None) is RuleKind.STRUCTURE
        called = f'the built-in rule "{name}"' if built_in else f"rule {name}"
        label = None
        if estimate is not None:
            message = (f"{called} would create about {estimate:,} ground constraints; "
                       f"the limit is {self.max_constraints:,}")
            if isinstance(rule, ir.Rule):
                label = self._estimate_words(rule)
        else:
            message = (f"grounding stopped at {called}: the program has grown past "
                       f"{self.max_constraints:,} constraints or {self.max_terms:,} terms")
        days = len(self.cal.days)
        calendar = f"shorten the calendar ({days:,} days)" if days > 1 else ""
        if isinstance(rule, ir.Rule) or span is not None:
            help_ = "narrow the rule with `where` so that fewer bindings apply" + \
                (f", or {calendar}" if calendar else "")
        else:  # a structural rule: one constraint per person and day
            help_ = (f"{calendar} or split the staff into smaller programs" if calendar
                     else "split the staff into smaller programs")
        return Diagnostic.error(
            TOO_LARGE, message, span, label=label, help=help_,
            notes=["the limit keeps grounding within memory; Python callers can change "
                   "it: `rotalang.ground.ground(program, max_constraints=…)`"])

    def _check_estimate(self, rule: ir.Rule) -> None:
        estimate = self._estimate(rule)
        if len(self.constraints) + estimate > self.max_constraints:
            raise GroundError(self._too_large(rule, estimate))

    def _estimate(self, rule: ir.Rule) -> int:
        """An upper bound on the instances of a rule (ignoring `where`), computed from
        the sizes of its domains alone."""
        n = self._statement_factor(rule)
        for _, size, _ in self._binder_sizes(rule):
            n *= size
        return n

    def _binder_sizes(self, rule: ir.Rule) -> list[tuple[str, int, str]]:
        """(binder name, domain size, domain in words) for each binder of the rule."""
        days = max(len(self.cal.days), 1)
        return [(b.var.name, *self._domain_size(b.domain, days))
                for q in rule.body.quantifiers for b in q.binders]

    def _estimate_words(self, rule: ir.Rule) -> str:
        """Where an estimate comes from: "365 days d1 × 2 人员 p = 730 bindings"."""
        sizes = self._binder_sizes(rule)
        bindings = math.prod(size for _, size, _ in sizes)
        factor = self._statement_factor(rule)
        each = f", about {factor:,} constraints each" if factor > 1 else ""
        if not sizes:
            return f"one binding{each}"
        product = " × ".join(f"{size:,} {_singular(words) if size == 1 else words} {name}"
                             for name, size, words in sizes)
        total = f" = {bindings:,} bindings" if len(sizes) > 1 else ""
        return f"{product}{total}{each}"

    def _statement_factor(self, rule: ir.Rule) -> int:
        """About how many constraints one binding of the rule's statement makes."""
        days = max(len(self.cal.days), 1)
        stmt = rule.body.statement
        t = type(stmt)
        if t in (ir.CountWorked, ir.DurationWorked):
            p = stmt.period
            parts = {ir.PerWeek: len(self.cal.weeks) or 1,
                     ir.AnyWindow: days}.get(type(p), 1)
            return parts * 2
        if t in (ir.ConsecutiveWork, ir.ConsecutiveOff):
            lo = stmt.bound.lo
            run = lo.value if isinstance(lo, ir.Lit) and isinstance(lo.value, int) else 1
            return days * max(run, 2)
        if t is ir.Weekends:
            return max(len(self.cal.weeks), 1)
        if t is ir.Succession:
            return days
        if t is ir.Rest:
            return days * max(len(self.slots.shifts), 1) * 2
        return 1

    def _domain_size(self, domain, days: int) -> tuple[int, str]:
        """The size of a binder's domain (at least 1) and the domain in words."""
        t = type(domain)
        if t is ir.KindDomain:
            return len(self.ev.kind_records.get(domain.kind, ())) or 1, domain.kind
        if t is ir.EnumDomain:
            return len(self.ev.enum_values.get(domain.enum, ())) or 1, domain.enum
        if t is ir.ShiftDomain:
            return len(self.program.shifts) or 1, "shifts"
        if t is ir.WeekDomain:
            return len(self.cal.weeks) or 1, "weeks"
        if t is ir.WeekendDomain:
            return len(self.cal.weekends) or 1, "weekends"
        if t is ir.WindowDomain:
            return days, "windows"
        return days, "days"


_STATEMENTS = {
    ir.Require: statements.require,
    ir.CountWorked: statements.count_worked,
    ir.DurationWorked: statements.duration_worked,
    ir.ConsecutiveWork: statements.consecutive_work,
    ir.ConsecutiveOff: statements.consecutive_off,
    ir.Weekends: statements.weekends,
    ir.Succession: statements.succession,
}


def _singular(words: str) -> str:
    """"day" for one of "days" (built-in domains); a kind's name has no plural."""
    return words[:-1] if words in ("days", "shifts", "weeks", "weekends", "windows") else words


def linear_terms(values, span) -> tuple[list[Lin], int]:
    """Numbers or Syms as integer Lins sharing one scale (the LCM of denominators)."""
    syms = [v if isinstance(v, Sym) else Sym({}, v) for v in values]
    for v in syms:
        if not isinstance(v.const, (int, Fraction)) or isinstance(v.const, bool):
            raise fail(UNSUPPORTED, "expected a number, a ratio or a duration here", span)
    denominators = [Fraction(c).denominator for s in syms for c in (*s.terms.values(), s.const)]
    factor = math.lcm(*denominators) if denominators else 1
    lins = [Lin(tuple((int(s.terms[v] * factor), v) for v in sorted(s.terms)),
                int(s.const * factor)) for s in syms]
    return lins, factor
