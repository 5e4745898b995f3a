"""Grounding time and size on a 30 people × 28 days × 3 shifts roster with the usual
rule mix: fast, and linear in the number of people."""

from __future__ import annotations

import time

from ground_helpers import ground_text


def roster_program(people: int) -> str:
    staff = ", ".join(f"P{i} {{ 身份: {'党员' if i % 3 == 0 else '群众'}, 上限: {18 + i % 3} }}"
                      for i in range(people))
    requests = ", ".join(f"R{i} {{ 人: P{i}, 日期: 2025-03-{3 + i % 20:02d} }}"
                         for i in range(people))
    return f"""
calendar from 2025-03-03 to 2025-03-30
enum 身份 {{ 党员, 群众 }}
staff 人员 {{ 身份: 身份, 上限: int }}
kind 申请 {{ 人: 人员, 日期: date }}
shift 早 06:00-14:00
shift 中 14:00-22:00
shift 夜 22:00-06:00
人员 {staff}
申请 {requests}
rule 覆盖: each day d, shift s: count(人员 p where p works s on d) >= {people // 6}
rule 党员: each day d, shift s: some(人员 p where p.身份 = 党员 and p works s on d)
rule 上限: each 人员 p: works at most p.上限 shifts
rule 七天: each 人员 p: works at most 6 shifts in any 7 days
rule 连续: each 人员 p: works at most 5 consecutive days
rule 最少: each 人员 p: works at least 2 consecutive days
rule 休息: each 人员 p: has at least 2 consecutive days off
rule 周末: each 人员 p: works at most 2 weekends
rule 夜早: no 夜 followed by 早
rule 息: rest at least 11h between shifts
soft rule 申请 weight 3: each 申请 a: a.人 is off on a.日期
soft rule 少 weight 1: each day d, shift s: count(人员 p where p works s on d) <= {people // 5}
soft rule 均 weight 1: balance shifts(p, 夜) across 人员 p
"""


def test_thirty_people_four_weeks_three_shifts_grounds_quickly():
    text = roster_program(30)
    start = time.perf_counter()
    model = ground_text(text)
    elapsed = time.perf_counter() - start  # includes parsing and checking
    assert len(model.slots) == 30 * 28 * 3
    assert elapsed < 2.0, f"grounding took {elapsed:.2f}s"


def test_ground_size_grows_linearly_with_people():
    small, large = ground_text(roster_program(12)), ground_text(roster_program(24))

    def terms(model):
        total = 0
        for c in model.constraints:
            f = c.formula
            total += len(f.lhs.terms) + len(f.rhs.terms) if hasattr(f, "lhs") else \
                len(getattr(f, "items", (f,)))
        return total

    assert len(large.constraints) <= 2.1 * len(small.constraints)
    assert terms(large) <= 2.1 * terms(small)
    assert len(large.aux) <= 2.1 * len(small.aux)
