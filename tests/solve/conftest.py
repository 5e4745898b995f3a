import sys
from pathlib import Path

# `from tests.crosscheck import …` needs the repository root on the path
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _every_engine(each_engine):
    """Every test here solves under each engine (tests/conftest.py's `each_engine`)."""
    return each_engine
