"""`rotalang verify FILE --roster PATH`: evaluate every rule on a roster made by hand
(CSV or the JSON `solve` writes) and list each broken rule instance and the cost."""

from __future__ import annotations

import json

from rotalang.cli.console import Console
from rotalang.cli.errors import OK, PROBLEMS, exit_code_for
from rotalang.cli.loading import load_program, load_warnings
from rotalang.diagnostics import DiagnosticError
from rotalang.report import format_cost
from rotalang.report.costs import findings_csv, focus_on
from rotalang.report.text import plural


def register(commands) -> None:
    p = commands.add_parser(
        "verify", help="check a hand-made roster against every rule",
        description="Evaluate every rule on a roster (CSV `staff,date,shift[,post]` or "
                    "`staff,post`, or the JSON that solve writes): list each broken "
                    "hard rule and the soft cost by rule.")
    p.add_argument("file", metavar="FILE", help="a .rota program")
    p.add_argument("--roster", required=True, metavar="PATH", help="the roster to verify")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text",
                   help="the report as text (default), JSON, or CSV (one row per broken "
                        "hard instance and per costing soft instance)")
    p.add_argument("--explain", metavar="RULE",
                   help="list every instance of the soft rule RULE that costs something, "
                        "with the roster cells behind it (otherwise a few per rule)")
    p.set_defaults(run=run)


def run(args, console: Console) -> int:
    from rotalang.report.verify_json import verify_report_json
    from rotalang.report.verify_text import format_verify_report

    program = load_program(args.file, args)
    focus_on((), args.explain, program.ir)  # a rule name that is not there: say so now
    console.diagnostics(load_warnings(program))
    try:
        report = program.verify(args.roster)
    except DiagnosticError as err:
        # The roster could not be read: nothing was verified.
        console.diagnostics(err.diagnostics, args.format)
        return exit_code_for(err.diagnostics, input_stage=True)
    console.diagnostics(report.diagnostics)
    if args.format == "json":
        console.write(json.dumps(verify_report_json(report, program.ir, args.explain),
                                 ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        console.write(findings_csv(report.hard_violations,
                                   focus_on(report.cost_items, args.explain, program.ir)))
    else:
        text = format_verify_report(report, program.ir, args.explain)
        console.write(text if text.endswith("\n") else text + "\n")
        console.info(verdict(report, args.roster, args.file))
    return OK if report.ok else PROBLEMS


def verdict(report, roster: str, program: str) -> str:
    """The last line on the terminal, naming both files, so a rule author sees at a
    glance whether the hand-made roster is usable (exit 0) or not (exit 1):

        ok: 排班.csv meets every hard rule of 值守.rota; soft cost 6
        broken: 排班.csv breaks 3 hard rule instances (2 rules) of 值守.rota; soft cost 33
    """
    cost = f"soft cost {format_cost(report.cost)}"
    if report.ok:
        return f"ok: {roster} meets every hard rule of {program}; {cost}"
    broken = report.hard_violations
    rules = len({(v.rule, v.line) for v in broken})
    instances = plural(len(broken), "hard rule instance")
    of_rules = f" ({rules} rules)" if rules > 1 else ""
    return f"broken: {roster} breaks {instances}{of_rules} of {program}; {cost}"
