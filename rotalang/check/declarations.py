"""Declarations and data: calendar, enums, kinds, shifts, lets and records → IR.

Order matters only where one thing needs another, and is fixed here:
type names (kinds, enums) → attribute types → shifts → record names (inline records
and data files, so any cell can name any record) → lets → attribute defaults →
record values. Each step reports every problem it finds and carries on.
"""

from __future__ import annotations

import datetime
import os

from rotalang import ir
from rotalang.check import types as T
from rotalang.check.availability_table import availability_lines
from rotalang.check.calendar_table import calendar_decls
from rotalang.check.cells import Names
from rotalang.check.consteval import NotConstant, OutOfRange, coerce, evaluate
from rotalang.check.data import (EMPTY_VALUES, Table, as_relation, build_records, read_table,
                                 report_duplicates)
from rotalang.check.expressions import Context, ExprChecker
from rotalang.check.scope import Scope
from rotalang.check.shift_table import shift_decls
from rotalang.check.suggest import closest, did_you_mean
from rotalang.check.uses import Unit, is_outside, outside_folder, program_root
from rotalang.diagnostics import DiagnosticError, Label
from rotalang.syntax import ast
from rotalang.values import MISSING, WEEKDAYS

# The date of the one-day calendar that stands for one whose file could not be read
# (its errors are reported; this only spares the rules follow-on ones).
_NO_DATE = datetime.date(2000, 1, 3)

BUILTIN_TYPES = {"int": ir.INT, "bool": ir.BOOL, "text": ir.TEXT, "ratio": ir.RATIO,
                 "date": ir.DATE, "time": ir.TIME, "duration": ir.DURATION,
                 "weekday": ir.WEEKDAY, "shift": ir.SHIFT}


class DeclarationChecker:
    def __init__(self, ctx: Context, units: list[Unit], *, allow_outside: bool = False,
                 data_dir: str | None = None):
        self.ctx, self.g, self.diags = ctx, ctx.g, ctx.diags
        self.units = {u.shown: u for u in units}
        # data files obey the same folder rule as `use` (E0004)
        self.root = None if allow_outside or not units else program_root(units[0])
        # the main file's data come from `data_dir` when one is given (a batch's unit);
        # the folder named is the one they may not leave
        self.main = units[0].shown if units else None
        self.data_dir = data_dir
        self.items = self._with_tables([item for u in units for item in u.program.items])
        self.let_values: dict[str, object] = {}

    def _with_tables(self, items: list) -> list:
        """Each `shift from "班次.csv"`, `calendar from "日历.csv"` and `unavailable
        from "请假.csv"` replaced, in place, by the declarations its rows stand for
        (`shift_table.py`, `calendar_table.py`, `availability_table.py`); an unreadable
        file is reported."""
        out = []
        self.shift_tables = [item for item in items if isinstance(item, ast.ShiftFile)]
        for item in items:
            if isinstance(item, ast.ShiftFile):
                table = self._table(item)
                if table is not None:
                    decls, broken = shift_decls(table, self.diags)
                    out.extend(decls)
                    for name in broken:  # known, so a rule naming it gets no E0201
                        self.g.define_shift(name.name, name.span)
            elif isinstance(item, ast.AvailabilityFile):
                table = self._table(item)
                if table is not None:
                    out.extend(availability_lines(table, item.span, self.diags))
            elif isinstance(item, ast.CalendarFile):
                table = self._table(item)
                read = None if table is None else calendar_decls(table, item.span, self.diags)
                if read is not None:
                    calendar, holidays = read
                    out.append(calendar)
                    out.extend(holidays)
                else:  # a calendar all the same: rules over days get no follow-on errors
                    out.append(ast.Calendar(_NO_DATE, _NO_DATE, span=item.span))
            else:
                out.append(item)
        return out

    def of(self, cls) -> list:
        return [i for i in self.items if isinstance(i, cls)]

    # ---------------------------------------------------------------------- calendar

    def calendar(self) -> ir.Calendar | None:
        calendars = self.of(ast.Calendar)
        for extra in calendars[1:]:
            self.g.duplicate("calendar", "calendar", extra.span, calendars[0].span)
        holidays = [d for h in self.of(ast.Holidays) for d in h.dates]
        weekend: tuple[str, ...] = ("sat", "sun")
        weekend_decls = self.of(ast.WeekendDecl)
        for extra in weekend_decls[1:]:
            self.g.duplicate("weekend declaration", "weekend", extra.span, weekend_decls[0].span)
        if weekend_decls:
            days = []
            for ident in weekend_decls[0].days:
                if ident.name not in WEEKDAYS:
                    self.diags.error("E0201", f"`{ident.name}` is not a weekday", ident.span,
                                     label="expected mon, tue, wed, thu, fri, sat or sun",
                                     help=did_you_mean(ident.name, WEEKDAYS))
                elif ident.name not in days:
                    days.append(ident.name)
            weekend = tuple(sorted(days, key=WEEKDAYS.index))
        if not calendars:
            for h in self.of(ast.Holidays):
                self.diags.error("E0313", "holidays need a calendar", h.span,
                                 help="declare the horizon: `calendar from 2025-02-10 to "
                                      "2025-02-23`")
            return None
        c = calendars[0]
        if c.end < c.start:
            self.diags.error("E0314", f"the calendar ends ({c.end}) before it starts "
                             f"({c.start})", c.span, help="write `calendar from START to END`")
        for h in self.of(ast.Holidays):
            for d in h.dates:
                if not c.start <= d <= c.end:
                    self.diags.error("E0314", f"holiday {d} is outside the calendar "
                                     f"({c.start} to {c.end})", h.span,
                                     labels=[Label(c.span, "the calendar")])
        self.ctx.calendar = True
        return ir.Calendar(c.start, c.end, frozenset(holidays), weekend, span=c.span)

    # ---------------------------------------------------------------------- types

    def enums(self) -> list[ir.EnumDecl]:
        out = []
        for e in self.of(ast.EnumDecl):
            values = self.g.define_enum(e.name.name, [(v.name, v.span) for v in e.values],
                                        e.name.span, ordered=e.ordered)
            if values is not None:
                out.append(ir.EnumDecl(e.name.name, values, span=e.span, ordered=e.ordered))
        return out

    def kind_names(self) -> list[ast.KindDecl]:
        kept = []
        firsts: dict[str, ast.KindDecl] = {}
        for k in self.of(ast.KindDecl):
            if not self.g.define_type("kind", k.name.name, k.name.span, k):
                continue
            kept.append(k)
            if k.role in ("staff", "post"):
                if k.role in firsts:
                    code = "E0206" if k.role == "staff" else "E0207"
                    self.diags.error(code, f"more than one {k.role} kind: "
                                     f"`{firsts[k.role].name.name}` and `{k.name.name}`", k.name.span,
                                     label=f"a second {k.role} kind",
                                     labels=[Label(firsts[k.role].name.span,
                                                   f"the {k.role} kind")],
                                     help="declare it with `kind` if it is plain data")
                else:
                    firsts[k.role] = k
        self.ctx.staff = firsts["staff"].name.name if "staff" in firsts else None
        self.ctx.post = firsts["post"].name.name if "post" in firsts else None
        return kept

    def type_of(self, t: ast.TypeRef) -> ir.Type:
        if isinstance(t, ast.SetType):
            return ir.set_type(self.type_of(t.element))
        if t.name in BUILTIN_TYPES:
            return BUILTIN_TYPES[t.name]
        if t.name in self.g.enums:
            return ir.enum_type(t.name)
        if self.g.kind(t.name) is not None:
            return ir.kind_type(t.name)
        self.diags.error("E0201", f"unknown type `{t.name}`", t.span, label="not a type",
                         help=did_you_mean(t.name, [*BUILTIN_TYPES, *self.g.types]))
        return T.ERROR

    def kind_shapes(self, kinds: list[ast.KindDecl]) -> dict[str, list]:
        """Attribute names and types (defaults come later, once records are known)."""
        shapes = {}
        for k in kinds:
            seen: dict[str, object] = {}
            attributes = []
            for a in k.attributes:
                if a.name.name in seen:
                    self.g.duplicate(f"attribute of {k.name.name}", a.name.name, a.name.span,
                                     seen[a.name.name])
                    continue
                seen[a.name.name] = a.name.span
                attributes.append((a, self.type_of(a.type)))
            shapes[k.name.name] = attributes
            self.ctx.kinds[k.name.name] = ir.KindDecl(
                k.name.name, k.role, tuple(ir.Attribute(a.name.name, t, span=a.span,
                                                        optional=a.optional)
                                           for a, t in attributes), span=k.span)
        return shapes

    def relaxed(self, *, calendar: bool, posts: bool) -> frozenset[str]:
        """The built-in rules the program relaxes (`relax "one shift per day"`), each
        checked to be one this program has."""
        present = ir.built_in_rules(calendar=calendar, posts=posts)
        out: set[str] = set()
        for item in self.of(ast.Relax):
            for ident in item.rules:
                if ident.name in present:
                    out.add(ident.name)
                    continue
                names = ", ".join(f'"{n}"' for n in present)
                if ident.name in ir.BUILT_IN_RULES:
                    shape = ("a program with a calendar" if ident.name != ir.ONE_POST_PER_PERSON
                             else "a program without a calendar")
                    if ident.name == ir.ONE_POST_PER_SHIFT and calendar:
                        shape = "a program with posts"
                    self.diags.error("E0211", f'this program has no built-in rule "{ident.name}"',
                                     ident.span, label=f"only {shape} has it",
                                     help=f"this program's built-in rules: {names}")
                    continue
                close = closest(ident.name, present)
                self.diags.error("E0211", f'"{ident.name}" is not a built-in rule', ident.span,
                                 label="not a built-in rule",
                                 help=f'did you mean "{close}"?' if close
                                 else f"this program's built-in rules: {names}")
        return frozenset(out)

    def shifts(self) -> list[ir.ShiftDecl]:
        out = []
        for s in self.of(ast.ShiftDecl):
            if not self.g.define_shift(s.name.name, s.name.span):
                continue
            length = s.length
            if s.start is not None and s.end is not None:
                span_minutes = (s.end - s.start) % 1440 or 1440
                if length is not None and length != span_minutes:
                    self.diags.error("E0315", f"shift {s.name.name} runs "
                                     f"{_clock(s.start)}-{_clock(s.end)} "
                                     f"({_minutes(span_minutes)}) but its length says "
                                     f"{_minutes(length)}", s.span,
                                     help="drop `length` (it is derived from the times)")
                length = span_minutes
            if length is None or length <= 0:
                self.diags.error("E0315", f"shift {s.name.name} has no length", s.span,
                                 help="give its times (`06:00-14:00`) or a length (`length 8h`)")
                continue
            out.append(ir.ShiftDecl(s.name.name, s.start, s.end, length,
                                    s.code or s.name.name, span=s.span))
        return out

    # ---------------------------------------------------------------------- data

    def record_sources(self) -> list[tuple[str, object]]:
        """Every data item in order, as (kind, inline ast.Record | Table), names defined."""
        sources = []
        for item in self.items:
            if not isinstance(item, (ast.DataRecords, ast.DataFile)):
                continue
            kind = item.kind.name
            if self.g.kind(kind) is None:
                self.diags.error("E0201", f"unknown kind `{kind}`", item.kind.span,
                                 label="records of an undeclared kind",
                                 help=did_you_mean(kind, self.g.types) or
                                 f"declare it first: `kind {kind} {{ … }}`")
                continue
            if isinstance(item, ast.DataRecords):
                for r in item.records:
                    self.g.define_record(kind, r.name.name, r.name.span)
                    sources.append((kind, r))
                continue
            table = self._table(item)
            if table is None:
                continue
            decl = self.g.kind(kind).decl
            if isinstance(decl, ast.KindDecl):  # rows of a relation get names first
                table = as_relation(table, {a.name.name for a in decl.attributes},
                                    item.path)
            for row in table.rows:
                if row.name:
                    self.g.define_record(kind, row.name, row.name_span)
            sources.append((kind, table))
        return sources

    def _table(self, item: ast.DataFile) -> Table | None:
        file = item.span.file if item.span else None
        unit = self.units.get(file)
        base_real = os.path.dirname(unit.path) if unit and unit.path else os.getcwd()
        base_shown = os.path.dirname(file) if unit and unit.path else ""
        root = self.root
        if self.data_dir is not None and file == self.main:
            base_real = base_shown = self.data_dir
            root = None if root is None else os.path.realpath(self.data_dir)
        path = os.path.normpath(os.path.join(base_real, item.path))
        shown = os.path.normpath(os.path.join(base_shown, item.path))
        if root is not None and is_outside(root, path):
            self.diags.add(outside_folder(item.path, item.span))
            return None
        try:
            return read_table(path, shown, item.span)
        except DiagnosticError as exc:
            self.diags.extend(exc.diagnostics)
            return None

    def lets(self) -> list[ir.LetDecl]:
        out = []
        for let in self.of(ast.LetDecl):
            if not self.g.define_let(let.name.name, let.name.span, let):
                continue
            ex = ExprChecker(self.ctx)
            expr = ex.check(let.value, Scope())
            self.ctx.let_types[let.name.name] = expr.type
            if ex.uses_assignment:
                self.ctx.let_uses_assignment.add(let.name.name)
            try:
                self.let_values[let.name.name] = evaluate(expr, self.let_values)
            except NotConstant:
                pass  # a let over data: the grounder evaluates it
            except OutOfRange as exc:
                self._out_of_range(exc, let.value)
            out.append(ir.LetDecl(let.name.name, expr.type, expr, span=let.span))
        return out

    def constant(self, e: ast.Expr, expected: ir.Type, what: str) -> object:
        """The exact value of a constant expression of type `expected`, or None."""
        ex = ExprChecker(self.ctx)
        checked = ex.expect(e, Scope(), expected, what)
        if T.is_error(checked.type):
            return None
        try:
            return coerce(expected, evaluate(checked, self.let_values))
        except OutOfRange as exc:
            self._out_of_range(exc, e)
            return None
        except NotConstant as exc:
            because = f": it {exc.reason}" if exc.reason else ""
            self.diags.error("E0310", f"{what} must be a constant{because}",
                             exc.expr.span if exc.expr is not None else e.span,
                             help="use a literal such as `8h`, `94%`, `2025-02-10` or a "
                                  "value name")
            return None

    def _out_of_range(self, exc: OutOfRange, e: ast.Expr) -> None:
        self.diags.error("E0504", exc.message,
                         exc.expr.span if exc.expr is not None else e.span,
                         label="out of range", help=exc.help)

    def kinds(self, kinds: list[ast.KindDecl], shapes: dict) -> list[ir.KindDecl]:
        out = []
        for k in kinds:
            attributes = []
            for a, t in shapes[k.name.name]:
                default = None
                if a.default is not None and not T.is_error(t):
                    default = self.constant(a.default, t, f"the default of `{a.name.name}`")
                attributes.append(ir.Attribute(a.name.name, t, default, span=a.span,
                                               optional=a.optional))
            decl = ir.KindDecl(k.name.name, k.role, tuple(attributes), span=k.span)
            self.ctx.kinds[k.name.name] = decl
            out.append(decl)
        return out

    def records(self, sources) -> list[ir.Record]:
        names = Names(self.g.enums, self.g.record_names, tuple(self.g.shifts))
        records: list[ir.Record] = []
        for kind_name, source in sources:
            kind = self.ctx.kinds[kind_name]
            if isinstance(source, Table):
                records.extend(build_records(kind, source, names, self.diags))
            else:
                record = self._inline(kind, source)
                if record is not None:
                    records.append(record)
        return report_duplicates(records, self.diags)

    def _inline(self, kind: ir.KindDecl, r: ast.Record) -> ir.Record | None:
        given = {}
        for f in r.fields:
            attribute = kind.attribute(f.name.name)
            if attribute is None:
                names = [a.name for a in kind.attributes]
                self.diags.error("E0204", f"{kind.name} has no attribute `{f.name.name}`",
                                 f.name.span, label="unknown attribute",
                                 help=did_you_mean(f.name.name, names) or (
                                     f"{kind.name} has: " + ", ".join(f"`{n}`" for n in names)
                                     if names else f"{kind.name} declares no attributes"))
                continue
            if f.name.name in given:
                self.g.duplicate("field", f.name.name, f.name.span, given[f.name.name][0].span)
                continue
            given[f.name.name] = (f.name, f.value)
        values, ok = [], True
        for attribute in kind.attributes:
            if attribute.name in given:
                value = self.constant(given[attribute.name][1], attribute.type,
                                      f"`{attribute.name}` of {r.name.name}")
                ok = ok and value is not None
                values.append((attribute.name, value))
            elif attribute.default is not None:
                values.append((attribute.name, attribute.default))
            elif attribute.optional:
                values.append((attribute.name, MISSING))
            elif attribute.type.name in EMPTY_VALUES:
                values.append((attribute.name, EMPTY_VALUES[attribute.type.name]))
            elif not T.is_error(attribute.type):
                ok = False
                self.diags.error("E0402", f"{kind.name} `{r.name.name}` has no value for "
                                 f"`{attribute.name}`", r.name.span, label="incomplete record",
                                 help=f"add `{attribute.name}: …` ({attribute.type}), give "
                                      f"the attribute a default in the declaration of "
                                      f"{kind.name}, or declare it optional there: "
                                      f"`{attribute.name}: {attribute.type}?`")
            else:
                ok = False
        return ir.Record(kind.name, r.name.name, tuple(values), span=r.span) if ok else None


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(minutes: int) -> str:
    from rotalang.values import format_duration
    return format_duration(minutes)
