"""E0716: an assignment of a Roster built in Python that names nothing in the program
reads as one sentence — what the roster assigns, and what the program lacks."""

import datetime

import pytest

import rotalang
from rotalang.diagnostics import DiagnosticError, render_all
from rotalang.results import Assignment, Roster

PROGRAM = """calendar from 2025-02-10 to 2025-02-12
staff 人员
post 卡口
shift 早班 08:00-16:00
shift 夜班 20:00-08:00
人员 张丽, 王伟
卡口 东关, 西关
"""


def problems(tmp_path, *assignments) -> str:
    path = tmp_path / "p.rota"
    path.write_text(PROGRAM, encoding="utf-8")
    with pytest.raises(DiagnosticError) as info:
        rotalang.load(path).verify(Roster.of(assignments))
    return render_all(info.value.diagnostics)


def test_each_misplaced_assignment_says_what_the_program_lacks(tmp_path):
    # reported in the roster's order (people, then days)
    day = datetime.date(2025, 2, 10)
    assert problems(
        tmp_path,
        Assignment("张丽", day, "早班", "东关"),  # fine: not reported
        Assignment("赵六", day, "早班", "东关"),
        Assignment("张丽", datetime.date(2025, 3, 1), "早班", "东关"),
        Assignment("王伟", day, "晚班", "东关"),
        Assignment("王伟", datetime.date(2025, 2, 11), "夜班", "北关"),
        Assignment("王伟", datetime.date(2025, 2, 12), "夜班"),
    ) == """\
error[E0716]: the roster assigns 张丽 to 早班 on 2025-03-01 at 东关, but 2025-03-01 is outside the calendar (2025-02-10 to 2025-02-12)

error[E0716]: the roster assigns 王伟 to 夜班 on 2025-02-11 at 北关, but 北关 is not one of the 卡口
 = help: the posts are 东关, 西关

error[E0716]: the roster assigns 王伟 to 夜班 on 2025-02-12, but it names none of the 卡口, and every assignment of this program is at one

error[E0716]: the roster assigns 王伟 to 晚班 on 2025-02-10 at 东关, but the program has no shift 晚班
 = help: the shifts are 早班, 夜班

error[E0716]: the roster assigns 赵六 to 早班 on 2025-02-10 at 东关, but 赵六 is not one of the 人员
 = help: the people are 张丽, 王伟
"""
