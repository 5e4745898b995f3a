"""The fast path of the parser: Lark's LALR(1) tables driven by a tight loop that builds
AST nodes while parsing (no parse tree, no second pass).

It gives exactly the nodes and spans of the reference path (`Lark` parse tree with
`propagate_positions`, then `build.Builder` as a `Transformer`): the same Builder
methods are called with the same children (Lark's own child filters insert the `[x]`
placeholders and inline `_rules` and `?rules`) and with a `meta` computed the way Lark's
`PropagatePositions` does — a node spans from its first to its last token, counting the
brackets around a parenthesised child (the child's "container"). tests/syntax checks
the two paths agree on every example program.

`parse_items` returns None on a syntax error: the caller then takes the reference path,
which gives the E01xx diagnostic (errors are rare; valid files are what must be fast).
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

from lark import Token, Tree
from lark.parse_tree_builder import ParseTreeBuilder
from lark.grammar import NonTerminal
from lark.parsers.lalr_analysis import Shift

from rotalang.syntax.build import Builder
from rotalang.syntax.grammar import lark_parser


class _Meta:
    """What Builder reads from Lark's `meta`; one instance, refilled before each call."""
    __slots__ = ("empty", "line", "column", "start_pos", "end_line", "end_column", "end_pos")

    def __init__(self):
        self.empty = True


@functools.cache
def _tables():
    """The parse table as plain dicts: state → {symbol: action}, where a shift is the next
    state (an int) and a reduction is (rule index, size, rule name, hands its one child
    up unchanged)."""
    lark = lark_parser()
    table = lark.parser.parser.parser.parse_table
    rules = list(lark.rules)
    reductions = {}
    for n, rule in enumerate(rules):
        only = rule.expansion[0] if len(rule.expansion) == 1 else None
        # `?rule: sub` with one kept child: Lark's ExpandSingleChild returns that child.
        passes_up = (rule.options.expand1 and not rule.alias and isinstance(only, NonTerminal)
                     and not only.name.startswith("_") and not rule.options.empty_indices)
        reductions[rule] = (n, len(rule.expansion), rule.origin.name, bool(passes_up))
    states = {}
    for state, actions in table.states.items():
        states[state] = {symbol: (arg if action is Shift else reductions[arg])
                         for symbol, (action, arg) in actions.items()}
    assert all(isinstance(s, int) for s in states)
    return (states, table.start_states["start"], table.end_states["start"], rules,
            ParseTreeBuilder(rules, Tree, False, False, True))


def _callbacks(builder: Builder, meta: _Meta) -> list:
    """Lark's child filters around Builder's methods, each called with `meta`; indexed
    like the rules."""
    states, start, end, rules, tree_builder = _tables()
    names = {r.alias or r.options.template_source or r.origin.name for r in rules}
    target = SimpleNamespace()
    for name in names:
        wrapped = Builder.__dict__.get(name)
        if wrapped is None:
            continue  # `_rules` and placeholders: Lark builds a Tree its parent inlines
        base = getattr(wrapped, "base_func", wrapped)
        setattr(target, name, functools.partial(base, builder, meta))
    by_rule = tree_builder.create_callback(target)
    return [by_rule[rule] for rule in rules]


class FastParser:
    """Parses token runs that are whole items into AST items, with one Builder (whose
    `diagnostics` collect bad literals)."""

    def __init__(self, builder: Builder):
        self.builder = builder
        self.meta = _Meta()
        self.callbacks = _callbacks(builder, self.meta)

    def parse_items(self, tokens: list[Token], lo: int, hi: int) -> list | None:
        """The items of tokens[lo:hi] (a `start` tree's children), or None on a syntax
        error (nothing is reported; Builder diagnostics made meanwhile are dropped).
        The loop keeps its own stacks, so nesting costs no Python recursion here:
        syntax.nesting judges how deep an item may nest."""
        states, start_state, end_state = _tables()[:3]
        callbacks = self.callbacks
        meta = self.meta
        kept = len(self.builder.diagnostics)
        state_stack = [start_state]
        values: list = []
        # per value: (start_pos, line, column, end_pos, end_line, end_column), or
        # None for a reduction of nothing (it takes no room in the text)
        spans: list = []
        k = lo
        at_end = False
        while True:
            if k < hi:
                tok = tokens[k]
                ty = tok.type
            else:
                tok = Token("$END", "")
                ty = "$END"
                at_end = True
            while True:
                action = states[state_stack[-1]].get(ty)
                if type(action) is int:  # shift
                    if at_end:
                        return self._give_up(kept)
                    state_stack.append(action)
                    values.append(tok)
                    spans.append((tok.start_pos, tok.line, tok.column,
                                  tok.end_pos, tok.end_line, tok.end_column))
                    break
                if action is None:  # a syntax error: the reference path reports it
                    return self._give_up(kept)
                n, size, origin, passes_up = action
                if passes_up:  # value and span stay; only the state changes
                    goto = states[state_stack[-2]][origin]
                    state_stack[-1] = goto
                    if at_end and goto == end_state:
                        return list(values[-1].items)
                    continue
                if size == 1:
                    children = [values.pop()]
                    state_stack.pop()
                    first = last = spans.pop()
                elif size:
                    children = values[-size:]
                    child_spans = spans[-size:]
                    del state_stack[-size:]
                    del values[-size:]
                    del spans[-size:]
                    first = last = None
                    for s in child_spans:
                        if s is not None:
                            if first is None:
                                first = s
                            last = s
                else:
                    children = []
                    first = last = None
                if first is None:
                    meta.empty = True
                else:
                    meta.empty = False
                    meta.start_pos, meta.line, meta.column = first[0], first[1], first[2]
                    meta.end_pos, meta.end_line, meta.end_column = last[3], last[4], last[5]
                value = callbacks[n](children)
                goto = states[state_stack[-1]][origin]
                state_stack.append(goto)
                values.append(value)
                spans.append(None if first is None else
                             (first[0], first[1], first[2], last[3], last[4], last[5]))
                if at_end and goto == end_state:
                    return list(values[-1].items)
            k += 1

    def _give_up(self, kept: int) -> None:
        del self.builder.diagnostics[kept:]
        return None
