"""What the margins of a roster grid show, computed once for the terminal and HTML:
each day's mark (holiday or weekend), each person's shifts and hours worked, and how
many people are on duty per shift each day.

Words come in the script of the program's names (`假日 周末 班数 工时 在岗`, or English)
so the margins read like the rest of the grid.
"""

from __future__ import annotations

import datetime

import attrs

from rotalang.report.layout import Layout

ZH = {"holiday": "假日", "weekend": "周末", "shifts": "班数", "hours": "工时",
      "on_duty": "在岗", "on_shift": "{}在岗"}
EN = {"holiday": "hol", "weekend": "wkend", "shifts": "shifts", "hours": "hours",
      "on_duty": "on duty", "on_shift": "on {}"}


@attrs.frozen
class Tallies:
    words: dict
    marks: dict  # date → "假日" / "周末" / ""
    header: tuple[str, ...]  # the totals columns: ("班数", "工时") or ("shifts",)
    person: dict  # person → cells under `header`
    coverage: tuple  # (label, {date: people on duty}, cells under `header`)

    def mark(self, day: datetime.date) -> str:
        return self.marks.get(day, "")

    @property
    def any_marked(self) -> bool:
        return any(self.marks.values())


def shifts_by_day(assignments) -> dict[tuple[str, datetime.date], list[str]]:
    """(person, date) → the shifts worked, for assignments that have a date."""
    out: dict[tuple[str, datetime.date], list[str]] = {}
    for a in assignments:
        if a.date is not None:
            out.setdefault((a.staff, a.date), []).append(a.shift or "")
    return out


def tallies_of(shifts_on, layout: Layout, chinese: bool) -> Tallies:
    words = ZH if chinese else EN
    marks = {}
    for day in layout.days:
        marks[day] = (words["holiday"] if day in layout.holidays
                      else words["weekend"] if day in layout.weekend else "")
    minutes = {s.name: s.minutes for s in layout.shifts}
    # Hours only when every shift has a length (a roster read without its program has none).
    with_hours = bool(layout.shifts) and all(m is not None for m in minutes.values())
    header = (words["shifts"],) + ((words["hours"],) if with_hours else ())
    person = {}
    for p in layout.people:
        worked = [s for d in layout.days for s in shifts_on.get((p, d), [])]
        cells = [str(len(worked))]
        if with_hours:
            cells.append(hours_text(sum(minutes.get(s) or 0 for s in worked)))
        person[p] = tuple(cells)
    blank = ("",) if with_hours else ()
    coverage = tuple((label, counts, (str(sum(counts.values())),) + blank)
                     for label, counts in _coverage(shifts_on, layout, words))
    return Tallies(words, marks, header, person, coverage)


def _coverage(shifts_on, layout: Layout, words):
    """People on duty each day: one row per shift (`早班在岗`), or one `在岗` row when
    the program has at most one shift."""
    if len(layout.shifts) <= 1:
        counts: dict[datetime.date, int] = {}
        for (_, day) in shifts_on:
            counts[day] = counts.get(day, 0) + 1
        return [(words["on_duty"], counts)]
    rows = []
    for s in layout.shifts:
        counts = {}
        for (_, day), worked in shifts_on.items():
            if s.name in worked:
                counts[day] = counts.get(day, 0) + 1
        rows.append((words["on_shift"].format(s.name), counts))
    return rows


def hours_text(minutes: int) -> str:
    """Hours worked, exactly: `96h`, `37h30min` (never rounded, never folded into days)."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest}min" if rest else f"{hours}h"
