"""The calendar as the grounder sees it: days, weeks, weekends and windows.

Weeks run Monday to Sunday; a week or weekend is the set of its days inside the
horizon (the first and last week may be partial). Every day set is a `values.DaySet`
so that bindings print the same way everywhere ("week 2025-W07").
"""

from __future__ import annotations

import datetime

from rotalang import ir
from rotalang.ground.errors import BAD_VALUE, fail
from rotalang.values import WEEKDAYS, DaySet

ONE_DAY = datetime.timedelta(days=1)


def week_label(monday: datetime.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"week {year}-W{week:02d}"


def window_label(days: tuple[datetime.date, ...]) -> str:
    return f"{days[0].isoformat()}..{days[-1].isoformat()}"


def check_window_length(length: int, span) -> None:
    """A window of no days (`in any 0 days`) has nothing to count; rather than let the
    rule hold vacuously (or fail deep inside), say so at the rule."""
    if length < 1:
        raise fail(BAD_VALUE, f"a window of {length} days has no days in it", span,
                   help="give the window at least one day, like `in any 7 days`")


class CalendarTables:
    """Lookup tables over one calendar (or an empty one for a static plan)."""

    def __init__(self, calendar: ir.Calendar | None):
        self.calendar = calendar
        days: list[datetime.date] = []
        if calendar is not None:
            d = calendar.start
            while d <= calendar.end:
                days.append(d)
                if d == datetime.date.max:  # a calendar ending 9999-12-31 has no next day
                    break
                d += ONE_DAY
        self.days: tuple[datetime.date, ...] = tuple(days)
        self.index: dict[datetime.date, int] = {d: i for i, d in enumerate(days)}
        self.holidays = calendar.holidays if calendar is not None else frozenset()
        weekend_names = calendar.weekend if calendar is not None else ("sat", "sun")
        self.weekend_weekdays = frozenset(WEEKDAYS.index(n) for n in weekend_names)

        self.weeks: list[DaySet] = []
        self.week_of: dict[datetime.date, DaySet] = {}
        self.weekends: list[DaySet] = []
        # weekend_of_week[i]: the weekend of weeks[i], or None when none of its
        # weekend days lies inside the horizon
        self.weekend_of_week: list[DaySet | None] = []
        current: list[datetime.date] = []
        for d in days:
            if current and d.weekday() == 0:
                self._close_week(current)
                current = []
            current.append(d)
        if current:
            self._close_week(current)
        self._windows: dict[int, list[DaySet]] = {}

    def _close_week(self, week_days: list[datetime.date]) -> None:
        monday = week_days[0] - datetime.timedelta(days=week_days[0].weekday())
        week = DaySet(week_label(monday), tuple(week_days))
        self.weeks.append(week)
        for d in week_days:
            self.week_of[d] = week
        weekend_days = tuple(d for d in week_days if self.is_weekend(d))
        if weekend_days:
            weekend = DaySet(f"weekend {weekend_days[0].isoformat()}", weekend_days)
            self.weekends.append(weekend)
            self.weekend_of_week.append(weekend)
        else:
            self.weekend_of_week.append(None)

    def is_weekend(self, d: datetime.date) -> bool:
        return d.weekday() in self.weekend_weekdays

    def is_holiday(self, d: datetime.date) -> bool:
        return d in self.holidays

    def windows(self, length: int) -> list[DaySet]:
        """Every run of `length` consecutive days that fits inside the horizon."""
        if length not in self._windows:
            out = []
            for start in range(0, len(self.days) - length + 1):
                run = self.days[start:start + length]
                out.append(DaySet(window_label(run), run))
            self._windows[length] = out
        return self._windows[length]

    def day_indices(self, collection) -> list[int]:
        """Indices (calendar order) of the horizon's days in a DaySet or set of dates."""
        if isinstance(collection, DaySet):
            return [self.index[d] for d in collection.days if d in self.index]
        if isinstance(collection, datetime.date):
            return [self.index[collection]] if collection in self.index else []
        return sorted(self.index[d] for d in collection if d in self.index)
