"""`check --show` (issue 23, point 7): every check a rule makes on the data alone — the
indicators of a target sheet — listed with actual, target, difference (in the target's
unit) and verdict, passing ones too, as a table or in `--format json`; E0603 still
reports the broken ones and sets the exit status."""

from __future__ import annotations

import json

from tests.cli.cli_fixtures import rotalang

VARIANT = "examples/indicators/variants/未达标.rota"


def rows(stdout: str) -> list[list[str]]:
    return [line.split() for line in stdout.splitlines()[2:]]


def test_the_table_lists_every_indicator_with_its_difference_and_verdict():
    done = rotalang("check", VARIANT, "--show")
    assert done.returncode == 1  # the data breaks four of them (E0603 on stderr)
    assert done.stderr.count("error[E0603]") == 4
    head, columns = done.stdout.splitlines()[:2]
    assert head.startswith("indicators: ") and head.endswith(", 4 not met")
    assert columns.split() == ["rule", "for", "measure", "actual", "target", "difference",
                               "verdict"]
    table = rows(done.stdout)
    assert ["计划生育率达标", "(line", "45)", "青阳县", "计划生育率", "93.8%", ">=", "94%",
            "-0.2%", "NOT", "MET"] in table
    # a passing one, its difference in the target's unit (per mille, not percent)
    assert any(r[:4] == ["自然增长率达标", "(line", "44)", "城关区"] and r[-3:] == ["5.32‰", "-0.61‰", "met"]
               for r in table), table[:30]
    assert sum(1 for r in table if r[-2:] == ["NOT", "MET"]) == 4


def test_json_lists_the_indicators_as_data_beside_the_diagnostics():
    done = rotalang("check", VARIANT, "--show", "--format", "json")
    out = json.loads(done.stdout)
    broken = [i for i in out["indicators"] if not i["met"]]
    assert len(broken) == len([d for d in out["diagnostics"] if d["code"] == "E0603"]) == 4
    assert {"file": VARIANT, "rule": "计划生育率达标", "line": 45, "binding": {"c": "青阳县"},
            "measure": "计划生育率", "actual": "93.8%", "op": ">=", "target": "94%",
            "difference": "-0.2%", "met": False, "assertion": False} in broken
    assertions = [i for i in out["indicators"] if i["assertion"]]
    assert assertions and all(i["met"] for i in assertions)


def test_a_program_whose_rules_all_read_the_roster_says_so():
    done = rotalang("check", "examples/quickstart/值班-五班.rota", "--show")
    assert done.returncode == 0
    assert done.stdout == "examples/quickstart/值班-五班.rota: no rule reads the data alone\n"
