"""Grounding: the typed IR instantiated over its data and calendar (docs/design.md,
"Ground model"). `ground(program)` returns a `model.GroundModel`."""

from rotalang.ground.grounder import ground
from rotalang.ground.printer import format_constraint, format_model

__all__ = ["ground", "format_constraint", "format_model"]
