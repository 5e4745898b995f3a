"""Suite-wide: every roster `solve` returns in any test, from any engine, is re-checked
by the independent evaluator (`rotalang.verify`), which must find no broken hard rule
and the same cost, rule by rule.

The engine-neutral entry point (`rotalang.drivers.solving.solve`, which `Program.solve`
looks up at call time) is wrapped before any test module is imported, so test modules
that import it get the cross-checked version too. The count of re-checked rosters,
per engine, is printed at the end of the run.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `from tests.crosscheck import …`
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

import rotalang.drivers.solving as solving  # noqa: E402
from rotalang.backends import ENGINES  # noqa: E402
from tests.crosscheck import crosscheck_model  # noqa: E402

_solve = solving.solve
CROSSCHECKED: Counter = Counter()


def _crosschecked_solve(model, *args, **kwargs):
    result = _solve(model, *args, **kwargs)
    crosscheck_model(model, result)
    if result.roster is not None:
        CROSSCHECKED[kwargs.get("engine") or solving.DEFAULT_ENGINE] += 1
    return result


_crosschecked_solve.__doc__ = _solve.__doc__
solving.solve = _crosschecked_solve


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    """Each engine's name in turn: a test that is not about one engine takes this."""
    return request.param


@pytest.fixture(params=ENGINES)
def each_engine(request, monkeypatch) -> str:
    """Each engine in turn as the default one, for every solve the test makes without
    naming an engine (a folder's conftest makes it autouse, so that all its solve
    tests run under every engine)."""
    monkeypatch.setattr(solving, "DEFAULT_ENGINE", request.param)
    return request.param


def pytest_terminal_summary(terminalreporter):
    if CROSSCHECKED:
        per_engine = ", ".join(f"{n} from {engine}" for engine, n in sorted(CROSSCHECKED.items()))
        terminalreporter.write_line(
            f"rosters from solve re-checked by the evaluator: {sum(CROSSCHECKED.values())} "
            f"({per_engine})")


BATCH_TESTS = Path(__file__).resolve().parent / "batch"


def pytest_collection_modifyitems(config, items):
    """The suite runs on every core (pytest-xdist, `-n auto` in pyproject.toml); the
    batch tests share one Ray cluster, so they run together on one worker."""
    for item in items:
        if BATCH_TESTS in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.xdist_group("ray"))
