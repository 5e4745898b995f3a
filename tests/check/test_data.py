"""Data files: CSV/JSON records typed by their kind; a bad cell at file:line:column."""

from fractions import Fraction

import pytest

from rotalang import ir
from rotalang.check.cells import Names
from rotalang.check.data import build_records, read_table, report_duplicates
from rotalang.diagnostics import DiagnosticError, Diagnostics, render_all
from rotalang.values import EnumValue, RecordRef, ShiftRef

STAFF = ir.KindDecl("人员", "staff", (
    ir.Attribute("身份", ir.enum_type("身份")),
    ir.Attribute("本地", ir.BOOL),
    ir.Attribute("比例", ir.RATIO),
    ir.Attribute("班次", ir.set_type(ir.SHIFT)),
    ir.Attribute("村", ir.kind_type("村"), default=None),
))
NAMES = Names({"身份": ("党员干部", "医务人员")}, {"村": ("定城", "拂晓")}, ("早班", "夜班"))


def load(tmp_path, name, content, kind=STAFF, raw=False):
    path = tmp_path / name
    path.write_bytes(content if raw else content.encode("utf-8"))
    diags = Diagnostics()
    records = build_records(kind, read_table(str(path), name), NAMES, diags)
    return records, list(diags)


def test_csv_with_bom_and_crlf(tmp_path):
    text = "\ufeff姓名,身份,本地,比例,班次,村\r\n张丽,医务人员,是,5.32‰,早班|夜班,定城\r\n" \
           '"王, 强",党员干部,no,0.5,,拂晓\r\n'
    records, diags = load(tmp_path, "人员.csv", text)
    assert diags == []
    assert [r.name for r in records] == ["张丽", "王, 强"]
    assert records[0].values == (
        ("身份", EnumValue("身份", "医务人员")), ("本地", True), ("比例", Fraction(532, 100000)),
        ("班次", frozenset({ShiftRef("早班"), ShiftRef("夜班")})), ("村", RecordRef("村", "定城")))
    assert records[1].get("班次") == frozenset()
    assert (records[0].span.start_line, records[1].span.start_line) == (2, 3)


def test_bad_cell_is_reported_at_its_line_and_column(tmp_path):
    text = "姓名,身份,本地,比例,班次,村\n张丽,医务人员,是,94%,早班,定城\n王强,医护人员,maybe,1,早班,定成\n"
    records, diags = load(tmp_path, "人员.csv", text)
    assert [r.name for r in records] == ["张丽"]
    assert [(str(d.span), d.span.end_col, d.code, d.help) for d in diags] == [
        ("人员.csv:3:4", 8, "E0401", "did you mean `医务人员`?"),
        ("人员.csv:3:9", 14, "E0401", "a yes/no cell holds true, false, yes, no, 是 or 否"),
        ("人员.csv:3:20", 22, "E0401", "did you mean `定城`?"),
    ]
    assert render_all(diags[:1]) == (
        "人员.csv:3:4: error[E0401]: bad 身份 for 人员 `王强`: `医护人员` is not a value of 身份\n"
        "  |\n"
        "3 | 王强,医护人员,maybe,1,早班,定成\n"
        "  |      ^^^^^^^^ expected a 身份\n"
        "  = help: did you mean `医务人员`?\n")


def test_missing_and_unknown_columns(tmp_path):
    records, diags = load(tmp_path, "p.csv", "姓名,身分,本地,比例,班次\n张丽,医务人员,是,1,早班\n")
    assert [(d.code, str(d.span), d.help) for d in diags] == [
        ("E0402", "p.csv:1:1", "add a column `村` (村) or give the attribute a default "
                               "in the declaration of 人员"),
        ("E0402", "p.csv:1:1", "add a column `身份` (身份) or give the attribute a default "
                               "in the declaration of 人员"),
        ("E0403", "p.csv:1:4", "did you mean `身份`?"),
    ]
    assert records == []


def test_row_with_too_few_cells(tmp_path):
    with pytest.raises(DiagnosticError) as exc:
        load(tmp_path, "p.csv", "姓名,身份\n张丽\n")
    [d] = exc.value.diagnostics
    assert (d.code, str(d.span), d.message) == ("E0406", "p.csv:2:1",
                                                "this row has 1 cells, the header has 2")


def test_empty_file_and_invalid_utf8(tmp_path):
    with pytest.raises(DiagnosticError) as exc:
        load(tmp_path, "p.csv", "\n  \n")
    assert exc.value.diagnostics[0].code == "E0405"
    with pytest.raises(DiagnosticError) as exc:
        load(tmp_path, "p.csv", "姓名,身份\n张丽,".encode("utf-8") + b"\xff\n", raw=True)
    [d] = exc.value.diagnostics
    assert (d.code, str(d.span)) == ("E0002", "p.csv:2:4")


def test_json_list_and_mapping(tmp_path):
    text = ('[{"name": "张丽", "身份": "医务人员", "本地": true, "比例": 0.1, '
            '"班次": ["早班"], "村": "拂晓"}]')
    records, diags = load(tmp_path, "p.json", text)
    assert diags == [] and records[0].get("比例") == Fraction(1, 10)
    text = '{"张丽": {"身份": "党员干部", "本地": "否", "比例": "94%", "村": "定城"}}'
    records, diags = load(tmp_path, "p.json", text)
    assert diags == [] and records[0].get("本地") is False and records[0].get("班次") == frozenset()


def test_json_bad_value_position(tmp_path):
    text = '[\n  {"name": "张丽", "身份": "医务人员", "本地": 3, "比例": 1, "村": "定城"}\n]'
    records, diags = load(tmp_path, "p.json", text)
    [d] = diags
    assert (d.code, str(d.span), d.message) == (
        "E0401", "p.json:2:38", "bad 本地 for 人员 `张丽`: expected `true` or `false`, found `3`")


def test_malformed_json(tmp_path):
    with pytest.raises(DiagnosticError) as exc:
        load(tmp_path, "p.json", '[{"name": "张丽",}]')
    [d] = exc.value.diagnostics
    assert (d.code, str(d.span)) == ("E0406", "p.json:1:16")


def test_a_repeated_key_in_a_record_is_an_error_not_a_silent_overwrite(tmp_path):
    with pytest.raises(DiagnosticError) as exc:
        load(tmp_path, "p.json", '[{"name": "张丽", "本地": true,\n  "本地": false}]')
    [d] = exc.value.diagnostics
    assert (d.code, str(d.span), d.message) == (
        "E0406", "p.json:2:3", "malformed JSON: the key `本地` appears twice in one object")
    assert [str(label.span) for label in d.labels] == ["p.json:1:17"]


def test_missing_file_and_wrong_extension(tmp_path):
    with pytest.raises(DiagnosticError) as exc:
        read_table(str(tmp_path / "none.csv"), "none.csv")
    assert exc.value.diagnostics[0].code == "E0001"
    with pytest.raises(DiagnosticError) as exc:
        read_table(str(tmp_path / "x.xlsx"), "x.xlsx")
    assert exc.value.diagnostics[0].code == "E0407"


def test_duplicate_records_point_at_the_first(tmp_path):
    records, _ = load(tmp_path, "p.csv", "n,身份,本地,比例,班次,村\n张丽,医务人员,是,1,,定城\n"
                                         "张丽,医务人员,是,1,,定城\n")
    diags = Diagnostics()
    kept = report_duplicates(records, diags)
    [d] = list(diags)
    assert len(kept) == 1
    assert (d.code, str(d.span), str(d.labels[0].span)) == ("E0404", "p.csv:3:1", "p.csv:2:1")
