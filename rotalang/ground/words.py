"""The ground model's parts in words, for diagnostics: rules, bindings, data facts,
the people who can meet a rule, and a compact grid of a counterexample roster."""
from __future__ import annotations

import os
import re

from wcwidth import wcswidth

from rotalang import ir
from rotalang.ground import model as gm
from rotalang.results import Roster

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NOTES_SHOWN = 12  # instances listed per diagnostic; the rest are counted
SHOWN_PER_RULE = 5  # a conflict's instances listed per rule, so that every rule shows


def rule_label(rule: gm.GroundRule) -> str:
    """`每班至少两人 (line 14)`; a rule read from a data file by its row
    (`张丽 unavailable 2025-02-11 (请假.csv:2)`); a built-in rule by its own name."""
    if rule.span is None:
        return rule.name
    file = rule.span.file or ""
    if file and not file.endswith(".rota") and not file.startswith("<"):
        return f"{rule.name} ({os.path.basename(file)}:{rule.span.start_line})"
    return f"{rule.name} (line {rule.span.start_line})"


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def binding_text(binding: tuple[tuple[str, str], ...], days=()) -> str:
    """A binding in words: `on 2025-02-11, 夜班, 东关` (dates first, with "on"), else
    `for 张丽, week 2025-02-03..02-09` (`in week …` when it is only a period). Weeks
    read as their dates inside the horizon `days` (the model's days)."""
    dates = [f"on {v}" for _, v in binding if _DATE.match(v)]
    rest = [period_text(v, days) for _, v in binding if not _DATE.match(v)]
    if dates or not rest:
        return ", ".join(dates + rest)
    return ("in " if _is_period(rest[0]) else "for ") + ", ".join(rest)


_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_RANGE = re.compile(r"^(\d{4})-(\d{2}-\d{2})\.\.(\d{4})-(\d{2}-\d{2})$")


def _is_period(text: str) -> bool:
    return text.startswith(("week ", "weeks ", "weekend ")) or bool(_RANGE.match(text)) or \
        bool(re.match(r"^\d{4}-\d{2}-\d{2}\.\.", text))


def period_text(value: str, days=()) -> str:
    """`week 2025-W06` → `week 2025-02-03..02-09` (its days inside the horizon), a
    window `2025-02-03..2025-02-09` → `2025-02-03..02-09`; other values unchanged."""
    weeks = _WEEK.findall(value)
    if value.startswith(("week ", "weeks ")) and weeks and days:
        first, last = _week_days(weeks[0], days), _week_days(weeks[-1], days)
        if first and last:
            noun = "weeks" if value.startswith("weeks ") else "week"
            return f"{noun} {_date_range(first[0], last[-1])}"
    m = _RANGE.match(value)
    if m:
        return f"{m[1]}-{m[2]}..{m[4] if m[1] == m[3] else m[3] + '-' + m[4]}"
    return value


def _week_days(week: tuple[str, str], days) -> list:
    year, number = int(week[0]), int(week[1])
    return [d for d in days if d.isocalendar()[:2] == (year, number)]


def _date_range(first, last) -> str:
    if first == last:
        return first.isoformat()
    end = last.isoformat()[5:] if first.year == last.year else last.isoformat()
    return f"{first.isoformat()}..{end}"


def built_in_text(rule: gm.GroundRule) -> str:
    """`the built-in rule "one shift per day"`: by the name a program relaxes it with."""
    return f'the built-in rule "{rule.name}"'


def instance_text(rule: gm.GroundRule, c: gm.GroundConstraint, days=()) -> str:
    """One instance in words: `每周最多四班 for 张丽, week 2025-02-03..02-09`; a built-in
    rule's as what it asks of the person: `张丽 works at most one shift on 2025-02-11
    (built-in "one shift per day")`."""
    if rule.kind == "structure":
        values = dict(c.binding)
        person = values.get("person", "")
        if rule.name == ir.ONE_POST_PER_SHIFT:
            asks = f"holds at most one post on {values['day']}, {values['shift']}"
        elif "day" in values:
            asks = f"works at most one shift on {values['day']}"
        else:
            asks = "holds at most one post"
        return f'{person} {asks} (built-in "{rule.name}")'
    where = binding_text(c.binding, days)
    return f"{rule.name} {where}" if where else f"{rule.name} (its only instance)"


def people_who_can_meet(model: gm.GroundModel, constraints) -> set[int] | None:
    """The people (indices) whose shifts can make these instances hold, when each asks
    for at least something (`some(...)`, a count `>=`); None for any other instance."""
    aux = {a.var: a.of for a in model.aux}
    people: set[int] = set()

    def add(var: int) -> None:
        if var in aux:
            for v in aux[var]:
                add(v)
        else:
            people.add(model.slots[var].person)

    for c in constraints:
        f = c.formula
        atoms = None
        if isinstance(f, gm.Atom):
            atoms = [f.var]
        elif isinstance(f, gm.Or) and all(isinstance(x, gm.Atom) for x in f.items):
            atoms = [x.var for x in f.items]
        elif (isinstance(f, gm.Cmp) and f.op in (">=", ">") and not f.rhs.terms
              and all(a > 0 for a, _ in f.lhs.terms)):
            atoms = [v for _, v in f.lhs.terms]
        if atoms is None:
            return None
        for v in atoms:
            add(v)
    return people


def limited(lines: list[str], shown: int = NOTES_SHOWN, *, what: str = "") -> list[str]:
    """The first `shown` lines and `... and N more` (`... and N more of this rule`)."""
    if len(lines) <= shown:
        return lines
    return lines[:shown] + [f"... and {len(lines) - shown} more{what}"]


# ----------------------------------------------------------------- facts-only rules

_OP_WORDS = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than",
             "=": "exactly", "!=": "anything but"}


def facts_message(program: ir.Program | None, rule: gm.GroundRule,
                  c: gm.GroundConstraint) -> str:
    """`村 李家村: 报酬 is 650, the rule asks for at least 700` when the rule is one
    comparison over data, else `rule 报酬 does not hold for 村 李家村`."""
    ir_rule = _ir_rule(program, rule)
    subject = _subject(ir_rule, c.binding)
    sides = _sides(program, ir_rule, c.binding)
    if sides is not None:
        left_text, left, op, right = sides
        head = f"{subject}: " if subject else ""
        return f"{head}{left_text} is {left}, the rule asks for {_OP_WORDS[op]} {right}"
    return f"rule {rule.name} does not hold for {subject}" if subject else \
        f"rule {rule.name} does not hold"


def _ir_rule(program, rule: gm.GroundRule) -> ir.Rule | None:
    if program is None:
        return None
    return next((r for r in program.rules if r.name == rule.name and r.span == rule.span), None)


def _binders(ir_rule: ir.Rule | None) -> list[ir.Binder]:
    if ir_rule is None:
        return []
    return [b for q in ir_rule.body.quantifiers for b in q.binders]


def _subject(ir_rule, binding) -> str:
    kinds = {b.var.name: b.domain.kind for b in _binders(ir_rule)
             if isinstance(b.domain, ir.KindDomain)}
    return ", ".join(f"{kinds[name]} {value}" if name in kinds else value
                     for name, value in binding)


def _sides(program, ir_rule, binding):
    """(left text, left value, op, right value) of a facts-only comparison, or None."""
    if ir_rule is None or not isinstance(ir_rule.body.statement, ir.Require):
        return None
    expr = ir_rule.body.statement.expr
    if not isinstance(expr, ir.Compare) or expr.op not in _OP_WORDS:
        return None
    try:
        from rotalang.ground.calendar import CalendarTables
        from rotalang.ground.partial import Evaluator
        from rotalang.ground.slots import AuxRegistry, Slots
        from rotalang.values import format_value

        cal = CalendarTables(program.calendar)
        slots = Slots(program, cal)
        ev = Evaluator(program, cal, slots, AuxRegistry(len(slots.slots)))
        env: dict = {}
        values = dict(binding)
        for b in _binders(ir_rule):
            wanted = values.get(b.var.name)
            match = [v for v in ev.domain_values(b, env) if format_value(v) == wanted]
            if len(match) != 1:
                return None
            env[b.var.uid] = match[0]
        left, right = ev.eval(expr.left, env), ev.eval(expr.right, env)
        if isinstance(expr.left, ir.Attr) and isinstance(expr.left.obj, ir.VarRef):
            left_text = expr.left.name
        else:
            from rotalang.ir_text import format_expr

            left_text = format_expr(expr.left)
        return left_text, format_value(left), expr.op, format_value(right)
    except Exception:  # wording only: fall back to naming the binding
        return None


# --------------------------------------------------------------------------- grid


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: a Chinese character takes two."""
    width = wcswidth(text)
    return width if width >= 0 else len(text)  # control characters: count them as one


def pad_left(text: str, width: int) -> str:
    return " " * max(0, width - display_width(text)) + text


def pad_right(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def compact_grid(roster: Roster, model: gm.GroundModel) -> str:
    """People as rows, days as columns, a shift's first letter per cell (`·` off),
    aligned by display width so that Chinese names and shift letters line up.
    A static plan lists each person's post."""
    if not model.days:
        by_person: dict[str, list[str]] = {p: [] for p in model.people}
        for a in roster.assignments:
            by_person[a.staff].append(a.post or "")
        return "\n".join(f"{p}: {', '.join(posts) or '·'}" for p, posts in by_person.items())
    cells: dict[tuple[str, object], str] = {}
    for a in roster.assignments:
        code = (a.shift or "?")[0]
        if a.post:
            code += f"@{a.post}"
        cells[(a.staff, a.date)] = cells.get((a.staff, a.date), "") + code
    width = max([2] + [display_width(v) for v in cells.values()])
    name_width = max((display_width(p) for p in model.people), default=0)
    head = " " * name_width + " " + " ".join(pad_left(d.strftime("%d"), width)
                                             for d in model.days)
    rows = [head]
    for p in model.people:
        row = [pad_left(cells.get((p, d), "·"), width) for d in model.days]
        rows.append(pad_right(p, name_width) + " " + " ".join(row))
    return "\n".join(rows)
