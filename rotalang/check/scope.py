"""Names: what every name in a program means, and "did you mean" when it means nothing.

`Globals` holds the program-wide declarations (kinds, enums and their values,
records, shifts, lets, rule names) and reports duplicates (E0202) with the first
definition as a secondary label. `Scope` is the chain of binders in a rule; lookups
are dict-based so checking stays linear in the program's size.
"""

from __future__ import annotations

import unicodedata
from typing import Iterable

import attrs

from rotalang import ir
from rotalang.check.suggest import did_you_mean
from rotalang.diagnostics import Diagnostics, Label, Span
from rotalang.values import WEEKDAYS


@attrs.define
class Defined:
    """Something declared once: what it is ("kind", "enum", ...) and where."""

    sort: str
    name: str
    span: Span | None
    decl: object = None


class Globals:
    def __init__(self, diags: Diagnostics):
        self.diags = diags
        self.types: dict[str, Defined] = {}  # kinds and enums share one namespace
        self.enum_values: dict[str, list[str]] = {}  # value → enums that have it
        self.records: dict[str, list[str]] = {}  # record name → kinds that have one
        self.record_names: dict[str, dict[str, Span | None]] = {}  # kind → name → span
        self.shifts: dict[str, Defined] = {}
        self.lets: dict[str, Defined] = {}
        self.rules: dict[str, Defined] = {}
        self.enums: dict[str, tuple[str, ...]] = {"weekday": WEEKDAYS}
        self.ordered_enums: set[str] = set()  # enums declared `ordered`
        # NFKC form → the first name with it, to warn about `Ａ班` beside `A班` (W0201)
        self.folded: dict[str, tuple[str, Span | None]] = {}

    # ------------------------------------------------------------------- defining

    def _define(self, table: dict[str, Defined], item: Defined, what: str) -> bool:
        first = table.get(item.name)
        if first is None:
            table[item.name] = item
            self.look_alike(item.name, item.span)
            return True
        self.duplicate(what, item.name, item.span, first.span)
        return False

    def duplicate(self, what: str, name: str, span: Span | None, first: Span | None) -> None:
        self.diags.error("E0202", f"{what} `{name}` is defined twice", span,
                         label="defined again here",
                         labels=[Label(first, "first defined here")] if first else [],
                         help="names must be unique; rename or remove one of them")

    def define_type(self, sort: str, name: str, span: Span | None, decl=None) -> bool:
        if name in ("weekday", "int", "bool", "text", "ratio", "date", "time", "duration",
                    "shift", "day", "week", "weekend"):
            self.diags.error("E0202", f"`{name}` is a built-in name", span,
                             help="choose another name")
            return False
        return self._define(self.types, Defined(sort, name, span, decl),
                            "kind" if sort == "kind" else "enum" if sort == "enum" else sort)

    def define_enum(self, name: str, values: Iterable[tuple[str, Span | None]],
                    span: Span | None, *, ordered: bool = False) -> tuple[str, ...] | None:
        """The enum's distinct values, or None when the enum's name is taken.
        `ordered`: its values may be compared with `<`, `<=`, `>`, `>=`."""
        seen: dict[str, Span | None] = {}
        for value, vspan in values:
            if value in seen:
                self.duplicate(f"value of {name}", value, vspan, seen[value])
                continue
            seen[value] = vspan
        ok = self.define_type("enum", name, span)
        if ok:
            self.enums[name] = tuple(seen)
            if ordered:
                self.ordered_enums.add(name)
            for value, vspan in seen.items():
                self.look_alike(value, vspan)
            for value in seen:
                self.enum_values.setdefault(value, []).append(name)
            return tuple(seen)
        return None

    def define_record(self, kind: str, name: str, span: Span | None) -> bool:
        names = self.record_names.setdefault(kind, {})
        if name in names:
            return False  # reported by data.report_duplicates with both spans
        names[name] = span
        self.records.setdefault(name, []).append(kind)
        self.look_alike(name, span)
        return True

    def look_alike(self, name: str, span: Span | None) -> None:
        """Warn (W0201) when `name` differs from an earlier name only by full-width,
        half-width or other compatibility forms: on screen they are the same name."""
        key = unicodedata.normalize("NFKC", name)
        first = self.folded.setdefault(key, (name, span))
        if first[0] == name:
            return
        self.diags.warning(
            "W0201", f"`{name}` and `{first[0]}` look alike but are different names", span,
            label="looks like an earlier name",
            labels=[Label(first[1], f"`{first[0]}` is here")] if first[1] else [],
            help=_width_help(name, first[0]))

    def define_shift(self, name: str, span: Span | None, decl=None) -> bool:
        return self._define(self.shifts, Defined("shift", name, span, decl), "shift")

    def define_let(self, name: str, span: Span | None, decl=None) -> bool:
        return self._define(self.lets, Defined("let", name, span, decl), "constant")

    def define_rule(self, name: str, span: Span | None) -> bool:
        return self._define(self.rules, Defined("rule", name, span), "rule")

    # ------------------------------------------------------------------- looking up

    def kind(self, name: str) -> Defined | None:
        d = self.types.get(name)
        return d if d is not None and d.sort == "kind" else None

    def value_names(self) -> Iterable[str]:
        """Every name that may stand alone in an expression (for suggestions)."""
        yield from self.enum_values
        yield from self.records
        yield from self.shifts
        yield from self.lets
        yield from WEEKDAYS

    def suggest(self, name: str, local: Iterable[str] = ()) -> str | None:
        return did_you_mean(name, [*local, *self.value_names()])


def _width_help(name: str, earlier: str) -> str:
    """`full-width `Ａ` — did you mean `A`?` for the first character of `name` that is
    a compatibility form the earlier name does not use; else say where the earlier
    name's is, or just `rename one of them`."""
    for ch in name:
        if _plain(ch) != ch and ch not in earlier:
            return f"{_form(ch)} `{ch}` — did you mean `{_plain(ch)}`?"
    for ch in earlier:
        if _plain(ch) != ch and ch not in name:
            return f"`{earlier}` has {_form(ch)} `{ch}`: rename one of them"
    return "rename one of them"


def _plain(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def _form(ch: str) -> str:
    first_word = unicodedata.name(ch, "").split(" ")[0]
    return {"FULLWIDTH": "full-width", "HALFWIDTH": "half-width"}.get(
        first_word, "the compatibility form")


class Scope:
    """The binders visible at one point of a rule, innermost last."""

    def __init__(self, parent: Scope | None = None):
        self.parent = parent
        self.vars: dict[str, ir.Var] = {}

    def child(self) -> Scope:
        return Scope(self)

    def bind(self, var: ir.Var) -> None:
        self.vars[var.name] = var

    def lookup(self, name: str) -> ir.Var | None:
        scope: Scope | None = self
        while scope is not None:
            var = scope.vars.get(name)
            if var is not None:
                return var
            scope = scope.parent
        return None

    def names(self) -> list[str]:
        out: list[str] = []
        scope: Scope | None = self
        while scope is not None:
            out.extend(scope.vars)
            scope = scope.parent
        return out

    def innermost_staff(self, staff_kind: str | None) -> ir.Var | None:
        """The innermost bound person: the subject of a subjectless statement."""
        scope: Scope | None = self
        while scope is not None:
            for var in reversed(list(scope.vars.values())):
                if staff_kind is not None and var.type == ir.kind_type(staff_kind):
                    return var
            scope = scope.parent
        return None
