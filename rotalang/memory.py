"""The memory budget: how much memory a command may use, and how much is left.

- the budget: by default a share of the machine's memory (`default_budget`), or what
  `--memory-limit` sets (`set_memory_limit`), or none (`--memory-limit off`); the
  command line caps the address space at it (rotalang.cli.limits);
- `memory_room()`: what the budget leaves now, or the machine's available memory when
  that is less, for the guards that refuse a structure before it is built (a data
  table: rotalang.check.data; the ground model: rotalang.ground.estimate).
"""

from __future__ import annotations

MIB = 1024 * 1024

# The default memory budget: this share of the machine's memory (its physical memory,
# or a container's limit where one is set lower), leaving the rest to the system and
# to whatever else runs beside rotalang. The command line enforces it as a cap on the
# address space (rotalang.cli.limits); `--memory-limit MB` replaces it, `--memory-limit
# off` drops it. Python callers get it as the room the memory guard allows.
DEFAULT_SHARE_NUMERATOR, DEFAULT_SHARE_DENOMINATOR = 3, 4
OFF = "off"  # set_memory_limit(OFF): no budget, only the machine's available memory


class _Limit:
    """The memory budget in bytes: set by `--memory-limit`; None for the default
    budget; OFF for none. `capped`: whether the address space is capped at it (the
    command line), so that what counts as used is the address space, not the pages
    in memory."""

    bytes: int | str | None = None
    capped: bool = False


def set_memory_limit(limit_bytes: int | str | None, *, capped: bool = False) -> None:
    """Let grounding use up to `limit_bytes` (None: the default budget; OFF: the
    machine's available memory). `capped`: the address space is capped at it."""
    _Limit.bytes = limit_bytes
    _Limit.capped = capped


def default_budget() -> int | None:
    """The default memory budget in bytes (see DEFAULT_SHARE_…), None when the
    machine's memory cannot be read."""
    total = machine_memory()
    if total is None:
        return None
    return total * DEFAULT_SHARE_NUMERATOR // DEFAULT_SHARE_DENOMINATOR


def budget_words() -> str:
    """How the default budget is described in messages and docs."""
    total = machine_memory()
    share = f"{DEFAULT_SHARE_NUMERATOR}/{DEFAULT_SHARE_DENOMINATOR}"
    return (f"the default memory budget ({share} of this machine's {size_words(total)})"
            if total else "the default memory budget")


def memory_room() -> tuple[int | None, str]:
    """(bytes grounding may still use, where that figure comes from). None when no
    figure can be read (then nothing is refused). Under the default budget, the
    machine's available memory decides when it is the smaller (other programs are
    using the rest)."""
    if isinstance(_Limit.bytes, int):
        used = _status_bytes("VmSize") or 0  # --memory-limit caps the address space
        return max(_Limit.bytes - used, 0), f"--memory-limit {_Limit.bytes // MIB:,} MB"
    candidates = []
    available = available_memory()
    if available is not None:
        candidates.append((available, "the memory available on this machine"))
    budget = default_budget() if _Limit.bytes is None else None
    if budget is not None:
        used = _status_bytes("VmSize" if _Limit.capped else "VmRSS") or 0
        candidates.append((max(budget - used, 0), budget_words()))
    if not candidates:
        return None, ""
    return min(candidates, key=lambda c: c[0])


def room_words(room: int, source: str) -> str:
    """"the 30 MB available on this machine", "the 900 MB that --memory-limit 900 MB
    leaves": the room `memory_room` gave, for a message."""
    if source == "the memory available on this machine":
        return f"the {size_words(room)} available on this machine"
    return f"the {size_words(room)} that {source} leaves"


def machine_memory() -> int | None:
    """The machine's memory in bytes: MemTotal from /proc/meminfo, or the memory
    limit of the cgroup this process runs in (a container) when that is lower; None
    when neither can be read."""
    total = _meminfo("MemTotal")
    if total is None:
        try:
            import os

            total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (AttributeError, ValueError, OSError):
            total = None
    limit = _cgroup_limit()
    if limit is not None and (total is None or limit < total):
        return limit
    return total


def _cgroup_limit() -> int | None:
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(path) as f:
                text = f.read().strip()
        except OSError:
            continue
        if text.isdigit() and int(text) < 1 << 60:  # "max", or v1's "no limit" figure
            return int(text)
    return None


def _kilobytes_field(path: str, field: str) -> int | None:
    """`field` of a /proc file that lists sizes as `Field:  123 kB`, in bytes."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _meminfo(field: str) -> int | None:
    return _kilobytes_field("/proc/meminfo", field)


def available_memory() -> int | None:
    """The machine's available memory in bytes: MemAvailable from /proc/meminfo (what
    can be used without swapping), else the free physical pages; None when neither
    can be read."""
    available = _meminfo("MemAvailable")
    if available is not None:
        return available
    try:
        import os

        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def _status_bytes(field: str) -> int | None:
    return _kilobytes_field("/proc/self/status", field)


def size_words(n: int) -> str:
    """"1.4 GB", "620 MB": a number of bytes for a message."""
    if n >= 1024 * MIB:
        return f"{n / (1024 * MIB):,.1f} GB"
    return f"{max(n, 1) / MIB:,.0f} MB"
