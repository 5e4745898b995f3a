"""The solve result as one self-contained HTML page: a title naming the program and its
horizon, the status and cost, the roster grid coloured by shift with its legend (a
plan without a calendar: its posts and who is at each), the cost by rule and every
costing instance, and, when there is no roster, why (the conflicting rules).

The page speaks the program's language (`html_words`): Chinese headings for a program
whose names are Chinese. It prints well (a print stylesheet: landscape, colours kept,
table headers repeated on each page). No scripts, no external stylesheets or fonts:
the file can be mailed or opened offline. Every piece of text from the program or its
data goes through `html.escape`. The generation time is shown only when the caller
gives it (the CLI does), so the same result renders to the same bytes.
"""

from __future__ import annotations

import datetime
from html import escape

from rotalang import ir
from rotalang.report.costs import focus_on
from rotalang.report.grid import WEEKDAYS_EN, WEEKDAYS_ZH
from rotalang.report.html_sections import breakdown, cost_instances, diagnostics, plan_list
from rotalang.report.html_words import WORDS, status_sentence
from rotalang.report.layout import Layout, layout_of
from rotalang.report.summary import status_line
from rotalang.report.tallies import shifts_by_day, tallies_of
from rotalang.report.text import is_wide_script
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
p.meta { color: #555; margin-top: 0; }
h3 small { font-weight: normal; color: #555; }
table.instances td, table.plan td { text-align: left; }
div.diagnostic { border-left: 4px solid #c33; padding: 0.2em 1em; margin: 1em 0; }
div.diagnostic.warning { border-left-color: #d90; }
ul.places code.where { color: #555; }
span.label { color: #a22; }
@media print {
  @page { size: A4 landscape; margin: 1cm; }
  body { margin: 0; font-size: 9pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  th, td { padding: 0.1em 0.3em; }
  thead { display: table-header-group; }
  tr, h2, h3 { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
""".strip()


def solve_html(result: SolveResult, program: ir.Program | None = None,
               title: str = "rotalang roster", explain: str | None = None,
               generated: datetime.datetime | None = None) -> str:
    """The page. `title`: the program's name (the CLI gives the file's stem); `explain`:
    list only the instances of this soft rule; `generated`: when, shown under the title."""
    layout = layout_of(result.roster, program)
    classes = {s.name: f"s{i}" for i, s in enumerate(layout.shifts)}
    lang = "zh" if is_wide_script([title, *layout.people, *(s.name for s in layout.shifts),
                                   *(r.name for r in (program.rules if program else ()))]) else "en"
    w = WORDS[lang]
    css = CSS + "\n" + "\n".join(
        f"td.{cls}, span.{cls} {{ background: {SHIFT_COLOURS[i % len(SHIFT_COLOURS)]}; }}"
        for i, cls in enumerate(classes.values()))
    horizon = w["horizon"].format(first=layout.days[0].isoformat(),
                                  last=layout.days[-1].isoformat()) if layout.days else ""
    meta = [x for x in (horizon, w["generated"].format(time=_when(generated))
                        if generated is not None else "") if x]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(' · '.join([title, horizon] if horizon else [title]))}</title>",
        f"<style>\n{css}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
    ]
    if meta:
        parts.append(f'<p class="meta">{escape(" · ".join(meta))}</p>')
    parts.append(f'<p class="status">{escape(status_sentence(lang, result, status_line(result)))}</p>')
    if result.roster is not None:
        if layout.static:
            parts += [f"<h2>{w['plan']}</h2>", *plan_list(result.roster, layout, w)]
        else:
            parts += [f"<h2>{w['roster']}</h2>", *_grid(result, layout, classes),
                      *_legend(layout, classes)]
    parts += diagnostics(result, w)
    parts += breakdown(result, program, w, lang)
    if result.cost is not None:
        parts += cost_instances(focus_on(result.cost_items, explain, program), program, w)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _when(moment: datetime.datetime) -> str:
    """`2026-12-07 11:30 UTC+08:00`: to the minute, with the offset from UTC."""
    text = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{text} UTC{sign}{hours:02d}:{mins:02d}"


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
