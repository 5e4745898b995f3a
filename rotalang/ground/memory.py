"""Memory: what grounding may use, and how it keeps its own costs down.

- the guard: before grounding, the grounder estimates the memory the ground model
  will take (`estimate_bytes`, from the slots and from each rule's instances and
  terms) and refuses (E0501) a program that would not fit in what the memory budget
  leaves (`rotalang.memory.memory_room`);
- `paused_gc()`: grounding (and an engine's encoding) makes millions of objects and no
  reference cycles, so Python's cyclic collector, which runs again and again as they
  pile up and walks every one of them each time, is paused for the length of it (on
  Instance22 of the Curtois benchmark that was 40% of grounding's time).
"""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def paused_gc():
    """Pause the cyclic garbage collector inside the block (if it was running)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# ------------------------------------------------------------------ the guard

# What a ground model costs, measured on the Curtois benchmark (bench_ground.py: the
# peak resident memory of grounding, over its slots, constraints and terms), rounded
# up: each slot's shared term and its share of the tables; a constraint with its
# comparison, sides and binding; a term (a pointer in a tuple, and the dictionaries
# it passes through while it is made).
SLOT_BYTES = 120
CONSTRAINT_BYTES = 450
TERM_BYTES = 32
# While a rule is grounded, its terms also sit in the partial evaluator's sums and
# caches (dictionaries), until the rule is done: the largest rule's, at a time.
RULE_TERM_BYTES = 64


def estimate_bytes(slots: int, constraints: int, terms: int, largest_rule_terms: int = 0) -> int:
    """The peak memory of grounding a model of this size (see the constants above)."""
    return (slots * SLOT_BYTES + constraints * CONSTRAINT_BYTES + terms * TERM_BYTES
            + largest_rule_terms * RULE_TERM_BYTES)
