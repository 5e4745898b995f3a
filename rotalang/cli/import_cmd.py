"""`rotalang import curtois INSTANCE.txt --output DIR`: turn a benchmark instance
into a readable .rota program with CSV data files."""

from __future__ import annotations

from rotalang.cli.arguments import iso_date
from rotalang.cli.console import Console
from rotalang.cli.errors import OK
from rotalang.diagnostics import Diagnostic, DiagnosticError


def register(commands) -> None:
    p = commands.add_parser("import", help="import a program from another format",
                            description="Import a program from another format.")
    formats = p.add_subparsers(dest="source_format", metavar="FORMAT", required=True,
                               parser_class=type(p))
    c = formats.add_parser(
        "curtois", help="an Employee Shift Scheduling Benchmark instance (.txt)",
        description="Write a .rota program and its CSV data files for an instance of "
                    "the Employee Shift Scheduling Benchmark (Curtois & Qu).")
    c.add_argument("instance", metavar="INSTANCE.txt", help="the benchmark instance file")
    c.add_argument("--output", "-o", required=True, metavar="DIR",
                   help="folder for the program and its data files (created if needed)")
    c.add_argument("--force", action="store_true",
                   help="overwrite the program and data files if DIR already has them")
    c.add_argument("--start", type=iso_date, metavar="DATE",
                   help="the calendar's first day, a Monday (default 2024-01-01)")
    c.set_defaults(run=run_curtois)


def run_curtois(args, console: Console) -> int:
    from rotalang.importers.curtois import import_instance

    kwargs = {"start": args.start} if args.start else {}
    kwargs["force"] = args.force
    try:
        program = import_instance(args.instance, args.output, **kwargs)
    except OSError as err:  # the output folder cannot be created or written
        raise DiagnosticError(Diagnostic.error(
            "E0021", f"cannot write into `{args.output}`: {err.strerror or err}",
            help="choose a folder you can write to")) from None
    console.info(f"wrote {program} and its data files")
    console.write(f"{program}\n")
    return OK
