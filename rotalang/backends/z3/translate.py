"""Ground formulas as Z3 terms: the layer every Z3 encoding is built on.

A `Translator` holds one Z3 context and a Boolean per variable of the ground model
(slots first, then auxiliaries). `formula` translates a ground formula leaf by leaf:
`Cmp` becomes a cardinality or pseudo-Boolean constraint (`pb.py`), never integer
arithmetic. The encoding of a whole model (`encode.py`) and of its cost (`cost.py`)
are built on it.

A translator built with `text=True` writes SMT-LIB text instead of Z3 terms (see
`terms.py`), for solvers that parse a whole encoding in one call.
"""

from __future__ import annotations

import z3

from rotalang.backends.z3 import pb, terms
from rotalang.backends.z3.linear import Literal, Normal, difference
from rotalang.backends.z3.terms import Term
from rotalang.ground import model as gm


class Translator:
    def __init__(self, model: gm.GroundModel, *, text: bool = False):
        self.model = model
        # A context of its own: Z3's choices depend on the order its terms were
        # created in, so a shared context would make a second solve in the same
        # process pick a different (equally good) roster for the same seed.
        self.ctx = z3.Context()
        self.text = text
        n = model.num_vars
        self._bool_sort = z3.BoolSort(self.ctx)
        self.vars: list = ([f"x{i}" for i in range(n)] if text else
                           [terms.bool_const(f"x{i}", self.ctx, self._bool_sort)
                            for i in range(n)])
        self._fresh_names: list[str] = []  # a text encoding's indicators, to declare
        self._negations: dict[int, z3.BoolRef] = {}
        self._fresh = 0
        # Definitions of fresh indicators (the cost's): they only name things, so
        # they can never make the hard rules unsatisfiable.
        self.cost_definitions: list[z3.BoolRef] = []

    # ------------------------------------------------------------------ literals

    def literal(self, lit: Literal) -> z3.BoolRef:
        if lit.positive:
            return self.vars[lit.var]
        neg = self._negations.get(lit.var)
        if neg is None:
            neg = self._negations[lit.var] = terms.neg(self.vars[lit.var])
        return neg

    def pairs(self, n: Normal) -> pb.Pairs:
        return [(a, self.literal(lit)) for a, lit in n.terms]

    def fresh_bool(self, prefix: str) -> z3.BoolRef:
        self._fresh += 1
        name = f"{prefix}{self._fresh}"
        if self.text:
            self._fresh_names.append(name)
            return name
        return terms.bool_const(name, self.ctx, self._bool_sort)

    def fresh_int(self, prefix: str) -> z3.ArithRef:
        if self.text:
            raise terms.NeedsArithmetic()
        self._fresh += 1
        return z3.Int(f"{prefix}{self._fresh}", self.ctx)

    # ------------------------------------------------------------------ formulas

    def formula(self, f: gm.Formula) -> Term:
        """The formula as a term: a Python bool when the encoder can decide it."""
        match f:
            case gm.Atom(var):
                return self.vars[var]
            case gm.Not(operand):
                return terms.neg(self.formula(operand))
            case gm.And(items):
                return terms.conj([self.formula(x) for x in items])
            case gm.Or(items):
                return terms.disj([self.formula(x) for x in items])
            case gm.Const(value):
                return bool(value)
            case gm.Cmp():
                return self.compare(difference(f.lhs, f.rhs), f.op)
        raise TypeError(f"not a ground formula: {f!r}")

    def compare(self, d: Normal, op: str) -> Term:
        """`d op 0` where d = Σ a·lit + const."""
        pairs, c = self.pairs(d), d.const
        match op:
            case ">=":
                return pb.at_least(pairs, -c)
            case ">":
                return pb.at_least(pairs, -c + 1)
            case "<=":
                return pb.at_most(pairs, -c)
            case "<":
                return pb.at_most(pairs, -c - 1)
            case "=" | "==":
                return pb.exactly(pairs, -c)
            case "!=":
                return terms.neg(pb.exactly(pairs, -c))
        raise ValueError(f"unknown comparison {op!r}")
