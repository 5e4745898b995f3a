"""The syntax layer: source text → `ast.Program` with spans, or E00xx/E01xx diagnostics.

    from rotalang.syntax import parse, parse_file, read_source
    program = parse(text, "x.rota")          # raises DiagnosticError
"""

from rotalang.syntax.parser import parse, parse_file
from rotalang.syntax.source import read_source

__all__ = ["parse", "parse_file", "read_source"]
