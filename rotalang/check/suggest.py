"""Did you mean …?": the closest known name to a misspelt one, by edit distance.

Names are compared code point by code point, so a Chinese name one character off
(`执业资质` for `执业资格`) is as close as a Latin name one letter off.
"""

from __future__ import annotations

from typing import Iterable


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance (insert, delete, substitute, and swap of neighbours).
    Stops early and returns `limit + 1` once the distance must exceed `limit`."""
    if a == b:
        return 0
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if limit is not None and min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to `name`, if it is near enough to be a likely typo:
    at most a third of the name's length (at least 1) edits away. Ties go to the
    candidate that sorts first, so the suggestion is stable."""
    limit = max(1, len(name) // 3)
    best: tuple[int, str] | None = None
    for cand in candidates:
        if cand == name:
            continue
        d = edit_distance(name.casefold(), cand.casefold(), limit)
        if d <= limit and (best is None or (d, cand) < best):
            best = (d, cand)
    return best[1] if best else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A help line, "did you mean `x`?", or None when nothing is close."""
    best = closest(name, candidates)
    return f"did you mean `{best}`?" if best else None
