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
        self.index = index
        self._cells_of: dict[int, frozenset] = {}
        self.instance_cost: list = []
        self._of: tuple[int, ...] | None = None

    def cells_of(self, i: int) -> frozenset:
        """The cells (person, day) soft instance `i` depends on, through the
        auxiliaries it names; none for a hard one. Worked out when first asked for:
        only instances that cost something are, and on a roster of 1.7 million slots
        all of them at once took 200 MB."""
        cells = self._cells_of.get(i)
        if cells is None:
            if self.model.constraints[i].measure is gm.Measure.HARD:
                cells = frozenset()
            else:
                slots = self.model.slots
                cells = frozenset((slots[v].person, slots[v].day) for v in
                                  self.index.slots_under(self.index.constraint_vars(i)))
            self._cells_of[i] = cells
        return cells

    def load(self, true_vars: Iterable[int]) -> None:
        true_vars = tuple(true_vars)
        if true_vars == self._of:
            return
        val = self.compiled.values(true_vars)
        cost = self.compiled.cost
        self.instance_cost = [cost(i, val) if c.measure is not gm.Measure.HARD else 0
                              for i, c in enumerate(self.compiled.constraints)]
        self._of = true_vars
