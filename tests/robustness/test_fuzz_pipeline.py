"""The bounded fuzz suite: generated programs (from the language's constructs) and
mutated example programs through parse → check → solve (tiny time limit) → verify.
Every outcome must be a result or a DiagnosticError with well-formed diagnostics —
never another exception, never a hang. Runs derandomized (the same cases every run);
tools/fuzz.py is the long run over fresh seeds.

Case counts (max_examples): 1,500 generated loads, 1,500 mutated examples, 150
generated programs through the whole pipeline, 100 through the CLI: about 3,250 cases.
"""

import contextlib
import json
import random
import shutil
import signal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from fuzz_programs import (EXAMPLES, example_sources, generate_program, mutate, run_case)
from robust_helpers import EXIT_CODES, run_main

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
CASE_TIMEOUT = 20  # seconds: far beyond any case's normal time, so only a hang trips it
COMMON = dict(derandomize=True, database=None, print_blob=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


class Hang(Exception):
    pass


@contextlib.contextmanager
def hang_guard(seconds: float = CASE_TIMEOUT):
    """Fail a case that runs longer than `seconds` (a hang), even past hypothesis's
    deadline, which only reports after the case returns."""
    def on_alarm(signum, frame):
        raise Hang(f"case still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="module")
def examples_copy(tmp_path_factory):
    """A private copy of examples/ so mutated programs find their CSV files."""
    root = tmp_path_factory.mktemp("fuzz") / "examples"
    shutil.copytree(EXAMPLES, root)
    return root


SOURCES = example_sources()


@settings(max_examples=1500, deadline=3000, **COMMON)
@given(SEEDS)
def test_generated_programs_load_or_give_diagnostics(seed):
    with hang_guard():
        assert run_case(generate_program(random.Random(seed))) in ("loaded", "load-error")


@settings(max_examples=1500, deadline=3000, **COMMON)
@given(SEEDS)
def test_mutated_examples_load_or_give_diagnostics(examples_copy, seed):
    rng = random.Random(seed)
    path, text = SOURCES[seed % len(SOURCES)]
    target = examples_copy / path.relative_to(EXAMPLES).parent / "fuzz.rota"
    with hang_guard():
        assert run_case(mutate(rng, text), path=target) in ("loaded", "load-error")


@settings(max_examples=150, deadline=15000, **COMMON)
@given(SEEDS)
def test_generated_programs_check_solve_and_verify(seed):
    with hang_guard():
        outcome = run_case(generate_program(random.Random(seed)), solve=True, time_limit=0.3)
    assert outcome in ("load-error", "check-error", "solve-error", "verify-error",
                       "solved-optimal", "solved-feasible", "solved-infeasible",
                       "solved-unknown")


@settings(max_examples=100, deadline=15000, **COMMON)
@given(SEEDS)
def test_generated_programs_through_the_cli(tmp_path, seed):
    path = tmp_path / "fuzz.rota"
    path.write_text(generate_program(random.Random(seed)), encoding="utf-8")
    with hang_guard():
        code, out, err = run_main("check", "--format", "json", "--time-limit", "0.3", path)
    assert code in EXIT_CODES
    found = json.loads(out)["diagnostics"]
    assert "E0901" not in [d["code"] for d in found], found
    for d in found:
        if d["code"] != "W0601":  # "could not decide in time" is about the whole program
            assert d["file"] is not None, d


def test_the_generator_covers_valid_and_invalid_programs():
    """A generator that only ever makes broken programs would test the parser alone."""
    outcomes = [run_case(generate_program(random.Random(seed))) for seed in range(200)]
    assert 0.5 < outcomes.count("loaded") / len(outcomes) < 0.95
