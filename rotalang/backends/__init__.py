"""The engines and the prover, behind the protocol of `protocol.py`:

- `cpsat`: OR-Tools CP-SAT — the default for solving rosters (its own parallel
  portfolio on the whole model, or the sub-solver of the search's steps);
- `z3`: Z3 — a solving engine with `--engine z3`;
- the prover (`check`: satisfiability, minimal conflicting rule sets, assertions,
  lints): CP-SAT first, Z3 for what CP-SAT cannot ask or leaves undecided.

Callers name an engine by its string (`engine_named`), so that nothing above this
package imports a solver; each engine's package is imported only when it is used.
"""

from __future__ import annotations

from rotalang.backends.protocol import Engine, Prover

ENGINES = ("cpsat", "z3")
DEFAULT_ENGINE = "cpsat"


class UnknownEngine(ValueError):
    pass


def engine_named(name: str) -> Engine:
    if name == "cpsat":
        from rotalang.backends.cpsat.engine import CpSatEngine

        return CpSatEngine()
    if name == "z3":
        from rotalang.backends.z3.engine import Z3Engine

        return Z3Engine()
    raise UnknownEngine(f"unknown engine {name!r}: one of {', '.join(ENGINES)}")


def prover(model, *, seed: int = 0) -> Prover:
    """The prover of one ground model: CP-SAT first, then Z3 (`provers.py`)."""
    from rotalang.backends.provers import CpSatThenZ3

    return CpSatThenZ3(model, seed=seed)
