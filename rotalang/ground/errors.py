"""How grounding reports a problem found while evaluating one rule.

`GroundError` carries one diagnostic; the grounder catches it per rule, records the
diagnostic and goes on with the next rule, so that every failing rule is reported.
"""

from __future__ import annotations

from rotalang.diagnostics import Diagnostic, Span

TOO_LARGE = "E0501"
UNSUPPORTED = "E0502"
BAD_WEIGHT = "E0503"
BAD_VALUE = "E0504"
REST_WITHOUT_TIMES = "W0501"
ZERO_WEIGHT = "W0502"


class GroundError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def fail(code: str, message: str, span: Span | None, help: str | None = None,
         label: str | None = None) -> GroundError:
    return GroundError(Diagnostic.error(code, message, span, help=help, label=label))
