"""Random and mutated text never raises anything but DiagnosticError (and never hangs)."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from rotalang.diagnostics import DiagnosticError, render_all, render_json
from rotalang.syntax import parse

SEED = (Path(__file__).resolve().parent / "sample.rota").read_text(encoding="utf-8")
ALPHABET = st.sampled_from(list("rule each:,(){}<>=+-*/.%‰\"#\n 0123456789人员夜班：，（）“”；") +
                           ["works", "at most", "shifts", "soft", "weight", "day", "in", "any"])


def check(text):
    try:
        parse(text, "fuzz.rota")
    except DiagnosticError as exc:
        assert exc.diagnostics
        render_all(exc.diagnostics)
        render_json(exc.diagnostics)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_random_text(text):
    check(text)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_token_soup(text):
    check(text)


@settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(SEED)), st.integers(0, 20), st.text(max_size=5))
def test_mutated_sample(pos, cut, insert):
    check(SEED[:pos] + insert + SEED[pos + cut:])


def test_sample_parses():
    parse(SEED, "sample.rota")
