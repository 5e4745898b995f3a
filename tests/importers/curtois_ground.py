"""A hand-built ground model for a benchmark instance, for testing the search before
(and independently of) the grounder: the same constraints the imported program grounds
to, written directly from the instance data.

Test scaffolding only — the product grounds the imported `.rota` program instead.
"""

from __future__ import annotations

import datetime
from fractions import Fraction

from rotalang.ground import model as gm
from tests.curtois_objective import Bench, read_bench

START = datetime.date(2024, 1, 1)


def _lin(vars_, coef=1, const=0) -> gm.Lin:
    return gm.Lin(tuple((coef, v) for v in vars_), const)


def build(path) -> gm.GroundModel:
    bench: Bench = read_bench(path)
    people = tuple(bench.staff)
    shifts = tuple(bench.shift_minutes)
    days = tuple(START + datetime.timedelta(days=d) for d in range(bench.horizon))
    slots, index = [], {}
    for p in range(len(people)):
        for d in range(len(days)):
            for s in range(len(shifts)):
                index[(p, d, s, None)] = len(slots)
                slots.append(gm.Slot(p, d, s, None))
    aux = []
    works_on = {}
    for p in range(len(people)):
        for d in range(len(days)):
            v = len(slots) + len(aux)
            aux.append(gm.AuxDef(v, tuple(index[(p, d, s, None)] for s in range(len(shifts))),
                                 f"{people[p]} works on {days[d]}"))
            works_on[(p, d)] = v
    weekend_var = {}
    for p in range(len(people)):
        for w in range(bench.horizon // 7 + 1):
            ds = [d for d in (7 * w + 5, 7 * w + 6) if d < bench.horizon]
            if ds:
                v = len(slots) + len(aux)
                aux.append(gm.AuxDef(v, tuple(works_on[(p, d)] for d in ds),
                                     f"{people[p]} works weekend {w}"))
                weekend_var[(p, w)] = v

    rules: list[gm.GroundRule] = []
    cons: list[gm.GroundConstraint] = []

    def rule(name, kind):
        rules.append(gm.GroundRule(len(rules), name, gm.RuleKind(kind), None))
        return len(rules) - 1

    def hard(r, binding, formula):
        cons.append(gm.GroundConstraint(r, binding, gm.Measure.HARD, formula))

    one = rule("one shift per day", "structure")
    for p in range(len(people)):
        for d in range(len(days)):
            hard(one, (("p", people[p]), ("d", str(d))), gm.Cmp(
                _lin(index[(p, d, s, None)] for s in range(len(shifts))), "<=", gm.Lin((), 1)))
    sid = {s: i for i, s in enumerate(shifts)}
    for s, banned in bench.forbidden.items():
        if not banned:
            continue
        r = rule(f"after_{s}", "hard")
        for p in range(len(people)):
            for d in range(len(days) - 1):
                for b in sorted(banned):
                    hard(r, (("p", people[p]), ("d", str(d)), ("next", b)), gm.Or((
                        gm.Not(gm.Atom(index[(p, d, sid[s], None)])),
                        gm.Not(gm.Atom(index[(p, d + 1, sid[b], None)])))))
    lim = rule("shift_limits", "hard")
    tot = rule("total_time", "hard")
    mxc = rule("max_consecutive", "hard")
    mnc = rule("min_consecutive", "hard")
    mdo = rule("min_days_off", "hard")
    mwe = rule("max_weekends", "hard")
    off = rule("days_off", "hard")
    H = len(days)
    for p, person in enumerate(people):
        L = bench.staff[person]
        b = (("n", person),)
        for s, most in L["max_shifts"].items():
            hard(lim, b, gm.Cmp(_lin(index[(p, d, sid[s], None)] for d in range(H)), "<=",
                                gm.Lin((), most)))
        minutes = gm.Lin(tuple((bench.shift_minutes[shifts[s]], index[(p, d, s, None)])
                               for d in range(H) for s in range(len(shifts))))
        hard(tot, b, gm.Cmp(minutes, ">=", gm.Lin((), L["min_minutes"]), unit="minutes"))
        hard(tot, b, gm.Cmp(minutes, "<=", gm.Lin((), L["max_minutes"]), unit="minutes"))
        k = L["max_consecutive"]
        for s0 in range(H - k):
            hard(mxc, b + (("start", str(s0)),),
                 gm.Cmp(_lin(works_on[(p, d)] for d in range(s0, s0 + k + 1)), "<=", gm.Lin((), k)))
        for length in range(1, L["min_consecutive"]):
            for s0 in range(1, H - length):
                hard(mnc, b + (("start", str(s0)),), gm.Or((
                    gm.Atom(works_on[(p, s0 - 1)]), gm.Atom(works_on[(p, s0 + length)]),
                    *(gm.Not(gm.Atom(works_on[(p, d)])) for d in range(s0, s0 + length)))))
        for length in range(1, L["min_days_off"]):
            for s0 in range(1, H - length):
                hard(mdo, b + (("start", str(s0)),), gm.Or((
                    gm.Not(gm.Atom(works_on[(p, s0 - 1)])),
                    gm.Not(gm.Atom(works_on[(p, s0 + length)])),
                    *(gm.Atom(works_on[(p, d)]) for d in range(s0, s0 + length)))))
        wk = [v for (q, _), v in sorted(weekend_var.items()) if q == p]
        hard(mwe, b, gm.Cmp(_lin(wk), "<=", gm.Lin((), L["max_weekends"])))
        for d in sorted(bench.days_off.get(person, ())):
            hard(off, b + (("d", str(d)),), gm.Not(gm.Atom(works_on[(p, d)])))
    pid = {x: i for i, x in enumerate(people)}
    on = rule("on_request", "soft")
    for person, d, s, w in bench.on_requests:
        cons.append(gm.GroundConstraint(on, (("r", f"{person}/{d}/{s}"),), gm.Measure.VIOLATION,
                                        gm.Atom(index[(pid[person], d, sid[s], None)]), Fraction(w)))
    offr = rule("off_request", "soft")
    for person, d, s, w in bench.off_requests:
        cons.append(gm.GroundConstraint(offr, (("r", f"{person}/{d}/{s}"),), gm.Measure.VIOLATION,
                                        gm.Not(gm.Atom(index[(pid[person], d, sid[s], None)])),
                                        Fraction(w)))
    under = rule("cover_under", "soft")
    over = rule("cover_over", "soft")
    for d, s, req, wu, wo in bench.cover:
        count = _lin(index[(p, d, sid[s], None)] for p in range(len(people)))
        b = (("c", f"{d}/{s}"),)
        cons.append(gm.GroundConstraint(under, b, gm.Measure.DEVIATION,
                                        gm.Cmp(count, ">=", gm.Lin((), req)), Fraction(wu)))
        cons.append(gm.GroundConstraint(over, b, gm.Measure.DEVIATION,
                                        gm.Cmp(count, "<=", gm.Lin((), req)), Fraction(wo)))
    return gm.GroundModel(people, days, shifts, (), tuple(slots), tuple(aux), tuple(rules),
                          tuple(cons), slot_index=index)


def roster_rows(model: gm.GroundModel, true_vars) -> list[tuple[str, int, str]]:
    """(staff, day index, shift) for each true slot, for tests/curtois_objective.py."""
    out = []
    for v in true_vars:
        slot = model.slots[v]
        out.append((model.people[slot.person], slot.day, model.shifts[slot.shift]))
    return out
