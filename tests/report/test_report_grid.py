"""The terminal grid: exact text, CJK alignment, posts, static plans, colour, blocks."""

from hypothesis import given, settings, strategies as st

from report_fixtures import D, EARLY, NIGHT, make_program
from rotalang import ir
from rotalang.report.grid import format_grid
from rotalang.report.text import width
from rotalang.results import Assignment, Roster


def test_grid_with_chinese_names_is_exact(chinese_program, chinese_roster):
    assert format_grid(chinese_roster, chinese_program) == (
        "人员      一    二    三     班数  工时\n"
        "          02-10 02-11 02-12            \n"
        "张丽      早    夜    -         2   16h\n"
        "欧阳明月  夜    -     -         1    8h\n"
        "Li        -     -     早        1    8h\n"
        "早班在岗  1     0     1         2      \n"
        "夜班在岗  1     1     0         2      \n"
        "\n"
        "早 早班 06:00-14:00   夜 夜班 22:00-06:00\n"
    )


def test_every_grid_row_has_the_same_display_width(chinese_program, chinese_roster):
    text = format_grid(chinese_roster, chinese_program)
    grid = text.split("\n\n")[0].split("\n")
    assert len(grid) == 7
    assert {width(line) for line in grid} == {width(grid[0])}
    # and the first day's column starts at the same display cell on every row
    start = width(grid[1][: grid[1].index("02-10")])
    for line in grid[2:5]:
        name, rest = line.split(" ", 1)
        first_cell = len(name) + 1 + (len(rest) - len(rest.lstrip(" ")))
        assert width(line[:first_cell]) == start


def test_latin_names_get_latin_weekdays_and_codes_default_to_first_letter():
    program = make_program(["ann", "bob"], [ir.ShiftDecl("day", 480, 960, 480, ""),
                                          ir.ShiftDecl("night", 1320, 360, 480, "")],
                           calendar=(D(2025, 2, 15), D(2025, 2, 17)), staff_kind="nurse")
    roster = Roster.of([Assignment("ann", D(2025, 2, 15), "day"),
                        Assignment("bob", D(2025, 2, 17), "night")])
    assert format_grid(roster, program) == (
        "nurse     Sa    Su     Mo     shifts  hours\n"
        "          02-15 02-16  02-17               \n"
        "          wkend wkend                      \n"
        "ann       d     -      -           1     8h\n"
        "bob       -     -      n           1     8h\n"
        "on day    1     0      0           1       \n"
        "on night  0     0      1           1       \n"
        "\n"
        "d day 08:00-16:00   n night 22:00-06:00\n"
    )


def test_colliding_codes_fall_back_to_distinguishing_prefixes():
    program = make_program(["张丽"], [ir.ShiftDecl("早班", 360, 840, 480, ""),
                                     ir.ShiftDecl("早高峰", 420, 600, 180, ""),
                                     ir.ShiftDecl("D", None, None, 480, "")],
                           calendar=(D(2025, 2, 10), D(2025, 2, 10)))
    roster = Roster.of([Assignment("张丽", D(2025, 2, 10), "早高峰")])
    text = format_grid(roster, program)
    assert "张丽        早高" in text
    assert text.endswith("早班 早班 06:00-14:00   早高 早高峰 07:00-10:00   D D 8h\n")


def test_posts_show_on_a_second_line_with_a_post_legend():
    program = make_program(["张丽", "王伟"], [EARLY, NIGHT], posts=["东关", "西关", "高速出口"],
                           calendar=(D(2025, 2, 10), D(2025, 2, 11)))
    roster = Roster.of([Assignment("张丽", D(2025, 2, 10), "早班", "高速出口"),
                        Assignment("王伟", D(2025, 2, 11), "夜班", "东关")])
    assert format_grid(roster, program) == (
        "人员      一    二     班数  工时\n"
        "          02-10 02-11            \n"
        "张丽      早    -         1    8h\n"
        "          高                     \n"
        "王伟      -     夜        1    8h\n"
        "                东               \n"
        "早班在岗  1     0         1      \n"
        "夜班在岗  0     1         1      \n"
        "\n"
        "早 早班 06:00-14:00   夜 夜班 22:00-06:00\n"
        "东 东关   西 西关   高 高速出口\n"
    )


def test_static_plan_is_a_staff_to_post_table():
    program = make_program(["张丽", "欧阳明月", "Li"], [], posts=["东关", "高速出口"],
                           calendar=None)
    roster = Roster.of([Assignment("张丽", post="高速出口"), Assignment("Li", post="东关")])
    assert format_grid(roster, program) == (
        "人员      卡口    \n"
        "张丽      高速出口\n"
        "欧阳明月  -       \n"
        "Li        东关    \n"
    )


def test_colour_wraps_codes_only_and_keeps_widths(chinese_program, chinese_roster):
    plain = format_grid(chinese_roster, chinese_program)
    coloured = format_grid(chinese_roster, chinese_program, color=True)
    assert "\x1b[32m早\x1b[0m" in coloured  # first shift: green
    assert "\x1b[34m夜\x1b[0m" in coloured  # second shift: blue
    import re
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    assert "\x1b" not in plain


def test_long_horizon_splits_into_week_blocks_when_narrow():
    program = make_program(["张丽"], [EARLY], calendar=(D(2025, 2, 10), D(2025, 2, 23)))
    roster = Roster.of([Assignment("张丽", D(2025, 2, 17), "早班")])
    wide = format_grid(roster, program)
    narrow = format_grid(roster, program, max_width=60)
    assert len(wide.split("\n\n")) == 2  # grid, legend
    blocks = narrow.split("\n\n")
    assert len(blocks) == 3  # week 1, week 2, legend
    assert blocks[0].split("\n")[1].split() == [f"02-{d}" for d in range(10, 17)]
    assert blocks[1].split("\n")[1].split() == [f"02-{d}" for d in range(17, 24)]
    assert blocks[0].split("\n")[2].split() == ["周末", "周末"]
    assert blocks[1].split("\n")[3].split() == ["张丽", "早"] + ["-"] * 6 + ["1", "8h"]
    # the totals cover the whole horizon, so only the last block has them
    assert blocks[0].split("\n")[3].split() == ["张丽"] + ["-"] * 7
    assert blocks[0].split("\n")[0].split()[-1] == "日"
    assert blocks[1].split("\n")[0].split()[-2:] == ["班数", "工时"]
    assert all(width(line) <= 60 for block in blocks for line in block.split("\n"))


def test_roster_without_program_uses_what_it_mentions():
    roster = Roster.of([Assignment("bo", D(2025, 3, 3), "late"),
                        Assignment("al", D(2025, 3, 4), "early")])
    assert format_grid(roster) == (
        "staff     Mo    Tu     shifts\n"
        "          03-03 03-04        \n"
        "al        -     e           1\n"
        "bo        l     -           1\n"
        "on early  0     1           1\n"
        "on late   1     0           1\n"
        "\n"
        "e early   l late\n"
    )


def test_holidays_and_the_declared_weekend_are_marked_and_hours_stay_exact():
    import attrs
    program = make_program(["张丽", "王伟"], [ir.ShiftDecl("值班", None, None, 450, "")],
                           calendar=(D(2025, 2, 12), D(2025, 2, 15)), weekend=("fri", "sat"))
    holidays = frozenset({D(2025, 2, 12), D(2025, 2, 14)})  # 02-14 is also a weekend day
    program = attrs.evolve(program, calendar=attrs.evolve(program.calendar, holidays=holidays))
    roster = Roster.of([Assignment("张丽", D(2025, 2, 12), "值班"),
                        Assignment("张丽", D(2025, 2, 13), "值班"),
                        Assignment("王伟", D(2025, 2, 13), "值班")])
    assert format_grid(roster, program) == (
        "人员  三    四    五    六     班数     工时\n"
        "      02-12 02-13 02-14 02-15               \n"
        "      假日        假日  周末                \n"
        "张丽  值    值    -     -         2      15h\n"
        "王伟  -     值    -     -         1  7h30min\n"
        "在岗  1     2     0     0         3         \n"
        "\n"
        "值 值班 7h30min\n"
    )


NAMES = st.text(alphabet=st.sampled_from("张丽王伟欧阳明月abcXYZ高速东关ｱ"), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(people=st.lists(NAMES, min_size=1, max_size=5, unique=True),
       cells=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3), st.booleans()),
                      max_size=12))
def test_rows_always_have_equal_display_width(people, cells):
    shifts = [ir.ShiftDecl("早班", 360, 840, 480, "早"), ir.ShiftDecl("N", 1320, 360, 480, "")]
    program = make_program(people, shifts, calendar=(D(2025, 2, 10), D(2025, 2, 13)))
    roster = Roster.of(Assignment(people[i % len(people)], D(2025, 2, 10 + d),
                                  shifts[int(s)].name) for i, d, s in cells)
    grid = format_grid(roster, program).split("\n\n")[0].split("\n")
    assert len({width(line) for line in grid}) == 1
