"""rotalang: a language and toolchain for staffing rules.

`rotalang.load(path_or_text)` checks a program and returns a `Program` (see
docs/api.md); every problem with the input is raised as `DiagnosticError`.
"""

__version__ = "0.1.0"

from rotalang.api import Program, load  # noqa: E402
from rotalang.diagnostics import DiagnosticError  # noqa: E402

__all__ = ["DiagnosticError", "Program", "load", "__version__"]
