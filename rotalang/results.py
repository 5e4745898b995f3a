"""What the tools hand back: rosters, solve results, verify and check reports.

Plain attrs classes shared by the backends (which fill them), the reports (which print
them) and the API (which returns them). No layer below `report/` formats text here.
"""

from __future__ import annotations

import datetime
import enum
from fractions import Fraction

import attrs

from rotalang.diagnostics import Diagnostic


@attrs.frozen(order=True)
class Assignment:
    """One line of a roster: `staff` works `shift` on `date` at `post`.
    `date`/`shift` are None in a static plan; `post` is None when no posts exist."""

    staff: str
    date: datetime.date | None = None
    shift: str | None = None
    post: str | None = None


@attrs.frozen
class Roster:
    """A roster, in stable order (by date, shift, post, staff)."""

    assignments: tuple[Assignment, ...]

    @classmethod
    def of(cls, assignments) -> Roster:
        def key(a: Assignment):
            return (a.date or datetime.date.min, a.shift or "", a.post or "", a.staff)

        return cls(tuple(sorted(set(assignments), key=key)))


@attrs.frozen
class CostLine:
    """The cost one soft rule contributes: `count` broken instances, `cost` in total."""

    rule: str
    line: int | None
    cost: Fraction
    count: int


class Status(enum.StrEnum):
    """How a solve ended (strings, so that reports and JSON print them as they are)."""

    OPTIMAL = "optimal"  # the best roster is proved best: bound = cost
    FEASIBLE = "feasible"  # a roster meeting every hard rule, not proved best
    INFEASIBLE = "infeasible"  # proved: no roster meets the constraints asked for
    UNKNOWN = "unknown"  # nothing found and nothing proved within the limits


@attrs.frozen
class SolveResult:
    """status: OPTIMAL (proved), FEASIBLE (best found, not proved), INFEASIBLE (no
    roster meets the hard rules), UNKNOWN (nothing found within the limits)."""

    status: Status = attrs.field(converter=Status)
    cost: Fraction | None
    lower_bound: Fraction | None
    roster: Roster | None
    breakdown: tuple[CostLine, ...] = ()
    elapsed: float = 0.0
    diagnostics: tuple[Diagnostic, ...] = ()
    cost_items: tuple[CostItem, ...] = ()  # every costing instance, dearest first


@attrs.frozen
class Improvement:
    """Reported to `on_improvement` each time solve finds a better roster."""

    cost: Fraction
    lower_bound: Fraction | None
    elapsed: float
    roster: Roster


@attrs.frozen
class Violation:
    """A rule instance the roster does not meet, in words a rule author reads: expected
    "at least 2", actual "1 person" for rule 每班至少两人 at line 14. For a hard rule
    it is a broken instance; for a soft rule, the `instance` of a `CostItem`."""

    rule: str
    line: int | None
    binding: tuple[tuple[str, str], ...]
    expected: str
    actual: str
    what: str = ""  # what a compared number measures: "people on 夜班 at 东关"
    found: str = ""  # what the roster has, in words: "1 person", "shifts worked by 张丽: 6"
    place: str = ""  # the binding as a sentence reads it (who, when, where): "2025-02-11 夜班 东关"
    statement: str = ""  # the rule's statement as written: "no 夜班 followed by 夜班"


@attrs.frozen
class CostItem:
    """One instance of a soft rule that costs something on a roster: the instance in
    words (where, what the roster has, what the rule asks for), what it costs, and the
    roster's assignments that the instance reads (for a balance rule, those of the
    highest and the lowest term). The items of a roster add up to its cost."""

    instance: Violation
    cost: Fraction
    cells: tuple[Assignment, ...] = ()


@attrs.frozen
class Indicator:
    """One check of a rule on the data alone (an indicator: actual against target),
    as `check --show` lists it: `县区 东关: 计划生育率 is 95.48%, at least 94%
    (+1.48%), met`. `target`, `op` and `difference` are empty for a rule that is not
    one comparison; values are shown the way authors write them (`5.32‰`, `160.5`)."""

    rule: str
    line: int | None
    binding: tuple[tuple[str, str], ...]
    measure: str  # what is compared: `计划生育率`, `sum(c.出生人数 for 县区 c)`
    actual: str
    op: str = ""
    target: str = ""
    difference: str = ""
    met: bool = True
    assertion: bool = False


@attrs.frozen
class VerifyReport:
    hard_violations: tuple[Violation, ...]
    cost: Fraction
    breakdown: tuple[CostLine, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    cost_items: tuple[CostItem, ...] = ()  # every costing instance, dearest first

    @property
    def ok(self) -> bool:
        return not self.hard_violations


@attrs.frozen
class CheckReport:
    """Static and solver-based findings of `check`: every diagnostic, sorted.
    `counterexamples`: for each refuted assertion (by name), a roster that meets every
    hard rule and breaks it."""

    diagnostics: tuple[Diagnostic, ...]
    counterexamples: tuple[tuple[str, Roster], ...] = ()

    @property
    def ok(self) -> bool:
        """No error (an undecided question is not one: see `status`)."""
        return not any(d.severity.name.lower() == "error" for d in self.diagnostics)

    @property
    def status(self) -> str:
        """"problems" (an error), "undecided" (no error, but a question the solver
        could not decide within the limits: W0601) or "ok"; what `rotalang check`
        ends with."""
        if not self.ok:
            return "problems"
        if any(d.code == "W0601" for d in self.diagnostics):
            return "undecided"
        return "ok"
