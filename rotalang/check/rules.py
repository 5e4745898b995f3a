"""Rules: quantifiers, statements, guards and weights → `ir.Rule`, sugar removed.

- A statement about a person without a subject (`works at most 5 shifts per week`)
  gets the innermost bound person, or an implicit `each <staff> p` quantifier.
- `unless G` becomes the guard `not G`; `is off` is `not works` (expressions.py).
- `minimize` and `balance` belong to soft rules; a soft rule's weight is a number and
  may use the body's binders.
- A rule is facts-only when nothing in it depends on the roster.
"""

from __future__ import annotations

from rotalang import ir
from rotalang.check import types as T
from rotalang.check.expressions import Context, ExprChecker
from rotalang.check.scope import Scope
from rotalang.diagnostics import Span
from rotalang.syntax import ast

_ASSIGNMENT_STATEMENTS = (ast.WorksCount, ast.WorksDuration, ast.ConsecutiveWork,
                          ast.ConsecutiveOff, ast.Weekends, ast.Succession, ast.Rest)


class RuleChecker:
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def check(self, rule: ast.Rule, index: int) -> ir.Rule:
        ex = ExprChecker(self.ctx)
        scope = Scope()
        quantifiers = []
        for q in rule.quantifiers:
            binders, scope = ex.binders(q.binders, scope)
            where = ex.condition(q.where, scope) if q.where is not None else None
            quantifiers.append(ir.Quantifier(binders, where, span=q.span))
        statement_checker = _StatementChecker(ex, rule, scope, quantifiers)
        statement = statement_checker.check(rule.statement)
        scope = statement_checker.scope
        guard = None
        if rule.guard is not None:
            cond = ex.condition(rule.guard.cond, scope, f"the `{rule.guard.kind}` condition")
            guard = ir.Not(cond, span=rule.guard.span) if rule.guard.kind == "unless" else cond
        weight = None
        if rule.weight is not None:
            weight = ex.check(rule.weight, scope)
            if not T.is_error(weight.type) and not T.is_numeric(weight.type):
                ex.error("E0308", f"a weight is a number, found {T.describe(weight.type)}",
                         rule.weight.span, label=f"this is {T.describe(weight.type)}",
                         help="the weight is the cost of one violation, like `weight 10`")
        uses_assignment = ex.uses_assignment or isinstance(rule.statement,
                                                           _ASSIGNMENT_STATEMENTS)
        return ir.Rule(rule.name.name, rule.kind, weight,
                       ir.Body(tuple(quantifiers), statement, guard),
                       facts_only=not uses_assignment, index=index, span=rule.span)


class _StatementChecker:
    def __init__(self, ex: ExprChecker, rule: ast.Rule, scope: Scope, quantifiers: list):
        self.ex, self.rule, self.scope, self.quantifiers = ex, rule, scope, quantifiers
        self.ctx = ex.ctx

    def check(self, s: ast.Statement) -> ir.Statement:
        return getattr(self, "_" + type(s).__name__.lower())(s)

    # --------------------------------------------------------------- plain statements

    def _exprstmt(self, s: ast.ExprStmt) -> ir.Statement:
        return ir.Require(self.ex.condition(s.expr, self.scope, "a rule's statement"),
                          span=s.span)

    def _soft_only(self, s, keyword: str) -> None:
        if self.rule.kind != "soft":
            what = "an assertion" if self.rule.kind == "assert" else "a hard rule"
            self.ex.error("E0306", f"`{keyword}` only makes sense in a soft rule, "
                          f"and this is {what}", s.span, label=f"`{keyword}` statement",
                          help=f"make it a soft rule: `soft rule {self.rule.name.name} "
                               f"weight 1: …`")

    def _quantity(self, e: ast.Expr, scope: Scope, what: str) -> ir.Expr:
        out = self.ex.check(e, scope)
        if not T.is_error(out.type) and out.type.name not in ("int", "ratio", "duration"):
            self.ex.error("E0303", f"{what} must be a number or a duration, found "
                          f"{T.describe(out.type)}", e.span,
                          label=f"this is {T.describe(out.type)}")
        return out

    def _minimize(self, s: ast.Minimize) -> ir.Statement:
        self._soft_only(s, "minimize")
        return ir.Minimize(self._quantity(s.expr, self.scope, "what is minimized"), span=s.span)

    def _balance(self, s: ast.Balance) -> ir.Statement:
        self._soft_only(s, "balance")
        (binder,), inner = self.ex.binders((s.binder,), self.scope)
        expr = self._quantity(s.expr, inner, "what is balanced")
        where = self.ex.condition(s.where, inner) if s.where is not None else None
        return ir.Balance(expr, binder, where, span=s.span)

    # --------------------------------------------------------------- about a person

    def subject(self, s) -> ir.Expr:
        """The explicit subject, the innermost bound person, or an implicit binder."""
        if s.subject is not None:
            return self.ex.person(s.subject, self.scope)
        return self._implicit_person(s.span)

    def _implicit_person(self, span: Span | None) -> ir.Expr:
        staff = self.ctx.staff
        if staff is None:
            if self.ctx.first_works is None:
                self.ctx.first_works = span
            return ir.Lit(None, T.ERROR, span=span)
        var = self.scope.innermost_staff(staff)
        if var is None:
            taken = set(self.scope.names())
            name = next(n for n in ("p", *(f"p{i}" for i in range(2, 100))) if n not in taken)
            var = self.ctx.new_var(name, ir.kind_type(staff), span)
            self.scope = self.scope.child()
            self.scope.bind(var)
            self.quantifiers.append(ir.Quantifier(
                (ir.Binder(var, ir.KindDomain(staff), span=span),), None, span=span))
        return ir.VarRef(var, span=span)

    def bound(self, b: ast.Bound, expected: ir.Type, what: str) -> ir.Bound:
        def side(e):
            if e is None:
                return None
            out = self.ex.check(e, self.scope, expected)
            if T.is_error(out.type) or T.assignable(expected, out.type) or \
                    (expected == ir.INT and out.type == ir.RATIO):
                return out
            self.ex._mismatch(e, out.type, expected, what)
            return ir.Lit(None, T.ERROR, span=e.span)

        return ir.Bound(side(b.lo), side(b.hi), span=b.span)

    def period(self, p: ast.Period | None) -> ir.Period:
        if p is None or p.kind == "total":
            return ir.Horizon()
        self.ex._needs_calendar(p.span, "a period of days")
        if p.kind == "week":
            return ir.PerWeek()
        if p.kind == "window":
            return ir.AnyWindow(p.days)
        days = self.ex.check(p.within, self.scope)
        t = days.type
        if not (T.is_error(t) or t == ir.DAYS or t == ir.set_type(ir.DATE)):
            self.ex.error("E0301", f"`in …` needs a week, a weekend, a window or a set of "
                          f"dates, found {T.describe(t)}", p.within.span)
        return ir.WithinDays(days)

    def _workscount(self, s: ast.WorksCount) -> ir.Statement:
        person = self.subject(s)
        if s.unit == "days" or s.shifts is not None:
            self.ex._needs_calendar(s.span, f"counting {s.unit}")
        shifts = self.ex.shifts(s.shifts, self.scope) if s.shifts is not None else None
        return ir.CountWorked(person, self.bound(s.bound, ir.INT, f"the number of {s.unit}"),
                              shifts, s.unit, self.period(s.period), span=s.span)

    def _worksduration(self, s: ast.WorksDuration) -> ir.Statement:
        person = self.subject(s)
        bound = self.bound(s.bound, ir.DURATION, "the time worked")
        return ir.DurationWorked(person, bound, self.period(s.period), span=s.span)

    def _consecutivework(self, s: ast.ConsecutiveWork) -> ir.Statement:
        person = self.subject(s)
        self.ex._needs_calendar(s.span, "consecutive days")
        return ir.ConsecutiveWork(person, self.bound(s.bound, ir.INT, "the number of days"),
                                  span=s.span)

    def _consecutiveoff(self, s: ast.ConsecutiveOff) -> ir.Statement:
        person = self.subject(s)
        self.ex._needs_calendar(s.span, "consecutive days off")
        return ir.ConsecutiveOff(person, self.bound(s.bound, ir.INT, "the number of days"),
                                 span=s.span)

    def _weekends(self, s: ast.Weekends) -> ir.Statement:
        person = self.subject(s)
        self.ex._needs_calendar(s.span, "weekends")
        if s.weeks is not None and s.weeks < 1:
            self.ex.error("E0301", "a window holds at least one week", s.span)
        return ir.Weekends(person, self.bound(s.bound, ir.INT, "the number of weekends"),
                           s.weeks, span=s.span)

    def _succession(self, s: ast.Succession) -> ir.Statement:
        person = self._implicit_person(s.span)
        self.ex._needs_calendar(s.span, "a succession of shifts")
        return ir.Succession(person, self.ex.shifts(s.first, self.scope),
                             self.ex.shifts(s.then, self.scope), span=s.span)

    def _rest(self, s: ast.Rest) -> ir.Statement:
        person = self._implicit_person(s.span)
        self.ex._needs_calendar(s.span, "rest between shifts")
        minimum = self.ex.expect(s.minimum, self.scope, ir.DURATION, "the rest")
        return ir.Rest(person, minimum, span=s.span)
