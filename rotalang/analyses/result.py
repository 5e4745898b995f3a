"""What `diff` finds, as plain data: the verdict, how the rules were matched, a witness
roster for each direction in which the allowed rosters differ, and the largest cost
changes found on rosters both programs allow. Rendering is `report/diff_text.py`."""

from __future__ import annotations

import enum
from fractions import Fraction

import attrs

from rotalang.diagnostics import Diagnostic
from rotalang.results import Roster, VerifyReport


class Verdict(enum.StrEnum):
    EQUIVALENT = "equivalent"  # proved: the same rosters allowed, each at the same cost
    DIFFERENT = "different"  # a witness (checked by the evaluator) shows a difference
    UNKNOWN = "unknown"  # no difference found, but not every question was decided


class Answer(enum.StrEnum):
    """One question's answer: a roster was found, none exists, or undecided."""

    FOUND = "found"
    NONE = "none"
    UNDECIDED = "undecided"


BUILT_IN = "built-in"  # the kind, and the place, of a built-in rule in a RuleChange


class Change(enum.StrEnum):
    """What became of a rule between OLD and NEW (rules are matched by name first)."""

    UNCHANGED = "unchanged"  # the same name and the same text
    REWORDED = "reworded"  # the same name, other words, proved the same meaning
    CHANGED = "changed"  # the same name, a different meaning on this data
    RENAMED = "renamed"  # another name, proved the same meaning
    REMOVED = "removed"
    ADDED = "added"
    UNDECIDED = "undecided"  # the same name, other words, meaning not decided in time


@attrs.frozen
class RuleChange:
    """One rule's fate. `old`/`new` are (name, file, line) or None."""

    change: Change
    kind: str  # hard, soft or assert (NEW's for a rule in both)
    old: tuple[str, str, int | None] | None
    new: tuple[str, str, int | None] | None

    @property
    def name(self) -> str:
        return (self.new or self.old)[0]


@attrs.frozen
class Witness:
    """A roster one program allows and the other forbids. `allowed_by`: "old" or
    "new". Both reports come from the evaluator (`rotalang.verify`), not from Z3:
    the allowing program's has no broken hard instance, the forbidding one's lists the
    instances that decide it."""

    allowed_by: str
    roster: Roster
    old_report: VerifyReport
    new_report: VerifyReport
    forbidden_by_data: bool = False  # the forbidding program's data breaks a rule


@attrs.frozen
class Direction:
    """One direction of the question: is there a roster `allowed_by` allows and the
    other forbids? `witness` when found."""

    allowed_by: str
    answer: Answer
    witness: Witness | None = None
    allows_none: bool = False  # NONE because `allowed_by` allows no roster at all


@attrs.frozen
class CostChange:
    """The largest change of the total soft cost (NEW − OLD, in the author's units)
    found in one direction (`sign` +1: NEW costs more, −1: less) on a roster both
    programs allow. `largest` tells whether it is proved the largest."""

    sign: int
    answer: Answer
    change: Fraction = Fraction(0)
    largest: bool = False
    roster: Roster | None = None
    old_report: VerifyReport | None = None
    new_report: VerifyReport | None = None


@attrs.frozen
class DiffResult:
    verdict: Verdict
    old_file: str
    new_file: str
    rules: tuple[RuleChange, ...]
    directions: tuple[Direction, ...]  # NEW allows and OLD forbids, then the other way
    costs: tuple[CostChange, ...]  # empty when neither program has a soft rule
    diagnostics: tuple[Diagnostic, ...] = ()  # warnings of both programs, W0601
