"""The lints' registry: each lint is a class with a code, a name and `run(ctx)`,
registered with `@lint` in the order it runs. `run_lints` (in `__init__.py`) runs
them all and drops what the author has allowed (`suppress.py`)."""

from __future__ import annotations

from typing import Protocol

from rotalang.diagnostics import Diagnostic


class Lint(Protocol):
    code: str  # the warning it gives, e.g. "W0602"
    name: str  # what a suppression comment may say instead of the code: "implied-rule"

    def run(self, ctx) -> list[Diagnostic]:
        ...


LINTS: list[type] = []


def lint(cls: type) -> type:
    """Register a lint class (it runs after those registered before it)."""
    if any(other.code == cls.code or other.name == cls.name for other in LINTS):
        raise ValueError(f"lint {cls.name} ({cls.code}) is registered twice")
    LINTS.append(cls)
    return cls


def by_code_or_name() -> dict[str, str]:
    """Every registered lint's code and name → its code."""
    out = {}
    for cls in LINTS:
        out[cls.code] = cls.code
        out[cls.name] = cls.code
    return out
