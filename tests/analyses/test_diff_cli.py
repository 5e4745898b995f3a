"""`rotalang diff` as a user sees it: the report, the verdict line, exit codes, JSON,
witness files, and the ways it can refuse to run."""

from __future__ import annotations

import json

from helpers import COVER, EX, HEAD, ROOT, run_cli, write


def small(tmp_path, old_rules: str, new_rules: str, head: str = HEAD):
    return (str(write(tmp_path, "旧.rota", head + old_rules)),
            str(write(tmp_path, "新.rota", head + new_rules)))


def test_a_tightened_rule_shows_a_witness_grid_and_the_deciding_instance(tmp_path):
    old, new = small(tmp_path, COVER, COVER + "rule 张丽首日休: 张丽 is off on 2025-02-10\n")
    run = run_cli("diff", old, new)
    assert run.status == 1
    assert "rules: 1 unchanged, 1 added" in run.stdout
    assert "OLD allows a roster that NEW forbids:" in run.stdout
    assert "张丽" in run.stdout and "白 白班 08:00-20:00" in run.stdout  # the grid
    assert f"张丽首日休  {new}:6  (no such rule in OLD)" in run.stdout
    assert "NEW allows no roster that OLD forbids (proved" in run.stdout
    assert run.stderr.startswith("different: ")


def test_equivalent_programs_exit_0_and_say_proved(tmp_path):
    old, new = small(tmp_path, COVER, "rule 每天有人: each day d: some(人员 p where p works on d)\n")
    run = run_cli("diff", old, new)
    assert run.status == 0, run.stderr
    assert "renamed  每天一人 → 每天有人" in run.stdout
    assert "equivalent:" in run.stderr and "(proved)" in run.stderr


def test_json_has_the_verdict_rules_and_witness(tmp_path):
    old, new = small(tmp_path, COVER, "")
    run = run_cli("diff", old, new, "--format", "json")
    assert run.status == 1 and run.stderr == ""
    obj = json.loads(run.stdout)
    assert obj["verdict"] == "different"
    assert [r["change"] for r in obj["rules"]] == ["removed"]
    new_only = obj["directions"][0]
    assert new_only["answer"] == "found" and new_only["broken"][0]["rule"] == "每天一人"
    assert obj["directions"][1]["answer"] == "none"
    assert obj["costs"] == []  # neither program has a soft rule


def test_a_time_limit_that_runs_out_says_unknown_never_equivalent(tmp_path):
    old, new = small(tmp_path, COVER, COVER)
    run = run_cli("diff", old, new, "--time-limit", "0.000001")
    assert run.status == 2
    assert "W0601" in run.stderr  # the limit ran out while grounding
    assert "equivalent" not in run.stderr.replace("W0601", "")
    assert run.stderr.splitlines()[-1].startswith("unknown: ")
    assert "not decided within the limits" in run.stdout


def test_the_witness_file_is_the_one_the_example_verifies(tmp_path, monkeypatch):
    folder = tmp_path / "w"
    run = run_cli("diff", "examples/analyses/值班-四班.rota", "examples/analyses/值班-五班.rota",
                  "--witnesses", str(folder), cwd=ROOT, monkeypatch=monkeypatch)
    assert run.status == 1
    written = (folder / "allowed-by-new.csv").read_text(encoding="utf-8")
    assert written == (EX / "witness" / "allowed-by-new.csv").read_text(encoding="utf-8")
    assert not (folder / "allowed-by-old.csv").exists()  # none goes that way
    again = run_cli("diff", "examples/analyses/值班-四班.rota",
                    "examples/analyses/值班-五班.rota", "--witnesses", str(folder))
    assert again.status == 2 and "E0020" in again.stderr  # refused before running
    assert "different" not in again.stderr


def test_slots_that_differ_are_E0801_exit_2(tmp_path):
    old = write(tmp_path, "a.rota", HEAD + COVER)
    new = write(tmp_path, "b.rota", HEAD.replace("张丽, 王强", "张丽, 李娜") + COVER)
    run = run_cli("diff", str(old), str(new))
    assert run.status == 2
    assert "error[E0801]" in run.stderr
    assert "people only in" in run.stderr and "王强" in run.stderr and "李娜" in run.stderr
    assert "Traceback" not in run.stderr


def test_people_in_another_order_are_the_same_slots(tmp_path):
    old, new = small(tmp_path, COVER, COVER)
    swapped = write(tmp_path, "换序.rota", HEAD.replace("张丽, 王强", "王强, 张丽") + COVER)
    assert run_cli("diff", old, str(swapped)).status == 0


def test_a_file_that_does_not_load_is_exit_2_with_its_diagnostics(tmp_path):
    old, _ = small(tmp_path, COVER, COVER)
    broken = write(tmp_path, "坏.rota", HEAD + "rule 缺: each day d: count(人员 p where p works on d) >=\n")
    run = run_cli("diff", old, str(broken))
    assert run.status == 2 and "error[E01" in run.stderr
    missing = run_cli("diff", old, str(tmp_path / "没有.rota"))
    assert missing.status == 2 and "E0001" in missing.stderr


def test_a_program_that_allows_nothing_is_said_so(tmp_path):
    old, new = small(tmp_path, COVER + "rule 都休: each 人员 p, day d: p is off on d\n", COVER)
    run = run_cli("diff", old, new)
    assert run.status == 1
    assert "OLD allows no roster at all" in run.stdout


def test_a_witness_across_people_in_another_order_names_the_right_person(tmp_path):
    old, _ = small(tmp_path, COVER, COVER)
    swapped = write(tmp_path, "换序.rota", HEAD.replace("张丽, 王强", "王强, 张丽") + COVER
                    + "rule 张丽不上: 张丽 is off on 2025-02-10\n")
    run = run_cli("diff", old, str(swapped), "--format", "json")
    assert run.status == 1
    (witness,) = [d for d in json.loads(run.stdout)["directions"] if d["answer"] == "found"]
    assert {"staff": "张丽", "date": "2025-02-10", "shift": "白班", "post": None} \
        in witness["roster"]  # the evaluator agreed, or diff would have failed (E0901)


def test_relaxing_a_built_in_rule_is_a_removed_rule_with_a_witness(tmp_path):
    head = HEAD.replace('shift 白班 08:00-20:00 code "白"',
                        'shift 早班 06:00-12:00 code "早"\nshift 晚班 14:00-20:00 code "晚"')
    old, new = small(tmp_path, COVER, COVER + 'relax "one shift per day"\n', head=head)
    run = run_cli("diff", old, new)
    assert run.status == 1
    assert "rules: 1 unchanged, 1 removed" in run.stdout
    assert "removed  one shift per day  built-in" in run.stdout
    assert "one shift per day  built-in  (relaxed in NEW)" in run.stdout
    assert "OLD allows no roster that NEW forbids (proved" in run.stdout
