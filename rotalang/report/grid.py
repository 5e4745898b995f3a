"""The roster as a terminal grid: people as rows, days as columns, each cell the short
code of the shift worked (with the post on a second line where posts exist), then a
legend. A static plan (no calendar) is a two-column table: person → post.

    人员      一    二    三    四    五    六    日     班数  工时
              02-10 02-11 02-12 02-13 02-14 02-15 02-16
                    假日                    周末  周末
    张丽      早    夜    -     -     早    -     -         3   24h
    王伟      -     早    中    -     -     夜    -         3   24h
    早班在岗  1     1     0     0     1     0     0         3
    中班在岗  0     0     1     0     0     0     0         1
    夜班在岗  0     1     0     0     0     1     0         2

    早 早班 06:00-14:00   中 中班 14:00-22:00   夜 夜班 22:00-06:00

A third header line marks holidays and the calendar's weekend days (in words, so it
reads without colour); the right-hand columns total each person's shifts and hours
(hours only when every shift has a length); the bottom rows count the people on duty
per shift each day (one `在岗` row when there is one shift). A grid split into blocks
for a narrow terminal shows the totals once, after the last day.

Widths are display cells (a Chinese character is two), so columns line up in a
terminal; every line of the grid has the same width. Colour is opt-in (`color=True`),
for the CLI to switch on when writing to a terminal.
"""

from __future__ import annotations

import datetime

from rotalang import ir
from rotalang.report.layout import Layout, layout_of
from rotalang.report.tallies import tallies_of
from rotalang.report.text import clean, is_wide_script, pad, table, width
from rotalang.results import Roster

WEEKDAYS_ZH = "一二三四五六日"
WEEKDAYS_EN = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
OFF = "-"

# Foreground colours, one per shift in declaration order (cycled).
PALETTE = ("\x1b[32m", "\x1b[34m", "\x1b[35m", "\x1b[33m", "\x1b[36m", "\x1b[31m",
           "\x1b[92m", "\x1b[94m", "\x1b[95m", "\x1b[93m")
DIM = "\x1b[2m"
BOLD = "\x1b[1m"
RESET = "\x1b[0m"


def format_grid(roster: Roster | None, program: ir.Program | None = None, *,
                color: bool = False, max_width: int | None = None) -> str:
    """The roster as text (ending with a newline). `max_width` splits a long horizon
    into blocks of whole weeks that fit in that many cells; None never splits."""
    layout = layout_of(roster, program)
    if layout.static:
        return _static_table(roster, layout)
    return _calendar_grid(roster, layout, color, max_width)


# ----------------------------------------------------------------- static plans
def _static_table(roster: Roster | None, layout: Layout) -> str:
    posts: dict[str, list[str]] = {p: [] for p in layout.people}
    for a in layout.order(roster) if roster else []:
        if a.post is not None:
            posts[a.staff].append(a.post)
    rows = [[layout.staff_label, layout.post_label]]
    rows += [[p, ", ".join(posts[p]) or OFF] for p in layout.people]
    return "\n".join(table(rows)) + "\n"


# -------------------------------------------------------------- calendar grids
def _calendar_grid(roster: Roster | None, layout: Layout, color: bool,
                   max_width: int | None) -> str:
    shifts_on: dict[tuple[str, datetime.date], list[str]] = {}
    posts_on: dict[tuple[str, datetime.date], list[str]] = {}
    for a in layout.order(roster) if roster else []:
        if a.date is None:
            continue
        key = (a.staff, a.date)
        shifts_on.setdefault(key, []).append(a.shift or "")
        if a.post is not None:
            posts_on.setdefault(key, []).append(a.post)

    chinese = is_wide_script([*layout.people, *(s.name for s in layout.shifts)])
    names = WEEKDAYS_ZH if chinese else WEEKDAYS_EN
    colours = {s.name: PALETTE[i % len(PALETTE)] for i, s in enumerate(layout.shifts)}
    tally = tallies_of(shifts_on, layout, chinese)
    widths = [max(width(r[i]) for r in [tally.header, *tally.person.values(),
                                        *(c[2] for c in tally.coverage)])
              for i in range(len(tally.header))]

    def shift_cell(person: str, day: datetime.date) -> tuple[str, str]:
        worked = shifts_on.get((person, day))
        if not worked:
            return OFF, DIM
        text = "+".join(layout.shift_code(s) for s in worked)
        return text, colours.get(worked[0], "") if len(worked) == 1 else BOLD

    def post_cell(person: str, day: datetime.date) -> tuple[str, str]:
        return "+".join(layout.post_code(p) for p in posts_on.get((person, day), [])), ""

    label_width = max([width(layout.staff_label), *(width(p) for p in layout.people),
                       *(width(label) for label, _, _ in tally.coverage)])
    col_width = {}
    for day in layout.days:
        cells = [f"{day:%m-%d}", tally.mark(day)]
        for person in layout.people:
            cells.append(shift_cell(person, day)[0])
            cells.append(post_cell(person, day)[0])
        cells += [str(counts.get(day, 0)) for _, counts, _ in tally.coverage]
        col_width[day] = max(width(c) for c in cells)
    totals_width = sum(2 + w for w in widths)

    def render(days: list[datetime.date], last: bool) -> list[str]:
        def line(label: str, cells: list[tuple[str, str]], sums: list[str]) -> str:
            parts = [pad(label, label_width)]
            for i, (day, (text, style)) in enumerate(zip(days, cells)):
                # Two spaces before each Monday group the columns by week.
                parts.append("  " if i == 0 or day.weekday() == 0 else " ")
                padded = pad(text, col_width[day])
                if color and style and text:
                    n = len(clean(text))
                    padded = f"{style}{padded[:n]}{RESET}{padded[n:]}"
                parts.append(padded)
            if last:  # the totals cover the whole horizon: shown once, after its end
                for value, cells_wide in zip(sums, widths):
                    parts.append("  " + pad(value, cells_wide, "right"))
            return "".join(parts)

        blank = [""] * len(widths)
        out = [line(layout.staff_label, [(names[d.weekday()], "") for d in days],
                    tally.header),
               line("", [(f"{d:%m-%d}", "") for d in days], blank)]
        if tally.any_marked:
            out.append(line("", [(tally.mark(d), "") for d in days], blank))
        for person in layout.people:
            out.append(line(person, [shift_cell(person, d) for d in days],
                            tally.person[person]))
            if layout.has_posts:
                out.append(line("", [post_cell(person, d) for d in days], blank))
        for label, counts, sums in tally.coverage:
            out.append(line(label, [(str(counts.get(d, 0)), "") for d in days], sums))
        return out

    chunks = _chunks(layout.days, col_width, label_width,
                     None if max_width is None else max_width - totals_width)
    blocks = [render(chunk, i == len(chunks) - 1) for i, chunk in enumerate(chunks)]
    lines = [ln for i, block in enumerate(blocks) for ln in ([""] if i else []) + block]
    legend = _legend(layout, colours if color else {})
    return "\n".join(lines + ([""] + legend if legend else [])) + "\n"


def _chunks(days, col_width, label_width: int, max_width: int | None):
    """Split the days into blocks that fit in `max_width` cells, breaking at a Monday
    when one is inside the block (a day always goes somewhere, even if too wide)."""
    if not days:
        return [[]]
    if max_width is None:
        return [list(days)]
    chunks: list[list[datetime.date]] = [[]]
    used = label_width
    for day in days:
        cost = 2 + col_width[day] if not chunks[-1] or day.weekday() == 0 else 1 + col_width[day]
        if chunks[-1] and used + cost > max_width:
            current = chunks[-1]
            mondays = [i for i, d in enumerate(current) if d.weekday() == 0 and i > 0]
            cut = mondays[-1] if mondays else len(current)
            chunks[-1], rest = current[:cut], current[cut:]
            chunks.append(rest)
            used = label_width + sum((2 if i == 0 or d.weekday() == 0 else 1) + col_width[d]
                                     for i, d in enumerate(rest))
            cost = 2 + col_width[day] if not rest or day.weekday() == 0 else 1 + col_width[day]
        chunks[-1].append(day)
        used += cost
    return chunks


def _legend(layout: Layout, colours: dict[str, str]) -> list[str]:
    """`早 早班 06:00-14:00   夜 夜班 22:00-06:00`, and the post codes when they are
    abbreviated."""
    entries = []
    for s in layout.shifts:
        code = f"{colours[s.name]}{s.code}{RESET}" if s.name in colours else s.code
        entries.append(" ".join(x for x in (code, s.name, s.hours) if x))
    lines = ["   ".join(entries)] if entries else []
    if layout.has_posts and any(c != p for c, p in zip(layout.post_codes, layout.posts)):
        lines.append("   ".join(f"{c} {p}" for c, p in zip(layout.post_codes, layout.posts)))
    return lines
