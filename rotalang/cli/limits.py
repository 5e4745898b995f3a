"""Resource limits: a cap on the address space, so that a problem too big for the
machine stops with a diagnostic instead of swapping the machine to death, and tells the
grounder's memory guard how much it may use (it refuses before grounding a program that
would not fit: E0501).

The cap is the default memory budget (a share of the machine's memory,
`rotalang.memory.default_budget`) unless `--memory-limit MB` gives another, or
`--memory-limit off` none.

Running out is only useful if the report still gets printed. When the limit is hit
deep inside grounding, every frame of the traceback still holds its data, and the
report (and even restoring the SIGINT handler) needs memory it cannot get: the
process hangs or dies with `lost sys.stderr`. So a reserve is kept from the start and
given back first thing on a MemoryError, and the failing frames are dropped before
anything is printed."""

from __future__ import annotations

import gc
import traceback

import attrs

from rotalang.memory import MIB, OFF, default_budget, set_memory_limit

# Address space kept back for the report. It is calloc'd, so it costs no real memory
# until touched (never): only room under the limit.
RESERVE_BYTES = 16 * 1024 * 1024

# The commands that run a solver: they load its library before the cap (see
# load_engines); the others never need it and do not pay for loading it.
SOLVING_COMMANDS = ("check", "solve")


class _Reserve:
    block: bytearray | None = None


@attrs.frozen
class MemoryCap:
    """The cap in force: its size, and whether it is the default budget (for E0902)."""

    megabytes: int
    default: bool


def apply_memory_limit(requested: int | str | None, command: str | None = None) -> MemoryCap | None:
    """Cap the address space at `requested` MB (None: the default budget; "off":
    no cap), and let the grounder's memory guard use that figure. Returns the cap
    applied, None when there is none."""
    if requested == OFF:
        set_memory_limit(OFF)
        return None
    if requested is None:
        budget = default_budget()
        if budget is None:  # the machine's memory cannot be read: nothing to cap at
            set_memory_limit(None)
            return None
        limit, cap = budget, MemoryCap(budget // MIB, default=True)
    else:
        limit, cap = requested * MIB, MemoryCap(requested, default=False)
    if command in SOLVING_COMMANDS or not cap.default:
        load_engines()
    try:
        import resource
    except ImportError:  # not on this platform (Windows): the limit cannot be applied
        set_memory_limit(limit if not cap.default else None)
        return cap
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY and hard < limit:
        limit = hard
    set_memory_limit(None if cap.default else limit, capped=True)
    _few_malloc_arenas()
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    keep_memory_reserve()
    return cap


def _few_malloc_arenas() -> None:
    """Under a cap on the address space, let glibc's malloc keep two arenas, not one
    per thread: each arena reserves 64 MB of address space it may never use, and the
    solver's threads then hit the cap with memory to spare (CP-SAT failed to start a
    thread, "Resource temporarily unavailable", solving a tiny program under 400 MB in
    about one run in six)."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: nothing to tune
        return
    M_ARENA_MAX = -8  # glibc's malloc.h
    libc.mallopt(M_ARENA_MAX, 2)


def load_engines() -> None:
    """Load the solvers' native libraries now, before the address space is capped.
    Loaded late, when grounding has used the room up, `dlopen` fails and Z3 reports
    "libz3.so not found": an internal error where the user should read E0902."""
    try:
        import z3

        z3.get_version()  # z3 opens libz3 on first use, not on import
        from ortools.sat.python import cp_model  # noqa: F401 - its import loads the library
    except ImportError:  # a missing engine is reported where it is needed
        pass


def keep_memory_reserve() -> None:
    """Set address space aside for reporting an out-of-memory (see the module's doc)."""
    if _Reserve.block is None:
        try:
            _Reserve.block = bytearray(RESERVE_BYTES)
        except MemoryError:  # a limit too small even for this: report without it
            _Reserve.block = None


def release_memory_reserve() -> None:
    _Reserve.block = None


def is_out_of_memory(exc: BaseException) -> bool:
    """A MemoryError, Z3's own out-of-memory exception (recognised by its text), an
    allocation CPython could not even raise one for (`compile` "returned NULL without
    setting an exception", seen at a 100-MB limit), or any of them wrapped by a library
    (lark's VisitError keeps it in `orig_exc`)."""
    return any(isinstance(e, MemoryError)
               or (type(e).__name__ == "Z3Exception" and "memory" in str(e).lower())
               or (isinstance(e, SystemError)
                   and "returned NULL without setting an exception" in str(e))
               for e in _chain(exc))


def drop_failed_work(exc: BaseException) -> None:
    """Give back the memory the failed computation holds: the reserve first (so that
    the rest has room to run), then the locals of every frame the exception (and the
    ones it chains to) still references, then any cycles among them."""
    release_memory_reserve()
    for current in _chain(exc):
        traceback.clear_frames(current.__traceback__)
        current.__traceback__ = None
    gc.collect()


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and every one it chains to (cause, context, a wrapper's original)."""
    found: dict[int, BaseException] = {}
    waiting = [exc]
    while waiting:
        current = waiting.pop()
        if id(current) in found:
            continue
        found[id(current)] = current
        for linked in (current.__cause__, current.__context__, getattr(current, "orig_exc", None)):
            if isinstance(linked, BaseException):
                waiting.append(linked)
    return list(found.values())
