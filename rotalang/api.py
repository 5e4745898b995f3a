"""The embedding API: load a program, then check, solve or verify it from Python.

    import rotalang
    program = rotalang.load("examples/checkpoint/值守.rota")
    report = program.check()            # results.CheckReport
    result = program.solve(time_limit=30)  # results.SolveResult

Every problem with the input is raised as `rotalang.DiagnosticError`, which carries
the diagnostics (`.diagnostics`), never as another exception type. The layers behind
`check`, `solve` and `verify` are imported lazily, so `load` alone needs neither Z3 nor
the grounder.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import attrs

from rotalang.ir import Program as IrProgram
from rotalang.check import load_program
from rotalang.diagnostics import Diagnostic


@attrs.define
class Program:
    """A checked program. `ir` is the typed program, `warnings` the checker's warnings,
    `source_file` the main file's name (None when loaded from text)."""

    ir: IrProgram  # a field named like the module it comes from, hence the alias
    warnings: list[Diagnostic] = attrs.field(factory=list)
    source_file: str | None = None
    _ground: object = attrs.field(default=None, repr=False)

    def ground(self, deadline: float | None = None):
        """The ground model (rotalang.ground.model.GroundModel), computed once.
        `deadline` (a `time.monotonic()` value): raise `ground.errors.OutOfTime` when
        grounding is not done by then."""
        if self._ground is None:
            from rotalang.ground import ground

            self._ground = ground(self.ir, deadline=deadline)
        return self._ground

    def check(self, time_limit: float | None = None, *, started: float | None = None):
        """Static warnings, the grounder's warnings (W05xx), then the solver-based checks:
        satisfiability of the hard rules (with the conflicting rules if not), assertions
        proved or refuted. Grounding counts against the time limit, and so does what
        the caller did since `started` (a `time.monotonic()` value: the CLI counts
        loading); when the limit runs out while grounding, the report says so
        (W0601, status `undecided`)."""
        from rotalang.drivers.checking import check, grounding_ran_out
        from rotalang.ground.errors import OutOfTime
        from rotalang.results import CheckReport

        start = time.monotonic() if started is None else started
        try:
            model = self.ground(_deadline(start, time_limit))
        except OutOfTime as late:
            return CheckReport(tuple(self.warnings) + (grounding_ran_out(late, time_limit),))
        report = check(model, self.ir, time_limit=time_limit, start=start)
        return CheckReport(tuple(self.warnings) + tuple(model.diagnostics)
                           + tuple(report.diagnostics), report.counterexamples)

    def indicators(self):
        """Every check a rule makes on the data alone — each instance of a facts-only
        rule or data-only assertion, with its actual value, target, difference and
        whether it is met (`results.Indicator`), in rule order."""
        from rotalang.drivers.indicators import indicators

        return indicators(self.ir, self.ground())

    def solve(self, time_limit: float | None = None, seed: int = 0,
              on_improvement: Callable | None = None, workers: int | None = None,
              engine: str | None = None, work_limit: float | None = None, *,
              started: float | None = None):
        """A roster meeting every hard rule at the least soft cost found. Grounding
        counts against the time limit. `engine`: "cpsat" or "z3" (None: the default,
        `rotalang.backends.DEFAULT_ENGINE`, which gives way to Z3 for a program whose
        numbers CP-SAT cannot hold, with warning W0604); `workers`: threads or processes the search
        may use (None: one per core available); `work_limit`: nominal seconds of the
        engines' deterministic work, which makes the run reproducible. The time limit
        counts from `started` (a `time.monotonic()` value; default: now); when it runs
        out while grounding, the result is `unknown` with W0601 saying so."""
        from rotalang.drivers.checking import grounding_ran_out
        from rotalang.drivers.solving import solve
        from rotalang.ground.errors import OutOfTime
        from rotalang.results import SolveResult, Status

        start = time.monotonic() if started is None else started
        try:
            model = self.ground(_deadline(start, time_limit))
        except OutOfTime as late:
            return SolveResult(Status.UNKNOWN, None, None, None, (), time.monotonic() - start,
                               (grounding_ran_out(late, time_limit),))
        return solve(model, self.ir, engine=engine,
                     time_limit=time_limit, work_limit=work_limit, seed=seed,
                     on_improvement=on_improvement, start=start, workers=workers)

    def verify(self, roster):
        """Evaluate every rule on a roster (a results.Roster, or a CSV/JSON file)."""
        from rotalang.verify import verify
        from rotalang.results import Roster

        if not isinstance(roster, Roster):
            from rotalang.verify.roster_io import read_roster

            roster = read_roster(str(roster), self.ground())
        return verify(self.ground(), self.ir, roster)


def _deadline(start: float, time_limit: float | None) -> float | None:
    return None if time_limit is None else start + time_limit


def load(path_or_text: str | Path, *, allow_outside: bool = False,
         data_dir: str | Path | None = None) -> Program:
    """Parse and check a `.rota` file (a path) or program text.
    `data_dir`: read the main file's data files from this folder instead of the
    program's own (the same rules over another unit's data).
    Raises `DiagnosticError` carrying every error found."""
    program, warnings = load_program(path_or_text, allow_outside=allow_outside,
                                     data_dir=data_dir)
    source_file = program.files[0] if program.files and program.files[0] != "<input>" else None
    return Program(program, list(warnings), source_file)


def diff(old: Program | str | Path, new: Program | str | Path, *,
         time_limit: float | None = None, seed: int = 0, started: float | None = None,
         allow_outside: bool = False):
    """Compare two versions of the rules on the same data (`analyses.DiffResult`):
    whether they allow exactly the same rosters, each at the same soft cost; a witness
    roster for each direction in which they differ (re-checked by the evaluator); the
    largest cost change found on a roster both allow; and how the rules were matched
    (by name, then by meaning: unchanged, reworded, changed, renamed, removed, added).
    `old`/`new`: loaded programs, or paths (text is not accepted: each needs a name).
    `time_limit` (seconds, from `started`, default now) bounds the solver's work; a
    question it leaves undecided makes the verdict `unknown`, never `equivalent`.
    Raises `DiagnosticError` for a program that does not load, and E0801 when the two
    programs do not roster the same slots (people, days, shifts, posts)."""
    from rotalang.analyses import diff as run_diff
    from rotalang.backends.budget import Budget
    from rotalang.drivers.checking import grounding_ran_out
    from rotalang.ground.errors import OutOfTime

    start = time.monotonic() if started is None else started
    programs = [p if isinstance(p, Program) else load(Path(p), allow_outside=allow_outside)
                for p in (old, new)]
    names = [p.source_file or label for p, label in zip(programs, ("OLD", "NEW"))]
    try:
        models = [p.ground(_deadline(start, time_limit)) for p in programs]
    except OutOfTime as late:  # nothing decided: unknown, with the reason
        from rotalang.analyses.result import Answer, DiffResult, Direction, Verdict

        return DiffResult(Verdict.UNKNOWN, names[0], names[1], (),
                          (Direction("new", Answer.UNDECIDED), Direction("old", Answer.UNDECIDED)),
                          (), (grounding_ran_out(late, time_limit),))
    budget = Budget(time_limit, start=start)
    result = run_diff((programs[0].ir, models[0]), (programs[1].ir, models[1]),
                      old_file=names[0], new_file=names[1], budget=budget, seed=seed)
    warnings = tuple(d for p, m in zip(programs, models)
                     for d in (*p.warnings, *m.diagnostics))
    import attrs

    return attrs.evolve(result, diagnostics=warnings + result.diagnostics)
