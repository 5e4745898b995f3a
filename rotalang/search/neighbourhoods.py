"""Which part of a roster one search step frees.

A neighbourhood is a set of *cells*: a person on a day, every slot of it (a person
alone in a static plan). The kinds:

- `days`: a window of consecutive days, for everyone;
- `windows`: two or three separate windows, for everyone, so that work can move
  between far-apart days at once (a weekend given up for another, a shift dropped here
  to cover a short day there), which one window cannot express when the rules tie each
  person's days together;
- `people`: a group of people over every day;
- `people_days`: about half the people over about half the days, sized to the target;
- `cells`: scattered cells;
- `costly`: the cells of the soft instances that cost the incumbent something (drawn in
  proportion to their cost), each widened to its people's neighbouring days, so that
  sequences around it can change too.

Each kind keeps an adaptive size (a fraction of the model's cells) and a fading record
of what it gained and what it spent (seconds, or work in a deterministic run), so that
the choice follows what pays now: windows early, people later. Kinds are chosen mostly
in proportion to their recent gain rate, and a fifth of the time uniformly, so that no
kind is starved for good.
"""

from __future__ import annotations

import random

import attrs

from rotalang.search.incremental import InstanceCosts

FADE = 0.9
EXPLORE = 0.2  # share of the choices made uniformly
MIN_FRACTION = 0.02
MAX_FRACTION = 0.6
# Slots a step frees at most, whatever the fraction: a step's restricted model must stay
# small on any roster (on Curtois instance 24, 1.7 million slots, the first `days` step
# would free 350 000 slots: seconds of restricting, a gigabyte of CP-SAT, no result in
# the step's half second). Smaller rosters never reach it: 0.6 of a 30 × 28 × 4 roster
# is 2 000 slots.
MAX_STEP_SLOTS = 20_000

Cell = tuple[int, "int | None"]  # (person, day) — day None in a static plan


@attrs.define
class Kind:
    """One neighbourhood kind with its adaptive size and its recent record: what it
    gained and what it spent, both fading by `FADE` at each of its tries."""

    name: str
    size: float  # fraction of the model's cells to free
    tries: int = 0
    wins: int = 0
    gain: float = 0.0
    spent: float = 0.0

    def record(self, gain: int, spent: float) -> None:
        self.tries += 1
        self.wins += gain > 0
        self.gain = self.gain * FADE + gain
        self.spent = self.spent * FADE + spent

    def rate(self) -> float | None:
        """Cost gained per second (or unit of work) lately, None before the first try."""
        return self.gain / max(self.spent, 1e-3) if self.tries else None

    def adapt(self, exhausted: bool, quick: bool, improved: bool) -> None:
        """Grow when the step searched its neighbourhood to the end quickly (too easy),
        shrink when it ran out of time without improving (too hard; a step still
        improving when its time ran out was not too hard)."""
        if exhausted and quick:
            self.size = min(MAX_FRACTION, self.size * 1.15)
        elif not exhausted and not improved:
            self.size = max(MIN_FRACTION, self.size * 0.8)


class Neighbourhoods:
    """The cells of one ground model and the kinds of neighbourhood over them."""

    def __init__(self, model, rng: random.Random, costs: InstanceCosts):
        self.rng = rng
        self.costs = costs
        cells: dict[Cell, list[int]] = {}
        for var, slot in enumerate(model.slots):
            cells.setdefault((slot.person, slot.day), []).append(var)
        self.cells = cells
        slots_per_cell = max(1, len(model.slots) // max(1, len(cells)))
        self.max_cells = max(1, MAX_STEP_SLOTS // slots_per_cell)
        self.people = sorted({p for p, _ in cells})
        self.days = sorted({d for _, d in cells if d is not None})
        kinds = [Kind("people", 0.15), Kind("cells", 0.1), Kind("costly", 0.1)]
        if len(self.days) > 1:
            kinds[:0] = [Kind("days", 0.2), Kind("windows", 0.2), Kind("people_days", 0.3)]
        self.kinds = kinds

    def pick(self) -> Kind:
        """A kind untried yet, else (mostly) in proportion to its recent gain rate."""
        untried = [k for k in self.kinds if not k.tries]
        if untried:
            return untried[0]
        rates = [k.rate() for k in self.kinds]
        if self.rng.random() < EXPLORE or not any(rates):
            return self.rng.choice(self.kinds)
        return self.rng.choices(self.kinds, weights=rates)[0]

    def slots(self, free: set[Cell]) -> list[int]:
        return [v for cell in free for v in self.cells.get(cell, ())]

    def draw(self, kind: Kind, current: tuple[int, ...]) -> set[Cell]:
        rng = self.rng
        n_cells = len(self.cells)
        target = max(1, min(self.max_cells, round(kind.size * n_cells)))
        people, days = self.people, self.days
        if kind.name == "costly":
            return self.costly(target, current)
        if kind.name == "days":
            width = max(1, min(len(days), round(target / max(1, len(people)))))
            first = rng.randrange(len(days) - width + 1)
            window = set(days[first:first + width])
            return {c for c in self.cells if c[1] in window}
        if kind.name == "windows":
            width = max(2, min(len(days), round(target / max(1, len(people)))))
            window = self.separate_windows(width)
            return {c for c in self.cells if c[1] in window}
        if kind.name == "people":
            per_person = max(1, n_cells // max(1, len(people)))
            k = max(1, min(len(people), round(target / per_person)))
            group = set(rng.sample(people, k))
            return {c for c in self.cells if c[0] in group}
        if kind.name == "people_days":
            share = min(1.0, (target / n_cells) ** 0.5)
            k = max(1, min(len(people), round(share * len(people))))
            width = max(1, min(len(days), round(share * len(days))))
            group = set(rng.sample(people, k))
            first = rng.randrange(len(days) - width + 1)
            window = set(days[first:first + width])
            return {c for c in self.cells if c[0] in group and c[1] in window}
        keys = sorted(self.cells)
        return set(rng.sample(keys, min(target, len(keys))))

    def separate_windows(self, width: int) -> set:
        """Days in two or three runs of consecutive days, `width` days in all, with a
        day at least between runs."""
        rng, days = self.rng, self.days
        runs = rng.choice((2, 3))
        length = max(1, width // runs)
        taken: set[int] = set()
        for _ in range(runs):
            starts = [k for k in range(len(days) - length + 1)
                      if not taken & set(range(k - 1, k + length + 1))]
            if not starts:
                break
            first = rng.choice(starts)
            taken.update(range(first, first + length))
        return {days[k] for k in taken}

    def costly(self, target: int, current: tuple[int, ...]) -> set:
        """Where the cost is, not anywhere: see the module docstring."""
        costs = self.costs
        costs.load(current)
        costly = [(c, i) for i, c in enumerate(costs.instance_cost)
                  if c > 0 and costs.cells_of(i)]
        if not costly:
            return set()
        rng = self.rng
        free: set = set()
        weights = [c for c, _ in costly]
        day_pos = {d: k for k, d in enumerate(self.days)}
        for _ in range(4 * target):
            if len(free) >= target:
                break
            _, i = rng.choices(costly, weights=weights)[0]
            reach = rng.randrange(0, 4)
            for person, day in costs.cells_of(i):
                if day is None or not self.days:
                    free.add((person, day))
                    continue
                k = day_pos[day]
                for d in self.days[max(0, k - reach):k + reach + 1]:
                    if (person, d) in self.cells:
                        free.add((person, d))
        return free
