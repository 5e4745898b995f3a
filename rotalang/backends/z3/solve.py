"""`solve`: a roster that meets every hard rule at the least soft cost found — anytime.

Phases, each using what is left of the time limit:

(a) a first roster from the hard rules alone, no cost (fastest): the SMT core with a
    small work bound, then the SAT core with cardinalities as clauses, then the SMT
    core with what is left;
(b) linear descent on the whole model: ask for `cost ≤ best − 1` until Z3 says unsat
    (the roster is then proved optimal), a step runs out of its work, or the phase
    has had `DESCENT_SHARE` of the limit;
(d) the large-neighbourhood search (`search.py`), when it exists, for what is left: it
    frees part of the roster and descends on that part. It hands over early only when
    it has gone `STALL_SHARE` of its time without improving;
(c) then Z3's `Optimize` (MaxSAT over the cost's indicators) on the whole model with
    the rest of the time: it may find a better roster, prove optimality, or give a
    lower bound; the better of its answer and the incumbent is kept. (While the search
    improves it keeps the time: on the benchmark instances a final Optimize share
    never found anything, and the search's peer process stops with the search.)

Each improving roster is reported through `on_improvement(results.Improvement)`.
Costs are compared as integers in the encoding's units (`Encoding.cost.factor` per
unit of the author's cost) and reported as exact `Fraction`s computed by the
plain-Python evaluation of the ground model (`ground_eval.py`), not by Z3.

The search module's interface (`rotalang.backends.z3.search.improve`)::

    improve(enc: Encoding, incumbent: tuple[int, ...] | None, *, time_limit: float,
            seed: int, on_improvement: Callable[[int, tuple[int, ...], float], None],
            should_stop: Callable[[], bool] | None) -> SearchResult

It receives the encoder, the current best roster's true slot variables, the seconds
left, the seed and a callback taking (integer cost, true slots, elapsed seconds);
it returns `SearchResult(true_vars, cost, optimal, ...)`.

Status: `optimal` only when proved; `feasible` otherwise; `infeasible` when the hard
rules cannot all hold (with `check`'s explanation); `unknown` when nothing was found in
time. Ctrl-C keeps the best roster found so far.

Time limit: encoding counts against it; every phase gets only what is left; Optimize is
skipped with less than `OPTIMIZE_MIN` left (its set-up alone can overrun); and a
watchdog interrupts this encoding's Z3 context `WATCHDOG_MARGIN` after the limit, so a
run returns within the limit plus a fraction of a second.

Determinism: each encoding has its own Z3 context and fixed seeds, and the first roster
is the same whenever it is found (Z3 is deterministic for a seed; only the limit can
cut it), and every descent step is bounded by Z3's deterministic resource limit, not
the clock (`budget.py`). So when a run ends in those phases — the roster proved optimal by the
descent, or the hard rules infeasible (then `check`'s deterministic explanation) — the
same inputs and seed give the same roster and diagnostics in any process on any
machine. Results may differ between runs only when the wall clock decides: the
neighbourhood search and Optimize stop at the time limit, so how far they get (and so
the best roster kept) depends on the machine's speed and load.
"""

from __future__ import annotations

import threading
import time
from fractions import Fraction
from typing import Callable

import z3

from rotalang import ir
from rotalang.backends.z3 import ground_eval
from rotalang.backends.z3.budget import (DEFAULT_TIME_LIMIT, RLIMIT_PER_SECOND, Budget,
                                         check_within)
from rotalang.backends.z3.check import UNDECIDED, facts_violations, feasibility
from rotalang.backends.z3.encode import Encoding, configure, encode
from rotalang.backends.z3.parallel import available_workers
from rotalang.diagnostics import Diagnostic
from rotalang.ground import model as gm
from rotalang.ground.roster_map import true_vars_to_roster
from rotalang.results import Improvement, SolveResult

FIRST_SMT_WORK = 2.0  # nominal seconds of work for the first try (checkpoint: 0.7–1.4)
FIRST_SAT_WORK = 10.0  # for the clausal SAT core's try (30 × 28 × 4 rosters: 3–10)
DESCENT_STEP = 5.0  # nominal seconds of work (budget.RLIMIT_PER_SECOND) per descent step
DESCENT_SHARE = 0.1  # of the time limit (as nominal work), at most, for the descent
STALL_SHARE = 0.5  # of its time, without improving, after which the search hands over
MAX_WORKERS = 2  # the search and one peer (parallel.py)
OPTIMIZE_MIN = 1.0  # seconds: with less left, Optimize's set-up alone would overrun
WATCHDOG_MARGIN = 0.1  # seconds after the limit at which every Z3 call is interrupted


class _Run:
    def __init__(self, model, enc: Encoding, time_limit, seed, on_improvement, start=None,
                 workers: int = 1):
        self.model = model
        self.enc = enc
        self.start = time.monotonic() if start is None else start
        self.deadline = None if time_limit is None else self.start + time_limit
        self.time_limit = time_limit
        self.seed = seed
        self.on_improvement = on_improvement
        self.workers = workers
        self.best: tuple[int, ...] | None = None
        self.best_cost: int | None = None  # integer units
        self.lower: int = enc.cost.floor  # the least cost any roster can have
        self.optimal = False

    def left(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def out_of_time(self) -> bool:
        left = self.left()
        return left is not None and left <= 0.01

    def integer_cost(self, true_vars) -> int:
        cost, _ = ground_eval.breakdown(self.model, ground_eval.assignment(self.model, true_vars))
        scaled = cost * self.enc.cost.factor
        assert scaled.denominator == 1
        return int(scaled)

    def offer(self, true_vars) -> None:
        """Keep `true_vars` if it is cheaper than the incumbent, and report it."""
        true_vars = tuple(sorted(true_vars))
        cost = self.integer_cost(true_vars)
        if self.best_cost is not None and cost >= self.best_cost:
            return
        self.best, self.best_cost = true_vars, cost
        if cost <= self.lower:
            self.optimal = True
        if self.on_improvement is not None:
            factor = self.enc.cost.factor
            self.on_improvement(Improvement(
                Fraction(cost, factor), Fraction(self.lower, factor),
                time.monotonic() - self.start, true_vars_to_roster(self.model, true_vars)))

    # ---------------------------------------------------------------- phases

    def first(self) -> str:
        # Three tries, each bounded by work (so the same roster comes out on any
        # machine): the SMT core briefly (it is quick on most programs), then the SAT
        # core with cardinalities as clauses (seconds on big rosters, where the SMT
        # core swings from 4 s to over a minute by seed), then the SMT core with what
        # is left.
        result = self._first_smt(int(FIRST_SMT_WORK * RLIMIT_PER_SECOND))
        if result != "unknown" or self.out_of_time():
            return result
        try:
            from rotalang.backends.z3 import search
        except ImportError:
            search = None
        if search is not None:
            found = search.first_roster(self.enc, seed=self.seed, timeout=self.left(),
                                        rlimit=int(FIRST_SAT_WORK * RLIMIT_PER_SECOND))
            if found is None:
                return "unsat"
            if found != "unknown":
                self.offer(found)
                return "sat"
            if self.out_of_time():
                return "unknown"
        return self._first_smt(None)

    def _first_smt(self, rlimit: int | None) -> str:
        s = self.enc.solver(cost=False, seed=self.seed)
        result = check_within(s, self.left(), rlimit=rlimit)
        if result == z3.sat:
            self.offer(self.enc.true_vars(s.model()))
            return "sat"
        return "unsat" if result == z3.unsat else "unknown"

    def descend(self) -> None:
        s = self.enc.solver(seed=self.seed)
        # Each step is bounded by work, not time, so that the same seed descends
        # through the same rosters on any machine (the wall clock only guards the end).
        step = None if self.deadline is None else int(DESCENT_STEP * RLIMIT_PER_SECOND)
        # One cost unit per step is slow on big rosters (30 s of a minute on 10 × 28
        # × 2): past a share of the limit, counted in work so that the descent ends at
        # the same roster on any machine, the neighbourhood search takes over. Z3
        # counts work per context, so the first roster's work counts too: where
        # finding it took more than the share (instance 8 of the Curtois benchmark:
        # 9.7 M units), the search starts at once.
        allowance = (None if self.time_limit is None
                     else DESCENT_SHARE * self.time_limit * RLIMIT_PER_SECOND)
        while not self.optimal and not self.out_of_time():
            if allowance is not None and _work(s) > allowance:
                return
            s.add(self.enc.cost.at_most(self.best_cost - 1))
            result = check_within(s, self.left(), rlimit=step)
            if result == z3.sat:
                self.offer(self.enc.true_vars(s.model()))
            elif result == z3.unsat:
                self.lower = self.best_cost
                self.optimal = True
            else:
                return

    def search(self, budget: float) -> None:
        try:
            from rotalang.backends.z3 import search
        except ImportError:
            return
        last_gain = time.monotonic()

        def report(_cost: int, true_vars, _elapsed: float) -> None:
            nonlocal last_gain
            last_gain = time.monotonic()
            self.offer(true_vars)

        def stalled() -> bool:
            return time.monotonic() - last_gain > STALL_SHARE * budget

        found = search.improve(self.enc, self.best, time_limit=budget, seed=self.seed,
                               on_improvement=report, should_stop=stalled,
                               workers=self.workers)
        if found.true_vars is not None:
            self.offer(found.true_vars)
            if found.optimal and found.cost is not None and found.cost >= self.best_cost:
                self.lower = self.best_cost
                self.optimal = True

    def optimize(self) -> None:
        enc = self.enc
        left = self.left()
        if left is not None and left < OPTIMIZE_MIN:
            return
        opt = z3.Optimize(ctx=enc.ctx)
        configure(opt, seed=self.seed, timeout=self.left())
        opt.add(enc.definitions + enc.cost_definitions + [i.expr for i in enc.hard])
        opt.add(enc.cost.at_most(self.best_cost - 1))
        if enc.cost.ints:
            handle = opt.minimize(enc.cost.expr())
            offset = 0
        else:
            for coef, lit in enc.cost.pairs:
                handle = opt.add_soft(z3.Not(lit), coef, id="cost")
            offset = enc.cost.const
        result = check_within(opt, self.left())
        if result == z3.sat:
            self.offer(enc.true_vars(opt.model()))
            if opt.reason_unknown() in ("", "unknown"):  # a complete run: optimal
                self.lower = self.best_cost
                self.optimal = True
        elif result == z3.unsat:  # nothing cheaper than the incumbent
            self.lower = self.best_cost
            self.optimal = True
        elif enc.cost.pairs or enc.cost.ints:
            try:
                bound = handle.lower()
                if z3.is_int_value(bound):
                    self.lower = max(self.lower, bound.as_long() + offset)
            except z3.Z3Exception:
                pass

    # ---------------------------------------------------------------- result

    def result(self, status: str | None = None, diagnostics=()) -> SolveResult:
        elapsed = time.monotonic() - self.start
        factor = self.enc.cost.factor
        if self.best is None:
            return SolveResult(status or "unknown", None, None, None, (), elapsed,
                               tuple(diagnostics))
        values = ground_eval.assignment(self.model, self.best)
        cost, lines = ground_eval.breakdown(self.model, values)
        lower = Fraction(min(self.lower, self.best_cost), factor)
        status = status or ("optimal" if self.optimal else "feasible")
        return SolveResult(status, cost, cost if status == "optimal" else lower,
                           true_vars_to_roster(self.model, self.best), lines, elapsed,
                           tuple(diagnostics))


def solve(model: gm.GroundModel, program: ir.Program | None = None, *,
          time_limit: float | None = None, seed: int = 0,
          on_improvement: Callable[[Improvement], None] | None = None,
          encoding: Encoding | None = None, start: float | None = None,
          workers: int | None = None) -> SolveResult:
    """`start` (time.monotonic()) lets the caller count its own grounding against the
    limit; encoding always counts. `workers`: processes the neighbourhood search may
    use (None: one per core this process may use, at most `MAX_WORKERS`)."""
    start = time.monotonic() if start is None else start
    enc = encoding or encode(model)
    if workers is None:
        workers = min(MAX_WORKERS, available_workers())
    run = _Run(model, enc, time_limit, seed, on_improvement, start, workers)
    facts = facts_violations(enc, program)
    if facts:
        return run.result("infeasible", facts)
    watchdog = None
    if run.deadline is not None:
        # Z3 does not always notice its timeout promptly (Optimize's set-up, a long
        # propagation): interrupt every call of this encoding's context just after the
        # limit, so the run ends within it plus a fraction of a second.
        watchdog = threading.Timer(max(0.0, run.left()) + WATCHDOG_MARGIN, enc.ctx.interrupt)
        watchdog.daemon = True
        watchdog.start()
    try:
        first = run.first()
        if first == "unsat":
            explain = Budget(time_limit if time_limit is not None else DEFAULT_TIME_LIMIT,
                             start=run.start if time_limit is not None else None)
            _, diags = feasibility(enc, explain, seed=seed)
            return run.result("infeasible", diags)
        if first == "unknown":
            return run.result("unknown", [_gave_up(time_limit)])
        if not run.optimal:
            run.descend()
        if not run.optimal and not run.out_of_time():
            left = run.left()
            run.search(left if left is not None else 60.0)
        if not run.optimal and not run.out_of_time():
            run.optimize()
    except KeyboardInterrupt:  # budget.Interrupted too: Ctrl-C that Z3 took
        if run.best is None:
            raise  # nothing to keep: the caller sees the Ctrl-C
        # otherwise keep the best roster found so far
    finally:
        if watchdog is not None:
            watchdog.cancel()
    return run.result()


def _work(s) -> int:
    """Z3's resource units spent so far by solver `s` (deterministic, unlike time)."""
    stats = s.statistics()
    return stats.get_key_value("rlimit count") if "rlimit count" in stats.keys() else 0


def _gave_up(time_limit: float | None) -> Diagnostic:
    limit = f"{time_limit:g} s" if time_limit is not None else "the time allowed"
    return Diagnostic.warning(UNDECIDED, f"could not find a roster within {limit}",
                              help="give the solver more time with `--time-limit`")
