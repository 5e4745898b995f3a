"""What every roster report shows, in one order: the people (rows), the days (columns),
the shifts and posts with their short codes, and the assignments sorted the way the
program declares things (not alphabetically), so every format agrees.

A report works from the checked program when it has one (so people who work nothing
still get a row and days off still get a column) and falls back to what the roster
itself mentions.
"""

from __future__ import annotations

import datetime

import attrs

from rotalang import ir
from rotalang.results import Assignment, Roster
from rotalang.values import WEEKDAYS, format_duration


@attrs.frozen
class ShiftInfo:
    name: str
    code: str
    hours: str  # "06:00-14:00", or "8h" for a shift declared by length only
    minutes: int | None = None  # the shift's length; None when only the roster names it


@attrs.frozen
class Layout:
    staff_label: str  # the staff kind's name ("人员"), or "staff"
    post_label: str  # the post kind's name ("卡口"), or "post"
    people: tuple[str, ...]
    days: tuple[datetime.date, ...]
    shifts: tuple[ShiftInfo, ...]
    posts: tuple[str, ...]
    post_codes: tuple[str, ...]
    has_posts: bool
    static: bool  # a plan without a calendar: staff → post
    weekend: frozenset[datetime.date] = frozenset()  # days of the calendar's weekends
    holidays: frozenset[datetime.date] = frozenset()

    def shift(self, name: str) -> ShiftInfo | None:
        return next((s for s in self.shifts if s.name == name), None)

    def shift_code(self, name: str) -> str:
        info = self.shift(name)
        return info.code if info else name

    def post_code(self, name: str) -> str:
        try:
            return self.post_codes[self.posts.index(name)]
        except ValueError:
            return name

    def order(self, roster: Roster) -> list[Assignment]:
        """The roster's assignments by date, then shift, post and person in the order
        the program declares them."""
        rank_person = {n: i for i, n in enumerate(self.people)}
        rank_shift = {s.name: i for i, s in enumerate(self.shifts)}
        rank_post = {n: i for i, n in enumerate(self.posts)}

        def key(a: Assignment):
            return (a.date or datetime.date.min,
                    rank_shift.get(a.shift, -1) if a.shift is not None else -1,
                    rank_post.get(a.post, -1) if a.post is not None else -1,
                    rank_person.get(a.staff, len(rank_person)), a.staff)

        return sorted(roster.assignments, key=key)


def _hours(shift: ir.ShiftDecl) -> str:
    if shift.start is None or shift.end is None:
        return format_duration(shift.length)

    def clock(m: int) -> str:
        return f"{m // 60:02d}:{m % 60:02d}"

    return f"{clock(shift.start)}-{clock(shift.end)}"


def _extend(known: list[str], mentioned) -> list[str]:
    """`known` plus any names only the roster mentions, sorted, so nothing is dropped."""
    seen = set(known)
    return known + sorted({m for m in mentioned if m is not None and m not in seen})


def abbreviations(names: list[str]) -> list[str]:
    """For each name, its shortest prefix that no other name starts with (the whole
    name when there is none): 东关, 西关, 高速出口 → 东, 西, 高."""
    out = []
    for name in names:
        others = [n for n in names if n != name]
        for k in range(1, len(name) + 1):
            if not any(o.startswith(name[:k]) for o in others):
                out.append(name[:k])
                break
        else:
            out.append(name)
    return out


def shift_codes(names: list[str], given: list[str]) -> list[str]:
    """Each shift's short code: its declared code (else its first character); where
    two shifts would share a code, each gets its shortest distinguishing prefix."""
    codes = [g or n[:1] for n, g in zip(names, given)]
    fallback = abbreviations(names)
    return [fallback[i] if codes.count(c) > 1 else c for i, c in enumerate(codes)]


def layout_of(roster: Roster | None, program: ir.Program | None = None) -> Layout:
    assignments = roster.assignments if roster is not None else ()
    if program is not None:
        staff_kind, post_kind = program.staff_kind, program.post_kind
        staff_label = staff_kind.name if staff_kind else "staff"
        post_label = post_kind.name if post_kind else "post"
        people = [r.name for r in program.records_of(staff_kind.name)] if staff_kind else []
        posts = [r.name for r in program.records_of(post_kind.name)] if post_kind else []
        decls = list(program.shifts)
        cal = program.calendar
        days: list[datetime.date] = []
        if cal is not None:
            day = cal.start
            while day <= cal.end:
                days.append(day)
                day += datetime.timedelta(days=1)
        static = cal is None
        weekend_names = cal.weekend if cal is not None else ("sat", "sun")
        holidays = cal.holidays if cal is not None else frozenset()
        has_posts = post_kind is not None
    else:
        staff_label, post_label = "staff", "post"
        people, posts, decls, days = [], [], [], []
        static = bool(assignments) and all(a.date is None for a in assignments)
        weekend_names, holidays = ("sat", "sun"), frozenset()
        has_posts = any(a.post is not None for a in assignments)
    people = _extend(people, (a.staff for a in assignments))
    posts = _extend(posts, (a.post for a in assignments))
    days = sorted(set(days) | {a.date for a in assignments if a.date is not None})
    names = [s.name for s in decls]
    infos = [(s.name, s.code, _hours(s), s.length) for s in decls]
    infos += [(n, "", "", None)
              for n in _extend(names, (a.shift for a in assignments))[len(names):]]
    codes = shift_codes([i[0] for i in infos], [i[1] for i in infos])
    return Layout(
        staff_label=staff_label, post_label=post_label, people=tuple(people),
        days=tuple(days),
        shifts=tuple(ShiftInfo(n, c, h, m) for (n, _, h, m), c in zip(infos, codes)),
        posts=tuple(posts), post_codes=tuple(abbreviations(posts)),
        has_posts=has_posts or any(a.post is not None for a in assignments),
        static=static,
        weekend=frozenset(d for d in days if WEEKDAYS[d.weekday()] in weekend_names),
        holidays=frozenset(holidays))
