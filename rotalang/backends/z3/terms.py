"""Boolean terms for the encoder: a Python `bool` (decided while encoding) or a Z3
Boolean. Constructors go straight to Z3's C API: the Python wrappers (`z3.And`,
`z3.AtLeast`, ...) re-check the sort of every argument, which made encoding a
30 × 28 × 3 roster take seconds. Constants are folded here, so Z3 never sees `True`
inside a conjunction and callers can test `t is True` cheaply.
"""

from __future__ import annotations

import ctypes
from typing import Union

import z3

Term = Union[bool, z3.BoolRef]


def _ctx() -> z3.Context:
    return z3.main_ctx()


def _array(items: list[z3.BoolRef]):
    arr = (z3.Ast * len(items))()
    for i, x in enumerate(items):
        arr[i] = x.ast
    return arr


def _wrap(ast) -> z3.BoolRef:
    return z3.BoolRef(ast, _ctx())


def to_z3(t: Term) -> z3.BoolRef:
    return z3.BoolVal(t) if isinstance(t, bool) else t


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
    return _wrap(z3.Z3_mk_and(_ctx().ref(), len(keep), _array(keep)))


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
    return _wrap(z3.Z3_mk_or(_ctx().ref(), len(keep), _array(keep)))


def neg(t: Term) -> Term:
    if isinstance(t, bool):
        return not t
    return _wrap(z3.Z3_mk_not(_ctx().ref(), t.ast))


def implies(a: Term, b: Term) -> Term:
    return disj([neg(a), b])


def iff(a: z3.BoolRef, b: Term) -> z3.BoolRef:
    """a ⇔ b, for a fresh name `a`."""
    if isinstance(b, bool):
        return a if b else neg(a)
    return _wrap(z3.Z3_mk_eq(_ctx().ref(), a.ast, b.ast))


def at_least_ones(lits: list[z3.BoolRef], k: int) -> z3.BoolRef:
    return _wrap(z3.Z3_mk_atleast(_ctx().ref(), len(lits), _array(lits), k))


def at_most_ones(lits: list[z3.BoolRef], k: int) -> z3.BoolRef:
    return _wrap(z3.Z3_mk_atmost(_ctx().ref(), len(lits), _array(lits), k))


def _coefs(coefs: list[int]):
    return (ctypes.c_int * len(coefs))(*coefs)


def pb_ge(coefs: list[int], lits: list[z3.BoolRef], k: int) -> z3.BoolRef:
    return _wrap(z3.Z3_mk_pbge(_ctx().ref(), len(lits), _array(lits), _coefs(coefs), k))


def pb_le(coefs: list[int], lits: list[z3.BoolRef], k: int) -> z3.BoolRef:
    return _wrap(z3.Z3_mk_pble(_ctx().ref(), len(lits), _array(lits), _coefs(coefs), k))


def pb_eq(coefs: list[int], lits: list[z3.BoolRef], k: int) -> z3.BoolRef:
    return _wrap(z3.Z3_mk_pbeq(_ctx().ref(), len(lits), _array(lits), _coefs(coefs), k))
