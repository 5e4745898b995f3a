"""Counting in the partial evaluator: aggregates over bindings (`count`, `some`,
`none`, `sum`, `min`, `max`), and a roster-dependent condition's 0/1 value as a linear
sum of assignments (what `count` adds up).

`Counting` is the part of `partial.Evaluator` that does this; it uses the evaluator's
`eval`, `bindings`, `formula`, `number` and `describe_var`.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from rotalang import ir
from rotalang.ground.errors import BAD_VALUE, UNSUPPORTED, WorkLimit, fail
from rotalang.ground.model import And, Atom, Cmp, Const, Not, Or
from rotalang.ground.symbolic import (
    Ind, MinMax, Sym, add, mk_not, mk_or, scale, sum_syms, tree_size,
)
from rotalang.values import Duration

# Negated assignments a counted `and` may have: its 0/1 value becomes a sum of 2^n
# conjunctions (inclusion–exclusion), so a few at most.
MAX_NEGATED = 3


class Counting:
    def indicator(self, value, where) -> Sym | int:
        """The 0/1 value of a condition as a linear expression (what `count` sums)."""
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, Ind):
            if value.exclusive or len(value.vars) <= 1:
                return Sym({v: 1 for v in value.vars})
            return Sym({self.aux.aux(value.vars, value.words): 1})
        if isinstance(value, Const):
            return int(value.value)
        if isinstance(value, Atom):
            return Sym({value.var: 1})
        if isinstance(value, Not):
            return add(1, self.indicator(value.operand, where), -1)
        if isinstance(value, Or) and all(isinstance(i, Atom) for i in value.items):
            return Sym({self._or_var(value): 1})
        if isinstance(value, Or):  # [A ∨ ¬B] = 1 − [¬A ∧ B]
            atoms = [i for i in value.items if isinstance(i, Atom)]
            others = [i for i in value.items if not isinstance(i, Atom)]
            grouped = ([Or(tuple(atoms))] if len(atoms) > 1 else atoms) + others
            parts = self._conjunction_parts(And(tuple(Not(i) for i in grouped)))
            if parts is not None:
                return add(1, self._conjunction_indicator(parts), -1)
        if isinstance(value, And):
            parts = self._conjunction_parts(value)
            if parts is not None:
                return self._conjunction_indicator(parts)
        raise self._uncountable(value, where)

    def _conjunction_indicator(self, parts) -> Sym | int:
        """The 0/1 value of an `and` of assignments, some negated, as a linear sum:
        by inclusion–exclusion over the negated ones, [A ∧ ¬B] = [A] − [A ∧ B], so each
        term is the AND of assignments only (one auxiliary each)."""
        positive = [(v, text) for v, text, negated in parts if not negated]
        negative = [(v, text) for v, text, negated in parts if negated]
        total: Sym | int = 0
        for size in range(len(negative) + 1):
            for chosen in itertools.combinations(negative, size):
                joined = positive + list(chosen)
                if not joined:
                    term: Sym | int = 1
                elif len(joined) == 1:
                    term = Sym({joined[0][0]: 1})
                else:
                    label = " and ".join(text for _, text in joined)
                    term = Sym({self.aux.aux([v for v, _ in joined], label,
                                             conjunction=True): 1})
                total = add(total, term, -1 if size % 2 else 1)
        return total

    def _or_var(self, value: Or) -> int:
        """The auxiliary for an `or` of assignments."""
        label = " or ".join(self.describe_var(i.var) for i in value.items)
        return self.aux.aux([i.var for i in value.items], label)

    def _conjunction_parts(self, value: And) -> list[tuple[int, str, bool]] | None:
        """What an `and` of assignments joins: (variable, its words, negated) for each
        part — an `or` of assignments gets its own auxiliary, in brackets; `not` (`is
        off`) before either is allowed up to `MAX_NEGATED` times, since each doubles
        the terms of the sum. None when a part is anything else (a comparison of
        roster quantities), which stays unsupported."""
        joined: list[tuple[int, str, bool]] = []
        for item in value.items:
            negated = False
            while isinstance(item, Not):
                negated, item = not negated, item.operand
            if isinstance(item, Atom):
                joined.append((item.var, self.describe_var(item.var), negated))
            elif isinstance(item, Or) and all(isinstance(i, Atom) for i in item.items):
                var = self._or_var(item)
                joined.append((var, f"({self.describe_var(var)})", negated))
            elif isinstance(item, And) and not negated:
                inner = self._conjunction_parts(item)
                if inner is None:
                    return None
                joined.extend(inner)
            else:
                return None
        if sum(negated for _, _, negated in joined) > MAX_NEGATED:
            return None
        return joined

    def _uncountable(self, value, where):
        """E0502 for a count whose condition `indicator` cannot write as a linear sum of
        assignments and their `or`s and `and`s (a comparison of roster quantities, an
        `and` nested in an `or` or negated in another `and`, too many negated parts)."""
        span = getattr(where, "span", None)
        if isinstance(value, Cmp):
            return fail(UNSUPPORTED, "counting bindings by a comparison of roster-dependent "
                        "numbers is not supported yet", span,
                        label="this comparison depends on the roster",
                        help="state the comparison as a rule over each binding instead, "
                             "like `each 人员 p: shifts(p) >= 3`")
        joiner = "and" if isinstance(value, And) else "or"
        return fail(UNSUPPORTED, f"counting bindings by an `{joiner}` of this form is not "
                    "supported yet", span,
                    label=f"this `{joiner}` has a comparison of roster quantities, a nested "
                          f"`and`, or more than {MAX_NEGATED} negated parts",
                    help="count by assignments joined with `and`, `or` and `not`, or "
                         "state the condition as a rule over each binding")

    # ----------------------------------------------------------------- aggregates

    def _counts_works(self, e: ir.Aggregate) -> bool:
        """Whether `e` is `count(S p where p works ...)` over the staff kind `S`, the
        atom's other parts not using `p`: the commonest count (coverage), which
        `_count_works` computes without evaluating the atom once per person."""
        known = self._fast_counts.get(id(e))
        if known is None:
            where, staff = e.where, self.program.staff_kind
            known = (e.op == "count" and len(e.binders) == 1 and type(where) is ir.Works
                     and type(e.binders[0].domain) is ir.KindDomain and staff is not None
                     and e.binders[0].domain.kind == staff.name
                     and type(where.person) is ir.VarRef
                     and where.person.var.uid == e.binders[0].var.uid
                     and not any(e.binders[0].var.uid in self.free_of(x)
                                 for x in (where.shifts, where.day, where.post)
                                 if x is not None))
            self._fast_counts[id(e)] = known
        return known

    def _count_works(self, e: ir.Aggregate, env):
        """What the loop of `_aggregate` makes for `count(S p where p works ...)` (see
        `_counts_works`): the same sum, the same auxiliaries in the same order, the
        same work counted."""
        records = self.kind_records.get(e.binders[0].domain.kind, ())
        if not records:
            return 0
        days, shifts, posts, exclusive, *named = self._works_parts(e.where, env)
        vars_of, index, aux = self.slots.vars_of, self.slots.person_index, self.aux
        terms: dict[int, int] = {}
        for record in records:
            found = vars_of(index[record.name], days, shifts, posts)
            self.work += 1 + len(found)
            if exclusive or len(found) <= 1:
                for v in found:
                    terms[v] = 1
            else:
                label = Ind(tuple(found), exclusive, (record.name, *named)).words
                terms[aux.aux(found, label)] = 1
        return Sym(terms) if terms else 0

    def spend(self, terms: int) -> None:
        """Count `terms` more terms made; past `budget` (None: no budget), WorkLimit."""
        self.work += terms
        if self.budget is not None and self.work > self.budget:
            raise WorkLimit

    def _aggregate(self, e: ir.Aggregate, env):
        op = e.op
        if op == "count" and self._counts_works(e):
            return self._count_works(e, env)
        binders = e.binders
        if op in ("count", "some", "none"):
            const = 0
            parts = []
            for _ in self.bindings(binders, env):
                self.spend(1)
                w = True if e.where is None else self.selects(e.where, env)
                if w is True:
                    if op != "count":
                        _close(binders, env)
                        return op == "some"
                    const += 1
                elif w is not False:
                    parts.append(self.indicator(w, e.where) if op == "count"
                                 else self.formula(w, e.where))
            if op == "count":
                total = sum_syms(parts)
                total.const += const
                return total if total.terms else total.const
            # Each binding's part can be a whole formula, and nesting multiplies them:
            # counted (as the walks after grounding will see them) before joining them.
            self.spend(sum(1 if type(f) is Atom else tree_size(f) for f in parts))
            found = decided(mk_or(parts))
            if op == "none":
                return (not found) if isinstance(found, bool) else mk_not(found)
            return found
        # sum, min, max
        items = []
        for _ in self.bindings(binders, env):
            self.spend(1)
            w = True if e.where is None else self.selects(e.where, env)
            if w is False:
                continue
            value = self.number(self.eval(e.expr, env))
            if isinstance(value, MinMax):
                if w is not True or value.op != op:  # max of maxes is a max; not a sum
                    raise fail(UNSUPPORTED, "this use of min, max or abs over the roster "
                               "is not supported", e.span,
                               help="compare the min, max or abs itself with one value "
                                    "(`abs(A) <= 3`), or use count or sum")
                items.extend(value.items)
            elif w is True:
                items.append(value)
            elif op == "sum" and not isinstance(value, Sym):
                items.append(scale(self.indicator(w, e.where), value))
            else:
                raise fail(UNSUPPORTED, f"{op}() of a roster-dependent value over a "
                           "roster-dependent condition is not supported yet", e.span,
                           help="move the condition into the summed value, or use count")
        duration = e.type.name == "duration"
        if op == "sum":
            total = sum_syms(items)
            if total.terms:
                return total
            return Duration(total.const) if duration else exact(total.const)
        if not items:
            raise fail(BAD_VALUE, f"{op}() over no values", e.span,
                       help="add a binding, or guard the rule so it only applies when "
                       "there is something to compare")
        if any(isinstance(v, Sym) for v in items):
            return MinMax(op, items)
        best = min(items) if op == "min" else max(items)
        return Duration(best) if duration else best


def decided(f):
    """A formula, or a Python bool when the formula is a constant."""
    if isinstance(f, Const):
        return f.value
    return f


def _close(binders, env) -> None:
    """Unbind an aggregate's variables after leaving its loop early."""
    for b in binders:
        env.pop(b.var.uid, None)


def exact(x):
    """An int when the value is whole, else the exact Fraction."""
    if isinstance(x, Fraction) and x.denominator == 1:
        return x.numerator
    return x
