"""The engine protocol: what the solver-neutral search asks of a solver, and what a
solver answers. Nothing above this module names a solver.

Two roles, modelled on OR-Tools' split of `CpModel`, `CpSolver` and the solution
callback, and on Catala's prover interface (proven / counterexample / unknown):

- an `Engine` builds an `EngineModel` from a ground model and its objective (the
  ground model's integer cost, `ground.objective`); `EngineModel.solve` searches it
  within `Limits`, from a hint, with slots fixed, below a cost, reporting each better
  roster to a callback, and answers an `Outcome`: a status, the best roster found with
  its objective as the engine reads it, and a proved lower bound;
- a `Prover` answers yes/no questions about groups of instances — can they all hold,
  which of them cannot hold together — for `check`, assertions and the lints.

Objectives are integers in the objective's units (`Objective.factor` per unit of the
author's cost): engines never see a Fraction. A roster is the tuple of its true slot
variables, sorted.
"""

from __future__ import annotations

import enum
from typing import Callable, Hashable, Mapping, Protocol, Sequence

import attrs

from rotalang import progress
from rotalang.ground.model import GroundModel
from rotalang.ground.objective import Objective
from rotalang.results import Status

__all__ = ["Status"]  # re-exported: engines answer in the results' statuses


class Interrupted(KeyboardInterrupt):
    """An engine stopped because of Ctrl-C that it took itself (Z3 handles SIGINT during
    a check): a KeyboardInterrupt, so that callers treat it as the Ctrl-C it is."""


class Unsupported(Exception):
    """An engine cannot take this model: ground rule `rule` needs what the engine does
    not have, said in `what` ("numbers up to 10²⁵; CP-SAT's integers end at 2⁶⁰")."""

    def __init__(self, rule: int, what: str):
        super().__init__(rule, what)
        self.rule = rule
        self.what = what


@attrs.frozen
class Limits:
    """How long one solve may run. `seconds` is wall-clock time; `work` is the
    engine's deterministic work counter in nominal seconds (CP-SAT's deterministic
    time, Z3's resource units at `z3.budget.RLIMIT_PER_SECOND`), which gives the same
    answer on any machine. A solve stops at whichever comes first; None is no limit."""

    seconds: float | None = None
    work: float | None = None

    def capped(self, seconds: float | None) -> Limits:
        """These limits, with the wall clock cut to `seconds` (when that is shorter)."""
        if seconds is None:
            return self
        return Limits(seconds if self.seconds is None else min(self.seconds, seconds),
                      self.work)


@attrs.frozen
class Incumbent:
    """A roster an engine found: its true slots and its objective as the engine reads
    it — at least the roster's true cost (an engine's slack may sit above a miss on a
    roster that is not optimal), equal at an optimum. The search re-costs every roster
    with the ground model's semantics and refuses one that costs more than this."""

    true_slots: tuple[int, ...]
    objective: int


@attrs.frozen
class Outcome:
    """What one solve found. `best` is the best roster it found (None: none);
    `bound` a proved lower bound on the objective of every roster meeting what was
    asked (None: nothing proved). OPTIMAL means `best` attains `bound`; INFEASIBLE
    that nothing meets what was asked (with an `at_most`, that nothing is that cheap).
    `work` is the deterministic work spent, in nominal seconds."""

    status: Status
    best: Incumbent | None = None
    bound: int | None = None
    work: float = 0.0


OnIncumbent = Callable[[Incumbent], None]


class EngineModel(Protocol):
    """One ground model held by one engine, solved as often as the search asks."""

    def solve(self, limits: Limits, *, seed: int = 0, workers: int = 1,
              hint: Sequence[int] | None = None,
              fixed: Mapping[int, bool] | None = None,
              at_most: int | None = None,
              differ_from: Sequence[int] | None = None,
              optimise: bool = True,
              on_incumbent: OnIncumbent | None = None) -> Outcome:
        """Search within `limits`.

        `hint`: a roster (true slots) to start from; `fixed`: slots held at a value;
        `at_most`: only rosters whose objective is at most this; `differ_from`: only
        rosters other than this one. With `optimise`, the engine improves the
        objective as far as the limits allow and reports each better roster to
        `on_incumbent`; without, it stops at the first roster that meets everything
        asked (the hard rules, and `at_most` when given: a first roster needs no
        costs at all). `workers`: threads the engine may use."""
        ...

    def interrupt(self) -> None:
        """Stop a solve running in another thread as soon as possible (Ctrl-C, a
        watchdog at the time limit); it returns what it has."""
        ...


class Engine(Protocol):
    """A solver the search can drive. `name` is what `--engine` accepts; `portfolio`
    says that the engine's own (parallel) search of the whole model is its best use,
    rather than the search's phases and neighbourhoods with it as the sub-solver."""

    name: str
    portfolio: bool

    def model(self, ground: GroundModel, objective: Objective) -> EngineModel:
        ...


# ---------------------------------------------------------------- the prover


class GroupKind(enum.StrEnum):
    """What a tracked group of a question stands for."""

    RULE = "rule"  # every hard instance of a ground rule
    INSTANCE = "instance"  # one hard instance (a constraint index)
    BROKEN = "broken"  # some instance of a ground rule fails (negated rule)
    COSTS = "costs"  # some instance of a soft ground rule costs something


@attrs.frozen
class Group:
    kind: GroupKind
    index: int  # a ground rule's index, or a constraint's for INSTANCE


class Decision(enum.StrEnum):
    SAT = "sat"
    UNSAT = "unsat"
    UNKNOWN = "unknown"


@attrs.frozen
class Answer:
    """Whether some roster makes every group asked about hold. With SAT, `roster` is
    one such roster (true slots); with UNKNOWN, `why` is "work" (the deterministic
    allowance ran out: the same on every run), "time" (the wall-clock guard fired) or
    "incomplete" (the engine gave up)."""

    decision: Decision
    roster: tuple[int, ...] | None = None
    why: str = ""

    @property
    def sat(self) -> bool:
        return self.decision is Decision.SAT

    @property
    def unsat(self) -> bool:
        return self.decision is Decision.UNSAT


@attrs.frozen
class Shrunk:
    """A subset of the groups asked about that cannot all hold, in the order asked;
    `minimal` when every member was shown to be needed; `unconfirmed`: the members
    that were not (dropping one left a question undecided, or no time was left to
    ask), in the order asked."""

    members: tuple[Hashable, ...]
    minimal: bool
    unconfirmed: tuple[Hashable, ...] = ()

    @classmethod
    def of(cls, keys: Sequence[Hashable], members: Sequence[Hashable],
           unconfirmed: Sequence[Hashable]) -> Shrunk:
        """The members and the unconfirmed ones among them, in the order of `keys`
        (the groups asked about); minimal when none is unconfirmed."""
        order = {k: n for n, k in enumerate(keys)}
        kept = set(members)
        doubtful = sorted({k for k in unconfirmed if k in kept}, key=order.__getitem__)
        return cls(tuple(sorted(members, key=order.__getitem__)), not doubtful,
                   tuple(doubtful))


def delete_one_by_one(keys: Sequence[Hashable], core: Sequence[Hashable], budget,
                      step: Callable[[list], tuple[Decision, Sequence[Hashable] | None]]
                      ) -> Shrunk:
    """Deletion-based shrinking, shared by the provers: starting from `core` (a subset
    of `keys` known not to hold together), drop each member in turn; `step(trial)`
    answers whether the rest can hold, with a core of it when it cannot (None: no
    narrowing). A member whose step is undecided, or that the wall clock leaves
    unasked, stays as unconfirmed."""
    current = list(core)
    unconfirmed: list = []
    i = 0
    while i < len(current):
        progress.report(progress.Step("shrink", f"{len(current):,} candidates, "
                                      f"{i:,} shown to be needed", i, len(current)))
        if budget.timed_out:
            unconfirmed += current[i:]
            break
        trial = current[:i] + current[i + 1:]
        decision, narrowed = step(trial)
        if decision is Decision.UNSAT:
            # members before i were found necessary and stay in any core of trial
            kept = set(narrowed) if narrowed else None
            current = trial if kept is None else [k for k in trial if k in kept]
        else:
            if decision is not Decision.SAT:
                unconfirmed.append(current[i])
            i += 1
    return Shrunk.of(keys, current, unconfirmed)


class Prover(Protocol):
    """Yes/no questions over the hard rules of one ground model. Every question is
    bounded by a `backends.budget.Budget` (deterministic work, a wall-clock guard)."""

    def ask(self, groups: Sequence[Group], budget, *, share: float = 1.0,
            cap: int | None = None) -> Answer:
        """Can every group hold at once? `share` of the budget's allowance at most (and
        `cap` work units)."""
        ...

    def shrink(self, groups: Sequence[Group], budget, *, share: float = 1.0,
               cap: int | None = None) -> Shrunk | None:
        """A subset of `groups` that cannot all hold, as small as the budget allows;
        None when they can all hold or the first question could not be decided."""
        ...
