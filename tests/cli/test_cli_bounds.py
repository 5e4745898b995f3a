"""Progress lines report the backend's lower bound as it is: costs are never negative,
so a negative bound there is a backend bug, shown rather than hidden by the CLI."""

import re

from cli_fixtures import rotalang


def test_progress_bounds_are_never_negative():
    r = rotalang("solve", "examples/quickstart/值班-五班.rota", "--time-limit", "60")
    assert r.returncode == 0, r.stderr
    bounds = re.findall(r"^\[\s*[\d.]+s\] cost \S+  bound (\S+)$", r.stderr, flags=re.M)
    assert bounds, r.stderr  # progress was reported
    assert all(not b.startswith("-") for b in bounds), r.stderr
