"""`rotalang verify` judges every roster it can read: one that puts a person on two
shifts of a day, or a candidate at two posts, is exactly what a checker is for. It
gets the rule-by-rule report with the built-in rule named, the soft cost, and exit 1
— not a refusal to read the file."""

from cli_fixtures import rotalang

SHIFTS = """calendar from 2025-02-10 to 2025-02-12
staff 人员
shift 早班 08:00-16:00
shift 夜班 20:00-08:00
人员 张丽, 王伟, 李娜

rule 夜班后休息: no 夜班 followed by 早班
soft rule 每班一人 weight 2: each day d, shift s: count(人员 p where p works s on d) >= 1
"""

PLAN = """staff 候选人
post 村 { }
村 东村, 西村
候选人 张丽, 王伟
"""


def test_two_shifts_of_one_day_are_reported_as_the_built_in_rule_broken(tmp_path):
    (tmp_path / "值班.rota").write_text(SHIFTS, encoding="utf-8")
    (tmp_path / "排班.csv").write_text(
        "staff,date,shift\n张丽,2025-02-10,早班\n张丽,2025-02-10,夜班\n"
        "王伟,2025-02-11,早班\n李娜,2025-02-12,夜班\n", encoding="utf-8")
    done = rotalang("verify", "值班.rota", "--roster", "排班.csv", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "one shift per day" in done.stdout
    assert "张丽 2025-02-10: shifts worked that day: 2, the rule asks for at most 1" \
        in done.stdout
    # 6 shifts, 4 filled by 3 rows of other days and the two of 张丽: 2 empty, 2 each
    assert "total soft cost                   4\n" in done.stdout
    # and where the 4 comes from: the two empty shifts, dearest first
    assert done.stdout.endswith("  2  2025-02-11 夜班: 0 people, the rule asks for at least 1\n"
                                "  2  2025-02-12 早班: 0 people, the rule asks for at least 1\n")
    assert done.stderr == ("broken: 排班.csv breaks 1 hard rule instance of 值班.rota; "
                           "soft cost 4\n")


def test_a_person_at_two_posts_in_a_static_plan_is_reported_too(tmp_path):
    (tmp_path / "任用.rota").write_text(PLAN, encoding="utf-8")
    (tmp_path / "方案.csv").write_text("staff,post\n张丽,东村\n张丽,西村\n",
                                       encoding="utf-8")
    done = rotalang("verify", "任用.rota", "--roster", "方案.csv", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "one post" in done.stdout and "张丽" in done.stdout
    assert "张丽: posts held: 2, the rule asks for at most 1" in done.stdout
    assert done.stderr.startswith("broken: 方案.csv breaks 1 hard rule instance")
