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
from rotalang.report.summary import status_line
from rotalang.report.text import format_cost, is_wide_script
from rotalang.results import SolveResult

# Background colours, one per shift in declaration order (cycled); pale enough to
# read dark text on.
SHIFT_COLOURS = ("#cfe8cf", "#cfe0f5", "#ead5f0", "#f7ebc4", "#cdeeee", "#f5d0cf",
                 "#e3e3b5", "#d9d2f2", "#f2d9c4", "#d5e8e0")

CSS = """
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
       margin: 2em; color: #222; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; }
p.status { font-size: 1.1em; margin-top: 0; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: center; }
th.person, td.person { text-align: left; white-space: nowrap; }
td.off { color: #aaa; }
td.num { text-align: right; }
th.weekend { background: #f3f3f3; }
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
    if result.breakdown:
        parts += _breakdown(result)
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
    head = [f'<th class="person">{escape(layout.staff_label)}</th>']
    for day in layout.days:
        cls = ' class="weekend"' if day in layout.weekend or day in layout.holidays else ""
        head.append(f"<th{cls}>{names[day.weekday()]}<br>{day:%m-%d}</th>")
    rows = ["<tr>" + "".join(head) + "</tr>"]
    for person in layout.people:
        row = [f'<td class="person">{escape(person)}</td>']
        for day in layout.days:
            worked = cells.get((person, day), [])
            if not worked:
                row.append('<td class="off">-</td>')
                continue
            cls = classes.get(worked[0].shift, "") if len(worked) == 1 else ""
            text = "+".join(escape(layout.shift_code(a.shift or "")) for a in worked)
            posts = [a.post for a in worked if a.post is not None]
            if posts:
                text += f'<span class="post">{escape("+".join(posts))}</span>'
            tip = "; ".join(" ".join(x for x in (a.shift, a.post) if x) for a in worked)
            row.append(f'<td class="{cls}" title="{escape(tip)}">{text}</td>' if cls
                       else f'<td title="{escape(tip)}">{text}</td>')
        rows.append("<tr>" + "".join(row) + "</tr>")
    return ['<table class="roster">', *rows, "</table>"]


def _legend(layout: Layout, classes: dict[str, str]) -> list[str]:
    if not layout.shifts:
        return []
    items = []
    for s in layout.shifts:
        desc = " ".join(escape(x) for x in (s.name, s.hours) if x)
        items.append(f'<li><span class="swatch {classes[s.name]}">{escape(s.code)}</span> '
                     f"{desc}</li>")
    return ['<ul class="legend">', *items, "</ul>"]


def _breakdown(result: SolveResult) -> list[str]:
    rows = ["<tr><th>rule</th><th>line</th><th>broken</th><th>cost</th></tr>"]
    for c in result.breakdown:
        line = "" if c.line is None else str(c.line)
        rows.append(f'<tr><td class="person">{escape(c.rule)}</td><td class="num">{line}</td>'
                    f'<td class="num">{c.count}</td>'
                    f'<td class="num">{escape(format_cost(c.cost))}</td></tr>')
    total = result.cost if result.cost is not None else sum((c.cost for c in result.breakdown), 0)
    rows.append(f'<tr class="total"><td class="person">total</td><td></td><td></td>'
                f'<td class="num">{escape(format_cost(total))}</td></tr>')
    return ["<h2>Cost by rule</h2>", '<table class="breakdown">', *rows, "</table>"]
