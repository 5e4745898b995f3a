"""Literal readers (exact values) and the type rules / unit algebra."""

import datetime
from fractions import Fraction

import pytest

from rotalang import ir
from rotalang.check import types as T
from rotalang.check.literals import (
    LiteralError, read_bool, read_date, read_duration, read_int, read_ratio, read_time,
)
from rotalang.check.suggest import closest, edit_distance
from rotalang.values import Duration, TimeOfDay


def test_per_mille_is_exact():
    assert read_ratio("5.32‰") == Fraction(532, 100000)
    assert read_ratio("94%") == Fraction(94, 100)
    assert read_ratio("0.5") == Fraction(1, 2)
    assert read_ratio("3") == Fraction(3)


def test_durations_are_whole_minutes():
    assert read_duration("8h") == Duration(480)
    assert read_duration("7.5h") == Duration(450)
    assert read_duration("7h30min") == Duration(450)
    assert read_duration("14d") == Duration(14 * 1440)
    with pytest.raises(LiteralError) as exc:
        read_duration("40")
    assert exc.value.help == "give the number a unit: `40h`"
    with pytest.raises(LiteralError):
        read_duration("0.1min")


def test_bool_words_in_english_and_chinese():
    assert [read_bool(w) for w in ("true", "yes", "是", "False", "no", "否")] == \
        [True, True, True, False, False, False]
    with pytest.raises(LiteralError):
        read_bool("maybe")


def test_dates_times_ints():
    assert read_date("2025-03-24") == datetime.date(2025, 3, 24)
    assert read_time("22:30") == TimeOfDay(22 * 60 + 30)
    assert read_int("-3") == -3
    for bad, reader in (("2025-02-30", read_date), ("25:00", read_time), ("2.5", read_int)):
        with pytest.raises(LiteralError):
            reader(bad)


def test_date_minus_date_is_a_duration_and_190_days():
    assert T.arith("-", ir.DATE, ir.DATE) == ir.DURATION
    # the county speech: from 2025-03-24 to 2025-09-30 is 190 days
    assert datetime.date(2025, 9, 30) - datetime.date(2025, 3, 24) == datetime.timedelta(190)


def test_unit_algebra():
    assert T.arith("+", ir.INT, ir.INT) == ir.INT
    assert T.arith("/", ir.INT, ir.INT) == ir.RATIO
    assert T.arith("*", ir.RATIO, ir.INT) == ir.RATIO
    assert T.arith("+", ir.DURATION, ir.DURATION) == ir.DURATION
    assert T.arith("*", ir.INT, ir.DURATION) == ir.DURATION
    assert T.arith("+", ir.DATE, ir.DURATION) == ir.DATE
    assert T.arith("/", ir.DURATION, ir.DURATION) == ir.RATIO
    assert T.arith("+", ir.DURATION, ir.INT).code == "E0302"
    assert T.arith("+", ir.DATE, ir.INT).code == "E0302"
    assert T.arith("*", ir.DATE, ir.INT).code == "E0303"
    assert T.arith("+", T.ERROR, ir.TEXT) == T.ERROR  # an earlier error is not repeated


def test_comparisons():
    assert T.compare("<=", ir.INT, ir.RATIO) is None
    assert T.compare("<=", ir.DURATION, ir.INT).code == "E0302"
    assert T.compare("=", ir.TEXT, ir.INT).code == "E0301"
    assert T.compare("<", ir.BOOL, ir.BOOL).code == "E0303"
    assert T.compare("=", ir.enum_type("身份"), ir.enum_type("身份")) is None
    assert T.compare("=", ir.enum_type("身份"), ir.kind_type("人员")).code == "E0301"
    assert T.compare("<", T.ERROR, ir.TEXT) is None


def test_membership():
    assert T.member(ir.SHIFT, ir.set_type(ir.SHIFT)) is None
    assert T.member(ir.DATE, ir.DAYS) is None
    assert T.member(ir.INT, ir.DAYS).code == "E0301"
    assert T.member(ir.SHIFT, ir.INT).code == "E0303"


def test_suggestions_for_chinese_names():
    assert edit_distance("执业资质", "执业资格") == 1
    assert closest("执业资质", ["执业资格", "身份", "本地"]) == "执业资格"
    assert closest("wokrs", ["works"]) == "works"
    assert closest("身份", ["报酬"]) is None
