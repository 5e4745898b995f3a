"""The parts of the HTML page below (or instead of) the roster grid: a static plan as a
list of posts, the cost by rule, every costing instance, and the diagnostics of the
run (for an infeasible one, the conflicting rules with their lines and instances).

Each function returns lines of HTML; every text from the program, its data or a
diagnostic goes through `html.escape`. `w` is the page's words (`html_words.WORDS`).
"""

from __future__ import annotations

from fractions import Fraction
from html import escape

from rotalang import ir
from rotalang.diagnostics import SOURCES, Diagnostic, Severity, Span
from rotalang.report.costs import by_rule, cell_text
from rotalang.report.html_words import met_sentence
from rotalang.report.instance_words import asks_for_a_number, rule_locations
from rotalang.report.layout import Layout
from rotalang.report.summary import soft_rule_lines
from rotalang.report.text import format_cost
from rotalang.results import CostItem, Roster, SolveResult

CONFLICT = "E0601"


def plan_list(roster: Roster, layout: Layout, w: dict) -> list[str]:
    """A plan without a calendar, post by post in the program's order: who is at each
    (or `nobody`), then everyone who was given no post."""
    at: dict[str, list[str]] = {post: [] for post in layout.posts}
    placed = set()
    for a in layout.order(roster):
        if a.post is not None:
            at.setdefault(a.post, []).append(a.staff)
            placed.add(a.staff)
    rows = [f"<tr><th class=\"person\">{escape(layout.post_label)}</th>"
            f"<th class=\"person\">{escape(layout.staff_label)}</th></tr>"]
    for post, people in at.items():
        names = escape(", ".join(people)) if people else f'<span class="off">{w["none"]}</span>'
        rows.append(f'<tr><td class="person">{escape(post)}</td>'
                    f'<td class="person">{names}</td></tr>')
    out = ['<table class="plan">', *rows, "</table>"]
    left = [p for p in layout.people if p not in placed]
    if left:
        out.append(f'<p class="unassigned">{escape(w["unassigned"])}: '
                   f'{escape(", ".join(left))}</p>')
    return out


def breakdown(result: SolveResult, program: ir.Program | None, w: dict,
              lang: str) -> list[str]:
    """Every soft rule's cost (zero lines included), or one sentence when all are met."""
    lines = soft_rule_lines(result.breakdown, program)
    if result.cost is None or not lines:
        return []
    head = f'<h2>{escape(w["cost_by_rule"])}</h2>'
    if not result.cost and not any(c.cost or c.count for c in lines):
        met = met_sentence(lang, [c.rule for c in lines])
        return [head, f'<p class="met">{escape(met)}</p>']
    rows = [f'<tr><th>{w["rule"]}</th><th>{w["line"]}</th><th>{w["broken"]}</th>'
            f'<th>{w["cost"]}</th></tr>']
    for c in lines:
        line = "" if c.line is None else str(c.line)
        rows.append(f'<tr><td class="person">{escape(c.rule)}</td><td class="num">{line}</td>'
                    f'<td class="num">{c.count}</td>'
                    f'<td class="num">{escape(format_cost(c.cost))}</td></tr>')
    rows.append(f'<tr class="total"><td class="person">{w["total"]}</td><td></td><td></td>'
                f'<td class="num">{escape(format_cost(result.cost))}</td></tr>')
    return [head, '<table class="breakdown">', *rows, "</table>"]


def cost_instances(items: tuple[CostItem, ...], program: ir.Program | None,
                   w: dict) -> list[str]:
    """Every costing instance, rule by rule (dearest first), each with its place, what
    the roster has and the roster cells behind it."""
    if not items:
        return []
    where = rule_locations(program)
    out = [f'<h2>{escape(w["cost_by_instance"])}</h2>']
    for rule, line, group in by_rule(items):
        total = format_cost(sum((i.cost for i in group), Fraction(0)))
        count = (w["one_instance"].format(cost=total) if len(group) == 1
                 else w["instances"].format(n=len(group), cost=total))
        at = where.get(rule) or (f"line {line}" if line is not None else "")
        out.append(f'<h3>{escape(rule)} <small>{escape(at)} · {escape(count)}</small></h3>')
        if group[0].instance.statement:
            out.append(f'<p class="statement"><code>{escape(group[0].instance.statement)}'
                       "</code></p>")
        rows = [f'<tr><th>{w["cost"]}</th><th>{w["where"]}</th><th>{w["found"]}</th>'
                f'<th>{w["cells"]}</th></tr>']
        for item in group:
            v = item.instance
            found = v.found or v.actual
            if asks_for_a_number(v):
                found = w["asks"].format(found=found, expected=v.expected)
            known = frozenset(text for _, text in v.binding)
            cells = "; ".join(cell_text(a, known) for a in item.cells)
            rows.append(f'<tr><td class="num">{escape(format_cost(item.cost))}</td>'
                        f'<td class="person">{escape(v.place)}</td>'
                        f'<td class="person">{escape(found)}</td>'
                        f'<td class="person">{escape(cells)}</td></tr>')
        out += ['<table class="instances">', *rows, "</table>"]
    return out


def diagnostics(result: SolveResult, w: dict) -> list[str]:
    """What the run said: for an infeasible program the conflict (each rule's line as
    written, its label, the conflicting instances, the help), else its warnings."""
    shown = [d for d in result.diagnostics if d.severity in (Severity.ERROR, Severity.WARNING)]
    if not shown:
        return []
    heading = w["conflict"] if result.cost is None else w["notes"]
    out = [f'<h2>{escape(heading)}</h2>']
    for d in shown:
        out += _diagnostic(d, w)
    return out


def _diagnostic(d: Diagnostic, w: dict) -> list[str]:
    out = [f'<div class="diagnostic {d.severity.name.lower()}">',
           f'<p class="message"><b>{escape(d.code)}</b> {escape(d.message)}</p>']
    places = ([(d.span, d.label or "")] if d.span is not None else []) + \
        [(label.span, label.text) for label in d.labels]
    if places:
        out.append('<ul class="places">')
        for span, label in places:
            out.append(f"<li>{_source_line(span)}"
                       + (f' <span class="label">{escape(label)}</span>' if label else "")
                       + "</li>")
        out.append("</ul>")
    if d.notes:
        out.append('<ul class="notes">')
        out += [f"<li>{escape(str(note))}</li>" for note in d.notes]
        out.append("</ul>")
    if d.help:
        out.append(f'<p class="help">{escape(w["help"])}: {escape(d.help)}</p>')
    out.append("</div>")
    return out


def _source_line(span: Span) -> str:
    """`file:line` and the line as written, for a reader without the editor at hand."""
    text = SOURCES.line(span.file, span.start_line)
    where = f"<code class=\"where\">{escape(span.file)}:{span.start_line}</code>"
    return where + (f" <code>{escape(text.strip())}</code>" if text else "")
