"""Large-neighbourhood search with Z3 as the sub-solver: good rosters fast on big models.

Plain `Optimize` on a whole roster stalls far from the optimum on real instances. This
search keeps an incumbent roster and repeatedly

1. frees a *neighbourhood* of assignment cells (a person on a day, every shift/post of
   it): a window of consecutive days for everyone, two or three separate windows for
   everyone, a group of people over every day, a group of people over a window,
   scattered cells, or the cells of the soft instances that cost the incumbent
   something, widened to a few neighbouring days;
2. fixes every other slot to its incumbent value and re-optimises the free part
   (`subsolve.improve_part`): the restricted model of the neighbourhood gets a solver
   of its own, so a step costs in proportion to the neighbourhood, not to the roster;
   Z3 descends from the incumbent's cost until it proves the neighbourhood holds
   nothing cheaper or the step's short time limit runs out;
3. keeps improvements and reports each through `on_improvement`, and moves sideways
   (to another roster at the same cost) when a neighbourhood holds nothing cheaper;
4. walks when stalled: after `WALK_AFTER` steps without a new best roster, such a
   step may move to a roster up to one unit of the heaviest soft rule dearer, so the
   search can cross the ridge around a basin that no neighbourhood small enough for a
   step spans (on the Curtois instances, the weekends arranged one way rather than
   another). The best roster is what is kept and reported; the search starts from it
   again after `WALK_BACK` steps without a new best, and for the last stretch of the
   time.

Neighbourhood kinds are chosen mostly in proportion to what they gained per second
lately (and a fifth of the time uniformly), and each kind's size adapts: it grows when
its sub-problems are exhausted quickly (too easy) and shrinks when they time out (too
hard). Now and then the whole model, held by one solver for the whole search, is
freed with the current bound: if that is unsat, the incumbent is proved optimal.

`Search.run(polish=True)` also hill-climbs in plain Python (`LocalSearch`: cell
changes and same-day swaps, evaluated incrementally) after each Z3 improvement. It is
off by default: on 16 × 28 × 2 and 20 × 28 × 3 rosters at 25 s, the search without it
reached 1504 and 3072, with it 2169 and 3554 — the Python time is better spent in Z3.

Everything works on the generic ground model (cells are (person, day) pairs read from
`GroundModel.slots`); nothing depends on what the rules mean. Given the seed, the
sequence of neighbourhoods is deterministic (`random.Random(seed)`); only the time
limits can make two runs differ.
"""

from __future__ import annotations

import random
import time
from fractions import Fraction
from typing import Callable, Iterable

import attrs
import z3

from rotalang.backends.z3 import ground_eval, subsolve
from rotalang.backends.z3.budget import check_within
from rotalang.backends.z3.encode import Encoding, configure
from rotalang.ground import model as gm
from rotalang.ground.restrict import Restrictor, constraint_vars


@attrs.frozen
class SearchResult:
    """The best roster found: its true slots, its integer cost (encoding units, divide
    by `encoding.cost.factor` for the author's units), and whether it is proved optimal."""

    true_vars: tuple[int, ...] | None
    cost: int | None
    optimal: bool
    infeasible: bool = False
    lower_bound: int | None = None
    iterations: int = 0


# (integer cost, true slots, seconds since start) for each improvement
OnImprovement = Callable[[int, tuple[int, ...], float], None]


@attrs.define
class _Kind:
    """One neighbourhood kind with its adaptive size and its recent record: what it
    gained and the time it took, both fading by `FADE` at each of its tries, so that
    the choice follows what pays now (windows early, people later)."""

    name: str
    size: float  # fraction of the model's cells to free
    tries: int = 0
    wins: int = 0
    gain: float = 0.0
    time: float = 0.0

    def record(self, gain: int, took: float) -> None:
        self.tries += 1
        self.wins += gain > 0
        self.gain = self.gain * FADE + gain
        self.time = self.time * FADE + took

    def rate(self) -> float | None:
        """Cost gained per second lately, None before the first try."""
        return self.gain / max(self.time, 1e-3) if self.tries else None


FADE = 0.9
EXPLORE = 0.2  # share of the choices made uniformly, so no kind is starved for good
POLISH_LIMIT = 0.5  # seconds of hill climbing after each Z3 improvement, at most
FIRST_POLISH_SHARE = 0.1  # of the time, at most, for climbing from the first roster
MIN_FRACTION = 0.02
# Seconds per step at most. With sizes adapting to it, shorter steps mean smaller
# neighbourhoods and more of them: on a 20 × 28 × 3 instance at 40 s, 1 s per step
# reached 1490, 0.5 s 1196, 0.25 s 1308 (one run each; docs/benchmarks.md).
SUB_LIMIT = 0.5
# Seconds left, at least, for starting a peer search in a second process: starting
# one (a fresh interpreter, the model pickled, its own encoding) takes about a second.
PEER_MIN_TIME = 5.0
MAX_FRACTION = 0.6
# Walking (`Search.step`): after WALK_AFTER steps without a new best roster, a step
# that finds nothing cheaper may move to a roster up to `walk` dearer, never more than
# WALK_SPAN × `walk` above the best; after WALK_BACK steps without a new best, and
# for the last (1 − WALK_END) of the time, the search starts from the best again.
# Curtois instances 5, 6, 8, seeds 0–5, 60 s, both cores: mean 1248 / 2193 / 1874
# walking against 1293 / 2240 / 2004 without (docs/benchmarks.md).
WALK_AFTER = 10
WALK_BACK = 30
WALK_SPAN = 2
WALK_END = 0.8


def first_roster(enc: Encoding, *, seed: int = 0, timeout: float | None = None,
                 rlimit: int | None = None) -> tuple[int, ...] | None | str:
    """A roster that meets every hard rule, ignoring costs: the hard rules and the
    auxiliaries' definitions only, without the cost indicators, which makes this much
    faster than a solver that carries the whole cost. Returns the true slots, None if
    the hard rules are unsatisfiable, or "unknown" on timeout or when `rlimit` (Z3's
    deterministic resource units) runs out — a work bound gives the same answer on any
    machine, which a wall-clock bound does not."""
    # Cardinality constraints as clauses: measured on 30 × 28 × 4 rosters, Z3's native
    # cardinality propagator has heavy-tailed run times (4 s to > 60 s by seed), the
    # clausal form finds a roster in 1–4 s for every seed tried. (The option only takes
    # effect when set before the constraints are added.)
    s = z3.SolverFor("QF_FD", ctx=enc.ctx)
    configure(s, seed=seed)
    _clausal(s)
    enc.assert_model(s, cost=False)
    result = check_within(s, timeout, rlimit=rlimit)
    if result == z3.sat:
        return enc.true_vars(s.model())
    return None if result == z3.unsat else "unknown"


def _clausal(s) -> None:
    try:
        s.set("cardinality.solver", False)
    except z3.Z3Exception:  # not a SAT-core solver: nothing to tune
        pass


def lns_solver(enc: Encoding, seed: int, kind: str) -> z3.Solver:
    """The solver that holds the whole model with its cost for the search: the SMT
    core ("smt", whose PB theory handles the cost's indicators) or the SAT core with
    clausal cardinalities ("sat")."""
    if kind == "smt":
        return enc.solver(seed=seed, cost=True)
    s = z3.SolverFor("QF_FD", ctx=enc.ctx)
    configure(s, seed=seed)
    _clausal(s)
    enc.assert_model(s)
    return s


class Search:
    """The search state: one Z3 solver holding the whole model, the incumbent, and the
    neighbourhood kinds. `run` drives it until the deadline."""

    def __init__(self, enc: Encoding, *, seed: int = 0,
                 on_improvement: OnImprovement | None = None, start: float | None = None,
                 solver: str = "smt"):
        self.enc = enc
        self.rng = random.Random(seed)
        self.seed = seed
        self.on_improvement = on_improvement
        self.start = time.monotonic() if start is None else start
        self.solver_kind = solver
        self.sub_limit = SUB_LIMIT
        self.solver: z3.Solver | None = None
        self.restrictor = Restrictor(enc.model)
        self.values: list[bool] = []  # every variable's value on the incumbent
        model = enc.model
        self.n_slots = len(model.slots)
        # Cells: (person, day) → slot variables. A static plan has one cell per person.
        cells: dict[tuple[int, int | None], list[int]] = {}
        for var, slot in enumerate(model.slots):
            cells.setdefault((slot.person, slot.day), []).append(var)
        self.cells = cells
        self.people = sorted({p for p, _ in cells})
        self.days = sorted({d for _, d in cells if d is not None})
        kinds = [_Kind("people", 0.15), _Kind("cells", 0.1), _Kind("costly", 0.1)]
        if len(self.days) > 1:
            kinds[:0] = [_Kind("days", 0.2), _Kind("windows", 0.2),
                         _Kind("people_days", 0.3)]
        self.kinds = kinds
        self.best: tuple[int, ...] | None = None
        self.best_cost: int | None = None
        # Where the steps start from: the best roster, or (walking) one a little worse.
        self.current: tuple[int, ...] | None = None
        self.current_cost: int | None = None
        # How much dearer a walking step may leave the roster: one unit of the
        # heaviest soft rule (encoding units; 0 turns walking off).
        self.walk = enc.cost.heaviest_unit()
        self.stalled = 0  # steps since the best roster last improved
        self.walk_until = float("inf")  # time.monotonic() after which no walking
        self.optimal = False
        self.iterations = 0
        self._bounds: dict[int, z3.BoolRef] = {}
        self.local: LocalSearch | None = None
        self.first_drop = 4  # ask first for cost ≤ best − best/first_drop (0: best − 1)
        self._local_of: tuple[int, ...] | None = None  # the roster `local` holds

    # ------------------------------------------------------------- bookkeeping

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def cost_of(self, m: z3.ModelRef) -> int:
        cost = self.enc.cost
        total = cost.const
        for coef, lit in cost.pairs:
            if z3.is_true(m.eval(lit, model_completion=True)):
                total += coef
        for coef, term in cost.ints:
            total += coef * m.eval(term, model_completion=True).as_long()
        return total

    def accept(self, m: z3.ModelRef) -> None:
        true_vars = self.enc.true_vars(m)
        cost = self.cost_of(m)
        if self.best_cost is not None and cost >= self.best_cost:
            return
        self.take(true_vars, cost)

    def take(self, true_vars: tuple[int, ...], cost: int, *, report: bool = True) -> None:
        """Make a roster the best one, and the steps' starting point, and (unless
        `report=False`) report it."""
        self.best, self.best_cost = true_vars, cost
        self.current, self.current_cost = true_vars, cost
        self.values = ground_eval.assignment(self.enc.model, true_vars)
        self.stalled = 0
        if report and self.on_improvement is not None:
            self.on_improvement(cost, true_vars, self.elapsed())

    def move(self, true_vars: tuple[int, ...], cost: int, *, report: bool) -> None:
        """Continue from `true_vars`; it becomes the best roster if it is cheaper."""
        if cost < self.best_cost:
            self.take(true_vars, cost, report=report)
            return
        self.current, self.current_cost = true_vars, cost
        self.values = ground_eval.assignment(self.enc.model, true_vars)

    def adopt(self, true_vars: tuple[int, ...], cost: int) -> None:
        """Continue from another search's roster if it is cheaper (not reported: it
        was found elsewhere)."""
        if cost < self.best_cost:
            self.take(tuple(true_vars), cost, report=False)

    def set_incumbent(self, true_vars: Iterable[int]) -> None:
        """Start from a given roster (it must meet the hard rules). Its cost comes from
        the plain-Python evaluation of the ground model, which the encoding's cost
        matches term by term: asking Z3 instead costs seconds on big models."""
        true_vars = tuple(sorted(true_vars))
        values = ground_eval.assignment(self.enc.model, true_vars)
        cost, _ = ground_eval.breakdown(self.enc.model, values)
        scaled = cost * self.enc.cost.factor
        assert scaled.denominator == 1, "the cost factor clears every denominator"
        self.take(true_vars, int(scaled))

    # ------------------------------------------------------------- neighbourhoods

    def pick_kind(self) -> _Kind:
        """A kind untried yet, else (mostly) in proportion to its recent gain rate."""
        untried = [k for k in self.kinds if not k.tries]
        if untried:
            return untried[0]
        rates = [k.rate() for k in self.kinds]
        if self.rng.random() < EXPLORE or not any(rates):
            return self.rng.choice(self.kinds)
        return self.rng.choices(self.kinds, weights=rates)[0]

    def neighbourhood(self, kind: _Kind) -> set[tuple[int, int | None]]:
        rng = self.rng
        n_cells = len(self.cells)
        target = max(1, round(kind.size * n_cells))
        people, days = self.people, self.days
        if kind.name == "costly":
            return self.costly_neighbourhood(target)
        if kind.name == "days":
            width = max(1, min(len(days), round(target / max(1, len(people)))))
            first = rng.randrange(len(days) - width + 1)
            window = set(days[first:first + width])
            return {c for c in self.cells if c[1] in window}
        if kind.name == "windows":
            width = max(2, min(len(days), round(target / max(1, len(people)))))
            window = self.separate_windows(width)
            return {c for c in self.cells if c[1] in window}
        if kind.name == "people":
            per_person = max(1, n_cells // max(1, len(people)))
            k = max(1, min(len(people), round(target / per_person)))
            group = set(rng.sample(people, k))
            return {c for c in self.cells if c[0] in group}
        if kind.name == "people_days":
            # About half the people over about half the days, sized to the target.
            share = min(1.0, (target / n_cells) ** 0.5)
            k = max(1, min(len(people), round(share * len(people))))
            width = max(1, min(len(days), round(share * len(days))))
            group = set(rng.sample(people, k))
            first = rng.randrange(len(days) - width + 1)
            window = set(days[first:first + width])
            return {c for c in self.cells if c[0] in group and c[1] in window}
        keys = sorted(self.cells)
        return set(rng.sample(keys, min(target, len(keys))))

    def separate_windows(self, width: int) -> set:
        """Days in two or three runs of consecutive days, `width` days in all, with a
        day at least between runs. Freeing them for everyone lets work move between
        far-apart days at once — a weekend given up for another weekend, a shift
        dropped here to cover a short day there — which one window cannot express
        when the rules tie each person's days together (limits over the horizon)."""
        rng, days = self.rng, self.days
        runs = rng.choice((2, 3))
        length = max(1, width // runs)
        taken: set[int] = set()
        for _ in range(runs):
            starts = [k for k in range(len(days) - length + 1)
                      if not taken & set(range(k - 1, k + length + 1))]
            if not starts:
                break
            first = rng.choice(starts)
            taken.update(range(first, first + length))
        return {days[k] for k in taken}

    def costly_neighbourhood(self, target: int) -> set:
        """The cells of soft instances that cost something on the incumbent (drawn in
        proportion to their cost), each widened to its people's neighbouring days so
        that sequences around it can change too: where the cost is, not anywhere."""
        local = self.synced_local()
        costly = [(c, i) for i, c in enumerate(local.inst_cost) if c > 0 and local.cells_of[i]]
        if not costly:
            return set()
        rng = self.rng
        free: set = set()
        weights = [c for c, _ in costly]
        day_pos = {d: k for k, d in enumerate(self.days)}
        for _ in range(4 * target):
            if len(free) >= target:
                break
            _, i = rng.choices(costly, weights=weights)[0]
            reach = rng.randrange(0, 4)
            for person, day in local.cells_of[i]:
                if day is None or not self.days:
                    free.add((person, day))
                    continue
                k = day_pos[day]
                for d in self.days[max(0, k - reach):k + reach + 1]:
                    if (person, d) in self.cells:
                        free.add((person, d))
        return free

    def synced_local(self) -> "LocalSearch":
        """The local search loaded with the incumbent (reloaded when it changed)."""
        if self.local is None:
            self.local = LocalSearch(self.enc, self.cells, random.Random(self.seed))
        if self._local_of is not self.current:
            self.local.load(self.current)
            self._local_of = self.current
        return self.local

    def free_slots(self, free: set) -> list[int]:
        return [v for cell in free for v in self.cells.get(cell, ())]

    # ------------------------------------------------------------- sub-solving

    def descend(self, assumptions: list[z3.BoolRef], time_limit: float) -> tuple[bool, bool]:
        """Linear descent on the whole model's solver (used to prove the incumbent
        optimal): (improved, exhausted). Exhausted means Z3 proved that no cheaper
        roster exists."""
        s = self.whole_solver()
        deadline = time.monotonic() + time_limit
        improved = False
        # Ask for a big drop first and narrow it when Z3 says there is none: far
        # fewer checks than lowering the bound by one unit at a time.
        delta = max(1, self.best_cost // self.first_drop) if self.first_drop else 1
        while True:
            left = deadline - time.monotonic()
            if left <= 0.01:
                return improved, False
            target = max(0, self.best_cost - delta)
            result = check_within(s, left, *assumptions, self.bound_literal(target))
            if result == z3.sat:
                self.accept(s.model())
                improved = True
                if self.best_cost <= 0:
                    return improved, True
            elif result == z3.unsat:
                if delta == 1:
                    return improved, True
                delta = max(1, delta // 4)
            else:
                return improved, False

    def whole_solver(self) -> z3.Solver:
        """The solver holding the whole model with its cost, built when first needed
        (steps solve restricted models of their own)."""
        if self.solver is None:
            self.solver = lns_solver(self.enc, self.seed, self.solver_kind)
        return self.solver

    def bound_literal(self, k: int) -> z3.BoolRef:
        """A literal that, assumed, bounds the cost by k: added once per bound, so the
        solver keeps what it learnt (no push/pop, which makes Z3 start afresh)."""
        lit = self._bounds.get(k)
        if lit is None:
            lit = self._bounds[k] = subsolve.cost_bound(self.whole_solver(), self.enc, k)
        return lit

    def try_whole(self, time_limit: float) -> None:
        """Free everything: an improvement, or a proof that the incumbent is optimal."""
        improved, exhausted = self.descend([], time_limit)
        if exhausted:
            self.optimal = True

    def step(self, time_limit: float) -> None:
        """Re-optimise one neighbourhood of the current roster. A search stalled for
        WALK_AFTER steps walks: a neighbourhood holding nothing cheaper may leave the
        roster up to `walk` dearer, so the next steps explore past the ridge that keeps
        it in its basin; the best roster stays what is kept and reported."""
        late = time.monotonic() >= self.walk_until
        if self.current_cost > self.best_cost and (self.stalled >= WALK_BACK or late):
            self.move(self.best, self.best_cost, report=False)  # the walk led nowhere
            self.stalled = 0
        kind = self.pick_kind()
        free = self.neighbourhood(kind)
        t0 = time.monotonic()
        walking = (self.walk and self.stalled >= WALK_AFTER and not late
                   and self.current_cost + self.walk <= self.best_cost + WALK_SPAN * self.walk)
        allowance = Fraction(self.walk if walking else 0, self.enc.cost.factor)
        outcome = subsolve.improve_part(
            self.restrictor, self.current, self.values, self.free_slots(free),
            seed=self.seed + self.iterations, time_limit=time_limit, allowance=allowance)
        took = time.monotonic() - t0
        moved = outcome.true_vars is not None
        gain = outcome.gain * self.enc.cost.factor
        assert gain.denominator == 1, "the cost factor clears every denominator"
        kind.record(max(0, int(gain)), took)
        improved = gain > 0
        self.stalled += 1
        if moved:  # reported only if cheaper than the best roster
            self.move(outcome.true_vars, self.current_cost - int(gain), report=True)
        # Adapt the size: exhausted quickly → the neighbourhood was too easy; timed out
        # without finishing → too hard.
        if outcome.exhausted and took < time_limit / 2:
            kind.size = min(MAX_FRACTION, kind.size * 1.15)
        elif not outcome.exhausted and not improved:  # a step still improving when time
            kind.size = max(MIN_FRACTION, kind.size * 0.8)  # ran out was not too hard
        self.iterations += 1

    def run(self, deadline: float, *, whole_every: int = 25, whole_limit: float = 1.0,
            should_stop: Callable[[], bool] | None = None, polish: bool = False,
            workers: int = 1) -> None:
        """Improve until `deadline` (time.monotonic()) or proved optimal. The whole
        model is tried first with a short limit, so small models get proved optimal at
        once; each time a whole attempt runs out of time, the next one gets twice the
        time and waits four times as many steps, so its share of the time halves: on
        big models, where it never finishes, it cost a tenth of every minute.

        With `workers` > 1 and at least `PEER_MIN_TIME` left after that first attempt,
        a peer search runs in a second process (`parallel.Peer`) and the two share
        their best rosters between steps."""
        if self.best_cost is None:
            return
        next_whole, interval, limit = 0, whole_every, whole_limit
        now = time.monotonic()
        self.walk_until = now + WALK_END * (deadline - now)
        step = 0
        peer = None
        if polish:
            # Try the whole model once first (small models are proved optimal at
            # once), then climb from the first roster: far cheaper than Z3 steps.
            self.try_whole(min(deadline - time.monotonic(), limit))
            next_whole, step = interval, 1
            if not self.optimal:
                left = deadline - time.monotonic()
                self.polish(time.monotonic() + left * FIRST_POLISH_SHARE)
        try:
            while not self.optimal and self.best_cost > 0:
                left = deadline - time.monotonic()
                if left <= 0.02 or (should_stop is not None and should_stop()):
                    return
                if peer is None and workers > 1 and step > 0 and left >= PEER_MIN_TIME:
                    from rotalang.backends.z3.parallel import start_peer

                    peer = start_peer(self.enc.model, self.best, seed=self.seed, time_limit=left)
                    workers = 1 if peer is None else workers  # no second attempt
                if peer is not None:
                    for cost, true_vars in peer.receive():
                        if cost < self.best_cost:
                            self.take(tuple(true_vars), cost)
                before = self.best_cost
                if step == next_whole:
                    t0 = time.monotonic()
                    self.try_whole(min(left, limit))
                    if not self.optimal and time.monotonic() - t0 >= min(left, limit) * 0.9:
                        interval, limit = interval * 4, limit * 2
                    next_whole = step + interval
                else:
                    self.step(min(left, self.sub_limit))
                    if polish and self.best_cost < before:
                        # A Z3 improvement opens new small moves: take them at once.
                        self.polish(time.monotonic() + min(left, POLISH_LIMIT))
                if peer is not None and self.best_cost < before:
                    peer.send(self.best_cost, self.best)
                step += 1
        finally:
            if peer is not None:
                for cost, true_vars in peer.receive():
                    if cost < self.best_cost:
                        self.take(tuple(true_vars), cost)
                peer.close()

    def polish(self, deadline: float) -> None:
        """Hill-climb from the incumbent in plain Python (`LocalSearch`) until a local
        optimum or `deadline`, and keep the result if it is cheaper."""
        local = self.synced_local()
        start_cost = sum(c for c in local.inst_cost if c > 0)
        if start_cost != self.current_cost:  # the evaluations disagree: trust Z3's
            return
        delta = local.climb(deadline, self.people, self.days)
        if delta < 0:
            self.move(local.true_vars(), start_cost + delta, report=True)
            self._local_of = self.current

    def result(self) -> SearchResult:
        return SearchResult(self.best, self.best_cost, self.optimal,
                            lower_bound=self.best_cost if self.optimal else None,
                            iterations=self.iterations)


def improve(enc: Encoding, incumbent: Iterable[int] | None = None, *, time_limit: float,
            seed: int = 0, on_improvement: OnImprovement | None = None,
            should_stop: Callable[[], bool] | None = None, workers: int = 1) -> SearchResult:
    """Find a good roster for the encoded model within `time_limit` seconds.

    `incumbent` (true slots of a roster meeting the hard rules) is the starting point;
    without it a first roster is found with the hard rules alone. Each better roster is
    reported through `on_improvement(cost, true_vars, elapsed)`; costs are integers in
    the encoding's units (`enc.cost.factor` per author's unit). `workers` > 1 lets a
    peer search run in a second process on long enough runs."""
    start = time.monotonic()
    deadline = start + time_limit
    search = Search(enc, seed=seed, on_improvement=on_improvement, start=start)
    if incumbent is None:
        first = first_roster(enc, seed=seed, timeout=max(0.1, time_limit))
        if first is None:
            return SearchResult(None, None, False, infeasible=True)
        if first == "unknown":
            return SearchResult(None, None, False)
        incumbent = first
    search.set_incumbent(incumbent)
    search.run(deadline, should_stop=should_stop, workers=workers)
    return search.result()


# ------------------------------------------------------------------ local search
#
# Between Z3 steps, a plain-Python hill climber polishes the incumbent with small
# moves that Z3 would need a whole sub-problem for: change one cell (a person's day:
# off, or one of its slots), or swap two people's cells on the same day. Each move is
# evaluated incrementally: only the instances that mention a changed variable (slots,
# and the auxiliaries defined from them) are re-evaluated, with `ground_eval`'s exact
# semantics, so the cost it reports is the ground model's own.


class LocalSearch:
    """Incremental evaluation of one roster of a ground model, and first-improvement
    hill climbing over cell moves. Works on any GroundModel: the moves only use the
    slots' (person, day) grouping, and the hard rules decide what is allowed."""

    def __init__(self, enc: Encoding, cells: dict, rng: random.Random):
        model = enc.model
        self.model = model
        self.factor = enc.cost.factor
        self.rng = rng
        self.cells = cells
        rules = model.rules
        self.soft: list[int] = []
        self.hard_kind: list[bool] = []
        watch: dict[int, list[int]] = {}
        for i, c in enumerate(model.constraints):
            rule = rules[c.rule]
            checked = c.measure != "hard" or (rule.kind in ("hard", "structure")
                                              and not rule.facts_only)
            self.hard_kind.append(c.measure == "hard")
            if not checked:
                continue
            for v in constraint_vars(c):
                watch.setdefault(v, []).append(i)
        self.watch = watch
        slot_cell = {var: (sl.person, sl.day) for var, sl in enumerate(model.slots)}
        aux_of = {aux.var: aux.of for aux in model.aux}

        def cells_of(vars_: Iterable[int]) -> set:
            out, todo, seen = set(), list(vars_), set()
            while todo:
                v = todo.pop()
                if v in seen:
                    continue
                seen.add(v)
                if v in slot_cell:
                    out.add(slot_cell[v])
                else:
                    todo.extend(aux_of.get(v, ()))
            return out

        # the cells each soft instance depends on (for cost-guided neighbourhoods)
        self.cells_of: list[frozenset] = [
            frozenset(cells_of(constraint_vars(c))) if c.measure != "hard" else frozenset()
            for c in model.constraints]
        # aux var → the auxiliaries defined from it (transitively re-evaluated)
        dependents: dict[int, list[gm.AuxDef]] = {}
        for aux in model.aux:
            for v in aux.of:
                dependents.setdefault(v, []).append(aux)
        self.dependents = dependents
        self.by_key = {(s.person, s.day, s.shift, s.post): var
                       for var, s in enumerate(model.slots)}
        self.slot_of = model.slots
        self.values: list[bool] = []
        self.inst_cost: list[int] = []

    def load(self, true_vars: Iterable[int]) -> int:
        self.values = ground_eval.assignment(self.model, true_vars)
        self.inst_cost = [self._eval(i) for i in range(len(self.model.constraints))]
        return sum(c for c in self.inst_cost if c > 0)

    def _eval(self, i: int) -> int:
        """An instance's integer cost; a broken hard instance gives -1."""
        c = self.model.constraints[i]
        if self.hard_kind[i]:
            ok = not ground_eval.applies(c, self.values) or ground_eval.holds(c.formula, self.values)
            return 0 if ok else -1
        return int(ground_eval.instance_cost(c, self.values) * self.factor)

    def true_vars(self) -> tuple[int, ...]:
        return tuple(v for v in range(len(self.model.slots)) if self.values[v])

    def _apply(self, flips: list[int]) -> list[int]:
        """Flip the given slots and update auxiliaries; returns every changed var."""
        values = self.values
        changed = []
        for v in flips:
            values[v] = not values[v]
            changed.append(v)
        queue = list(flips)
        while queue:
            v = queue.pop()
            for aux in self.dependents.get(v, ()):
                new = aux.value(values)
                if new != values[aux.var]:
                    values[aux.var] = new
                    changed.append(aux.var)
                    queue.append(aux.var)
        return changed

    def try_move(self, flips: list[int], accept_equal: bool = False) -> int | None:
        """Apply the move if it keeps every hard rule and lowers the cost (or keeps it,
        with `accept_equal`); returns the change in cost, or None (undone)."""
        if not flips:
            return None
        changed = self._apply(flips)
        touched = set()
        for v in changed:
            touched.update(self.watch.get(v, ()))
        delta = 0
        new_costs = []
        for i in touched:
            new = self._eval(i)
            if new < 0:
                delta = None
                break
            new_costs.append((i, new))
            delta += new - self.inst_cost[i]
        if delta is None or delta > 0 or (delta == 0 and not accept_equal):
            values = self.values
            for v in changed:  # each entry is one toggle: toggling back undoes all
                values[v] = not values[v]
            return None
        for i, new in new_costs:
            self.inst_cost[i] = new
        return delta

    # ------------------------------------------------------------- moves

    def cell_moves(self, cell) -> list[list[int]]:
        """Each other content of one cell: off, or exactly one of its slots."""
        slots = self.cells[cell]
        on = [v for v in slots if self.values[v]]
        if len(on) > 1:
            return []
        moves = []
        if on:
            moves.append(on)  # off
        for v in slots:
            if v not in on:
                moves.append(on + [v])
        return moves

    def swap_move(self, day, p: int, q: int) -> list[int]:
        """p and q exchange what they do on `day` (slot by slot: same shift and post)."""
        flips = []
        values, by_key = self.values, self.by_key
        for v in self.cells[(p, day)]:
            s = self.slot_of[v]
            w = by_key.get((q, day, s.shift, s.post))
            if w is None:
                if values[v]:
                    return []
                continue
            if values[v] != values[w]:
                flips.append(v)
                flips.append(w)
        for w in self.cells.get((q, day), ()):
            s = self.slot_of[w]
            if values[w] and (p, day, s.shift, s.post) not in by_key:
                return []
        return flips

    def climb(self, deadline: float, people: list, days: list) -> int:
        """First-improvement hill climbing until a local optimum or the deadline;
        returns the total change in cost (≤ 0)."""
        total = 0
        rng = self.rng
        moves: list = [("c", cell) for cell in sorted(self.cells)]
        if days:
            moves += [("s", d, p, q) for d in days for i, p in enumerate(people)
                      for q in people[i + 1:]]
        improved = True
        while improved:
            improved = False
            rng.shuffle(moves)
            for n, move in enumerate(moves):
                if n % 64 == 0 and time.monotonic() > deadline:
                    return total
                if move[0] == "c":
                    options = self.cell_moves(move[1])
                else:
                    options = [self.swap_move(*move[1:])]
                for flips in options:
                    delta = self.try_move(flips)
                    if delta is not None:
                        total += delta
                        improved = True
                        break
        return total
