from report_fixtures import chinese_program, chinese_roster, feasible_result  # noqa: F401
