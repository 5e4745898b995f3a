"""Memory: what grounding may use, and how it keeps its own costs down.

- the guard: before grounding, the grounder estimates the memory the ground model
  will take (`estimate_bytes`, from the slots and from each rule's instances and
  terms) and refuses (E0501) a program that would not fit in `memory_room()`: the
  machine's available memory, or what `--memory-limit` leaves (`set_memory_limit`);
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

MIB = 1024 * 1024


class _Limit:
    """The memory grounding may use, in bytes: set by `--memory-limit`; None for the
    machine's available memory."""

    bytes: int | None = None


def set_memory_limit(limit_bytes: int | None) -> None:
    """Let grounding use up to `limit_bytes` (None: the machine's available memory)."""
    _Limit.bytes = limit_bytes


def memory_room() -> tuple[int | None, str]:
    """(bytes grounding may still use, where that figure comes from). None when no
    figure can be read (then nothing is refused)."""
    if _Limit.bytes is not None:
        used = _status_bytes("VmSize") or 0  # --memory-limit caps the address space
        return max(_Limit.bytes - used, 0), f"--memory-limit {_Limit.bytes // MIB:,} MB"
    available = available_memory()
    if available is None:
        return None, ""
    return available, "the memory available on this machine"


def available_memory() -> int | None:
    """The machine's available memory in bytes: MemAvailable from /proc/meminfo (what
    can be used without swapping), else the free physical pages; None when neither
    can be read."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import os

        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def _status_bytes(field: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def estimate_bytes(slots: int, constraints: int, terms: int, largest_rule_terms: int = 0) -> int:
    """The peak memory of grounding a model of this size (see the constants above)."""
    return (slots * SLOT_BYTES + constraints * CONSTRAINT_BYTES + terms * TERM_BYTES
            + largest_rule_terms * RULE_TERM_BYTES)


def size_words(n: int) -> str:
    """"1.4 GB", "620 MB": a number of bytes for a message."""
    if n >= 1024 * MIB:
        return f"{n / (1024 * MIB):,.1f} GB"
    return f"{max(n, 1) / MIB:,.0f} MB"
