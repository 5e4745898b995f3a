"""verify's report as text for a rule author: the broken hard rules, each with its
statement once and one line per broken instance, then the soft costs as the same
rule / line / broken / cost table `solve` prints:

    3 hard rule instances broken (3 rules)

    每班至少两人  checkpoint.rota:31
      rule: count(人员 p where p works s on d at k) >= 2
      2025-02-12 中班 西关: 1 person, the rule asks for at least 2

    党员干部带班  checkpoint.rota:35
      rule: some(人员 p where p.身份 = 党员干部 and p works s on d at k)
      2025-02-14 早班 东关: no 人员 with 身份 = 党员干部 works 早班 on 2025-02-14 at 东关

    rule             line  broken  cost
    本地人员优先       58      23    23
    total soft cost                  23

    cost by instance, dearest first
    …

(the last part is `costs.cost_items_text`, as `solve` prints it). Each instance is one sentence (`instance_text`): where it is, what the roster has, and
for a comparison the number the rule asks for. `violation_text` adds the statement, for
a sentence that stands alone (test messages, logs).
"""

from __future__ import annotations

from rotalang import ir
from rotalang.report.costs import cost_items_text, focus_on
from rotalang.report.instance_words import instance_text, rule_locations, violation_text
from rotalang.report.summary import soft_cost_section, soft_rule_lines
from rotalang.report.text import clean, plural
from rotalang.results import VerifyReport, Violation

__all__ = ["format_verify_report", "hard_rules_text", "instance_text", "violation_text"]


def hard_rules_text(broken: tuple[Violation, ...], program: ir.Program | None) -> str:
    """The broken hard rules grouped by rule, in the order the report gives them."""
    if not broken:
        return "no hard rule is broken\n"
    where = rule_locations(program)
    groups: dict[tuple, list[Violation]] = {}
    for v in broken:
        groups.setdefault((v.rule, v.line), []).append(v)
    rules = f" ({len(groups)} rules)" if len(groups) > 1 else ""
    out = [f"{plural(len(broken), 'hard rule instance')} broken{rules}"]
    for (name, line), instances in groups.items():
        at = where.get(name) or (f"line {line}" if line is not None else "")
        out.append("")
        out.append(clean(f"{name}  {at}" if at else name))
        statement = instances[0].statement
        if statement:
            out.append(clean(f"  rule: {statement}"))
        # without the statement (a report built by hand), each instance says it
        words = instance_text if statement else violation_text
        out.extend(clean(f"  {words(v)}") for v in instances)
    return "\n".join(out) + "\n"


def format_verify_report(report: VerifyReport, program: ir.Program | None = None,
                         explain: str | None = None) -> str:
    """The report as text, ending with a newline: the broken hard rules, then the cost
    of each soft rule of `program` (those that cost nothing included) and the total,
    then the costing instances (`report.costs`; all of one rule with `explain`)."""
    soft = soft_cost_section(soft_rule_lines(report.breakdown, program), report.cost,
                             "total soft cost")
    if soft and report.hard_violations and not soft.startswith("\n"):
        soft = "\n" + soft  # apart from the last broken rule's instances
    items = cost_items_text(focus_on(report.cost_items, explain, program), program,
                            focus=explain)
    return hard_rules_text(report.hard_violations, program) + soft + \
        ("\n" + items if items else "")
