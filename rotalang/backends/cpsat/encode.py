"""A ground model as an OR-Tools CP-SAT model.

- one Boolean per variable of the ground model, created in its order (slots first,
  then auxiliaries), so that proto variable i is ground variable i; an auxiliary is
  the max (OR) or the min (AND) of its inputs, or — when its inputs are the slots of
  one at-most-one constraint ("p works on d" over the shifts of one day) — their sum,
  which the LP relaxation reads far better than a max;
- a hard instance is posted as it stands: a comparison becomes a linear constraint,
  an `or` of literals a clause, an `and` its parts, anything nested a reified literal
  (an enforcement literal); a guard becomes the enforcement literal of the whole;
  a sum of slots bounded by 1 (the structural one-shift-a-day rule and its like)
  becomes an at-most-one, bounded to exactly 1 an exactly-one;
- every soft instance adds its cost to the objective in the objective's integer
  units (`ground.objective`): a violation its weight times "broken", a deviation its
  weight per unit times an integer slack that is at least the miss, `minimize` its
  linear expression, `balance` the spread between a max and a min variable.

Slacks, maxima and minima are bounded one way only when their cost is positive: the
objective pushes them onto the exact amount at an optimum, and on any other roster the
objective is at least the roster's true cost (the search re-costs every roster with
the ground model's semantics). With a negative weight they are exact.

Assertions and facts-only rules are not posted: `check` proves the first and reports
the second.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import repeat

from ortools.sat.python import cp_model

from rotalang import memory
from rotalang.backends.protocol import Unsupported
from rotalang.diagnostics import Diagnostic, DiagnosticError
from rotalang.ground import model as gm
from rotalang.ground.compare import NEGATION
from rotalang.ground.memory import paused_gc
from rotalang.ground.objective import Objective, lin_range
from rotalang.ground.semantics import comparison_of

LinearExpr = cp_model.LinearExpr
INT_MIN, INT_MAX = -(1 << 63), (1 << 63) - 1  # a linear constraint's open ends
# CP-SAT computes with 64-bit integers and refuses a model whose sums could overflow
# them; this leaves room for its own arithmetic on the largest sum a model may write.
LARGEST = 1 << 60


class TooLarge(Unsupported):
    """A number of the model is beyond CP-SAT's integers."""

    def __init__(self, rule: int, value: int):
        super().__init__(rule, f"sums up to about {_magnitude(value)}, beyond the "
                               f"64-bit integers CP-SAT computes with")
        self.value = value


def _magnitude(value: int) -> str:
    return f"10^{len(str(value)) - 1}" if value >= 10 ** 6 else str(value)


def largest_number(ground: gm.GroundModel, objective: Objective) -> tuple[int, int] | None:
    """(ground rule, size) of the first instance whose sums reach `LARGEST`, or of the
    objective's total; None when the whole model fits CP-SAT's integers."""
    return _scan(ground, objective)[0]


def _scan(ground: gm.GroundModel, objective: Objective):
    """One pass over the constraints: `largest_number`'s answer, the indices of the
    hard unguarded at-most-ones and exactly-ones (`_unit_sum_at_most_one`), in order,
    for the auxiliaries' definitions, and the number of terms (for `check_memory`)."""
    total = 0
    ones: list[int] = []
    counted = 0
    hard = gm.Measure.HARD
    for index, c in enumerate(ground.constraints):
        formula = c.formula
        if type(formula) is gm.Cmp and c.guard is None and not c.terms:
            terms = formula.lhs.terms
            coefs = [a for a, _ in terms]
            counted += len(coefs) + len(formula.rhs.terms)
            if c.measure is hard and _ones_shape(formula, coefs):
                ones.append(index)
                size = len(coefs) + 2  # every coefficient 1, the bound 1
            else:
                size = (abs(formula.lhs.const) + sum(map(abs, coefs))
                        + abs(formula.rhs.const) + sum(abs(a) for a, _ in formula.rhs.terms)
                        + 1)
        else:
            lins = list(c.terms)
            for top in (formula, c.guard):
                if top is not None:
                    lins += [x for f in _subformulas(top) if isinstance(f, gm.Cmp)
                             for x in (f.lhs, f.rhs)]
            counted += sum(len(t.terms) for t in lins) + 1
            size = sum(abs(t.const) + sum(abs(a) for a, _ in t.terms) for t in lins) + 1
        if c.measure is not hard:
            size *= abs(Fraction(c.weight)) * objective.factor + 1
            total += size
        if size >= LARGEST:
            return (c.rule, int(size)), ones, counted
    if total >= LARGEST:
        return (ground.constraints[-1].rule, int(total)), ones, counted
    return None, ones, counted


# What CP-SAT takes beyond the ground model, for one variable and for one term of a
# constraint, in bytes: the Python model's protocol buffer, and the solver's copies of
# it (presolve, the search's state). Fitted to `check` on two programs of different
# shapes, rounded up: 730,500 slots with 1.5 million terms took 1.4 GB, Curtois 24
# (1.8 million variables, 38 million terms) 8.6 GB. More workers added little (a
# 730,500-slot solve: 1,650 MB with one, 1,618 MB with four).
VARIABLE_BYTES = 1_600
TERM_BYTES = 160


def check_memory(variables: int, terms: int) -> None:
    """Refuse (E0501) a model CP-SAT would run out of memory on: out of memory inside
    its C++ code, it aborts the process, leaving no diagnostic at all."""
    room, source = memory.memory_room()
    need = variables * VARIABLE_BYTES + terms * TERM_BYTES
    if room is None or need <= room:
        return
    raise DiagnosticError(Diagnostic.error(
        "E0501", f"solving this program with CP-SAT would need about "
                 f"{memory.size_words(need)} of memory beyond its ground model, more than "
                 f"{memory.room_words(room, source)}",
        label=f"{variables:,} variables, {terms:,} terms",
        help="split the staff into smaller programs, or shorten the calendar, or raise "
             "--memory-limit (MB) if the machine has more memory to give"))


def _ones_shape(f: gm.Cmp, coefs: list) -> bool:
    """Whether `f` is `Σ x ≤ 1` or `Σ x = 1` as `_unit_sum_at_most_one` reads it
    (`coefs`: its left side's coefficients)."""
    return (f.op in ("<=", "=", "==") and not f.rhs.terms and not f.lhs.const
            and f.rhs.const == 1 and len(coefs) >= 2 and coefs.count(1) == len(coefs)
            and len({v for _, v in f.lhs.terms}) == len(coefs))


def _subformulas(f: gm.Formula):
    yield f
    if isinstance(f, (gm.And, gm.Or)):
        for item in f.items:
            yield from _subformulas(item)
    elif isinstance(f, gm.Not):
        yield from _subformulas(f.operand)


class _Variables:
    """The model's variables as cp_model objects, each made when asked for: the
    constraints of the ground model are written into the proto with plain indices,
    and a list of millions of these objects would cost about 250 bytes each."""

    __slots__ = ("_proto",)

    def __init__(self, model: cp_model.CpModel):
        self._proto = model.proto

    def __getitem__(self, var: int):
        return cp_model.IntVar(self._proto, var)


class CpSatEncoding:
    """The CP-SAT model of a ground model (`model`). The bulk — variables, the
    auxiliaries' definitions, the hard instances — is written into the model's proto
    directly, with proto literals (`i` for variable i, `-i-1` for its negation), in
    the form cp_model's own methods give it (a linear constraint's variables sorted,
    their coefficients merged); the soft instances' costs go through cp_model."""

    def __init__(self, ground: gm.GroundModel, objective: Objective, *,
                 tracked: bool = False):
        """With `tracked` (the prover's model, `prover.py`), every hard instance is
        posted behind an enforcement literal of its own (`instance_literal`), so that a
        question can assume any set of them; there are no costs, and no auxiliary is
        defined as the sum of an at-most-one's slots (that at-most-one may be off)."""
        too_large, ones, terms = _scan(ground, objective)
        if too_large is not None:
            raise TooLarge(*too_large)
        check_memory(ground.num_vars, terms)
        self.tracked = tracked
        self.instance_literal: dict[int, int] = {}  # hard constraint index → proto literal
        with paused_gc():
            self._build(ground, objective, [] if tracked else ones)

    def _build(self, ground: gm.GroundModel, objective: Objective, ones: list[int]) -> None:
        self.ground = ground
        self.objective = objective
        m = self.model = cp_model.CpModel()
        self._proto_constraints = m.proto.constraints
        self._add_variables(m, ground.num_vars)
        self.x = _Variables(m)
        self._true = m.new_constant(1)
        self._true_index = self._true.index
        self._reified: dict[gm.Formula, int] = {}
        self._cost_vars: list = []
        self._cost_coefs: list[int] = []
        self.cost_const = 0
        rules = ground.rules
        amo_of = _at_most_ones(ground, ones)
        for aux in ground.aux:
            self._define(aux, amo_of)
        del amo_of
        ones.append(len(ground.constraints))  # the next at-most-one: none after the last
        following = iter(ones)
        next_one = next(following)
        for index, c in enumerate(ground.constraints):
            is_one = index == next_one
            if is_one:
                next_one = next(following)
            rule = rules[c.rule]
            if rule.facts_only or rule.kind is gm.RuleKind.ASSERT:
                continue
            if c.measure is gm.Measure.HARD:
                if is_one:
                    self._ones(c.formula)
                    continue
                enforce = [] if c.guard is None else [self._literal(c.guard)]
                if self.tracked:
                    enforce.append(self._new_bool())
                    self.instance_literal[index] = enforce[-1]
                self._post(c.formula, enforce)
            elif not self.tracked:
                self._cost(c)
        if not self.tracked:
            m.minimize(LinearExpr.weighted_sum(self._cost_vars, self._cost_coefs)
                       + self.cost_const)

    # ------------------------------------------------------------- structure

    @staticmethod
    def _add_variables(m: cp_model.CpModel, n: int) -> None:
        """n Booleans (as text, parsed in chunks: the fastest way in)."""
        chunk = 100_000
        text = "variables { domain: [0, 1] }\n"
        for start in range(0, n, chunk):
            m.proto.merge_text_format(text * min(chunk, n - start))

    def _new_bool(self) -> int:
        proto = self.model.proto
        index = len(proto.variables)
        proto.variables.add().domain.extend((0, 1))
        return index

    def _define(self, aux: gm.AuxDef, amo_of: dict[int, int]) -> None:
        target, of = aux.var, aux.of
        if not aux.conjunction and len(of) > 1 and \
                len({amo_of.get(v) for v in of}) == 1 and of[0] in amo_of:
            # target = Σ inputs: target − Σ inputs ∈ [0, 0], the variables sorted
            terms = {v: -1 for v in of}
            terms[target] = terms.get(target, 0) + 1
            self._linear_into(self._proto_constraints.add(), terms, 0, 0)
            return
        x = self.x  # max and min through cp_model: its loop in C++ is the fastest
        if aux.conjunction:
            self.model.add_min_equality(x[target], [x[v] for v in of])
        else:
            self.model.add_max_equality(x[target], [x[v] for v in of])

    # ------------------------------------------------------------- formulas

    def lin(self, lin: gm.Lin):
        if not lin.terms:
            return lin.const
        coefs = [c for c, _ in lin.terms]
        expr = LinearExpr.weighted_sum([self.x[v] for _, v in lin.terms], coefs)
        return expr + lin.const if lin.const else expr

    def _bool(self, kind: str, literals, enforce) -> None:
        ct = self._proto_constraints.add()
        if enforce:
            ct.enforcement_literal.extend(enforce)
        getattr(ct, kind).literals.extend(literals)

    def _linear_into(self, ct, terms: dict[int, int], low: int, high: int,
                     gap: bool = False) -> None:
        """Σ terms ∈ [low, high] (with `gap`, outside (low, high)) into `ct`, as
        cp_model writes it: the variables sorted, zero coefficients left out."""
        linear = ct.linear
        pairs = sorted((v, a) for v, a in terms.items() if a)
        if pairs:
            variables, coefs = zip(*pairs)
            linear.vars.extend(variables)
            linear.coeffs.extend(coefs)
        if gap:
            linear.domain.extend((INT_MIN, low, high, INT_MAX))
        else:
            linear.domain.extend((low, high))

    def _comparison(self, f: gm.Cmp, enforce, op: str | None = None) -> None:
        """Post `lhs op rhs` (when every literal of `enforce` holds)."""
        op = op or f.op
        terms: dict[int, int] = {}
        for a, v in f.lhs.terms:
            terms[v] = terms.get(v, 0) + a
        for a, v in f.rhs.terms:
            terms[v] = terms.get(v, 0) - a
        k = f.rhs.const - f.lhs.const
        match op:
            case "<=":
                low, high, gap = INT_MIN, k, False
            case "<":
                low, high, gap = INT_MIN, k - 1, False
            case ">=":
                low, high, gap = k, INT_MAX, False
            case ">":
                low, high, gap = k + 1, INT_MAX, False
            case "=" | "==":
                low, high, gap = k, k, False
            case "!=":
                low, high, gap = k - 1, k + 1, True
            case _:
                raise ValueError(f"unknown comparison {op!r}")
        ct = self._proto_constraints.add()
        if enforce:
            ct.enforcement_literal.extend(enforce)
        self._linear_into(ct, terms, low, high, gap)

    def _ones(self, f: gm.Cmp) -> None:
        """An at-most-one (`Σ x ≤ 1`) or exactly-one (`Σ x = 1`)."""
        ct = self._proto_constraints.add()
        ones = ct.at_most_one if f.op == "<=" else ct.exactly_one
        ones.literals.extend([v for _, v in f.lhs.terms])

    def _post(self, f: gm.Formula, enforce: list[int]) -> None:
        """Require `f` (when every proto literal of `enforce` holds)."""
        t = type(f)
        if t is gm.Const:
            if not f.value:
                self._bool("bool_or", [-e - 1 for e in enforce], ())
        elif t is gm.And:
            for item in f.items:
                self._post(item, enforce)
        elif t is gm.Or:
            self._bool("bool_or", [self._literal(i) for i in f.items], enforce)
        elif t is gm.Not and type(f.operand) is not gm.Atom:
            self._post(_negation(f.operand), enforce)
        elif t is gm.Cmp:
            if not enforce and _unit_sum_at_most_one(f, exact=True) is not None \
                    or not enforce and _unit_sum_at_most_one(f) is not None:
                self._ones(f)
                return
            self._comparison(f, enforce)
        else:
            self._bool("bool_or", [self._literal(f)], enforce)

    def literal(self, f: gm.Formula):
        """A cp_model literal equivalent to `f` (see `_literal`)."""
        index = self._literal(f)
        if index >= 0:
            return self.x[index]
        return self.x[-index - 1].Not()

    def _literal(self, f: gm.Formula) -> int:
        """A proto literal equivalent to `f` (a new reified Boolean for compound
        formulas, made once per distinct formula)."""
        t = type(f)
        if t is gm.Atom:
            return f.var
        if t is gm.Not:
            return -self._literal(f.operand) - 1
        if t is gm.Const:
            return self._true_index if f.value else -self._true_index - 1
        known = self._reified.get(f)
        if known is not None:
            return known
        b = self._new_bool()
        if t is gm.And:
            lits = [self._literal(i) for i in f.items]
            self._bool("bool_and", lits, (b,))
            self._bool("bool_or", [-lit - 1 for lit in lits], (-b - 1,))
        elif t is gm.Or:
            lits = [self._literal(i) for i in f.items]
            self._bool("bool_or", lits, (b,))
            self._bool("bool_and", [-lit - 1 for lit in lits], (-b - 1,))
        elif t is gm.Cmp:
            self._comparison(f, (b,))
            self._comparison(f, (-b - 1,), NEGATION[f.op])
        else:
            raise TypeError(f"not a ground formula: {f!r}")
        self._reified[f] = b
        return b

    # ------------------------------------------------------------- costs

    def _add_cost(self, coef: int, var) -> None:
        if coef:
            self._cost_vars.append(var)
            self._cost_coefs.append(coef)

    def _units(self, amount: Fraction) -> int:
        value = Fraction(amount) * self.objective.factor
        assert value.denominator == 1, "the objective's factor clears every denominator"
        return int(value)

    def _cost(self, c: gm.GroundConstraint) -> None:
        weight = Fraction(c.weight)
        per_unit = self._units(weight / c.scale)
        condition = None if c.guard is None else self.literal(c.guard)
        match c.measure:
            case gm.Measure.VIOLATION:
                self._violation(self._units(weight), c.formula, condition)
            case gm.Measure.DEVIATION:
                cmp, inner = comparison_of(c.formula)
                if inner is not None:
                    inner = self.literal(inner)
                    condition = inner if condition is None else self._both(condition, inner)
                if cmp is None or cmp.op == "!=":
                    self._violation(self._units(weight), cmp or c.formula, condition)
                else:
                    self._deviation(per_unit, cmp, condition, c)
            case gm.Measure.VALUE:
                self._value(per_unit, c.terms[0] if c.terms else gm.Lin(), condition)
            case gm.Measure.SPREAD:
                self._spread(per_unit, c.terms, condition)
            case _:
                raise ValueError(f"unknown measure {c.measure!r}")

    def _both(self, a, b):
        both = self.model.new_bool_var("")
        self.model.add_bool_and([a, b]).only_enforce_if(both)
        self.model.add_bool_or([a.Not(), b.Not()]).only_enforce_if(both.Not())
        return both

    def _violation(self, coef: int, formula: gm.Formula, condition) -> None:
        """coef × [condition and formula broken] = coef − coef × [not condition or holds]."""
        holds = self.literal(formula)
        if condition is not None:
            holds = self.literal_or(condition.Not(), holds)
        self.cost_const += coef
        self._add_cost(-coef, holds)

    def literal_or(self, a, b):
        either = self.model.new_bool_var("")
        self.model.add_bool_or([a, b]).only_enforce_if(either)
        self.model.add_bool_and([a.Not(), b.Not()]).only_enforce_if(either.Not())
        return either

    def _deviation(self, per_unit: int, cmp: gm.Cmp, condition, c) -> None:
        difference = gm.Lin(cmp.lhs.terms + tuple((-a, v) for a, v in cmp.rhs.terms),
                            cmp.lhs.const - cmp.rhs.const)
        low, high = lin_range(difference)
        # each part: the miss is max(0, sign × difference + extra), at most top
        match cmp.op:
            case "<=":
                parts = [(1, 0, high)]
            case "<":
                parts = [(1, 1, high + 1)]
            case ">=":
                parts = [(-1, 0, -low)]
            case ">":
                parts = [(-1, 1, -low + 1)]
            case _:  # "=": both directions count
                parts = [(1, 0, high), (-1, 0, -low)]
        d = None
        for sign, extra, top in parts:
            if top <= 0:
                continue  # it never misses that way
            if condition is None and per_unit >= 0:  # the commonest: written directly
                slack = self._slack_at_least(difference, sign, extra, top)
            else:
                if d is None:
                    d = self.lin(difference)
                expr = (d if sign > 0 else -d) + extra if extra else (d if sign > 0 else -d)
                slack = self._positive_part(expr, top, condition, per_unit < 0)
            self._add_cost(per_unit, slack)

    def _slack_at_least(self, lin: gm.Lin, sign: int, extra: int, top: int):
        """A new integer variable in [0, top] at least sign × lin + extra: what
        `_positive_part` makes without a condition, when not exact, as cp_model
        writes `slack >= expr` (slack − sign × Σ terms ≥ sign × const + extra)."""
        proto = self.model.proto
        slack = len(proto.variables)
        proto.variables.add().domain.extend((0, top))
        terms: dict[int, int] = {}
        for a, v in lin.terms:
            terms[v] = terms.get(v, 0) - sign * a
        terms[slack] = terms.get(slack, 0) + 1
        self._linear_into(self._proto_constraints.add(), terms,
                          sign * lin.const + extra, INT_MAX)
        return self.x[slack]

    def _positive_part(self, expr, top: int, condition, exact: bool):
        """A variable that is max(0, expr) when `condition` holds (None: always) and
        0 otherwise — at least that, when not `exact` (see the module docstring)."""
        m = self.model
        slack = m.new_int_var(0, top, "")
        if not exact:
            bound = m.add(slack >= expr)
            if condition is not None:
                bound.only_enforce_if(condition)
            return slack
        value = m.new_int_var(0, top, "")
        m.add_max_equality(value, [expr, 0])
        if condition is None:
            return value
        m.add(slack == value).only_enforce_if(condition)
        m.add(slack == 0).only_enforce_if(condition.Not())
        return slack

    def _value(self, per_unit: int, lin: gm.Lin, condition) -> None:
        if condition is None:
            for a, v in lin.terms:
                self._add_cost(per_unit * a, self.x[v])
            self.cost_const += per_unit * lin.const
            return
        for a, v in lin.terms:
            self._add_cost(per_unit * a, self._both(condition, self.x[v]))
        self._add_cost(per_unit * lin.const, condition)

    def _spread(self, per_unit: int, terms: tuple[gm.Lin, ...], condition) -> None:
        if per_unit == 0 or len(terms) < 2:
            return
        m = self.model
        ranges = [lin_range(t) for t in terms]
        low, high = min(lo for lo, _ in ranges), max(hi for _, hi in ranges)
        exprs = [self.lin(t) for t in terms]
        top = m.new_int_var(low, high, "")
        bottom = m.new_int_var(low, high, "")
        exact = per_unit < 0
        if exact:
            m.add_max_equality(top, exprs)
            m.add_min_equality(bottom, exprs)
        else:
            for e in exprs:
                m.add(top >= e)
                m.add(bottom <= e)
        spread = top - bottom
        if condition is not None:
            spread = self._positive_part(spread, high - low, condition, exact)
            self._add_cost(per_unit, spread)
            return
        self._add_cost(per_unit, top)
        self._add_cost(-per_unit, bottom)


def _at_most_ones(ground: gm.GroundModel, ones: list[int]) -> dict[int, int]:
    """Slot → the index of the first hard, unguarded at-most-one (or exactly-one) it is
    in, for the auxiliaries' definitions (`ones`: their indices, in order; filled
    from the last, so that the first one stays)."""
    amo_of: dict[int, int] = {}
    constraints = ground.constraints
    for index in reversed(ones):
        amo_of.update(zip([v for _, v in constraints[index].formula.lhs.terms],
                          repeat(index)))
    return amo_of


def _unit_sum_at_most_one(f: gm.Formula, *, exact: bool = False) -> tuple[int, ...] | None:
    """The variables of `Σ x ≤ 1` (with `exact`, `Σ x = 1`), every coefficient 1 and
    each variable once; None for any other formula."""
    if not isinstance(f, gm.Cmp) or f.rhs.terms or f.lhs.const:
        return None
    if f.op not in (("=", "==") if exact else ("<=",)) or f.rhs.const != 1:
        return None
    if any(c != 1 for c, _ in f.lhs.terms) or len(f.lhs.terms) < 2:
        return None
    variables = tuple(v for _, v in f.lhs.terms)
    return variables if len(set(variables)) == len(variables) else None


def _negation(f: gm.Formula) -> gm.Formula:
    """`not f`, pushed one level in (so `post` can write it without reifying)."""
    match f:
        case gm.Not(operand):
            return operand
        case gm.And(items):
            return gm.Or(tuple(gm.Not(i) for i in items))
        case gm.Or(items):
            return gm.And(tuple(gm.Not(i) for i in items))
        case gm.Cmp():
            return gm.Cmp(f.lhs, NEGATION[f.op], f.rhs, f.scale, f.unit, f.what)
        case gm.Const(value):
            return gm.Const(not value)
    return gm.Not(f)
