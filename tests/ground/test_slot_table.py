"""The computed slot table and its index read exactly as the tuple and the dict of
4-tuples they replace: the same slots in the same order, the same lookups, and they
survive pickling (the search's peer process receives the model that way)."""

from __future__ import annotations

import pickle

import pytest

from rotalang.ground.model import Slot, SlotIndex, SlotTable

from ground_helpers import ground_text


def dense(people, days, shifts, posts):
    """The tuple and dict the grounder used to build (None: the dimension is absent)."""
    day_range = [None] if days is None else list(range(days))
    shift_range = [None] if shifts is None else list(range(shifts))
    post_range = [None] if posts is None else list(range(posts))
    slots, index = [], {}
    for p in range(people):
        for d in day_range:
            for s in shift_range:
                for k in post_range:
                    index[(p, d, s, k)] = len(slots)
                    slots.append(Slot(p, d, s, k))
    return tuple(slots), index


@pytest.mark.parametrize("dims", [(3, 4, 2, None), (2, 3, 2, 3), (3, None, None, 2),
                                  (2, 5, None, None), (1, 1, 1, 1), (0, 4, 2, None),
                                  (2, 0, 3, None)])
def test_table_and_index_read_as_the_dense_tuple_and_dict(dims):
    slots, index = dense(*dims)
    table = SlotTable(*dims)
    lookup = SlotIndex(table)
    assert len(table) == len(slots)
    assert list(table) == list(slots)
    assert [table[v] for v in range(len(table))] == list(slots)
    assert table == slots and slots == table and table[-1:] == slots[-1:]
    assert hash(table) == hash(slots)
    assert [table.shift_of(v) for v in range(len(table))] == [s.shift for s in slots]
    assert len(lookup) == len(index) and set(lookup) == set(index)
    assert dict(lookup.items()) == index
    for key, var in index.items():
        assert lookup[key] == var and lookup.get(key) == var and key in lookup
    people, days, shifts, posts = dims
    for key in [(people, 0, 0, 0), (0, days, 0, None), (0, None, 0, 0), (0, 0, -1, None),
                (0, 0, 0), "x", (0.0, 0, 0, None)]:
        if key not in index:
            assert lookup.get(key) is None and key not in lookup
            with pytest.raises(KeyError):
                lookup[key]
    with pytest.raises(IndexError):
        table[len(table)]


def test_table_and_index_pickle():
    table = SlotTable(3, 5, 2, None)
    again = pickle.loads(pickle.dumps((table, SlotIndex(table))))
    assert again[0] == table and again[1].get((2, 4, 1, None)) == 29


def test_a_grounded_model_has_a_computed_table_and_pickles():
    model = ground_text("""
calendar from 2025-03-03 to 2025-03-09
staff 人员
shift 早 06:00-14:00
shift 晚 14:00-22:00
人员 张, 李
rule 覆盖: each day d, shift s: count(人员 p where p works s on d) >= 1
""")
    assert isinstance(model.slots, SlotTable)
    assert model.var(1, 6, 1, None) == len(model.slots) - 1
    assert model.describe_slot(len(model.slots) - 1) == "李 2025-03-09 晚"
    again = pickle.loads(pickle.dumps(model))
    assert again == model and again.var(1, 6, 1, None) == model.var(1, 6, 1, None)


def test_a_static_plan_without_posts_has_no_slots():
    model = ground_text("""
staff 人员
人员 张, 李
""")
    assert len(model.slots) == 0 and list(model.slots) == []
