"""The solve result as one self-contained HTML page: title, status and cost, the roster
grid coloured by shift with its legend, and the cost breakdown.

No scripts, no external stylesheets or fonts: the file can be mailed or opened offline.
Every piece of text from the program or its data goes through `html.escape`.
"""

from __future__ import annotations

import datetime
from html import escape

from rotalang import ir
from rotalang.report.grid import WEEKDAYS_EN, WEEKDAYS_ZH
from rotalang.report.layout import Layout, layout_of
from rotalang.report.summary import soft_rule_lines, status_line
from rotalang.report.tallies import shifts_by_day, tallies_of
from rotalang.report.text import format_cost, is_wide_script
from rotalang.results import SolveResult

# Background colours, one per shift in declaration order (cycled); pale enough to
# read dark text on.
SHIFT_COLOURS = ("#cfe8cf", "#cfe0f5", "#ead5f0", "#f7ebc4", "#cdeeee", "#f5d0cf",
                 "#e3e3b5", "#d9d2f2", "#f2d9c4", "#d5e8e0")

CSS = """
body { font-family: system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei",
                    "WenQuanYi Micro Hei", sans-serif;
       margin: 2em; color: #222; font-variant-numeric: tabular-nums; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; }
p.status { font-size: 1.1em; margin-top: 0; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: center; }
th.person, td.person { text-align: left; white-space: nowrap; }
td.off { color: #aaa; }
td.num { text-align: right; }
th.weekend, td.weekend, span.weekend { background: #ececec; }
th.holiday, td.holiday, span.holiday { background: #fbe3dc; }
th small { display: block; font-weight: normal; font-size: 0.75em; color: #555; }
th.total, td.total, col.week { border-left: 2px solid #888; }
tr.coverage td, tr.coverage th { color: #444; font-size: 0.9em; }
tr.coverage:first-child th, tr.coverage:first-child td { border-top: 2px solid #888; }
tr.total td { font-weight: bold; }
span.post { display: block; font-size: 0.8em; color: #555; }
ul.legend { list-style: none; padding: 0; }
ul.legend li { display: inline-block; margin-right: 1.2em; }
ul.legend span.swatch { display: inline-block; padding: 0 0.4em; border: 1px solid #ccc; }
""".strip()


def solve_html(result: SolveResult, program: ir.Program | None = None,
               title: str = "rotalang roster") -> str:
    layout = layout_of(result.roster, program)
    classes = {s.name: f"s{i}" for i, s in enumerate(layout.shifts)}
    css = CSS + "\n" + "\n".join(
        f"td.{cls}, span.{cls} {{ background: {SHIFT_COLOURS[i % len(SHIFT_COLOURS)]}; }}"
        for i, cls in enumerate(classes.values()))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh">' if is_wide_script([title, *layout.people]) else '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>\n{css}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="status">{escape(status_line(result))}</p>',
    ]
    if result.roster is not None:
        parts.append("<h2>Roster</h2>")
        parts += _static_table(result, layout) if layout.static else _grid(result, layout, classes)
        parts += _legend(layout, classes)
    parts += _breakdown(result, program)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _static_table(result: SolveResult, layout: Layout) -> list[str]:
    posts: dict[str, list[str]] = {p: [] for p in layout.people}
    for a in layout.order(result.roster):
        if a.post is not None:
            posts[a.staff].append(a.post)
    rows = [f'<tr><th class="person">{escape(layout.staff_label)}</th>'
            f"<th>{escape(layout.post_label)}</th></tr>"]
    for person in layout.people:
        cell = escape(", ".join(posts[person])) if posts[person] else "-"
        rows.append(f'<tr><td class="person">{escape(person)}</td><td>{cell}</td></tr>')
    return ['<table class="roster">', *rows, "</table>"]


def _grid(result: SolveResult, layout: Layout, classes: dict[str, str]) -> list[str]:
    cells: dict[tuple[str, datetime.date], list] = {}
    for a in layout.order(result.roster):
        if a.date is not None:
            cells.setdefault((a.staff, a.date), []).append(a)
    chinese = is_wide_script([*layout.people, *(s.name for s in layout.shifts)])
    names = WEEKDAYS_ZH if chinese else WEEKDAYS_EN
    tally = tallies_of(shifts_by_day(layout.order(result.roster)), layout, chinese)
    shade = {day: ("holiday" if day in layout.holidays else
                   "weekend" if day in layout.weekend else "") for day in layout.days}

    def with_class(cls: str) -> str:
        return f' class="{cls}"' if cls else ""

    def totals(values, tag="td") -> str:
        return "".join(f'<{tag} class="num total">{escape(v)}</{tag}>' if i == 0 else
                       f'<{tag} class="num">{escape(v)}</{tag}>' for i, v in enumerate(values))

    head = [f'<th class="person">{escape(layout.staff_label)}</th>']
    for day in layout.days:
        # The mark is words, not only a shade, so it survives printing in grey.
        mark = f"<small>{escape(tally.mark(day))}</small>" if tally.mark(day) else ""
        head.append(f"<th{with_class(shade[day])}>{names[day.weekday()]}<br>{day:%m-%d}"
                    f"{mark}</th>")
    head.append(totals(tally.header, "th"))
    # Columns, so each week after the first starts with a heavier line (as in the grid).
    cols = ["<col>"] + ['<col class="week">' if day.weekday() == 0 and i else "<col>"
                        for i, day in enumerate(layout.days)]
    rows = ["<colgroup>" + "".join(cols) + "</colgroup>",
            "<thead>", "<tr>" + "".join(head) + "</tr>", "</thead>", "<tbody>"]
    for person in layout.people:
        row = [f'<td class="person">{escape(person)}</td>']
        for day in layout.days:
            worked = cells.get((person, day), [])
            if not worked:
                row.append(f'<td class="{" ".join(c for c in ("off", shade[day]) if c)}">-</td>')
                continue
            cls = classes.get(worked[0].shift, "") if len(worked) == 1 else ""
            text = "+".join(escape(layout.shift_code(a.shift or "")) for a in worked)
            posts = [a.post for a in worked if a.post is not None]
            if posts:
                text += f'<span class="post">{escape("+".join(posts))}</span>'
            tip = "; ".join(" ".join(x for x in (a.shift, a.post) if x) for a in worked)
            row.append(f'<td class="{cls}" title="{escape(tip)}">{text}</td>' if cls
                       else f'<td title="{escape(tip)}">{text}</td>')
        row.append(totals(tally.person[person]))
        rows.append("<tr>" + "".join(row) + "</tr>")
    rows += ["</tbody>", "<tfoot>"]
    for label, counts, sums in tally.coverage:
        row = [f'<th class="person">{escape(label)}</th>']
        row += [f'<td{with_class(shade[day])}>{counts.get(day, 0)}</td>' for day in layout.days]
        rows.append('<tr class="coverage">' + "".join(row) + totals(sums) + "</tr>")
    rows.append("</tfoot>")
    return ['<table class="roster">', *rows, "</table>"]


def _legend(layout: Layout, classes: dict[str, str]) -> list[str]:
    items = []
    for s in layout.shifts:
        desc = " ".join(escape(x) for x in (s.name, s.hours) if x)
        items.append(f'<li><span class="swatch {classes[s.name]}">{escape(s.code)}</span> '
                     f"{desc}</li>")
    if not layout.static:
        chinese = is_wide_script([*layout.people, *(s.name for s in layout.shifts)])
        words = tallies_of({}, layout, chinese).words
        for cls, days in (("weekend", layout.weekend), ("holiday", layout.holidays)):
            if days & set(layout.days):
                # Chinese marks name themselves (周末, 假日); English ones are abbreviated.
                desc = "" if chinese else f" {cls}"
                items.append(f'<li><span class="swatch {cls}">{words[cls]}</span>{desc}</li>')
    return ['<ul class="legend">', *items, "</ul>"] if items else []


def _breakdown(result: SolveResult, program: ir.Program | None) -> list[str]:
    """Every soft rule's cost (zero lines included), or one sentence when all are met."""
    lines = soft_rule_lines(result.breakdown, program)
    if result.cost is None or not lines:
        return []
    if not result.cost and not any(c.cost or c.count for c in lines):
        met = (f"all {len(lines)} soft rules met" if len(lines) > 1
               else f"the soft rule {lines[0].rule} is met")
        return ["<h2>Cost by rule</h2>", f'<p class="met">{escape(met)}</p>']
    rows = ["<tr><th>rule</th><th>line</th><th>broken</th><th>cost</th></tr>"]
    for c in lines:
        line = "" if c.line is None else str(c.line)
        rows.append(f'<tr><td class="person">{escape(c.rule)}</td><td class="num">{line}</td>'
                    f'<td class="num">{c.count}</td>'
                    f'<td class="num">{escape(format_cost(c.cost))}</td></tr>')
    rows.append(f'<tr class="total"><td class="person">total</td><td></td><td></td>'
                f'<td class="num">{escape(format_cost(result.cost))}</td></tr>')
    return ["<h2>Cost by rule</h2>", '<table class="breakdown">', *rows, "</table>"]
