"""What each soft instance costs the current roster, and which cells it depends on:
what the cost-guided neighbourhood draws from (`neighbourhoods.py`)."""

from __future__ import annotations

from typing import Iterable

from rotalang.ground import model as gm
from rotalang.ground.index import ModelIndex
from rotalang.ground.semantics import compile_model


class InstanceCosts:
    """Per-instance costs of one roster of a ground model, computed with the ground
    model's semantics and kept until the roster changes."""

    def __init__(self, model: gm.GroundModel, index: ModelIndex):
        self.model = model
        self.compiled = compile_model(model)
        slot_cell = {var: (sl.person, sl.day) for var, sl in enumerate(model.slots)}
        # the cells each soft instance depends on, through the auxiliaries it names
        self.cells_of: list[frozenset] = [
            frozenset(slot_cell[v] for v in index.slots_under(index.constraint_vars(i)))
            if c.measure is not gm.Measure.HARD else frozenset()
            for i, c in enumerate(model.constraints)]
        self.instance_cost: list = []
        self._of: tuple[int, ...] | None = None

    def load(self, true_vars: Iterable[int]) -> None:
        true_vars = tuple(true_vars)
        if true_vars == self._of:
            return
        val = self.compiled.values(true_vars)
        cost = self.compiled.cost
        self.instance_cost = [cost(i, val) if c.measure is not gm.Measure.HARD else 0
                              for i, c in enumerate(self.compiled.constraints)]
        self._of = true_vars
