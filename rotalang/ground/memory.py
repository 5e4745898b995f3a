"""Memory: what grounding may use, and how it keeps its own costs down.

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
