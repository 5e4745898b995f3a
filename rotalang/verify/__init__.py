"""`verify`: a concrete roster judged against every rule, without a solver — for
`rotalang verify` and for re-checking every roster the solver returns.

- `verify(model, program, roster)` → `results.VerifyReport`;
- `evaluate_costs(model, true_vars)` → (broken hard instances in words, total cost,
  cost per soft rule);
- `read_roster(path, model)`: a roster from CSV or from the JSON `solve` writes.

What each instance means is `rotalang.ground.semantics`; this package puts the findings
into words (`describe.py`, `findings.py`) and reads roster files (`roster_io.py`). The
report around them is `rotalang.report.verify_text` and `verify_json`.
"""

from rotalang.verify.findings import cost_lines, evaluate_costs, violations
from rotalang.verify.roster_io import read_roster
from rotalang.verify.verify import roster_true_vars, verify

__all__ = ["cost_lines", "evaluate_costs", "read_roster", "roster_true_vars", "verify",
           "violations"]
