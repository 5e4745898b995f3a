"""Suite-wide: every roster `solve` returns in any test is re-checked by the
independent evaluator (no Z3), which must find no broken hard rule and the same cost,
rule by rule.

The solver's module attribute is wrapped before any test module is imported, so both
`program.solve(...)` (which looks the function up at call time) and test modules that
`from rotalang.backends.z3.solve import solve` get the cross-checked version. The count
of cross-checked rosters is printed at the end of the run.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `from tests.crosscheck import …`
    sys.path.insert(0, str(ROOT))

import rotalang.backends.z3.solve as solve_module  # noqa: E402
from tests.crosscheck import crosscheck_model  # noqa: E402

_solve = solve_module.solve
CROSSCHECKED = {"rosters": 0}


def _crosschecked_solve(model, *args, **kwargs):
    result = _solve(model, *args, **kwargs)
    crosscheck_model(model, result)
    if result.roster is not None:
        CROSSCHECKED["rosters"] += 1
    return result


_crosschecked_solve.__doc__ = _solve.__doc__
solve_module.solve = _crosschecked_solve


def pytest_terminal_summary(terminalreporter):
    if CROSSCHECKED["rosters"]:
        terminalreporter.write_line(
            f"rosters from solve re-checked by the evaluator: {CROSSCHECKED['rosters']}")
