"""The table of a batch's results, one row per job in the batch's own order, as CSV,
JSON and HTML: status, cost, bound, time, where the roster is, whether the evaluator
passed it, the tries, and for an infeasible job the minimal conflicting rules."""

from __future__ import annotations

import csv
import html
import io
import json

COLUMNS = ("job", "status", "cost", "bound", "time_s", "roster", "verified", "attempts",
           "conflict", "program", "data")


def rows(jobs, results: dict[str, dict]) -> list[dict]:
    """One plain row per job (the job's order), from the results by name."""
    out = []
    for job in jobs:
        r = results.get(job.name) or {"status": "not run"}
        conflict = " + ".join(" & ".join(c["rules"]) for c in r.get("conflicts") or [])
        out.append({"job": job.name, "status": r.get("status"), "cost": r.get("cost"),
                    "bound": r.get("bound"), "time_s": r.get("time"),
                    "roster": r.get("roster"), "verified": r.get("verified"),
                    "attempts": r.get("attempts"), "conflict": conflict or None,
                    "program": job.program, "data": job.data_dir})
    return out


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def to_csv(table: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in table:
        writer.writerow([_cell(row[c]) for c in COLUMNS])
    return buffer.getvalue()


def to_json(table: list[dict], results: dict[str, dict]) -> str:
    """The rows, each with the job's conflicts and diagnostics in full."""
    jobs = []
    for row in table:
        r = results.get(row["job"]) or {}
        jobs.append({**row, "conflicts": r.get("conflicts") or [],
                     "errors": r.get("errors") or [],
                     "diagnostics": r.get("diagnostics") or []})
    return json.dumps({"jobs": jobs, "counts": counts(table)}, ensure_ascii=False,
                      indent=2) + "\n"


def counts(table: list[dict]) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in table:
        out[row["status"]] = out.get(row["status"], 0) + 1
    return dict(sorted(out.items()))


def to_html(table: list[dict], title: str = "rotalang batch") -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in COLUMNS)
    body = []
    for row in table:
        cells = "".join(f"<td>{html.escape(_cell(row[c]))}</td>" for c in COLUMNS)
        body.append(f'<tr class="{html.escape(str(row["status"]))}">{cells}</tr>')
    tally = ", ".join(f"{n} {s}" for s, n in counts(table).items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; }}
tr.infeasible td {{ background: #fff3cd; }}
tr.failed td, tr.error td {{ background: #f8d7da; }}
tr.optimal td:nth-child(2), tr.feasible td:nth-child(2) {{ color: #155724; }}
</style></head>
<body><h1>{html.escape(title)}</h1>
<p>{len(table)} jobs: {html.escape(tally)}</p>
<table><thead><tr>{head}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table></body></html>
"""
