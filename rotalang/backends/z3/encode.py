"""The Z3 encoding of a ground model, built once and reused by check, solve and the
large-neighbourhood search.

- one `z3.Bool` per variable of the ground model: slots first, then auxiliaries, each
  auxiliary defined as the disjunction of its `AuxDef` (so it is a definition, never a
  source of conflict);
- every formula translated leaf by leaf: `Cmp` becomes a cardinality or
  pseudo-Boolean constraint (`pb.py`), never integer arithmetic;
- hard instances (rules of kind "hard" and "structure") and assertion instances kept
  one Z3 expression per ground constraint, grouped by rule, so that callers can track
  them with assumption literals (conflict explanation) or assert them all (solving);
- soft instances turned into an exact integer cost (`cost.py`).

Facts-only instances are not encoded as hard constraints: they do not depend on the
roster, and `check` lists each violator instead (`facts_violations`).

Building is linear in the size of the ground model. An encoding built with
`text=True` holds the same terms as SMT-LIB text (see `terms.py`), for solvers that
`assert_model` fills in one parse: the search's steps.
"""

from __future__ import annotations

import weakref
from typing import Iterable

import attrs
import z3

from rotalang.backends.z3 import terms
from rotalang.backends.z3.cost import CostBuilder
from rotalang.backends.z3.linear import Literal
from rotalang.backends.z3.translate import Translator
from rotalang.ground import model as gm


@attrs.frozen
class Instance:
    """One encoded ground constraint: its index in `GroundModel.constraints`, its
    rule's index, and the Z3 formula that holds when the instance does."""

    constraint: int
    rule: int
    expr: z3.BoolRef = attrs.field(eq=False)


class Encoding(Translator):
    """The encoding of one ground model. Read `hard`, `assertions`, `cost`; build
    solvers with `solver()`; fix slots with `fixing()`; read rosters with
    `true_vars()`.

    A text encoding (`text=True`) builds SMT-LIB that `assert_model` hands to Z3 in one
    parse: for the search's steps, whose small models are encoded once and solved for
    a fraction of a second. Its terms are strings, so only a solver it fills itself
    can use them: `assert_model`, `guarded`, `true_vars`."""

    def __init__(self, model: gm.GroundModel, *, text: bool = False,
                 factor: int | None = None):
        """`factor`: the objective's (`ground.objective`), when it is not the model's
        own (a restricted model costed in the whole model's units)."""
        super().__init__(model, text=text)
        # a text encoding's guarded literals, per solver: name → the term it implies
        self._guards: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._decls: list | None = None  # the slots' declarations, for `true_vars`
        self._slot_consts: list | None = None  # a text encoding's slots as Z3 constants
        # The auxiliaries' definitions (always asserted); the cost indicators' are in
        # `cost_definitions` (asserted when a solver needs the cost).
        self.definitions: list[z3.BoolRef] = []
        self.hard: list[Instance] = []
        self.assertions: list[Instance] = []
        self.facts_violations: list[int] = []  # constraint indices
        for aux in model.aux:
            inputs = [self.vars[v] for v in aux.of]
            joined = terms.conj(inputs) if aux.conjunction else terms.disj(inputs)
            self.definitions.append(terms.iff(self.vars[aux.var], joined))
        rules = model.rules
        costs = CostBuilder(self, factor)
        for index, c in enumerate(model.constraints):
            rule = rules[c.rule]
            if c.measure is not gm.Measure.HARD:
                costs.add(c)
                continue
            if rule.facts_only:
                if c.formula == gm.Const(False):
                    self.facts_violations.append(index)
                continue
            expr = self.formula(c.formula)
            if c.guard is not None:
                expr = terms.implies(self.formula(c.guard), expr)
            target = self.assertions if rule.kind is gm.RuleKind.ASSERT else self.hard
            expr = terms.to_text(expr) if text else terms.to_z3(expr, self.ctx)
            target.append(Instance(index, c.rule, expr))
        self.cost = costs.finish()

    # ------------------------------------------------------------------ solvers

    def hard_by_rule(self) -> dict[int, list[Instance]]:
        """Hard and structural instances grouped by rule, in rule order."""
        groups: dict[int, list[Instance]] = {}
        for inst in self.hard:
            groups.setdefault(inst.rule, []).append(inst)
        return dict(sorted(groups.items()))

    def assertions_by_rule(self) -> dict[int, list[Instance]]:
        groups: dict[int, list[Instance]] = {}
        for inst in self.assertions:
            groups.setdefault(inst.rule, []).append(inst)
        return dict(sorted(groups.items()))

    def solver(self, *, seed: int = 0, timeout: float | None = None, hard: bool = True,
               cost: bool = True, fixed: dict[int, bool] | None = None,
               counting: bool = False) -> z3.Solver:
        """A fresh solver holding the auxiliaries' definitions, (unless `hard=False`)
        every hard instance and (unless `cost=False`) the cost indicators' definitions,
        so that `self.cost.at_most(k)` can be added; `fixed` pins slots to values.
        Seeds and the timeout (seconds) are set.

        Z3's SMT core is used throughout. Its SAT core (logic QF_FD) is faster on some
        pure-cardinality models (0.08 s against 0.4 s for a first 30 × 28 × 3 roster)
        but unpredictable: > 30 s on the checkpoint example (SMT: 0.8 s), and slower
        still once the cost's reified indicators are added.

        `counting=True` gives that SAT core with cutting-plane style resolution of
        cardinality constraints (`sat.pb.resolve=cardinality`): it refutes
        pigeonhole-style counting (11 people, 10 one-person posts: 3 000 resource
        units against > 20 s for the SMT core) that plain clause learning cannot, and
        is hopeless on most rosters — so callers give it a small budget first."""
        if counting:
            s = z3.SolverFor("QF_FD", ctx=self.ctx)
            s.set("sat.pb.resolve", "cardinality")
        else:
            s = z3.Solver(ctx=self.ctx)
        configure(s, seed=seed, timeout=timeout)
        self.assert_model(s, cost=cost, hard=hard)
        if fixed:
            s.add(self.fixing(fixed))
        return s

    def assert_model(self, s, *, cost: bool = True, hard: bool = True) -> None:
        """Add to `s` the auxiliaries' definitions, (unless `cost=False`) the cost
        indicators' and (unless `hard=False`) every hard instance."""
        if self.text:
            self._assert_text(s, cost=cost, hard=hard)
            return
        terms.assert_all(s, self.definitions)
        if cost:
            terms.assert_all(s, self.cost_definitions)
        if hard:
            terms.assert_all(s, (inst.expr for inst in self.hard))

    def _assert_text(self, s, *, cost: bool, hard: bool) -> None:
        names = self.vars + self._fresh_names
        parts = [f"(declare-const {name} Bool)" for name in names]
        exprs = list(self.definitions)
        if cost:
            exprs += self.cost_definitions
        if hard:
            exprs += [inst.expr for inst in self.hard]
        parts += [f"(assert {e})" for e in exprs]
        s.from_string("\n".join(parts))

    def guarded(self, s, name: str, term: terms.Term) -> z3.BoolRef:
        """A literal named `name` that implies `term` in `s`: assumed in a check, it
        adds `term` to that check only, and the solver keeps what it learnt. (For a
        text encoding, `s` must be a solver its `assert_model` filled.)"""
        if self.text:
            # Z3 refuses a second declaration of a name on the same solver: a name
            # asked for again with the same term is the same literal, with another
            # term it gets a suffix.
            text = terms.to_text(term)
            declared = self._guards.setdefault(s, {})
            base, suffix = name, 0
            while name in declared and declared[name] != text:
                suffix += 1
                name = f"{base}_{suffix}"
            literal = terms.bool_const(name, self.ctx, self._bool_sort)
            if name not in declared:
                s.from_string(f"(declare-const {name} Bool)\n(assert (=> {name} {text}))")
                declared[name] = text
            return literal
        literal = terms.bool_const(name, self.ctx, self._bool_sort)
        s.add(z3.Implies(literal, terms.to_z3(term, self.ctx)))
        return literal

    @property
    def boolean_only(self) -> bool:
        """True when the cost needs no integer variables (every amount is unary)."""
        return not self.cost.ints

    def fixing(self, fixed: dict[int, bool]) -> list[z3.BoolRef]:
        """Literals pinning each slot in `fixed` to its value: add them, or pass them to
        `check()` as assumptions (cheap to change between calls)."""
        return [self.vars[v] if value else self.literal(Literal(v, False))
                for v, value in sorted(fixed.items())]

    def true_vars(self, m: z3.ModelRef) -> tuple[int, ...]:
        """The slots a Z3 model sets to true (unconstrained slots count as false).

        Reads each slot's value straight from the model through the C API: evaluating
        every slot with `m.eval` was a tenth of a search step on a 30 × 28 × 4 roster
        (3 360 slots, 27 ms per model; this takes about 5 ms)."""
        ref, model = self.ctx.ref(), m.model
        true = []
        for i, decl in enumerate(self._slot_decls()):
            value = z3.Z3_model_get_const_interp(ref, model, decl)
            if value.value is not None and z3.Z3_get_bool_value(ref, value) == z3.Z3_L_TRUE:
                true.append(i)
        return tuple(true)

    def _slot_decls(self) -> list:
        """The slots' function declarations (C API handles), made once. They stay
        valid while `self.vars` holds the constants."""
        if self._decls is None:
            ref = self.ctx.ref()
            slots = self.vars[:len(self.model.slots)]
            if self.text:  # the constants Z3 parsed: the same name and sort
                self._slot_consts = slots = [terms.bool_const(name, self.ctx, self._bool_sort)
                                             for name in slots]
            self._decls = [z3.Z3_get_app_decl(ref, z3.Z3_to_app(ref, x.ast)) for x in slots]
        return self._decls

    def values(self, true_vars: Iterable[int]) -> dict[int, bool]:
        """Every slot's value for a roster given by its true slots."""
        on = set(true_vars)
        return {i: i in on for i in range(len(self.model.slots))}


def configure(s, *, seed: int = 0, timeout: float | None = None) -> None:
    """Seeds (determinism) and a timeout in seconds on a solver or optimizer."""
    z3.set_param("sat.random_seed", seed)
    z3.set_param("smt.random_seed", seed)
    s.set("random_seed", seed)
    if timeout is not None:
        s.set("timeout", max(1, int(timeout * 1000)))


def encode(model: gm.GroundModel) -> Encoding:
    return Encoding(model)
