"""`rotalang ir FILE`: the checked program in its stable text form (for reviewing
what the checker understood, and for golden tests)."""

from __future__ import annotations

from rotalang.cli.console import Console
from rotalang.cli.errors import OK
from rotalang.cli.loading import load_program, load_warnings


def register(commands) -> None:
    p = commands.add_parser("ir", help="print the checked program (typed IR) as text",
                            description="Print the checked program in the IR's text form.")
    p.add_argument("file", metavar="FILE", help="a .rota program")
    p.set_defaults(run=run)


def run(args, console: Console) -> int:
    from rotalang.ir_text import format_program

    program = load_program(args.file, args)
    console.diagnostics(load_warnings(program))
    text = format_program(program.ir)
    console.write(text if text.endswith("\n") else text + "\n")
    return OK
