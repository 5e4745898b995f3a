"""Words for a broken rule instance: what the rule asks for, and what the roster has.

Only broken instances are described, so this walks the formula tree directly.

- A comparison says its numbers in the author's units: expected "at least 2",
  actual "1" (with `what` the comparison measures: "people on 夜班 at 东关").
- Any other formula (a clause of a succession, a run, a rest rule, a pairing ...) is
  explained by the assignments that make it false, grouped per person and in day
  order: "张丽 works 夜班 on 2025-02-11 then 早班 on 2025-02-12",
  "李强 works on 2025-02-10 to 2025-02-15 (6 days)".
"""

from __future__ import annotations

import datetime
import re
from fractions import Fraction

import attrs

from rotalang.ground.model import And, Atom, Cmp, Const, Formula, GroundModel, Not, Or
from rotalang.ground.semantics import lin_value, truth

_OP_WORDS = {">=": "at least", "<=": "at most", "=": "exactly", ">": "more than",
             "<": "less than", "!=": "anything but"}


def format_number(value: Fraction) -> str:
    """An exact number as written: `2`, `-3`, `1.5`, `0.125`, or `1/3` when the decimal
    does not end."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    sign = "-" if value < 0 else ""
    whole, rest = divmod(abs(value.numerator), value.denominator)
    digits = ""
    while rest:
        rest *= 10
        digit, rest = divmod(rest, value.denominator)
        digits += str(digit)
    return f"{sign}{whole}.{digits}"


def format_minutes(minutes: int) -> str:
    """Time worked in hours and minutes (`24h`, `7h30min`, `0h`): totals of work read
    better in hours than in days."""
    sign = "-" if minutes < 0 else ""
    hours, mins = divmod(abs(minutes), 60)
    if mins and hours:
        return f"{sign}{hours}h{mins}min"
    if mins:
        return f"{sign}{mins}min"
    return f"{sign}{hours}h"


def format_amount(value: Fraction, unit: str) -> str:
    """A value of a comparison in its unit: minutes are shown as hours (`38h`)."""
    if unit == "minutes" and Fraction(value).denominator == 1:
        return format_minutes(int(value))
    if unit == "minutes":
        return f"{format_number(value)}min"
    return format_number(value)


def describe_cmp(cmp: Cmp, val) -> tuple[str, str]:
    """(expected, actual) for a comparison, in the author's units."""
    scale = cmp.scale or 1
    lhs = Fraction(lin_value(cmp.lhs, val), scale)
    rhs = Fraction(lin_value(cmp.rhs, val), scale)
    return (f"{_OP_WORDS[cmp.op]} {format_amount(rhs, cmp.unit)}",
            format_amount(lhs, cmp.unit))


# ------------------------------------------------------------------ why a formula fails


@attrs.frozen
class RuleWords:
    """A rule as its author wrote it: the statement's text ("no 夜班 followed by 早班")
    and, for a statement that is one comparison, its operator and left side's text."""

    statement: str | None = None
    compared: tuple[str, str] | None = None
    counted: tuple[str, str] | None = None  # a compared count's noun: ("person", "people")
    # A statement `some(人员 p where p.身份 = 党员干部 and p works s on d at k)`: the kind,
    # the binder and the text of the conditions that do not depend on the roster, so a
    # failed instance names who was eligible rather than listing them.
    some_filter: SomeFilter | None = None
    # The statement with the rule's `when` condition, as a report shows the rule once:
    # "r.人 is off on d when d < r.到达日期 + 隔离天数".
    shown: str | None = None


@attrs.frozen
class SomeFilter:
    kind: str  # "人员"
    binder: str  # "p"
    conditions: tuple[str, ...]  # ("p.身份 = 党员干部",)

    def phrase(self, binding: tuple[tuple[str, str], ...] = ()) -> str:
        """"人员 with 身份 = 党员干部": the conditions with the binder's `p.` dropped and
        the rule's own binders replaced by this instance's values."""
        if not self.conditions:
            return self.kind
        values = dict(binding)

        def fill(m: re.Match) -> str:
            name, dot = m.group(1), m.group(2)
            if name == self.binder and dot:
                return ""
            if name in values:
                return values[name] + (dot or "")
            return m.group(0)
        text = " and ".join(_IDENT.sub(fill, c) for c in self.conditions)
        return f"{self.kind} with {text}"


# A name not after a dot (an attribute's name is never a binder), with its own dot.
_IDENT = re.compile(r"(?<![\w.])(\w+)(\.(?=\w))?")


@attrs.frozen
class _VarFact:
    var: int
    value: bool


@attrs.frozen
class _CmpFact:
    cmp: Cmp


def _why(f: Formula, val) -> list:
    """Facts of the roster that give `f` its current value."""
    if isinstance(f, Atom):
        return [_VarFact(f.var, val[f.var] == 1)]
    if isinstance(f, Const):
        return []
    if isinstance(f, Not):
        return _why(f.operand, val)
    if isinstance(f, Cmp):
        return [_CmpFact(f)]
    if isinstance(f, (And, Or)):
        value = truth(f, val)
        deciding = value if isinstance(f, Or) else not value  # one item decides
        if deciding:
            target = isinstance(f, Or)
            item = next(g for g in f.items if truth(g, val) == target)
            return _why(item, val)
        out = []
        for g in f.items:
            out.extend(_why(g, val))
        return out
    raise TypeError(f"not a ground formula: {f!r}")


@attrs.frozen(order=True)
class _Step:
    """One thing a person does or does not do: on a day (index) or in a static plan."""

    day: int
    works: bool
    shifts: str  # "" for any shift
    post: str  # "" for any post / no posts


class Describer:
    """Words for one model's facts; the per-person, per-day tables are built once."""

    def __init__(self, model: GroundModel):
        self.model = model
        self.aux_by_var = {a.var: a for a in model.aux}
        self._slot_sets: dict[int, frozenset[int]] = {}
        self.day_slots: dict[tuple[int, int | None], list] = {}
        for s in model.slots:
            self.day_slots.setdefault((s.person, s.day), []).append(s)

    def slots_of(self, var: int) -> frozenset[int]:
        """The slot variables an auxiliary is defined from (through other aux)."""
        if var < len(self.model.slots):
            return frozenset((var,))
        hit = self._slot_sets.get(var)
        if hit is None:
            hit = frozenset().union(*(self.slots_of(v) for v in self.aux_by_var[var].of))
            self._slot_sets[var] = hit
        return hit

    def _static(self, var: int) -> bool:
        return all(self.model.slots[v].day is None for v in self.slots_of(var))

    def step(self, var: int, works: bool):
        """(person, _Step) for a fact about one person on one day, else None."""
        model = self.model
        if var >= len(model.slots) and self.aux_by_var[var].conjunction:
            return None  # "works A and B": its label says it (a step reads as "A or B")
        slots = [model.slots[v] for v in sorted(self.slots_of(var))]
        if not slots:
            return None
        if len({s.person for s in slots}) != 1 or len({s.day for s in slots}) != 1:
            return None
        person, day = slots[0].person, slots[0].day
        shifts = sorted({s.shift for s in slots if s.shift is not None})
        posts = sorted({s.post for s in slots if s.post is not None})
        # Name the shifts/posts only when they are not all of that person's day.
        day_slots = self.day_slots.get((person, day), [])
        all_shifts = sorted({s.shift for s in day_slots if s.shift is not None})
        all_posts = sorted({s.post for s in day_slots if s.post is not None})
        shift_text = "" if shifts == all_shifts else _names([model.shifts[i] for i in shifts])
        post_text = "" if posts == all_posts else _names([model.posts[i] for i in posts])
        return person, _Step(-1 if day is None else day, works, shift_text, post_text)

    def explain_found(self, f: Formula, val, eligible: str | None = None) -> str:
        """What the roster has that makes `f` false (or true), in words. `eligible`
        ("人员 with 身份 = 党员干部") names the people of a failed `some`."""
        model = self.model
        by_person: dict[int, list[_Step]] = {}
        others: list[str] = []
        for fact in _why(f, val):
            if isinstance(fact, _CmpFact):
                _, actual = describe_cmp(fact.cmp, val)
                others.append(f"{fact.cmp.what or 'the count'}: {actual}")
                continue
            if (fact.value and fact.var >= len(model.slots) and self._static(fact.var)
                    and not self.aux_by_var[fact.var].conjunction):
                # "乔江以 works" says little in a staffing plan: name the post(s) filled
                for var in sorted(v for v in self.slots_of(fact.var) if val[v]):
                    person, step = self.step(var, True)
                    by_person.setdefault(person, []).append(step)
                continue
            found = self.step(fact.var, fact.value)
            if found is not None:
                person, step = found
                by_person.setdefault(person, []).append(step)
            elif fact.var >= len(model.slots):
                label = self.aux_by_var[fact.var].label
                others.append(label if fact.value else f"not ({label})")
            else:
                desc = model.describe_slot(fact.var)
                others.append(desc if fact.value else f"not {desc}")
        return "; ".join(_stories(model, by_person, eligible) + list(dict.fromkeys(others)))

    def failure(self, formula: Formula, val, words: RuleWords | str | None = None,
                binding: tuple[tuple[str, str], ...] = ()) -> tuple[str, str, str, str]:
        """(expected, actual, what, found) for a formula that does not hold on `val`;
        `found` says in words what the roster has: "1 person", "shifts worked by 张丽:
        6", "张丽 works 夜班 on 2025-02-11 then 早班 on 2025-02-12"."""
        if isinstance(words, str):
            words = RuleWords(words)
        statement_text = words.statement if words else None
        if isinstance(formula, Cmp):
            expected, actual = describe_cmp(formula, val)
            what = formula.what
            same_op = words and words.compared and words.compared[0] == formula.op
            if not what and same_op and words.counted and actual.isdigit():
                one, many = words.counted
                return expected, actual, words.compared[1], \
                    f"{actual} {one if actual == '1' else many}"
            if not what and same_op:
                what = words.compared[1]  # the left side as written: "count(人员 p …)"
            return expected, actual, what, f"{what}: {actual}" if what else actual
        if isinstance(formula, Const):
            return (statement_text or "the rule to hold",
                    "the data does not meet it", "", "the data does not meet it")
        eligible = None
        if words and words.some_filter:  # the formula is that `some` (or what is left of it)
            eligible = words.some_filter.phrase(binding)
        found = self.explain_found(formula, val, eligible)
        return statement_text or "the rule to hold", found, "", found


def _stories(model: GroundModel, by_person: dict[int, list[_Step]],
             eligible: str | None = None) -> list[str]:
    """One story per person; people who did the very same single thing share one:
    "none of 潘宏, 顾坚策, 程子 works 早班 on 2025-02-14 at 东关" (a `some` that failed).
    When every person is one such group and `eligible` names them, the filter is said
    instead: "no 人员 with 身份 = 党员干部 works 早班 on 2025-02-14 at 东关" (with the
    names when there are at most four)."""
    groups: dict[tuple, list[int]] = {}
    for person, steps in sorted(by_person.items()):
        key = tuple(sorted(set(steps)))
        groups.setdefault(key if len(key) == 1 else (person, key), []).append(person)
    if eligible and len(groups) == 1:
        (key, people), = groups.items()
        if len(key) == 1 and not key[0].works:
            story = _person_story(model, by_person[people[0]])
            rest = story[len("is off"):] if story.startswith("is off") else \
                story[len("is not"):]
            names = [model.people[p] for p in people]
            listed = f" ({', '.join(names)})" if len(names) <= 4 else ""
            return [f"no {eligible}{listed} works{rest}"]
    out = []
    for key, people in groups.items():
        names = [model.people[p] for p in people]
        story = _person_story(model, by_person[people[0]])
        if len(people) == 1:
            out.append(f"{names[0]} {story}")
            continue
        listed = ", ".join(names) if len(names) <= 4 else \
            f"the {len(names)} people {', '.join(names[:3])}, …"
        step = key[0]
        if step.works:
            out.append(f"{listed} each {story}")
        else:  # "is off 早班 on …" → "none of … works 早班 on …"
            rest = story[len("is off"):] if story.startswith("is off") else \
                story[len("is not"):]
            out.append(f"none of {listed} works{rest}")
    return out


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else "{" + ", ".join(names) + "}"


def _day_text(model: GroundModel, first: int, last: int) -> str:
    if first < 0:
        return ""
    start: datetime.date = model.days[first]
    if first == last:
        return f" on {start.isoformat()}"
    return f" on {start.isoformat()} to {model.days[last].isoformat()} ({last - first + 1} days)"


def _person_story(model: GroundModel, steps: list[_Step]) -> str:
    """`works 夜班 on 2025-02-11 then 早班 on 2025-02-12`: steps in day order, runs of
    consecutive days doing the same merged into one range."""
    steps = sorted(set(steps))
    runs: list[list] = []  # [first, last, step]
    for s in steps:
        if runs:
            first, last, prev = runs[-1]
            same = (prev.works, prev.shifts, prev.post) == (s.works, s.shifts, s.post)
            if same and s.day == last + 1 and s.day >= 0:
                runs[-1][1] = s.day
                continue
        runs.append([s.day, s.day, s])
    parts = []
    prev_run = None
    for first, last, s in runs:
        if s.works:
            verb = "works"
            what = f" {s.shifts}" if s.shifts else ""
            where = f" at {s.post}" if s.post else ""
        else:
            verb = "is off" if first >= 0 else "is not"
            what = f" {s.shifts}" if s.shifts else ""
            where = f" at {s.post}" if s.post else ""
        phrase = f"{verb}{what}{_day_text(model, first, last)}{where}"
        if prev_run is not None:
            p_first, p_last, p = prev_run
            if p.works == s.works and s.works:
                phrase = phrase[len(verb) + 1:]  # "then 早班 on …": the verb carries over
            joint = " then " if first > p_last else " and "
            parts.append(joint + phrase)
        else:
            parts.append(phrase)
        prev_run = (first, last, s)
    return "".join(parts).strip()
