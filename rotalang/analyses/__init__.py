"""Analyses across programs: `diff` compares two versions of the rules on the same
data (the rosters each allows, their costs, which rules changed)."""

from rotalang.analyses.diff import EvaluatorDisagrees, diff

__all__ = ["diff", "EvaluatorDisagrees"]
