"""How deep an item may nest, judged once, right after parsing (E0107).

Every later layer — checker, lowering, grounder, the engines' encoders, the evaluator —
walks the tree by recursion, as a compiler written to be read does. So the depth of
what they are handed is bounded here, at the one place that sees the text: an item may
nest `MAX_NESTING` levels (far beyond any real rule, and well within Python's stack for
every layer; tests/robustness/test_deep_nesting.py runs each construct at the limit
through check, solve and verify). Deeper, the item gets E0107 at the level that crosses
the limit, and the rest of the file is still checked.

A long sum is not deep: `a + b + … + z` parses as a left-leaning chain as long as it
has terms, so a chain of more than `LONG_CHAIN` terms of one associative operator
(`+`, `*`; exact arithmetic makes the grouping irrelevant) is regrouped into a balanced
tree first, and a thousand-term sum nests ten levels.

Both passes keep their own stack: the input decides how deep they go, not Python.
"""

from __future__ import annotations

import attrs

from rotalang.diagnostics import Diagnostic, Span
from rotalang.syntax import ast

MAX_NESTING = 100
LONG_CHAIN = 32
ASSOCIATIVE = frozenset({"+", "*"})

# Items whose grammar is flat (records of literals): nothing to regroup or measure.
_FLAT_ITEMS = (ast.DataRecords, ast.DataFile)


def bound_nesting(items: list, file: str) -> tuple[list, list[Diagnostic]]:
    """The items with long chains regrouped, and an E0107 for each item nested more
    than MAX_NESTING levels (that item is left out)."""
    kept, diags = [], []
    for item in items:
        if isinstance(item, _FLAT_ITEMS):
            kept.append(item)
            continue
        item = _regroup_long_chains(item)
        too_deep = _level_beyond_limit(item)
        if too_deep is None:
            kept.append(item)
        else:
            diags.append(_too_deep(file, too_deep))
    return kept, diags


def _too_deep(file: str, span: Span) -> Diagnostic:
    return Diagnostic.error(
        "E0107", f"this item nests more than {MAX_NESTING} levels deep", span,
        label=f"level {MAX_NESTING + 1} starts here",
        help="move part of it into a `let` constant or a rule of its own")


# ------------------------------------------------------------------ the tree, generically

def _is_node(value) -> bool:
    return attrs.has(type(value)) and not isinstance(value, Span)


def _fields(node) -> tuple:
    return tuple(f.name for f in attrs.fields(type(node)) if f.name != "span")


def _children(node) -> list:
    """The child nodes of `node`, in field order (tuples flattened)."""
    found = []
    for name in _fields(node):
        value = getattr(node, name)
        if isinstance(value, tuple):
            found.extend(v for v in value if _is_node(v))
        elif _is_node(value):
            found.append(value)
    return found


def _with_children(node, new: list):
    """`node` with its child nodes replaced, in `_children` order, by `new`."""
    changes = {}
    it = iter(new)
    for name in _fields(node):
        value = getattr(node, name)
        if isinstance(value, tuple):
            replaced = tuple(next(it) if _is_node(v) else v for v in value)
            if any(a is not b for a, b in zip(replaced, value)):
                changes[name] = replaced
        elif _is_node(value):
            child = next(it)
            if child is not value:
                changes[name] = child
    return attrs.evolve(node, **changes) if changes else node


# ------------------------------------------------------------------ regrouping chains

def _chain_operands(node) -> list | None:
    """The operands of a left-leaning chain of one associative operator longer than
    LONG_CHAIN, left to right; None for anything else."""
    if not (isinstance(node, ast.Binary) and node.op in ASSOCIATIVE):
        return None
    op, operands = node.op, []
    while isinstance(node, ast.Binary) and node.op == op:
        operands.append(node.right)
        node = node.left
    operands.append(node)
    if len(operands) <= LONG_CHAIN:
        return None
    operands.reverse()
    return operands


def _balanced(op: str, operands: list):
    if len(operands) == 1:
        return operands[0]
    middle = len(operands) // 2
    left, right = _balanced(op, operands[:middle]), _balanced(op, operands[middle:])
    return ast.Binary(op, left, right, span=left.span.to(right.span))


def _regroup_long_chains(root):
    """`root` with every long chain balanced; a post-order walk on an explicit stack."""
    results: list = []
    work: list = [(root, None)]
    while work:
        node, parts = work.pop()
        if parts is None:
            operands = _chain_operands(node)
            parts = operands if operands is not None else _children(node)
            work.append((node, (parts, operands is not None)))
            work.extend((child, None) for child in reversed(parts))
            continue
        parts, is_chain = parts
        new = results[len(results) - len(parts):] if parts else []
        del results[len(results) - len(parts):]
        results.append(_balanced(node.op, new) if is_chain else _with_children(node, new))
    return results[0]


# ------------------------------------------------------------------ measuring depth

def _level_beyond_limit(root) -> Span | None:
    """Where the first level beyond MAX_NESTING starts on the deepest path of `root`
    (from that node's start to where its own deepest child starts: `not (`,
    `count(人员 p where `), or None when `root` is within the limit."""
    height: dict[int, int] = {}
    work: list = [(root, False)]
    while work:
        node, expanded = work.pop()
        children = _children(node)
        if not expanded:
            work.append((node, True))
            work.extend((child, False) for child in children)
            continue
        height[id(node)] = 1 + max((height[id(c)] for c in children), default=0)
    if height[id(root)] <= MAX_NESTING:
        return None
    node = root
    for _ in range(MAX_NESTING):
        node = _deepest_child(node, height)
    return _opening(node, _deepest_child(node, height))


def _deepest_child(node, height: dict):
    return max(_children(node), key=lambda c: height[id(c)], default=None)


def _opening(node, child) -> Span:
    span, inner = node.span, getattr(child, "span", None)
    if inner is not None and inner.start_offset > span.start_offset:
        return Span(span.file, span.start_line, span.start_col, inner.start_line,
                    inner.start_col, span.start_offset, inner.start_offset)
    return span
