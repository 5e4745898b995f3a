"""rotalang: a language and toolchain for staffing rules.

`rotalang.load(path_or_text)` checks a program and returns a `Program` (see
docs/api.md); every problem with the input is raised as `DiagnosticError`.
"""

from rotalang.api import Program, load
from rotalang.diagnostics import DiagnosticError
from rotalang.version import __version__

__all__ = ["DiagnosticError", "Program", "load", "__version__"]
