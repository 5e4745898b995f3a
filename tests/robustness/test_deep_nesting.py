"""Deep nesting, as a user meets it: every construct that nests, at the deepest the
parser accepts, goes through check, solve and verify under each engine without an
internal error; one level deeper is E0107 at the level that crosses the limit; a long
flat sum, `and` or `or` is not "nested" at all. The fuzzer's deep-nesting generator
(fuzz_programs.deep_program) mixes the constructs at random depths.
"""

import random

import pytest
from hypothesis import given, settings, strategies as st

import rotalang
from rotalang.backends import ENGINES
from rotalang.diagnostics import DiagnosticError
from rotalang.syntax.nesting import MAX_NESTING

from fuzz_programs import _LAYERS, DEEP_HEADER, deep_program, run_case
from robust_helpers import codes, run_main
from test_fuzz_pipeline import COMMON, hang_guard


def nested(template: str, given: str, levels: int) -> str:
    """`levels` copies of one layer around a leaf of the type it takes."""
    text = {"bool": "p works 白班 on d", "int": "shifts(p)"}[given]
    for n in range(levels):
        text = template.replace("qN", f"q{n}").replace("X", text)
    return text


def as_rule(body: str, gives: str) -> str:
    condition = body if gives == "bool" else f"({body}) >= 0"
    return DEEP_HEADER + f"rule 深: each 人员 p, day d: {condition}\n"


def loads(source: str) -> bool:
    try:
        rotalang.load(source)
    except DiagnosticError as err:
        assert codes(err.diagnostics) == ["E0107"], codes(err.diagnostics)
        return False
    return True


FLATTENED = 8 * MAX_NESTING  # `(a and (b and …))` is one `and`: no limit to find


def deepest_accepted(template: str, given: str, gives: str) -> int:
    """The most layers of `template` that load (a bisection: loading is monotone), or
    FLATTENED for a layer the parser flattens."""
    lo, hi = 1, MAX_NESTING + 1
    assert loads(as_rule(nested(template, given, lo), gives))
    while loads(as_rule(nested(template, given, hi), gives)):
        lo, hi = hi, 2 * hi
        if lo >= FLATTENED:
            return lo
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if loads(as_rule(nested(template, given, mid), gives)) else (lo, mid)
    return lo


REFUSED = {"some": "E0501", "none": "E0501", "abs": "E0502"}
NESTING_LAYERS = [(given, gives, template) for given, gives, template in _LAYERS
                  if given == gives]


@pytest.mark.parametrize("given,gives,template", NESTING_LAYERS,
                         ids=[t for _, _, t in NESTING_LAYERS])
def test_each_construct_at_the_limit_checks_solves_and_verifies(given, gives, template):
    levels = deepest_accepted(template, given, gives)
    assert levels >= MAX_NESTING // 4  # a layer is at most a few tree levels
    program = rotalang.load(as_rule(nested(template, given, levels), gives))
    try:
        program.check(time_limit=5)
    except DiagnosticError as err:
        # Refused in words before any engine sees it: nested `some(人员 q where …)` over
        # 3 people is 3^levels terms (E0501); `abs(abs(…))` over the roster is not
        # linear (E0502).
        assert codes(err.diagnostics) == [REFUSED[template.split("(")[0]]], err
        return
    for engine in ENGINES:
        result = program.solve(time_limit=5, engine=engine)
        assert result.roster is not None, engine
        assert program.verify(result.roster).ok


def test_one_level_too_deep_is_E0107_at_the_level_that_crosses(tmp_path):
    path = tmp_path / "deep.rota"
    path.write_text(as_rule(nested("not (X)", "bool", MAX_NESTING), "bool"), encoding="utf-8")
    code, out, err = run_main("check", path)
    assert code == 1
    assert f"error[E0107]: this item nests more than {MAX_NESTING} levels deep" in err
    assert f"level {MAX_NESTING + 1} starts here" in err
    assert "help: move part of it into a `let` constant or a rule of its own" in err
    # The source line is thousands of cells wide: shown as a window around the mark.
    shown = [line for line in err.splitlines() if line.startswith("5 |")]
    assert shown and shown[0].startswith("5 | …") and len(shown[0]) < 140
    assert "E0901" not in err


@pytest.mark.parametrize("word", [" + ", " * ", " and ", " or "])
def test_a_long_flat_chain_is_not_nested(word):
    terms = 5000
    if word in (" + ", " * "):
        body = "count(人员 q where q works on d) <= " + word.join(["1"] * terms)
    else:  # everyone works every day (and), a rule that always holds (or)
        atoms = ["p works on d"] if word == " and " else ["p works on d", "p is off on d"]
        body = word.join(atoms * (terms // len(atoms)))
    program = rotalang.load(DEEP_HEADER + f"rule 长: each 人员 p, day d: {body}\n")
    assert program.check(time_limit=10).status == "ok"


def test_a_long_sum_keeps_its_value():
    """Regrouping a long sum changes no number: 40 × 1 + 2 is still 42."""
    program = rotalang.load(DEEP_HEADER + "let 总 = " + " + ".join(["1"] * 40 + ["2"]) + "\n"
                            + "rule 人数: each day d: count(人员 q where q works on d) <= 总 - 40\n")
    result = program.solve(time_limit=5)
    assert result.roster is not None
    assert program.verify(result.roster).ok
    days = {}
    for a in result.roster.assignments:
        days[a.date] = days.get(a.date, 0) + 1
    assert max(days.values(), default=0) <= 2


@settings(max_examples=300, deadline=10000, **COMMON)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_generated_deep_programs_load_or_give_E0107(seed):
    with hang_guard():
        assert run_case(deep_program(random.Random(seed), 2 * MAX_NESTING)) in (
            "loaded", "load-error")


@settings(max_examples=40, deadline=30000, **COMMON)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_generated_deep_programs_check_solve_and_verify(each_engine, seed):
    with hang_guard(60):
        outcome = run_case(deep_program(random.Random(seed), MAX_NESTING // 2), solve=True,
                           time_limit=0.5)
    assert outcome.startswith(("load-error", "check-error", "solved-"))
