"""A ground model with most of its roster fixed: the small model of what is left free.

Large-neighbourhood search frees a few slots of an incumbent roster and re-optimises
them. Handing the whole model to a solver with the other slots pinned makes every step
pay for the whole model; this module instead builds the *restricted* model — a
`GroundModel` of its own whose slots are the free slots only:

- every auxiliary that depends (through earlier auxiliaries) on a free slot is kept,
  with its fixed inputs replaced by their values (one fixed true input makes it a
  constant); every other variable is a constant;
- every constraint that mentions a free slot or a kept auxiliary is kept, partially
  evaluated: fixed atoms become constants, fixed terms of a comparison move into its
  constant. Constraints that mention none are left out: the incumbent decides them, and
  no roster of the free part changes them (their cost is the same on both sides).

So for any values of the free slots, a restricted instance holds (or costs) exactly what
the original instance does on the incumbent with those values; the cost of the whole
roster is the cost of the left-out instances, which does not change, plus the
restricted model's. `Restriction.lift` maps a roster of the restricted model back.

Nothing here depends on what the rules mean; it reads only the ground model.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import attrs

from rotalang.ground import model as gm
from rotalang.ground.compare import holds
from rotalang.ground.index import ModelIndex


@attrs.frozen
class Restriction:
    """The restricted model and how its variables map to the original model's."""

    model: gm.GroundModel
    original: tuple[int, ...]  # restricted var → original var (slots, then auxiliaries)
    constraints: tuple[int, ...]  # restricted constraint → original constraint index

    @property
    def free_slots(self) -> tuple[int, ...]:
        return self.original[:len(self.model.slots)]

    def restricted_true(self, true_vars: Iterable[int]) -> tuple[int, ...]:
        """The restricted model's true slots for an original roster."""
        position = {v: i for i, v in enumerate(self.free_slots)}
        return tuple(sorted(position[v] for v in true_vars if v in position))

    def lift(self, base: Iterable[int], restricted_true: Iterable[int]) -> tuple[int, ...]:
        """The original roster: `base`'s true slots outside the free part, and the
        restricted roster's inside it."""
        free = set(self.free_slots)
        kept = [v for v in base if v not in free]
        kept += [self.free_slots[i] for i in restricted_true]
        return tuple(sorted(kept))


class Restrictor:
    """Restricts one ground model, again and again, through its indexes (`ModelIndex`),
    so that each restriction only touches the part of the model near the free slots."""

    def __init__(self, model: gm.GroundModel, index: ModelIndex | None = None):
        self.model = model
        self.index = index or ModelIndex(model)
        self.aux_def = self.index.aux_def

    def restrict(self, free: Iterable[int], values: Sequence[bool], *,
                 hard_only: bool = False,
                 among: Sequence[int] | None = None) -> Restriction:
        """The model with every slot outside `free` (slot variables) fixed to its value
        in `values` (every variable's value on the incumbent, auxiliaries included).
        With `hard_only`, the soft instances are left out too: a model for a roster that
        meets the hard rules, at no cost. `among`: the constraints that can mention a
        free variable, where the caller knows them (every other one is left out),
        instead of the index's."""
        model = self.model
        free_slots = sorted(set(free))
        # Auxiliaries downstream of a free slot, in definition order (earlier first).
        touched_aux = self.index.downstream(free_slots)
        new_var: dict[int, int] = {v: i for i, v in enumerate(free_slots)}
        constant: dict[int, bool] = {}  # touched auxiliaries that the fixed part decides
        aux_defs = []
        original = list(free_slots)
        for a in sorted(touched_aux):
            definition = self.aux_def[a]
            # The input value that decides the auxiliary alone: true for an OR, false
            # for an AND. Fixed inputs with the other value drop out.
            deciding = not definition.conjunction
            inputs = []
            for v in definition.of:
                if v in new_var:
                    inputs.append(new_var[v])
                elif (constant[v] if v in constant else bool(values[v])) == deciding:
                    constant[a] = deciding  # a fixed input (or a decided aux) decides it
                    break
            else:
                if inputs:
                    new_var[a] = len(original)
                    aux_defs.append(gm.AuxDef(len(original), tuple(inputs), definition.label,
                                              definition.conjunction))
                    original.append(a)
                else:
                    constant[a] = not deciding

        def value_of(v: int) -> bool:
            return constant[v] if v in constant else bool(values[v])

        if among is not None:
            indices = among
        else:
            mentions = self.index.mentions
            indices = sorted({i for v in new_var for i in mentions[v]}
                             | {i for v in constant for i in mentions[v]})
        constraints = []
        kept = []
        for i in indices:
            c = model.constraints[i]
            if hard_only and c.measure is not gm.Measure.HARD:
                continue
            restricted = _restrict_constraint(c, new_var, value_of)
            if restricted is None:
                continue
            constraints.append(restricted)
            kept.append(i)
        slots = tuple(model.slots[v] for v in free_slots)
        sub = gm.GroundModel(
            people=model.people, days=model.days, shifts=model.shifts, posts=model.posts,
            slots=slots, aux=tuple(aux_defs), rules=model.rules,
            constraints=tuple(constraints),
            slot_index={(s.person, s.day, s.shift, s.post): i for i, s in enumerate(slots)})
        return Restriction(sub, tuple(original), tuple(kept))


# Restricting runs for every constraint near the free slots at every search step (on
# 30 × 28 × 4 rosters, about 2 000 constraints a step), so this part avoids needless
# allocation: the two constants are shared, and objects are rebuilt with their
# constructors, not `attrs.evolve` (which looks up the fields at each call).
TRUE, FALSE = gm.Const(True), gm.Const(False)


def _restrict_constraint(c: gm.GroundConstraint, new_var: dict[int, int],
                         value_of) -> gm.GroundConstraint | None:
    """The constraint over the restricted variables, or None when the fixed part alone
    decides it (a hard instance that holds or cannot apply, a soft one whose cost no
    longer depends on anything free)."""
    # A deviation's amount is read from its comparison, so that comparison must stay a
    # comparison even when it has no free term left; elsewhere only truth matters.
    keep_cmp = c.measure is gm.Measure.DEVIATION
    formula = _formula(c.formula, new_var, value_of, keep_cmp)
    guard = None if c.guard is None else _formula(c.guard, new_var, value_of, False)
    terms = tuple(_lin(t, new_var, value_of) for t in c.terms)
    if guard is FALSE:
        return None  # the instance does not apply, whatever the free part does
    if guard is TRUE:
        guard = None
    if c.measure is gm.Measure.HARD and formula is TRUE:
        return None
    if c.measure is gm.Measure.HARD and guard is None and formula is FALSE:
        # Only when the fixed part breaks a hard rule (an incumbent never does): keep
        # it, so that the restricted model is unsatisfiable rather than wrong.
        return _with_parts(c, formula, None, c.terms)
    if (not _has_vars(formula) and (guard is None or not _has_vars(guard))
            and all(not t.terms for t in terms)):
        return None  # constant cost
    return _with_parts(c, formula, guard, terms)


def _with_parts(c: gm.GroundConstraint, formula, guard, terms) -> gm.GroundConstraint:
    """`c` with another formula, guard and terms (every other field kept)."""
    return gm.GroundConstraint(rule=c.rule, binding=c.binding, measure=c.measure,
                               formula=formula, weight=c.weight, guard=guard, terms=terms,
                               scale=c.scale)


def _has_vars(f: gm.Formula) -> bool:
    match f:
        case gm.Atom():
            return True
        case gm.Not(operand):
            return _has_vars(operand)
        case gm.And(items) | gm.Or(items):
            return any(_has_vars(x) for x in items)
        case gm.Cmp():
            return bool(f.lhs.terms or f.rhs.terms)
    return False


def _lin(lin: gm.Lin, new_var: dict[int, int], value_of) -> gm.Lin:
    terms = []
    const = lin.const
    free = new_var.get
    for coef, v in lin.terms:
        w = free(v)
        if w is not None:
            terms.append((coef, w))
        elif value_of(v):
            const += coef
    return gm.Lin(tuple(terms), const)


def _formula(f: gm.Formula, new_var: dict[int, int], value_of, keep_cmp: bool) -> gm.Formula:
    match f:
        case gm.Atom(var):
            w = new_var.get(var)
            if w is not None:
                return gm.Atom(w)
            return TRUE if value_of(var) else FALSE
        case gm.Const(value):
            return TRUE if value else FALSE
        case gm.Not(operand):
            inner = _formula(operand, new_var, value_of, False)
            if isinstance(inner, gm.Const):
                return FALSE if inner.value else TRUE
            return gm.Not(inner)
        case gm.And(items):
            return _junction(gm.And, (_formula(x, new_var, value_of, keep_cmp) for x in items),
                             absorbing=False)
        case gm.Or(items):
            return _junction(gm.Or, (_formula(x, new_var, value_of, keep_cmp) for x in items),
                             absorbing=True)
        case gm.Cmp():
            lhs = _lin(f.lhs, new_var, value_of)
            rhs = _lin(f.rhs, new_var, value_of)
            if not keep_cmp and not lhs.terms and not rhs.terms:
                return TRUE if holds(f.op, lhs.const, rhs.const) else FALSE
            return gm.Cmp(lhs=lhs, op=f.op, rhs=rhs, scale=f.scale, unit=f.unit, what=f.what)
    raise TypeError(f"not a ground formula: {f!r}")


def _junction(build, items, *, absorbing: bool) -> gm.Formula:
    """An And (`absorbing=False`: one false item decides it) or an Or (`True`) of
    restricted items: constants dropped or deciding, a single item unwrapped."""
    parts = []
    for y in items:
        if isinstance(y, gm.Const):
            if y.value == absorbing:
                return y
            continue  # the neutral value drops out
        parts.append(y)
    if not parts:
        return FALSE if absorbing else TRUE
    return parts[0] if len(parts) == 1 else build(tuple(parts))
