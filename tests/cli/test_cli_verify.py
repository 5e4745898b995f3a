"""`rotalang verify` with a stand-in program: the report on stdout, a verdict naming
both files on stderr, exit 0 for a usable roster and 1 for one that breaks a hard rule."""

import json
from fractions import Fraction

from rotalang.results import CostLine, VerifyReport, Violation

from cli_fixtures import FakeProgram

BREAKDOWN = (CostLine("轮换", 7, Fraction(3), 3),)
SHORT = Violation("每班两人", 5, (("d", "2025-02-10"),), "at least 2", "1")
ABSENT = Violation("有医务人员", 6, (("d", "2025-02-11"),), "the rule to hold",
                   "no 医务人员 works on 2025-02-11")


def test_a_usable_roster_says_ok_with_its_cost(run_cli):
    program = FakeProgram(verify_report=VerifyReport((), Fraction(3), BREAKDOWN))
    code, out, err = run_cli(["verify", "值守.rota", "--roster", "排班.csv"], program)
    assert code == 0
    assert program.calls == [("verify", "排班.csv")]
    assert out.startswith("no hard rule is broken\n")
    assert err == "ok: 排班.csv meets every hard rule of 值守.rota; soft cost 3\n"


def test_a_broken_roster_names_how_much_is_broken_and_exits_1(run_cli):
    report = VerifyReport((SHORT, ABSENT), Fraction(3), BREAKDOWN)
    code, out, err = run_cli(["verify", "值守.rota", "--roster", "排班.csv"],
                             FakeProgram(verify_report=report))
    assert code == 1
    assert out.startswith("2 hard rule instances broken (2 rules)\n")
    assert err == ("broken: 排班.csv breaks 2 hard rule instances (2 rules) of 值守.rota; "
                   "soft cost 3\n")
    one = VerifyReport((SHORT,), Fraction(0), ())
    _, _, err = run_cli(["verify", "值守.rota", "--roster", "排班.csv"],
                        FakeProgram(verify_report=one))
    assert err == "broken: 排班.csv breaks 1 hard rule instance of 值守.rota; soft cost 0\n"


def test_json_keeps_stderr_clean(run_cli):
    report = VerifyReport((SHORT,), Fraction(3), BREAKDOWN)
    code, out, err = run_cli(["verify", "值守.rota", "--roster", "排班.csv", "--format", "json"],
                             FakeProgram(verify_report=report))
    assert (code, err) == (1, "")
    assert json.loads(out)["cost"] == 3
