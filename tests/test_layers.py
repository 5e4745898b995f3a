"""The house: the compiler's layers import one way, from `cli` down to `syntax`, with no
import cycle anywhere, and no module grows past what one reads in a sitting.

Imports are read from the source (every `import`, those inside functions too), so a
lazy import cannot hide an arrow running back up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "rotalang"
MAX_LINES = 650

# Lowest first. A module may import its own layer's modules and lower layers' only.
LAYERS = [
    ("diagnostics", "values", "results", "ir", "ir_text", "version", "progress",
     "memory"),  # shared vocabulary (memory: the budget every layer measures against)
    ("syntax",),
    ("check",),
    ("ground",),
    ("backends",),
    ("search", "lints"),
    ("verify",),
    ("drivers", "analyses"),  # analyses: questions across two programs (diff)
    ("api", "importers", "highlight", "report"),
    ("batch",),  # many solves on Ray: jobs through the API, tables through report
    ("cli",),
    ("launch", "__init__", "__main__"),  # launch: the command's first instructions
]
LAYER_OF = {name: level for level, names in enumerate(LAYERS) for name in names}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules `name` imports (a `from package import module` counts as
    the module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("rotalang"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("rotalang"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    if module == "rotalang.__main__":
        top = "__main__"
    return LAYER_OF[top]


def test_every_top_level_module_has_a_layer():
    tops = {m.split(".")[1] if "." in m else "__init__" for m in MODULES}
    assert tops <= set(LAYER_OF), sorted(tops - set(LAYER_OF))


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_down_the_layers(module):
    upward = sorted(m for m in GRAPH[module] if _layer(m) > _layer(module))
    assert not upward, f"{module} imports from a layer above it: {upward}"


def test_no_import_cycle():
    """Tarjan's strongly connected components over the module graph: each must be a
    single module (package `__init__`s re-exporting their own submodules are edges
    into the package, which never lead back)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert cycles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_longer_than_a_sitting(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it by what it does"
