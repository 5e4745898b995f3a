"""Where the read-only inputs beside the project live (`../shared`: the benchmark
instances, the peer verifier), for the tests that need them.

The folder sits beside the repository (`<repo>/../shared`). A clone made elsewhere
(`git clone /work/main /tmp/ci-check`) finds it beside the repository it was cloned
from (its `origin`, when that is a folder on this machine), and `ROTALANG_SHARED`
overrides both. A test that needs the folder and cannot find it fails, naming every
place it looked: a missing input must never turn into a silent skip.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
OVERRIDE = "ROTALANG_SHARED"


def _origin_folder() -> Path | None:
    """The folder this clone was cloned from, when `origin` is a local path."""
    try:
        url = subprocess.run(["git", "-C", str(REPO), "remote", "get-url", "origin"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not url or "://" in url or url.startswith("git@"):
        return None
    path = Path(url.removeprefix("file://"))
    if not path.is_absolute():
        path = (REPO / path).resolve()
    return path if path.is_dir() else None


def candidates() -> list[Path]:
    """Every place the shared folder may be, in the order they are tried."""
    places = []
    if os.environ.get(OVERRIDE):
        places.append(Path(os.environ[OVERRIDE]))
    places.append(REPO.parent / "shared")
    origin = _origin_folder()
    if origin is not None:
        places.append(origin.parent / "shared")
    return places


def shared_folder() -> Path:
    """The shared folder; fails the calling test (never skips it) when there is none."""
    places = candidates()
    for place in places:
        if (place / "bench").is_dir():
            return place
    pytest.fail("this test reads the shared inputs (the benchmark instances), which are "
                "not at any of: " + ", ".join(str(p) for p in places)
                + f"; set {OVERRIDE} to the folder that holds bench/", pytrace=False)


def bench_instance(number: int) -> Path:
    """`bench/curtois/InstanceN.txt`, which must exist."""
    path = shared_folder() / "bench" / "curtois" / f"Instance{number}.txt"
    if not path.is_file():
        pytest.fail(f"benchmark instance {path} is missing from the shared inputs",
                    pytrace=False)
    return path
