"""The grounder's shortcuts make exactly what its general path makes: the same
constraints, the same auxiliaries (numbered in the same order, with the same words),
the same work counted — only faster, and with shared objects in place of copies."""

from __future__ import annotations

import pytest

from rotalang.check import load_program
from rotalang.ground import ground
from rotalang.ground import grounder as grounder_module
from rotalang.ground.counting import Counting
from rotalang.ground.model import Atom, Not
from rotalang.ground.symbolic import Shared, sharing

from ground_helpers import ground_text

HEADER = """
calendar from 2025-03-03 to 2025-03-16
staff 人员 { 资深: bool = false }
post 卡口
shift 早 06:00-14:00
shift 晚 14:00-22:00
shift 夜 22:00-06:00
人员 张 { 资深: true }, 李, 王
卡口 东, 西
"""

COUNTS = [
    # coverage: a shift on a day (at most one slot each: summed directly)
    "rule r: each day d, shift s: count(人员 p where p works s on d) >= 1",
    # a set of shifts, a post: several slots a person, so one auxiliary each
    "rule r: each day d: count(人员 p where p works {早, 晚} on d at 东) <= 2",
    # every day at a post: not exclusive, an auxiliary per person
    "rule r: each 卡口 k: count(人员 p where p works 夜 at k) <= 20",
    # any shift, any day
    "soft rule r weight 2: count(人员 p where p works 早) >= 3",
    # the atom's parts from the rule's bindings, and nested in arithmetic
    "rule r: each day d, 卡口 k: 2 * count(人员 p where p works on d at k) + 1 >= 3",
    # not the fast shape (a condition besides the atom): the general path, unchanged
    "rule r: each day d: count(人员 p where p.资深 and p works on d) >= 1",
]


def without_fast_count(monkeypatch):
    monkeypatch.setattr(Counting, "_counts_works", lambda self, e: False)


@pytest.mark.parametrize("rule", COUNTS)
def test_count_of_works_over_the_staff_matches_the_general_path(rule, monkeypatch):
    program, _ = load_program(HEADER + rule)
    calls = []
    real = Counting._count_works
    with monkeypatch.context() as m:
        m.setattr(Counting, "_count_works",
                  lambda self, e, env: calls.append(1) or real(self, e, env))
        fast = ground(program)
    assert bool(calls) == (rule is not COUNTS[-1])  # the shortcut ran, or not
    with monkeypatch.context() as m:
        without_fast_count(m)
        general = ground(program)
    assert fast == general
    assert [a.label for a in fast.aux] == [a.label for a in general.aux]


def test_count_of_works_counts_the_same_work(monkeypatch):
    program, _ = load_program(HEADER + COUNTS[1])
    works = []
    real = grounder_module.Grounder.run

    def run(self):
        model = real(self)
        works.append(self.ev.work)
        return model

    monkeypatch.setattr(grounder_module.Grounder, "run", run)
    ground(program)
    without_fast_count(monkeypatch)
    ground(program)
    assert works[0] == works[1] > 0


def test_succession_and_rest_over_two_days_match_the_general_comparison():
    model = ground_text(HEADER + """
rule a: no 夜 followed by {早, 晚}
rule b: rest at least 16h between shifts
""")
    for c in model.constraints:
        f = c.formula
        if hasattr(f, "lhs"):
            assert all(coef == 1 for coef, _ in f.lhs.terms)
            assert [v for _, v in f.lhs.terms] == sorted({v for _, v in f.lhs.terms})
            assert f.rhs.terms == () and f.rhs.const == 1 and f.scale == 1


def test_objects_are_shared_within_a_grounding_and_equal_to_fresh_ones():
    model = ground_text(HEADER + """
rule a: no 夜 followed by 早
rule b: each 人员 p: works at most 5 consecutive days
rule c: each 人员 p: works at least 2 consecutive days
""")
    seen: dict = {}
    for c in model.constraints:
        stack = [c.formula]
        while stack:
            f = stack.pop()
            if isinstance(f, (Atom, Not)) or hasattr(f, "lhs"):
                if isinstance(f, Atom):
                    assert seen.setdefault(("atom", f.var), f) is f
                elif isinstance(f, Not) and isinstance(f.operand, Atom):
                    assert seen.setdefault(("not", f.operand.var), f) is f
                else:
                    for t in getattr(f, "lhs", None).terms if hasattr(f, "lhs") else ():
                        assert seen.setdefault(t, t) is t
            stack.extend(getattr(f, "items", ()))
    assert seen  # something was shared
    assert Atom(0) == seen.get(("atom", 0), Atom(0))


def test_sharing_is_only_for_the_grounding_it_is_installed_for():
    from rotalang.ground import symbolic

    assert symbolic._shared is None
    with sharing() as shared:
        assert isinstance(shared, Shared) and symbolic._shared is shared
        assert symbolic.unit(7) is symbolic.unit(7)
        assert symbolic.atom(7) is symbolic.atom(7)
        assert symbolic.term(3, 7) is symbolic.term(3, 7)
    assert symbolic._shared is None
    assert symbolic.unit(7) == (1, 7) and symbolic.unit(7) is not symbolic.unit(7)
