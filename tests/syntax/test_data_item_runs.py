"""Data items written one after another without braces or commas: a run of plain names
(`人 张 卡口 东`) must split into `kind record` pairs wherever the run starts."""

import pytest

from rotalang.syntax import ast, parse


def shape(src):
    out = []
    for item in parse(src, "t.rota").items:
        if isinstance(item, ast.DataRecords):
            out.append((item.kind.name, [r.name.name for r in item.records]))
        elif isinstance(item, ast.DataFile):
            out.append((item.kind.name, item.path))
        else:
            out.append(type(item).__name__)
    return out


def test_single_bare_record_then_another_data_item():
    # reported: E0101 at `人`; the other order always parsed
    assert shape("staff 人 { }\npost 卡口 { }\n人 张\n卡口 东, 西") == [
        "KindDecl", "KindDecl", ("人", ["张"]), ("卡口", ["东", "西"])]
    assert shape("staff 人 { }\npost 卡口 { }\n卡口 东, 西\n人 张") == [
        "KindDecl", "KindDecl", ("卡口", ["东", "西"]), ("人", ["张"])]


@pytest.mark.parametrize("src, expected", [
    ("人 张\n人 李\n人 王", [("人", ["张"]), ("人", ["李"]), ("人", ["王"])]),
    ("staff 人\n人 张\n人 李", ["KindDecl", ("人", ["张"]), ("人", ["李"])]),
    ('人 张\n人 李\n卡口 from "k.csv"', [("人", ["张"]), ("人", ["李"]), ("卡口", "k.csv")]),
    ('卡口 东, 西\n人 张\n人 from "p.csv"', [("卡口", ["东", "西"]), ("人", ["张"]), ("人", "p.csv")]),
    ("weekend 六, 日\n人 张\n人 李", ["WeekendDecl", ("人", ["张"]), ("人", ["李"])]),
    ("rule 甲: each 人 p: p works 夜班\n人 张\n卡口 东", ["Rule", ("人", ["张"]), ("卡口", ["东"])]),
    ("rule 甲: each 人 p: p.本地\n人 张\n人 李", ["Rule", ("人", ["张"]), ("人", ["李"])]),
    ("soft rule 甲 weight 1: balance x across 人 p\n人 张\n人 李",
     ["Rule", ("人", ["张"]), ("人", ["李"])]),
    ("rule 甲: each 人 p, 卡口 k: p works at k\n人 张\n人 李",
     ["Rule", ("人", ["张"]), ("人", ["李"])]),
])
def test_runs_of_bare_records(src, expected):
    assert shape(src) == expected


def test_bare_record_spans_cover_kind_and_name():
    src = "人 张\n卡口 东, 西\n"
    first, second = parse(src, "t.rota").items
    assert src[first.span.start_offset:first.span.end_offset] == "人 张"
    assert src[second.span.start_offset:second.span.end_offset] == "卡口 东, 西"


@pytest.mark.parametrize("src, expected", [
    # the person after a rule that ends in a name, and after a data item
    ("rule 甲: each 人 p: p works 夜班\n张 unavailable 2025-02-12",
     ["Rule", ("张", "unavailable")]),
    ("人 张, 李\n李 leaves 2025-02-15\n张 joins 2025-02-11 rule 乙: 张 works 夜班",
     [("人", ["张", "李"]), ("李", "leaves"), ("张", "joins"), "Rule"]),
    ("rule 甲: each 人 p: p works 夜班\n人 张\n张 unavailable 2025-02-12 to 2025-02-14, 2025-02-20",
     ["Rule", ("人", ["张"]), ("张", "unavailable")]),
])
def test_an_availability_line_starts_where_its_person_does(src, expected):
    out = []
    for item in parse(src, "t.rota").items:
        if isinstance(item, ast.Availability):
            out.append((item.person.name, item.how))
        elif isinstance(item, ast.DataRecords):
            out.append((item.kind.name, [r.name.name for r in item.records]))
        else:
            out.append(type(item).__name__)
    assert out == expected
