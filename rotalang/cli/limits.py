"""Resource limits: `--memory-limit` caps the address space so that a problem too
big for the machine stops with a diagnostic instead of swapping the machine to death."""

from __future__ import annotations


def apply_memory_limit(megabytes: int | None) -> None:
    if not megabytes:
        return
    try:
        import resource
    except ImportError:  # not on this platform (Windows): the limit cannot be applied
        return
    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def is_out_of_memory(exc: BaseException) -> bool:
    """Z3 reports running out of memory as its own exception type, with this text."""
    return type(exc).__name__ == "Z3Exception" and "memory" in str(exc).lower()
