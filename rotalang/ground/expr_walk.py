"""Walking an IR expression: its direct children, and the variables it uses without
binding them (what the evaluator's cache keys a value on)."""

from __future__ import annotations

from rotalang import ir


def free_vars(e, lets: dict) -> set[int]:
    """The uids of the variables an expression uses and does not bind itself."""
    t = type(e)
    if t is ir.Lit or t is ir.LetRef:
        return set()
    if t is ir.VarRef:
        return {e.var.uid}
    if t is ir.Aggregate:
        out: set[int] = set()
        bound: set[int] = set()
        for b in e.binders:
            within = getattr(b.domain, "within", None)
            if within is not None:
                out |= free_vars(within, lets) - bound
            bound.add(b.var.uid)
        for part in (e.where, e.expr):
            if part is not None:
                out |= free_vars(part, lets) - bound
        return out
    out = set()
    for child in children(e):
        out |= free_vars(child, lets)
    return out


def children(e) -> tuple:
    t = type(e)
    if t is ir.Attr:
        return (e.obj,)
    if t in (ir.Arith, ir.Compare):
        return (e.left, e.right)
    if t in (ir.Neg, ir.Not):
        return (e.operand,)
    if t in (ir.And, ir.Or, ir.SetLit):
        return e.items
    if t is ir.Implies:
        return (e.condition, e.consequence)
    if t is ir.Member:
        return (e.element, e.collection)
    if t is ir.DateIs:
        return (e.date,)
    if t is ir.Works:
        return tuple(x for x in (e.person, e.shifts, e.day, e.post) if x is not None)
    if t is ir.Call:
        return e.args
    if t is ir.Aggregate:
        return tuple(x for x in (e.where, e.expr) if x is not None)
    return ()
