"""The HTML page's own words, in the program's language: Chinese when the program's
names are (its people, shifts, rules or title hold CJK characters), else English.

Only the page's headings and fixed phrases are translated; what comes from the program
(names, rule text) and the instance sentences of the evaluator stay as they are.
"""

from __future__ import annotations

from rotalang.report.text import format_cost
from rotalang.results import SolveResult, Status

WORDS = {
    "en": {
        "roster": "Roster", "plan": "Plan", "cost_by_rule": "Cost by rule",
        "cost_by_instance": "Cost by instance", "conflict": "Why there is no roster",
        "notes": "Notes", "rule": "rule", "line": "line", "broken": "broken",
        "cost": "cost", "total": "total", "where": "where", "found": "what the roster has",
        "cells": "roster cells", "people": "people", "unassigned": "not assigned",
        "none": "nobody", "horizon": "{first} to {last}", "generated": "generated {time}",
        "instances": "{n} instances, cost {cost}", "one_instance": "1 instance, cost {cost}",
        "asks": "{found}, the rule asks for {expected}", "help": "help",
        "conflicting": "conflicting instances",
    },
    "zh": {
        "roster": "排班表", "plan": "安排", "cost_by_rule": "各规则代价",
        "cost_by_instance": "代价明细", "conflict": "为何排不出", "notes": "提示",
        "rule": "规则", "line": "行", "broken": "未满足", "cost": "代价", "total": "合计",
        "where": "位置", "found": "排班情况", "cells": "涉及的排班", "people": "人员",
        "unassigned": "未安排", "none": "无人", "horizon": "{first} 至 {last}",
        "generated": "生成于 {time}", "instances": "{n} 处，代价 {cost}",
        "one_instance": "1 处，代价 {cost}", "asks": "{found}，规则要求 {expected}",
        "help": "建议", "conflicting": "冲突的实例",
    },
}


def met_sentence(lang: str, rules: list[str]) -> str:
    """`all 3 soft rules met` / `3 条软规则全部满足`."""
    if lang == "zh":
        return f"{len(rules)} 条软规则全部满足" if len(rules) > 1 else f"软规则 {rules[0]} 已满足"
    return (f"all {len(rules)} soft rules met" if len(rules) > 1
            else f"the soft rule {rules[0]} is met")


def status_sentence(lang: str, result: SolveResult, english: str) -> str:
    """The status line in the page's language (`english` is `summary.status_line`)."""
    if lang != "zh":
        return english
    if result.status is Status.INFEASIBLE:
        return "无解：没有排班能满足全部硬规则"
    if result.status is Status.UNKNOWN or result.cost is None:
        return "未知：没有找到排班" if "limits" not in english else "未知：在限定时间内没有找到排班"
    cost = format_cost(result.cost)
    if result.status is Status.OPTIMAL:
        return f"最优，代价 {cost}"
    bound = (f"（下界 {format_cost(result.lower_bound)}）" if result.lower_bound is not None
             else "（未证明最优）")
    return f"可行，代价 {cost}{bound}"
