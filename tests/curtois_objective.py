"""An independent referee for benchmark rosters: the Curtois objective and hard rules.

Reads an instance `.txt` and a roster CSV (`staff,date,shift`, header row) with its own
small parser — nothing here comes from rotalang's importer, grounder or evaluator — and
computes exactly what shared/bench/README.md defines:

- hard: one shift per person per day, fixed days off, forbidden successions, per-type
  maximum shifts, min/max total minutes, max consecutive working days, min consecutive
  working days and min consecutive days off (only for runs with a neighbour on both
  sides inside the horizon), max working weekends (weekend w = days 7w+5, 7w+6);
- objective: weight of each on-request not met, weight of each off-request violated,
  and per cover row `under × WeightUnder + over × WeightOver`.

Usable as a script: `python tests/curtois_objective.py Instance1.txt roster.csv`.
"""

from __future__ import annotations

import csv
import datetime
import sys
from dataclasses import dataclass, field

START = datetime.date(2024, 1, 1)


@dataclass
class Bench:
    horizon: int = 0
    shift_minutes: dict = field(default_factory=dict)  # shift -> minutes
    forbidden: dict = field(default_factory=dict)  # shift -> set of shifts not allowed next day
    staff: dict = field(default_factory=dict)  # id -> dict of limits
    days_off: dict = field(default_factory=dict)  # id -> set of day indexes
    on_requests: list = field(default_factory=list)  # (id, day, shift, weight)
    off_requests: list = field(default_factory=list)
    cover: list = field(default_factory=list)  # (day, shift, requirement, under w, over w)


def read_bench(path) -> Bench:
    bench = Bench()
    section = None
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("SECTION_"):
                section = line
                continue
            cells = [c.strip() for c in line.split(",")]
            if section == "SECTION_HORIZON":
                bench.horizon = int(cells[0])
            elif section == "SECTION_SHIFTS":
                bench.shift_minutes[cells[0]] = int(cells[1])
                rest = cells[2] if len(cells) > 2 else ""
                bench.forbidden[cells[0]] = {x for x in rest.split("|") if x}
            elif section == "SECTION_STAFF":
                maxima = {}
                for pair in cells[1].split("|"):
                    if pair:
                        key, value = pair.split("=")
                        maxima[key] = int(value)
                names = ("max_minutes", "min_minutes", "max_consecutive", "min_consecutive",
                         "min_days_off", "max_weekends")
                limits = {name: int(v) for name, v in zip(names, cells[2:8])}
                limits["max_shifts"] = maxima
                bench.staff[cells[0]] = limits
            elif section == "SECTION_DAYS_OFF":
                bench.days_off.setdefault(cells[0], set()).update(int(x) for x in cells[1:] if x)
            elif section == "SECTION_SHIFT_ON_REQUESTS":
                bench.on_requests.append((cells[0], int(cells[1]), cells[2], int(cells[3])))
            elif section == "SECTION_SHIFT_OFF_REQUESTS":
                bench.off_requests.append((cells[0], int(cells[1]), cells[2], int(cells[3])))
            elif section == "SECTION_COVER":
                bench.cover.append((int(cells[0]), cells[1], int(cells[2]), int(cells[3]),
                                    int(cells[4])))
    return bench


def read_roster_csv(path, start: datetime.date = START) -> list[tuple[str, int, str]]:
    """(staff, day index, shift) per row of a `staff,date,shift` CSV."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            day = (datetime.date.fromisoformat(record["date"].strip()) - start).days
            rows.append((record["staff"].strip(), day, record["shift"].strip()))
    return rows


@dataclass
class Outcome:
    objective: int
    violations: list[str]


def evaluate(bench: Bench, rows: list[tuple[str, int, str]]) -> Outcome:
    violations: list[str] = []
    grid: dict[str, dict[int, str]] = {person: {} for person in bench.staff}
    for person, day, shift in rows:
        if person not in bench.staff:
            violations.append(f"unknown staff {person}")
            continue
        if shift not in bench.shift_minutes:
            violations.append(f"unknown shift {shift}")
            continue
        if not 0 <= day < bench.horizon:
            violations.append(f"{person} works day {day}, outside the horizon")
            continue
        if day in grid[person]:
            violations.append(f"{person} has two shifts on day {day}")
            continue
        grid[person][day] = shift

    for person, limits in bench.staff.items():
        plan = grid[person]
        for day in sorted(bench.days_off.get(person, ())):
            if day in plan:
                violations.append(f"{person} works on day off {day}")
        for day, shift in sorted(plan.items()):
            after = plan.get(day + 1)
            if after is not None and after in bench.forbidden.get(shift, ()):
                violations.append(f"{person} works {after} on day {day + 1} after {shift}")
        for shift in bench.shift_minutes:
            count = sum(1 for s in plan.values() if s == shift)
            most = limits["max_shifts"].get(shift, bench.horizon)
            if count > most:
                violations.append(f"{person} works {count} {shift} shifts, at most {most}")
        minutes = sum(bench.shift_minutes[s] for s in plan.values())
        if minutes > limits["max_minutes"]:
            violations.append(f"{person} works {minutes} min, at most {limits['max_minutes']}")
        if minutes < limits["min_minutes"]:
            violations.append(f"{person} works {minutes} min, at least {limits['min_minutes']}")
        worked = [day in plan for day in range(bench.horizon)]
        for value, first, length in _runs(worked):
            inner = first > 0 and first + length < bench.horizon
            if value and length > limits["max_consecutive"]:
                violations.append(f"{person} works {length} days in a row from day {first}, "
                                  f"at most {limits['max_consecutive']}")
            if value and inner and length < limits["min_consecutive"]:
                violations.append(f"{person} works {length} days in a row from day {first}, "
                                  f"at least {limits['min_consecutive']}")
            if not value and inner and length < limits["min_days_off"]:
                violations.append(f"{person} has {length} days off in a row from day {first}, "
                                  f"at least {limits['min_days_off']}")
        weekends = sum(1 for w in range(bench.horizon // 7 + 1)
                       if any(d < bench.horizon and worked[d] for d in (7 * w + 5, 7 * w + 6)))
        if weekends > limits["max_weekends"]:
            violations.append(f"{person} works {weekends} weekends, at most "
                              f"{limits['max_weekends']}")

    objective = 0
    for person, day, shift, weight in bench.on_requests:
        if grid.get(person, {}).get(day) != shift:
            objective += weight
    for person, day, shift, weight in bench.off_requests:
        if grid.get(person, {}).get(day) == shift:
            objective += weight
    for day, shift, requirement, under_weight, over_weight in bench.cover:
        on = sum(1 for plan in grid.values() if plan.get(day) == shift)
        objective += max(0, requirement - on) * under_weight
        objective += max(0, on - requirement) * over_weight
    return Outcome(objective, violations)


def _runs(values: list[bool]):
    """(value, first index, length) of each maximal run of equal values."""
    first = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[first]:
            yield values[first], first, i - first
            first = i


def check_files(instance_path, roster_path, start: datetime.date = START) -> Outcome:
    return evaluate(read_bench(instance_path), read_roster_csv(roster_path, start))


if __name__ == "__main__":
    outcome = check_files(sys.argv[1], sys.argv[2])
    for line in outcome.violations:
        print("hard violation:", line)
    print("objective:", outcome.objective)
    sys.exit(1 if outcome.violations else 0)
