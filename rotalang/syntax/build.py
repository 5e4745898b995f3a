"""Lark parse tree → `ast` nodes. One method per grammar rule (or alias), each building
its node's span from Lark's `meta` (the miniwdl way). Bad literals (`2025-02-30`,
`25:00`, `7.3min`) are collected as E011x diagnostics at the literal, not raised, so a
file with several of them reports them all."""

from __future__ import annotations

import datetime
import re
from fractions import Fraction

from lark import Token, v_args
from lark.visitors import Transformer_NonRecursive

from rotalang.diagnostics import Diagnostic, Span
from rotalang.syntax import ast


def token_span(file: str, tok: Token) -> Span:
    return Span(file, tok.line, tok.column, tok.end_line, tok.end_column,
                tok.start_pos, tok.end_pos)


_UNIT_MINUTES = {"min": 1, "h": 60, "d": 1440}
# Python refuses to turn longer digit strings into numbers (its int-string limit); no
# rule needs one, so a longer literal is reported at the literal (E0113).
MAX_DIGITS = 4300
_DURATION_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)(min|h|d)")


def _approximately(value: Fraction) -> str:
    """A few significant digits of `value`, which may be too big for a float."""
    if abs(value) < 10**15:
        return f"{float(value):g}"
    return f"more than {10**15:,}"


def _present(children) -> list:
    return [c for c in children if c is not None]


@v_args(meta=True)
class Builder(Transformer_NonRecursive):
    def __init__(self, file: str):
        super().__init__(visit_tokens=False)
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    # ------------------------------------------------------------------ helpers
    def _span(self, meta) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.file, 1, 1, 1, 1, 0, 0)
        return Span(self.file, meta.line, meta.column, meta.end_line, meta.end_column,
                    meta.start_pos, meta.end_pos)

    def _ident(self, tok: Token) -> ast.Ident:
        return ast.Ident(str(tok), span=token_span(self.file, tok))

    def _bad(self, code: str, message: str, tok: Token, label: str, **kw) -> None:
        self.diagnostics.append(Diagnostic.error(
            code, message, token_span(self.file, tok), label=label, **kw))

    # ----------------------------------------------------------------- literals
    def _too_long(self, tok: Token) -> bool:
        """True (and reported) when the number in `tok` has more digits than Python
        converts; the caller then uses a stand-in value so checking goes on."""
        digits = sum(c.isdigit() for c in str(tok))
        if digits <= MAX_DIGITS:
            return False
        text = str(tok)
        self._bad("E0113", f"number `{text[:12]}…` is too long: {digits:,} digits, "
                  f"the limit is {MAX_DIGITS:,}", tok, "too long",
                  help="write it with fewer digits; a fraction such as `1 / 3` is exact")
        return True

    def _whole(self, tok: Token) -> int:
        return 0 if self._too_long(tok) else int(tok)

    def date_value(self, tok: Token) -> datetime.date:
        try:
            return datetime.date.fromisoformat(str(tok))
        except ValueError as exc:
            self._bad("E0110", f"invalid date `{tok}`", tok, str(exc).replace("day is", "the day is"),
                      help="dates are written YYYY-MM-DD, e.g. `2025-03-24`")
            return datetime.date(2000, 1, 1)

    def time_value(self, tok: Token) -> int:
        h, m = (int(x) for x in str(tok).split(":"))
        if h > 24 or m > 59 or (h == 24 and m != 0):
            self._bad("E0111", f"invalid time of day `{tok}`", tok, "no such time",
                      help="times run from `00:00` to `23:59` (`24:00` is the end of the day)")
            return 0
        return h * 60 + m

    def duration_value(self, tok: Token) -> int:
        if self._too_long(tok):
            return 0
        total = Fraction(0)
        for number, unit in _DURATION_PART.findall(str(tok)):
            total += Fraction(number) * _UNIT_MINUTES[unit]
        if total.denominator != 1:
            self._bad("E0112", f"duration `{tok}` is not a whole number of minutes", tok,
                      f"this is {_approximately(total)} minutes",
                      help="a duration must come to whole minutes, e.g. `7min` or `7.5h`")
            return int(total)
        return int(total)

    def literal(self, meta, ch):
        tok: Token = ch[0]
        text, kind = str(tok), tok.type
        span = self._span(meta)
        if kind in ("INT", "DECIMAL", "PERCENT", "PERMILLE") and self._too_long(tok):
            return ast.Literal("int" if kind == "INT" else "ratio", 0, text, span=span)
        if kind == "INT":
            return ast.Literal("int", int(text), text, span=span)
        if kind == "DECIMAL":
            return ast.Literal("ratio", Fraction(text), text, span=span)
        if kind == "PERCENT":
            return ast.Literal("ratio", Fraction(text[:-1]) / 100, text, span=span)
        if kind == "PERMILLE":
            return ast.Literal("ratio", Fraction(text[:-1]) / 1000, text, span=span)
        if kind == "DURATION":
            return ast.Literal("duration", self.duration_value(tok), text, span=span)
        if kind == "DATE":
            return ast.Literal("date", self.date_value(tok), text, span=span)
        if kind == "TIME":
            return ast.Literal("time", self.time_value(tok), text, span=span)
        if kind == "STRING":
            return ast.Literal("text", unquote(text), text, span=span)
        raise AssertionError(kind)

    def true_(self, meta, ch):
        return ast.Literal("bool", True, "true", span=self._span(meta))

    def false_(self, meta, ch):
        return ast.Literal("bool", False, "false", span=self._span(meta))

    # ------------------------------------------------------------- declarations
    def start(self, meta, ch):
        return ast.Program(tuple(ch), span=self._span(meta))

    def use(self, meta, ch):
        return ast.Use(unquote(ch[0]), span=self._span(meta))

    def calendar(self, meta, ch):
        return ast.Calendar(self.date_value(ch[0]), self.date_value(ch[1]), span=self._span(meta))

    def calendar_file(self, meta, ch):
        return ast.CalendarFile(unquote(ch[0]), span=self._span(meta))

    def holidays(self, meta, ch):
        return ast.Holidays(tuple(self.date_value(t) for t in ch), span=self._span(meta))

    def weekend_decl(self, meta, ch):
        return ast.WeekendDecl(tuple(self._ident(t) for t in ch), span=self._span(meta))

    def enum_decl(self, meta, ch):
        ordered = len(ch) > 1 and ch[1] is not None and getattr(ch[1], "type", None) == "ORDERED"
        values = ch[2:] if ordered or (len(ch) > 1 and ch[1] is None) else ch[1:]
        return ast.EnumDecl(self._ident(ch[0]), tuple(self._ident(t) for t in _present(values)),
                            span=self._span(meta), ordered=ordered)

    def kind_decl(self, meta, ch):
        return ast.KindDecl(str(ch[0]), self._ident(ch[1]), tuple(_present(ch[2:])),
                            span=self._span(meta))

    def kind_kw(self, meta, ch):
        return ch[0]

    def attribute(self, meta, ch):
        name, type_, optional, default = ch
        return ast.Attribute(self._ident(name), type_, default, span=self._span(meta),
                             optional=optional is not None)

    def type_name(self, meta, ch):
        return ast.TypeName(str(ch[0]), span=self._span(meta))

    def type_shift(self, meta, ch):
        return ast.TypeName("shift", span=self._span(meta))

    def type_set(self, meta, ch):
        return ast.SetType(ch[0], span=self._span(meta))

    def shift_decl(self, meta, ch):
        name, start, end, length, code = ch
        return ast.ShiftDecl(
            self._ident(name),
            None if start is None else self.time_value(start),
            None if end is None else self.time_value(end),
            None if length is None else self.duration_value(length),
            None if code is None else unquote(code),
            span=self._span(meta))

    def shift_file(self, meta, ch):
        return ast.ShiftFile(unquote(ch[0]), span=self._span(meta))

    def relax(self, meta, ch):
        return ast.Relax(tuple(ast.Ident(unquote(t), span=token_span(self.file, t)) for t in ch),
                         span=self._span(meta))

    def date_span(self, meta, ch):
        last = self.date_value(ch[1]) if len(ch) > 1 and ch[1] is not None else None
        return ast.DateSpan(self.date_value(ch[0]), last, span=self._span(meta))

    def unavailable(self, meta, ch):
        return ast.Availability(self._ident(ch[0]), "unavailable", tuple(ch[1:]),
                                span=self._span(meta))

    def availability_file(self, meta, ch):
        return ast.AvailabilityFile(unquote(ch[0]), span=self._span(meta))

    def leaves(self, meta, ch):
        return self._moves(meta, ch, "leaves")

    def joins(self, meta, ch):
        return self._moves(meta, ch, "joins")

    def _moves(self, meta, ch, how: str):
        date = ast.DateSpan(self.date_value(ch[1]), None, span=token_span(self.file, ch[1]))
        return ast.Availability(self._ident(ch[0]), how, (date,), span=self._span(meta))

    def let_decl(self, meta, ch):
        return ast.LetDecl(self._ident(ch[0]), ch[1], span=self._span(meta))

    # --------------------------------------------------------------------- data
    def data_file(self, meta, ch):
        return ast.DataFile(self._ident(ch[0]), unquote(ch[1]), span=self._span(meta))

    def data_records(self, meta, ch):
        return ast.DataRecords(self._ident(ch[0]), tuple(ch[1:]), span=self._span(meta))

    def record(self, meta, ch):
        return ast.Record(self._ident(ch[0]), tuple(_present(ch[1:])), span=self._span(meta))

    def field(self, meta, ch):
        return ast.Field(self._ident(ch[0]), ch[1], span=self._span(meta))

    # -------------------------------------------------------------------- rules
    def _rule(self, meta, kind, name, weight, body):
        quantifiers, statement, guard = body
        return ast.Rule(self._ident(name), kind, weight, quantifiers, statement, guard,
                        span=self._span(meta))

    def hard_rule(self, meta, ch):
        return self._rule(meta, "hard", ch[0], None, ch[1])

    def soft_rule(self, meta, ch):
        return self._rule(meta, "soft", ch[0], ch[1], ch[2])

    def assert_rule(self, meta, ch):
        return self._rule(meta, "assert", ch[0], None, ch[1])

    def body(self, meta, ch):
        quantifiers = []
        for q in ch[:-2]:  # one `each` gives one Quantifier per binder group
            quantifiers.extend(q)
        return tuple(quantifiers), ch[-2], ch[-1]

    def quantifier(self, meta, ch):
        """`each B… [where C], B… [where C]:` → one Quantifier per group: the binders
        then the group's condition (None for a last group without `where`)."""
        whole = self._span(meta)
        groups, binders = [], []
        for c in ch:
            if isinstance(c, ast.Binder):
                binders.append(c)
            else:
                groups.append((tuple(binders), c))
                binders = []
        if len(groups) == 1:
            return [ast.Quantifier(groups[0][0], groups[0][1], span=whole)]
        out = []
        for n, (group, where) in enumerate(groups):
            start = whole if n == 0 else group[0].span
            end = whole if n == len(groups) - 1 else where.span
            out.append(ast.Quantifier(group, where, span=start.to(end)))
        return out

    def guard(self, meta, ch):
        return ast.Guard(str(ch[0]), ch[1], span=self._span(meta))

    def guard_kw(self, meta, ch):
        return ch[0]

    def binder_kind(self, meta, ch):
        return ast.Binder("records", self._ident(ch[1]), domain=self._ident(ch[0]),
                          span=self._span(meta))

    def binder_day(self, meta, ch):
        return ast.Binder("day", self._ident(ch[0]), within=ch[1], span=self._span(meta))

    def binder_week(self, meta, ch):
        return ast.Binder("week", self._ident(ch[0]), span=self._span(meta))

    def binder_weekend(self, meta, ch):
        return ast.Binder("weekend", self._ident(ch[0]), span=self._span(meta))

    def binder_shift(self, meta, ch):
        return ast.Binder("shift", self._ident(ch[0]), span=self._span(meta))

    def binder_window(self, meta, ch):
        return ast.Binder("window", self._ident(ch[1]), window=self._whole(ch[0]),
                          span=self._span(meta))

    # --------------------------------------------------------------- statements
    def expr_stmt(self, meta, ch):
        return ast.ExprStmt(ch[0], span=self._span(meta))

    def minimize(self, meta, ch):
        return ast.Minimize(ch[0], span=self._span(meta))

    def balance(self, meta, ch):
        return ast.Balance(ch[0], ch[1], ch[2], span=self._span(meta))

    def works_shifts(self, meta, ch):
        return ast.WorksCount(ch[0], ch[1], ch[2], "shifts", ch[3], span=self._span(meta))

    def works_days(self, meta, ch):
        return ast.WorksCount(ch[0], ch[1], ch[2], "days", ch[3], span=self._span(meta))

    def works_duration(self, meta, ch):
        return ast.WorksDuration(ch[0], ch[1], ch[2], span=self._span(meta))

    def consecutive_work(self, meta, ch):
        return ast.ConsecutiveWork(ch[0], ch[1], span=self._span(meta))

    def consecutive_off(self, meta, ch):
        return ast.ConsecutiveOff(ch[0], ch[1], span=self._span(meta))

    def weekends(self, meta, ch):
        weeks = None if ch[2] is None else self._whole(ch[2])
        return ast.Weekends(ch[0], ch[1], weeks, span=self._span(meta))

    def succession(self, meta, ch):
        return ast.Succession(ch[0], ch[1], span=self._span(meta))

    def rest(self, meta, ch):
        return ast.Rest(ch[1], span=self._span(meta))

    def bound_max(self, meta, ch):
        return ast.Bound("max", None, ch[1], span=self._span(meta))

    def bound_min(self, meta, ch):
        return ast.Bound("min", ch[1], None, span=self._span(meta))

    def bound_exact(self, meta, ch):
        return ast.Bound("exact", ch[0], ch[0], span=self._span(meta))

    def bound_between(self, meta, ch):
        return ast.Bound("between", ch[0], ch[1], span=self._span(meta))

    def period_week(self, meta, ch):
        return ast.Period("week", span=self._span(meta))

    def period_window(self, meta, ch):
        return ast.Period("window", days=self._whole(ch[0]), span=self._span(meta))

    def period_total(self, meta, ch):
        return ast.Period("total", span=self._span(meta))

    def period_in(self, meta, ch):
        return ast.Period("in", within=ch[0], span=self._span(meta))

    # -------------------------------------------------------------- expressions
    def _logic(self, meta, op, ch):
        operands = []
        for c in ch:  # flatten `a or b or c` into one node
            if isinstance(c, ast.Logic) and c.op == op:
                operands.extend(c.operands)
            else:
                operands.append(c)
        return ast.Logic(op, tuple(operands), span=self._span(meta))

    def implies(self, meta, ch):
        return ast.Logic("implies", (ch[0], ch[1]), span=self._span(meta))

    def or_(self, meta, ch):
        return self._logic(meta, "or", ch)

    def and_(self, meta, ch):
        return self._logic(meta, "and", ch)

    def if_else(self, meta, ch):
        """`if A then B else C` is `(if A then B) and (if not A then C)`: the grounder,
        the provers and the evaluator then need nothing new."""
        condition, then, otherwise = ch
        span = self._span(meta)
        return ast.Logic("and", (
            ast.Logic("implies", (condition, then), span=span),
            ast.Logic("implies", (ast.Logic("not", (condition,), span=condition.span),
                                  otherwise), span=span)), span=span)

    def not_(self, meta, ch):
        return ast.Logic("not", (ch[0],), span=self._span(meta))

    def compare(self, meta, ch):
        return ast.Compare(str(ch[1]), ch[0], ch[2], span=self._span(meta))

    def cmp_op(self, meta, ch):
        return ch[0]

    def between(self, meta, ch):
        return ast.Between(ch[0], ch[1], ch[2], span=self._span(meta))

    def in_(self, meta, ch):
        return ast.In(ch[0], ch[1], False, span=self._span(meta))

    def not_in(self, meta, ch):
        return ast.In(ch[0], ch[1], True, span=self._span(meta))

    def date_is(self, meta, ch):
        return ast.DateIs(ch[0], self._ident(ch[1]), False, span=self._span(meta))

    def date_is_not(self, meta, ch):
        return ast.DateIs(ch[0], self._ident(ch[1]), True, span=self._span(meta))

    def day_class(self, meta, ch):
        return ch[0]

    def is_off(self, meta, ch):
        return ast.Works(ch[0], ch[1], ch[2], None, True, span=self._span(meta))

    def works(self, meta, ch):
        return ast.Works(ch[0], ch[1], ch[2], ch[3], False, span=self._span(meta))

    def binary(self, meta, ch):
        return ast.Binary(str(ch[1]), ch[0], ch[2], span=self._span(meta))

    def add_op(self, meta, ch):
        return ch[0]

    mul_op = add_op
    attr_name = add_op
    agg_fn = add_op
    exists_fn = add_op

    def ratio_of(self, meta, ch):
        return ast.RatioOf(ch[0], ch[1], span=self._span(meta))

    def neg(self, meta, ch):
        return ast.Unary("-", ch[0], span=self._span(meta))

    def attr(self, meta, ch):
        return ast.Attr(ch[0], str(ch[1]), span=self._span(meta))

    def name(self, meta, ch):
        return ast.Name(str(ch[0]), span=self._span(meta))

    def set_literal(self, meta, ch):
        return ast.SetLiteral(tuple(_present(ch)), span=self._span(meta))

    def call(self, meta, ch):
        return ast.Call(str(ch[0]), tuple(_present(ch[1:])), span=self._span(meta))

    def call_shifts(self, meta, ch):
        return ast.Call("shifts", tuple(_present(ch)), span=self._span(meta))

    def call_days(self, meta, ch):
        return ast.Call("days", tuple(_present(ch)), span=self._span(meta))

    def count(self, meta, ch):
        return ast.Aggregate("count", None, tuple(ch[:-1]), ch[-1], span=self._span(meta))

    def aggregate(self, meta, ch):
        return ast.Aggregate(str(ch[0]), ch[1], tuple(ch[2:-1]), ch[-1], span=self._span(meta))

    def exists(self, meta, ch):
        return ast.Aggregate(str(ch[0]), None, tuple(ch[1:-1]), ch[-1], span=self._span(meta))


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unquote(tok) -> str:
    """The value of a string literal: quotes removed, `\\"` `\\\\` `\\n` `\\t` decoded
    (any other escaped character stands for itself)."""
    body = str(tok)[1:-1]
    if "\\" not in body:
        return body
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)
