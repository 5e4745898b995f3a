"""Expressions and binders: AST → typed IR, one method per construct.

Every problem is reported into the shared `Diagnostics` and the expression gets the
type `ERROR`, which every later rule accepts, so one mistake gives one message.
Bare names are resolved with the type the context expects (`p.身份 = 医务人员` reads
`医务人员` as a 身份 value even if a record has that name too).
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Callable

from rotalang import ir
from rotalang.check import types as T
from rotalang.check.scope import Globals, Scope
from rotalang.check.suggest import did_you_mean
from rotalang.diagnostics import Diagnostics, Label, Span
from rotalang.syntax import ast
from rotalang.values import (
    WEEKDAYS, Duration, EnumValue, RecordRef, ShiftRef, TimeOfDay, exact_decimal,
)

FUNCTIONS = ("shifts", "hours", "days", "abs", "len", "known")
_LITERAL_TYPES = {"int": ir.INT, "ratio": ir.RATIO, "duration": ir.DURATION, "date": ir.DATE,
                  "time": ir.TIME, "text": ir.TEXT, "bool": ir.BOOL}


class Context:
    """What the expression checker needs to know about the whole program."""

    def __init__(self, globals_: Globals, diags: Diagnostics):
        self.g = globals_
        self.diags = diags
        self.kinds: dict[str, ir.KindDecl] = {}
        self.staff: str | None = None
        self.post: str | None = None
        self.calendar = False
        self.let_types: dict[str, ir.Type] = {}
        self.let_uses_assignment: set[str] = set()
        self._uids = itertools.count(1)
        self.first_works: Span | None = None  # where a rule first needs a staff kind
        self.reported_no_calendar: set[int] = set()

    def new_var(self, name: str, type_: ir.Type, span: Span | None) -> ir.Var:
        return ir.Var(name, type_, next(self._uids), span=span)


# AST class → the ExprChecker method that checks it (an unbound function)
_METHODS: dict[type, Callable] = {}


class ExprChecker:
    """Checks the expressions of one rule (or let / default); `uses_assignment` tells
    whether anything read depends on the roster (a `works` atom, shifts(), hours())."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.g = ctx.g
        self.diags = ctx.diags
        self.uses_assignment = False

    def error(self, code: str, message: str, span: Span | None, **kw) -> ir.Lit:
        self.diags.error(code, message, span, **kw)
        return ir.Lit(None, T.ERROR, span=span)

    # ------------------------------------------------------------------ entry points

    def check(self, e: ast.Expr, scope: Scope, expected: ir.Type | None = None) -> ir.Expr:
        method = _METHODS.get(type(e))
        if method is None:  # first node of its class: find `_<class>` once
            method = _METHODS[type(e)] = getattr(ExprChecker, "_" + type(e).__name__.lower())
        return method(self, e, scope, expected)

    def condition(self, e: ast.Expr, scope: Scope, what: str = "a condition") -> ir.Expr:
        out = self.check(e, scope, ir.BOOL)
        if not T.is_error(out.type) and out.type != ir.BOOL:
            self.error("E0304", f"expected {what} (true or false), found {T.describe(out.type)}",
                       e.span, label=f"this is {T.describe(out.type)}")
        return out

    def expect(self, e: ast.Expr, scope: Scope, expected: ir.Type, what: str) -> ir.Expr:
        """Check `e` and require a value assignable to `expected`."""
        out = self.check(e, scope, expected)
        if not T.assignable(expected, out.type):
            self._mismatch(e, out.type, expected, what)
            return ir.Lit(None, T.ERROR, span=e.span)
        return out

    def _mismatch(self, e: ast.Expr, found: ir.Type, expected: ir.Type, what: str) -> None:
        if expected.name == "duration" and T.is_numeric(found):
            text = e.text if isinstance(e, ast.Literal) else None
            self.error("E0302", f"{what} must be a duration, found {T.describe(found)}", e.span,
                       label="expected a duration",
                       help=T.unit_help(text) if text else "give the number a unit, like `8h`")
        else:
            self.error("E0301", f"{what} must be {T.describe(expected)}, "
                                f"found {T.describe(found)}", e.span,
                       label=f"expected {T.describe(expected)}")

    # ------------------------------------------------------------------ atoms

    def _literal(self, e: ast.Literal, scope, expected) -> ir.Expr:
        type_ = _LITERAL_TYPES[e.kind]
        value = e.value
        if e.kind == "duration":
            value = Duration(e.value)
        elif e.kind == "time":
            value = TimeOfDay(e.value)
        return ir.Lit(value, type_, span=e.span)

    def _name(self, e: ast.Name, scope: Scope, expected) -> ir.Expr:
        name = e.name
        var = scope.lookup(name)
        if var is not None:
            return ir.VarRef(var, span=e.span)
        if name in self.ctx.let_types:
            if name in self.ctx.let_uses_assignment:
                self.uses_assignment = True
            return ir.LetRef(name, self.ctx.let_types[name], span=e.span)
        if name in self.g.lets:  # declared, but later or with an error
            return self.error("E0201", f"`{name}` is used before its definition", e.span,
                              labels=[Label(self.g.lets[name].span, "defined here")],
                              help="a `let` can only use the lets defined above it")
        candidates = self._meanings(name)
        if expected is not None:
            fitting = [c for c in candidates if T.assignable(expected, c.type)
                       or (expected.name == "set" and T.assignable(expected.element, c.type))]
            if len(fitting) == 1:
                return _with_span(fitting[0], e.span)
        if len(candidates) == 1:
            return _with_span(candidates[0], e.span)
        if len(candidates) > 1:
            spelled = " or ".join(f"`{_qualifier(c)}.{name}`" for c in candidates)
            return self.error("E0203", f"`{name}` is ambiguous: it names "
                              + " and ".join(T.describe(c.type) for c in candidates), e.span,
                              label="ambiguous", help=f"qualify it: {spelled}")
        sort = self.g.types.get(name)
        if sort is not None:
            return self.error("E0210", f"`{name}` is {'a kind' if sort.sort == 'kind' else 'an enum'}"
                              f", not a value", e.span, label=f"a {sort.sort}",
                              help=f"bind its {'records' if sort.sort == 'kind' else 'values'}: "
                                   f"`each {name} x` or `count({name} x where …)`")
        if name in self.g.rules:
            return self.error("E0210", f"`{name}` is a rule, not a value", e.span)
        return self.error("E0201", f"unknown name `{name}`", e.span, label="not found",
                          help=self.g.suggest(name, scope.names()))

    def _meanings(self, name: str) -> list[ir.Lit]:
        """What a bare name can denote as a value: enum values, records, shifts, weekdays."""
        out = [ir.Lit(EnumValue(enum, name), ir.enum_type(enum))
               for enum in self.g.enum_values.get(name, ())]
        out += [ir.Lit(RecordRef(kind, name), ir.kind_type(kind))
                for kind in self.g.records.get(name, ())]
        if name in self.g.shifts:
            out.append(ir.Lit(ShiftRef(name), ir.SHIFT))
        if name in WEEKDAYS:
            out.append(ir.Lit(EnumValue("weekday", name), ir.WEEKDAY))
        return out

    def _attr(self, e: ast.Attr, scope: Scope, expected) -> ir.Expr:
        if isinstance(e.obj, ast.Name) and scope.lookup(e.obj.name) is None:
            qualified = self._qualified(e)
            if qualified is not None:
                return qualified
        obj = self.check(e.obj, scope)
        t = obj.type
        if T.is_error(t):
            return ir.Lit(None, T.ERROR, span=e.span)
        if t.name == "kind":
            kind = self.ctx.kinds.get(t.ref)
            attribute = kind.attribute(e.attr) if kind is not None else None
            if attribute is None:
                names = [a.name for a in kind.attributes] if kind else []
                return self.error("E0204", f"{t.ref} has no attribute `{e.attr}`", e.span,
                                  label="unknown attribute",
                                  help=did_you_mean(e.attr, names) or (
                                      f"{t.ref} has: " + ", ".join(f"`{n}`" for n in names)
                                      if names else f"{t.ref} declares no attributes"))
            return ir.Attr(obj, e.attr, attribute.type, span=e.span)
        builtin = {"shift": {"length": ir.DURATION, "start": ir.TIME, "end": ir.TIME},
                   "date": {"weekday": ir.WEEKDAY, "week": ir.DAYS}}.get(t.name, {})
        if e.attr in builtin:
            return ir.Attr(obj, e.attr, builtin[e.attr], span=e.span)
        help = did_you_mean(e.attr, builtin) or (
            "properties: " + ", ".join(f"`{n}`" for n in builtin) if builtin else None)
        return self.error("E0311", f"{T.describe(t)} has no property `{e.attr}`", e.span,
                          label="no such property", help=help)

    def _qualified(self, e: ast.Attr) -> ir.Expr | None:
        """`身份.医务人员` (an enum value) or `人员.张丽` (a record), spelled in full."""
        owner = e.obj.name
        if owner in self.g.enums:
            values = self.g.enums[owner]
            if e.attr in values:
                return ir.Lit(EnumValue(owner, e.attr), ir.enum_type(owner), span=e.span)
            return self.error("E0201", f"{owner} has no value `{e.attr}`", e.span,
                              label="not a value of this enum", help=did_you_mean(e.attr, values))
        if self.g.kind(owner) is not None:
            names = self.g.record_names.get(owner, {})
            if e.attr in names:
                return ir.Lit(RecordRef(owner, e.attr), ir.kind_type(owner), span=e.span)
            return self.error("E0201", f"no {owner} named `{e.attr}`", e.span,
                              label="unknown record", help=did_you_mean(e.attr, names))
        return None

    # ------------------------------------------------------------------ arithmetic

    def _unary(self, e: ast.Unary, scope, expected) -> ir.Expr:
        operand = self.check(e.operand, scope, expected)
        result = T.negate(operand.type)
        if isinstance(result, T.Problem):
            return self.error(result.code, result.message, e.span, help=result.help)
        return ir.Neg(operand, result, span=e.span)

    def _binary(self, e: ast.Binary, scope, expected) -> ir.Expr:
        left = self.check(e.left, scope)
        right = self.check(e.right, scope)
        return self._arith(e.op, left, right, e, e.left, e.right)

    def _ratioof(self, e: ast.RatioOf, scope, expected) -> ir.Expr:
        ratio = self.check(e.ratio, scope)
        if not T.is_error(ratio.type) and not T.is_numeric(ratio.type):
            return self.error("E0303", f"`of` needs a ratio on its left, found "
                              f"{T.describe(ratio.type)}", e.ratio.span,
                              help="write a percentage: `50% of count(…)`")
        expr = self.check(e.expr, scope)
        return self._arith("*", ratio, expr, e, e.ratio, e.expr)

    def _arith(self, op, left, right, e, left_ast, right_ast) -> ir.Expr:
        result = T.arith(op, left.type, right.type)
        if op in ("+", "-") and not isinstance(result, T.Problem):
            mixed = self._mixed_units(left_ast, right_ast, "add" if op == "+" else "subtract")
            if mixed is not None:
                return mixed
        if isinstance(result, T.Problem):
            number = right_ast if T.is_numeric(right.type) else left_ast
            help = result.help
            if result.code == "E0302" and isinstance(number, ast.Literal):
                unit = "d" if ir.DATE in (left.type, right.type) else "h"
                help = f"give the number a unit: `{number.text}{unit}`"
            return self.error(result.code, result.message, right_ast.span, help=help,
                              label=f"this is {T.describe(right.type)}",
                              labels=[Label(left_ast.span, f"this is {T.describe(left.type)}")])
        if result == ir.DATE and isinstance(right, ir.Lit) and isinstance(right.value, Duration) \
                and right.value.minutes % 1440:
            return self.error("E0309", "a date moves by whole days only", right_ast.span,
                              label=f"{right.value} is not a whole number of days",
                              help="use a number of days, like `14d`")
        return ir.Arith(op, left, right, result, span=e.span)

    # ------------------------------------------------------------------ comparisons

    def _compare(self, e: ast.Compare, scope, expected) -> ir.Expr:
        left, right = self._pair(e.left, e.right, scope)
        problem = T.compare(e.op, left.type, right.type, self.g.ordered_enums)
        if problem is not None:
            return self._report_pair(problem, e, left, right)
        mixed = self._mixed_units(e.left, e.right, "compare")
        if mixed is not None:
            return mixed
        return ir.Compare(e.op, left, right, span=e.span)

    def _mixed_units(self, a: ast.Expr, b: ast.Expr, verb: str) -> ir.Expr | None:
        """E0316 when one side is a ratio written with `%` or `‰` and the other a
        decimal written without a unit: `5.319 <= 5.32‰` compares 5.319 with 0.00532
        and is false, where its author meant 5.319‰. A count or a ratio of counts has
        no unit to miss, so only what is written as a decimal is asked for one."""
        units = (self._written_unit(a), self._written_unit(b))
        if None in units or (units[0] == "") == (units[1] == ""):
            return None
        bare, marked = (a, b) if units[0] == "" else (b, a)
        unit = units[1] or units[0]
        bare_lit, marked_lit = self._literal_of(bare), self._literal_of(marked)
        per = 100 if unit == "%" else 1000
        if not _closer_in_unit(bare_lit.value, marked_lit.value, per):
            return None  # `0.95 >= 94%`: both fractions of one, as written
        text = bare_lit.text
        in_unit = exact_decimal(bare_lit.value * per) or text
        named = f"`{bare.name}`" if isinstance(bare, ast.Name) else "this"
        where = f" in `let {bare.name}`" if isinstance(bare, ast.Name) else ""
        return self.error("E0316", f"cannot {verb} a ratio written with `{unit}` and a "
                          f"decimal written without one", bare.span,
                          label=f"{named} is {text}, that is {in_unit}{unit}",
                          labels=[Label(marked.span, f"`{marked.name}` is {marked_lit.text}"
                                        if isinstance(marked, ast.Name) else
                                        f"this is in {unit}")],
                          help=f"write `{text}{unit}`{where} if that is what it means")

    def _literal_of(self, e: ast.Expr) -> ast.Literal | None:
        """The literal `e` is, directly or as a `let` bound to one."""
        seen = 0
        while isinstance(e, ast.Name) and e.name in self.g.lets and seen < 50:
            decl = self.g.lets[e.name].decl
            if not isinstance(decl, ast.LetDecl):
                return None
            e, seen = decl.value, seen + 1
        return e if isinstance(e, ast.Literal) else None

    def _written_unit(self, e: ast.Expr) -> str | None:
        """"%" or "‰" for a ratio literal written so, "" for a decimal written without
        a unit (`5.319`), None for anything else (whole numbers, counts, data)."""
        literal = self._literal_of(e)
        if literal is None or literal.kind != "ratio":
            return None
        text = literal.text
        if text.endswith(("%", "‰")):
            return text[-1]
        return "" if "." in text else None

    def _pair(self, a: ast.Expr, b: ast.Expr, scope: Scope) -> tuple[ir.Expr, ir.Expr]:
        """Check two operands, the bare name last so it can use the other's type."""
        if isinstance(a, ast.Name) and not isinstance(b, ast.Name):
            right = self.check(b, scope)
            return self.check(a, scope, right.type), right
        left = self.check(a, scope)
        return left, self.check(b, scope, left.type)

    def _report_pair(self, problem: T.Problem, e, left: ir.Expr, right: ir.Expr) -> ir.Expr:
        help = problem.help
        primary, other = e.right, e.left
        if problem.code == "E0302":
            # point at the number; say which side is the duration
            if T.is_numeric(left.type):
                primary, other = e.left, e.right
            if isinstance(primary, ast.Literal):
                help = T.unit_help(primary.text)
            return self.error(problem.code, problem.message, primary.span,
                              label="expected a duration, found a number",
                              labels=[Label(other.span, "this is a duration")], help=help)
        return self.error(problem.code, problem.message, e.right.span,
                          label=f"this is {T.describe(right.type)}",
                          labels=[Label(e.left.span, f"this is {T.describe(left.type)}")],
                          help=help)

    def _between(self, e: ast.Between, scope, expected) -> ir.Expr:
        """`X between A and B` is `A <= X and X <= B`: both ends included."""
        low = ast.Compare("<=", e.lo, e.value, span=e.span)
        high = ast.Compare("<=", e.value, e.hi, span=e.span)
        return self._logic(ast.Logic("and", (low, high), span=e.span), scope, expected)

    def _in(self, e: ast.In, scope, expected) -> ir.Expr:
        collection = self.check(e.collection, scope)
        element_type = collection.type.element if collection.type.name == "set" else None
        element = self.check(e.element, scope, element_type)
        problem = T.member(element.type, collection.type)
        if problem is not None:
            return self._report_pair(problem, ast.Compare("in", e.element, e.collection,
                                                          span=e.span), element, collection)
        out = ir.Member(element, collection, span=e.span)
        return ir.Not(out, span=e.span) if e.negated else out

    def _dateis(self, e: ast.DateIs, scope, expected) -> ir.Expr:
        subject = self.check(e.subject, scope)
        what = e.what.name
        if not T.is_error(subject.type) and subject.type != ir.DATE:
            return self.error("E0301", f"`is {what}` needs a date, found "
                              f"{T.describe(subject.type)}", e.subject.span,
                              label=f"this is {T.describe(subject.type)}")
        if what not in ("weekend", "holiday") and what not in WEEKDAYS:
            return self.error("E0201", f"`{what}` is not a kind of day", e.what.span,
                              label="expected weekend, holiday or a weekday",
                              help=did_you_mean(what, ("weekend", "holiday", *WEEKDAYS)))
        if what == "holiday":
            self._needs_calendar(e.span, "`is holiday`")
        out = ir.DateIs(subject, what, span=e.span)
        return ir.Not(out, span=e.span) if e.negated else out

    # ------------------------------------------------------------------ logic

    def _logic(self, e: ast.Logic, scope, expected) -> ir.Expr:
        items = tuple(self.condition(o, scope) for o in e.operands)
        if e.op == "and":
            return ir.And(items, span=e.span)
        if e.op == "or":
            return ir.Or(items, span=e.span)
        if e.op == "not":
            return ir.Not(items[0], span=e.span)
        return ir.Implies(items[0], items[1], span=e.span)

    # ------------------------------------------------------------------ assignments

    def person(self, e: ast.Expr, scope: Scope) -> ir.Expr:
        out = self.check(e, scope, ir.kind_type(self.ctx.staff) if self.ctx.staff else None)
        if self.ctx.staff is None:
            if self.ctx.first_works is None:
                self.ctx.first_works = e.span
            return ir.Lit(None, T.ERROR, span=e.span)
        if not T.is_error(out.type) and out.type != ir.kind_type(self.ctx.staff):
            return self.error("E0312", f"only a {self.ctx.staff} works shifts; this is "
                              f"{T.describe(out.type)}", e.span,
                              label=f"expected a {self.ctx.staff}")
        return out

    def shifts(self, e: ast.Expr, scope: Scope) -> ir.Expr:
        out = self.check(e, scope, ir.SHIFT)
        if T.is_error(out.type) or out.type == ir.SHIFT or out.type == ir.set_type(ir.SHIFT) \
                or (out.type.name == "set" and out.type.element is None):
            return out
        return self.error("E0301", f"expected a shift or a set of shifts, found "
                          f"{T.describe(out.type)}", e.span, label="not a shift")

    def _works(self, e: ast.Works, scope: Scope, expected) -> ir.Expr:
        self.uses_assignment = True
        person = self.person(e.person, scope)
        shifts = self.shifts(e.shifts, scope) if e.shifts is not None else None
        day = self.expect(e.day, scope, ir.DATE, "the day") if e.day is not None else None
        post = None
        if e.post is not None:
            if self.ctx.post is None:
                post = self.error("E0201", "`at` names a post, but no `post` kind is declared",
                                  e.post.span, help="declare the posts: `post 卡口 { … }`")
            else:
                post = self.expect(e.post, scope, ir.kind_type(self.ctx.post), "the post")
        if shifts is not None or day is not None:
            self._needs_calendar(e.span, "a shift or a day")
        out = ir.Works(person, shifts, day, post, span=e.span)
        return ir.Not(out, span=e.span) if e.negated else out

    def _needs_calendar(self, span: Span | None, what: str) -> None:
        if self.ctx.calendar:
            return
        self.error("E0313", f"{what} needs a calendar", span,
                   help="declare the horizon: `calendar from 2025-02-10 to 2025-02-23`")

    # ------------------------------------------------------------------ aggregates

    def binders(self, binders, scope: Scope) -> tuple[tuple[ir.Binder, ...], Scope]:
        inner = scope.child()
        out = []
        for b in binders:
            binder = self.binder(b, inner)
            inner.bind(binder.var)
            out.append(binder)
        return tuple(out), inner

    def binder(self, b: ast.Binder, scope: Scope) -> ir.Binder:
        if b.kind == "records":
            domain_name = b.domain.name
            if self.g.kind(domain_name) is not None:
                domain, type_ = ir.KindDomain(domain_name), ir.kind_type(domain_name)
            elif domain_name in self.g.enums:
                domain, type_ = ir.EnumDomain(domain_name), ir.enum_type(domain_name)
            else:
                if domain_name in self.g.shifts:
                    self.error("E0210", f"`{domain_name}` is a shift, not a kind or an enum",
                               b.domain.span, help="to range over shifts write `shift s`")
                else:
                    self.error("E0201", f"unknown kind or enum `{domain_name}`", b.domain.span,
                               label="not a kind or enum",
                               help=did_you_mean(domain_name, [*self.g.types, "weekday"]))
                domain, type_ = ir.KindDomain(domain_name), T.ERROR
        elif b.kind == "day":
            within = None
            if b.within is not None:
                within = self.check(b.within, scope)
                t = within.type
                if not (T.is_error(t) or t == ir.DAYS or t == ir.set_type(ir.DATE)):
                    self.error("E0301", f"`day {b.name.name} in …` needs a week, a weekend, a "
                               f"window or a set of dates, found {T.describe(t)}", b.within.span)
            self._needs_calendar(b.span, "`day`")
            domain, type_ = ir.DayDomain(within), ir.DATE
        elif b.kind == "shift":
            domain, type_ = ir.ShiftDomain(), ir.SHIFT
        elif b.kind in ("week", "weekend"):
            self._needs_calendar(b.span, f"`{b.kind}`")
            domain = ir.WeekDomain() if b.kind == "week" else ir.WeekendDomain()
            type_ = ir.DAYS
        else:  # window
            self._needs_calendar(b.span, "a window of days")
            if not b.window or b.window < 1:
                self.error("E0301", "a window holds at least one day", b.span)
            domain, type_ = ir.WindowDomain(b.window or 1), ir.DAYS
        var = self.ctx.new_var(b.name.name, type_, b.name.span)
        return ir.Binder(var, domain, span=b.span)

    def _aggregate(self, e: ast.Aggregate, scope: Scope, expected) -> ir.Expr:
        binders, inner = self.binders(e.binders, scope)
        where = self.condition(e.where, inner) if e.where is not None else None
        if e.kind in ("count", "some", "none"):
            return ir.Aggregate(e.kind, binders, where, None,
                                ir.INT if e.kind == "count" else ir.BOOL, span=e.span)
        expr = self.check(e.expr, inner)
        t = expr.type
        allowed = ("int", "ratio", "duration") if e.kind == "sum" else T.ORDERED
        if not T.is_error(t) and t.name not in allowed:
            return self.error("E0303", f"cannot {e.kind} {T.describe(t)}", e.expr.span,
                              label=f"this is {T.describe(t)}")
        return ir.Aggregate(e.kind, binders, where, expr, t, span=e.span)

    # ------------------------------------------------------------------ calls and sets

    def _call(self, e: ast.Call, scope: Scope, expected) -> ir.Expr:
        name, args = e.name, e.args
        if name not in FUNCTIONS:
            return self.error("E0201", f"unknown function `{name}`", e.span,
                              help=did_you_mean(name, FUNCTIONS) or
                              "functions: " + ", ".join(f"`{f}`" for f in FUNCTIONS))
        arity = {"shifts": (1, 2), "hours": (1, 1), "days": (2, 2), "abs": (1, 1),
                 "len": (1, 1), "known": (1, 1)}[name]
        if not arity[0] <= len(args) <= arity[1]:
            usage = {"shifts": "shifts(p) or shifts(p, 夜班)", "hours": "hours(p)",
                     "days": "days(d1, d2)", "abs": "abs(x)", "len": "len(s)",
                     "known": "known(p.到达日期)"}[name]
            return self.error("E0305", f"`{name}` takes {arity[0]}"
                              + (f" or {arity[1]}" if arity[1] != arity[0] else "")
                              + f" argument{'s' if arity[1] > 1 else ''}, found {len(args)}",
                              e.span, help=f"write `{usage}`")
        if name in ("shifts", "hours"):
            self.uses_assignment = True
            checked = [self.person(args[0], scope)]
            if len(args) == 2:
                checked.append(self.shifts(args[1], scope))
            return ir.Call(name, tuple(checked), ir.INT if name == "shifts" else ir.DURATION,
                           span=e.span)
        if name == "days":
            checked = [self.expect(a, scope, ir.DATE, "an argument of days()") for a in args]
            return ir.Call(name, tuple(checked), ir.INT, span=e.span)
        arg = self.check(args[0], scope)
        t = arg.type
        if name == "known":
            return ir.Call(name, (arg,), ir.BOOL, span=e.span)
        if name == "abs":
            if not (T.is_error(t) or t.name in ("int", "ratio", "duration")):
                return self.error("E0305", f"`abs` needs a number or a duration, found "
                                  f"{T.describe(t)}", args[0].span)
            return ir.Call(name, (arg,), t, span=e.span)
        if not (T.is_error(t) or t.name in ("set", "days")):
            return self.error("E0305", f"`len` needs a set, found {T.describe(t)}", args[0].span)
        return ir.Call(name, (arg,), ir.INT, span=e.span)

    def _setliteral(self, e: ast.SetLiteral, scope: Scope, expected) -> ir.Expr:
        element_expected = expected.element if expected is not None and \
            expected.name == "set" else expected
        items, element = [], None
        for item_ast in e.items:
            item = self.check(item_ast, scope, element or element_expected)
            if element is None:
                element = item.type
            else:
                joined = T.join(element, item.type)
                if joined is None:
                    self.error("E0301", f"a set holds values of one type: "
                               f"{T.describe(item.type)} among {T.describe(element)}s",
                               item_ast.span, label=f"this is {T.describe(item.type)}")
                    element = T.ERROR
                else:
                    element = joined
            items.append(item)
        return ir.SetLit(tuple(items), ir.Type("set", element=element), span=e.span)


def _with_span(lit: ir.Lit, span: Span | None) -> ir.Lit:
    return ir.Lit(lit.value, lit.type, span=span)


def _qualifier(lit: ir.Lit) -> str:
    return lit.type.ref if lit.type.name in ("enum", "kind") else lit.type.name


def _closer_in_unit(bare: Fraction, marked: Fraction, per: int) -> bool:
    """Whether a decimal written without a unit lies nearer the ratio it meets when
    read in that ratio's unit (5.319 against 5.32‰: as written 1,000 times larger,
    read as 5.319‰ about equal) — the sign that the unit was left off."""
    if not bare or not marked:
        return False

    def spread(x: Fraction) -> Fraction:
        x = abs(x)
        return max(x, 1 / x)
    return spread(bare / per / marked) < spread(bare / marked)
