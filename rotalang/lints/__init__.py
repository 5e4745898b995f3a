"""Lints: rules that are legal but probably not what the author meant.

| code  | name               | what it finds |
|-------|--------------------|---------------|
| W0511 | never-applies      | a rule whose quantifiers bind nothing with this data |
| W0602 | implied-rule       | a hard rule the other hard rules already imply |
| W0603 | costless-soft-rule | a soft rule no roster meeting the hard rules can make cost |

Each lint is a class in a module of its own, registered in `registry.py`; a comment
`# allow implied-rule` (or `# allow W0602`) on the line a warning points at, or alone
above it, silences it there (`suppress.py`).

The prover's lints need the hard rules to be satisfiable (otherwise everything is
implied); they are skipped on large models, and each rule's question gets a fixed
amount of work (`context.PER_RULE_WORK`, the prover's deterministic work), so which
lints fire does not depend on how loaded the machine is; a lint that cannot decide
within its work says nothing, since lints are advice, never errors. The wall clock is
only the outer guard of the whole time limit.

Entry point: `run_lints(program_ir, ground_model, time_limit=...)`.
"""

from __future__ import annotations

from rotalang import ir
from rotalang.backends import prover as make_prover
from rotalang.backends.budget import Budget
from rotalang.diagnostics import Diagnostic
from rotalang.ground import model as gm
from rotalang.lints import costless, implied, never_applies  # noqa: F401 (registers them)
from rotalang.lints.context import LintContext
from rotalang.lints.registry import LINTS
from rotalang.lints.suppress import suppressed


def run_lints(program_ir: ir.Program, ground_model: gm.GroundModel, *,
              time_limit: float | None = 10.0, prover=None,
              budget: Budget | None = None) -> list[Diagnostic]:
    """Every lint's warnings that the author has not allowed, sorted. `time_limit`
    bounds the prover's lints together, as work (None: no overall bound, each rule
    still gets PER_RULE_WORK); or pass `budget`, whose work the lints then spend.
    Pass `prover` (a `backends.protocol.Prover` of the same model) to reuse one."""
    if budget is None:
        budget = Budget(time_limit)
    ctx = LintContext(program_ir, ground_model, budget, prover, prover_factory=make_prover)
    out: list[Diagnostic] = []
    for lint in LINTS:
        out += lint().run(ctx)
    return sorted((d for d in out if not suppressed(d)), key=Diagnostic.sort_key)
