"""Boolean terms for the encoder: a Python `bool` (decided while encoding), a Z3
Boolean, or SMT-LIB text (a `str`). Constructors go straight to Z3's C API: the Python
wrappers (`z3.And`, `z3.AtLeast`, ...) re-check the sort of every argument, which made
encoding a 30 × 28 × 3 roster take seconds. Every term lives in the context of its
arguments (each encoding has its own, see `encode.py`). Constants are folded here, so
Z3 never sees `True` inside a conjunction and callers can test `t is True` cheaply.

Text terms are what a *text* encoding builds (`Encoding(model, text=True)`): the
same constructors, given names instead of Z3 constants, write SMT-LIB, which Z3 then
parses in one call. Each Z3 term made through the C API costs a Python wrapper and a
reference count besides the call; a step of the search encodes thousands, and parsing
their text is several times faster (docs/benchmarks.md).
"""

from __future__ import annotations

import ctypes
from typing import Union

import z3

Term = Union[bool, z3.BoolRef, str]


class NeedsArithmetic(Exception):
    """A text encoding met a cost that needs integer terms (an amount with more than
    `cost.UNARY_LIMIT` steps): encode the model through the API instead."""


def _array(items: list[z3.BoolRef]):
    arr = (z3.Ast * len(items))()
    for i, x in enumerate(items):
        arr[i] = x.ast
    return arr


def _wrap(ast, ctx: z3.Context) -> z3.BoolRef:
    return z3.BoolRef(ast, ctx)


def bool_const(name: str, ctx: z3.Context, sort: z3.BoolSortRef) -> z3.BoolRef:
    """A Boolean constant named `name`; `sort` is `z3.BoolSort(ctx)`, made once by the
    caller (`z3.Bool` makes the sort again and checks its arguments at every call,
    which was a sixth of encoding a neighbourhood in the search)."""
    ref = ctx.ref()
    return _wrap(z3.Z3_mk_const(ref, z3.Z3_mk_string_symbol(ref, name), sort.ast), ctx)


def assert_all(s: z3.Solver, exprs) -> None:
    """`s.add(exprs)` for Boolean terms of the solver's context, without the per-term
    sort checks of `Solver.add` (a step of the search asserts thousands)."""
    ref, solver = s.ctx.ref(), s.solver
    for e in exprs:
        z3.Z3_solver_assert(ref, solver, e.ast)


def to_z3(t: Term, ctx: z3.Context) -> z3.BoolRef:
    return z3.BoolVal(t, ctx) if isinstance(t, bool) else t


def to_text(t: Term) -> str:
    """A text term, with the constants spelled as SMT-LIB spells them."""
    if isinstance(t, bool):
        return "true" if t else "false"
    return t


def conj(parts) -> Term:
    keep = []
    for p in parts:
        if p is False:
            return False
        if p is not True:
            keep.append(p)
    if not keep:
        return True
    if len(keep) == 1:
        return keep[0]
    if isinstance(keep[0], str):
        return f"(and {' '.join(keep)})"
    ctx = keep[0].ctx
    return _wrap(z3.Z3_mk_and(ctx.ref(), len(keep), _array(keep)), ctx)


def disj(parts) -> Term:
    keep = []
    for p in parts:
        if p is True:
            return True
        if p is not False:
            keep.append(p)
    if not keep:
        return False
    if len(keep) == 1:
        return keep[0]
    if isinstance(keep[0], str):
        return f"(or {' '.join(keep)})"
    ctx = keep[0].ctx
    return _wrap(z3.Z3_mk_or(ctx.ref(), len(keep), _array(keep)), ctx)


def neg(t: Term) -> Term:
    if isinstance(t, bool):
        return not t
    if isinstance(t, str):
        return f"(not {t})"
    return _wrap(z3.Z3_mk_not(t.ctx.ref(), t.ast), t.ctx)


def implies(a: Term, b: Term) -> Term:
    return disj([neg(a), b])


def iff(a: z3.BoolRef, b: Term) -> z3.BoolRef:
    """a ⇔ b, for a fresh name `a`."""
    if isinstance(b, bool):
        return a if b else neg(a)
    if isinstance(a, str):
        return f"(= {a} {b})"
    return _wrap(z3.Z3_mk_eq(a.ctx.ref(), a.ast, b.ast), a.ctx)


def at_least_ones(lits: list[z3.BoolRef], k: int) -> z3.BoolRef:
    if isinstance(lits[0], str):
        return f"((_ at-least {k}) {' '.join(lits)})"
    ctx = lits[0].ctx
    return _wrap(z3.Z3_mk_atleast(ctx.ref(), len(lits), _array(lits), k), ctx)


def at_most_ones(lits: list[z3.BoolRef], k: int) -> z3.BoolRef:
    if isinstance(lits[0], str):
        return f"((_ at-most {k}) {' '.join(lits)})"
    ctx = lits[0].ctx
    return _wrap(z3.Z3_mk_atmost(ctx.ref(), len(lits), _array(lits), k), ctx)


def _coefs(coefs: list[int]):
    return (ctypes.c_int * len(coefs))(*coefs)


def pb_ge(coefs: list[int], lits: list[z3.BoolRef], k: int) -> z3.BoolRef:
    if isinstance(lits[0], str):
        return _pb_text("pbge", coefs, lits, k)
    ctx = lits[0].ctx
    return _wrap(z3.Z3_mk_pbge(ctx.ref(), len(lits), _array(lits), _coefs(coefs), k), ctx)


def pb_le(coefs: list[int], lits: list[z3.BoolRef], k: int) -> z3.BoolRef:
    if isinstance(lits[0], str):
        return _pb_text("pble", coefs, lits, k)
    ctx = lits[0].ctx
    return _wrap(z3.Z3_mk_pble(ctx.ref(), len(lits), _array(lits), _coefs(coefs), k), ctx)


def pb_eq(coefs: list[int], lits: list[z3.BoolRef], k: int) -> z3.BoolRef:
    if isinstance(lits[0], str):
        return _pb_text("pbeq", coefs, lits, k)
    ctx = lits[0].ctx
    return _wrap(z3.Z3_mk_pbeq(ctx.ref(), len(lits), _array(lits), _coefs(coefs), k), ctx)


def _pb_text(name: str, coefs: list[int], lits: list[str], k: int) -> str:
    return f"((_ {name} {k} {' '.join(map(str, coefs))}) {' '.join(lits)})"
