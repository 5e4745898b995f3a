"""rotalang: a language and toolchain for staffing rules.

`rotalang.load(path_or_text)` checks a program and returns a `Program` (see
docs/api.md); every problem with the input is raised as `DiagnosticError`.
`rotalang.batch(...)` solves many jobs on Ray (docs/batch.md).

The API is imported when it is first used (`rotalang.load`, `from rotalang import
Program`), not with the package: the `rotalang` command starts in `rotalang.launch`,
which must run before anything heavy is imported (a Ctrl-C then is not a traceback).
"""

from importlib import import_module

from rotalang.version import __version__

__all__ = ["DiagnosticError", "Program", "batch", "diff", "load", "__version__"]

_HOME = {"Program": "rotalang.api", "load": "rotalang.api", "diff": "rotalang.api",
         "DiagnosticError": "rotalang.diagnostics",
         "batch": "rotalang.batch"}  # the package, callable: rotalang.batch(...) runs one


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module 'rotalang' has no attribute {name!r}")
    value = getattr(import_module(_HOME[name]), name)
    globals()[name] = value  # the next use is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME])
