"""The roster as CSV, the format `verify --roster` reads back and spreadsheets open.

Header `staff,date,shift` (plus `post` where the program has posts), or `staff,post`
for a static plan; one row per assignment, by date, shift, post and person in the
program's order. Dates are ISO (`2025-02-10`); lines end with `\\n`.
"""

from __future__ import annotations

import csv
import io

from rotalang import ir
from rotalang.report.layout import layout_of
from rotalang.results import Roster


def roster_csv(roster: Roster | None, program: ir.Program | None = None) -> str:
    layout = layout_of(roster, program)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if layout.static:
        writer.writerow(["staff", "post"])
    else:
        writer.writerow(["staff", "date", "shift"] + (["post"] if layout.has_posts else []))
    for a in layout.order(roster) if roster else []:
        if layout.static:
            writer.writerow([a.staff, a.post or ""])
        else:
            row = [a.staff, a.date.isoformat() if a.date else "", a.shift or ""]
            writer.writerow(row + ([a.post or ""] if layout.has_posts else []))
    return out.getvalue()
