"""The plain-Python evaluator: a concrete roster checked against the ground model,
without Z3, for `rotalang verify` and for cross-checking every roster the solver
returns.

- `verify(model, program, roster)` → `results.VerifyReport`;
- `evaluate_costs(model, true_vars)` → (broken hard instances, total cost, breakdown);
- `read_roster(path, model)`: a roster from CSV or from the JSON `solve` writes.

Each broken instance carries its words (`results.Violation`); the report around them
is `rotalang.report.verify_text` and `verify_json`.
"""

from rotalang.backends.evaluate.evaluator import (
    Evaluation, deviation, evaluate, evaluate_costs,
)
from rotalang.backends.evaluate.roster_io import read_roster
from rotalang.backends.evaluate.verify import roster_true_vars, verify

__all__ = [
    "Evaluation", "deviation", "evaluate", "evaluate_costs", "read_roster",
    "roster_true_vars", "verify",
]
