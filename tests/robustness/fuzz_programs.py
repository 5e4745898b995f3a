"""Random but plausible rotalang programs, and mutations of the example programs, for
the fuzz tests (tests/robustness/test_fuzz_pipeline.py) and the long run (tools/fuzz.py).

Everything is driven by a `random.Random`, so a case is reproduced from its seed alone.
`generate_program` builds a program statement by statement from the constructs of the
language (docs/design.md): declarations, data, lets and rules with quantifiers, guards,
aggregates and every statement kind; names are CJK or ASCII; literals are sometimes
invalid on purpose (a 13th month, 25:00, a huge integer). `mutate` damages a real
program the way people and file systems do: tokens deleted, duplicated or swapped,
full-width punctuation typed in, the file cut short, bytes flipped.

`run_case` runs one case through parse → check → (tiny time limit) solve → verify and
returns what happened; anything but a result or a `DiagnosticError` propagates.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"

CJK_NAMES = ["张丽", "王伟", "李娜", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周杰", "吴芳"]
ASCII_NAMES = ["ann", "bob", "cho", "dev", "eve", "fay", "gus", "hal", "ivy", "jon"]
SHIFT_NAMES = ["早班", "中班", "夜班", "D", "E", "N", "办公"]
KIND_NAMES = ["人员", "Nurse", "职工"]
POST_NAMES = ["东关", "西关", "北门", "gate"]
ENUM_VALUES = ["党员干部", "医务人员", "志愿者", "junior", "senior"]
FULL_WIDTH = "：，（）｛｝“”；、。＝＜＞＋－％　"


def _name(rng: random.Random, pool: list[str]) -> str:
    return rng.choice(pool)


def _date(rng: random.Random, valid: float = 0.95) -> str:
    if rng.random() > valid:
        return rng.choice(["2025-13-01", "2025-02-30", "0000-01-01", "9999-12-31", "2025-1-1"])
    return f"2025-02-{rng.randint(10, 16):02d}"


def _int(rng: random.Random) -> str:
    return rng.choice(["0", "1", "2", "3", "5", "7", str(rng.randint(0, 40)),
                       str(10 ** rng.randint(1, 30)), "-1"])


def _number(rng: random.Random) -> str:
    return rng.choice([_int(rng), "2.5", "50%", "5.32‰", "0.75", "1/0", "8h", "30min"])


class ProgramGenerator:
    """One random program; the chosen names are kept so rules refer to things that
    exist (most of the time: an unknown name now and then is part of the test)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.staff_kind = _name(rng, KIND_NAMES)
        pool = CJK_NAMES if rng.random() < 0.6 else ASCII_NAMES
        self.people = rng.sample(pool, rng.randint(1, 4))
        self.shifts = rng.sample(SHIFT_NAMES[:6], rng.randint(1, 3))
        self.posts = rng.sample(POST_NAMES, rng.randint(1, 2)) if rng.random() < 0.3 else []
        self.enum = rng.sample(ENUM_VALUES, 2)
        self.days = rng.randint(1, 5)
        self.lets: list[str] = []

    # ------------------------------------------------------------- declarations

    def header(self) -> list[str]:
        rng = self.rng
        end = 9 + self.days
        # A broken calendar now and then, but never a huge valid one: a calendar of
        # thousands of years is within the grounding guard and legitimately slow.
        lines = [f"calendar from 2025-02-10 to 2025-02-{end:02d}" if rng.random() < 0.93
                 else f"calendar from {rng.choice(['2025-02-12', '2025-13-01', '0000-01-01'])}"
                      f" to {rng.choice(['2025-02-10', '2025-02-30', '2025-02-11'])}"]
        if rng.random() < 0.2:
            lines.append(f"holidays {_date(rng)}")
        if rng.random() < 0.1:
            lines.append("weekend sat, sun")
        lines.append("enum 身份 { " + ", ".join(self.enum) + " }")
        attrs = ["身份: 身份", "本地: bool = true", f"年龄: int = {rng.randint(18, 60)}"]
        if rng.random() < 0.2:
            attrs.append("技能: set of 身份 = {}")
        lines.append(f"staff {self.staff_kind} {{ " + ", ".join(attrs) + " }")
        if self.posts:
            lines.append("post 卡口")
            lines.append("卡口 " + ", ".join(self.posts))
        starts = ["06:00-14:00", "14:00-22:00", "22:00-06:00", "08:30-17:30"]
        for i, s in enumerate(self.shifts):
            times = starts[i % len(starts)] if rng.random() < 0.95 else rng.choice(
                ["25:00-26:00", "06:00-06:00", "length 8h", "24:00-08:00"])
            code = f' code "{s[0]}"' if rng.random() < 0.3 else ""
            lines.append(f"shift {s} {times}{code}")
        for p in self.people:
            ident = rng.choice(self.enum)
            extra = f", 年龄: {_int(rng)}" if rng.random() < 0.3 else ""
            lines.append(f"{self.staff_kind} {p} {{ 身份: {ident}{extra} }}")
        for i in range(rng.randint(0, 2)):
            name = f"常数{i}" if rng.random() < 0.5 else f"k{i}"
            lines.append(f"let {name} = {_number(rng)}")
            self.lets.append(name)
        return lines

    # -------------------------------------------------------------- expressions

    def person_expr(self) -> str:
        return self.rng.choice(["p", "p", self.rng.choice(self.people)])

    def shifts_expr(self) -> str:
        rng = self.rng
        if rng.random() < 0.7:
            return rng.choice(self.shifts)
        return "{" + ", ".join(rng.sample(self.shifts, rng.randint(1, len(self.shifts)))) + "}"

    def atom(self, depth: int = 0) -> str:
        rng = self.rng
        choice = rng.randrange(12)
        if choice == 0:
            return f"{self.person_expr()} works {self.shifts_expr()} on d"
        if choice == 1:
            return f"{self.person_expr()} works on d"
        if choice == 2:
            return f"{self.person_expr()} is off on d"
        if choice == 3:
            return f"p.身份 = {rng.choice(self.enum)}"
        if choice == 4:
            return f"p.年龄 {rng.choice(['<', '<=', '>', '>=', '=', '!='])} {_number(rng)}"
        if choice == 5:
            return f"d {rng.choice(['is weekend', 'is holiday', 'is mon', 'is not sat'])}"
        if choice == 6:
            return f"count({self.staff_kind} q where q works on d) {rng.choice(['>=', '<=', '='])} {_int(rng)}"
        if choice == 7:
            return f"d {rng.choice(['<', '>=', '='])} {_date(rng)}"
        if choice == 8:
            return f"some({self.staff_kind} q where q.本地 and q works on d)"
        if choice == 9:
            return f"shifts(p) <= {_int(rng)}"
        if choice == 10:
            return f"hours(p) <= {rng.choice(['40h', '40', '2400min', '1d'])}"
        if depth < 3:
            inner = self.expr(depth + 1)
            return rng.choice([f"not ({inner})", f"({inner})"])
        return rng.choice(["true", "false"])

    def expr(self, depth: int = 0) -> str:
        rng = self.rng
        e = self.atom(depth)
        while rng.random() < 0.3 and depth < 4:
            e = f"{e} {rng.choice(['and', 'or'])} {self.atom(depth + 1)}"
        if rng.random() < 0.15:
            e = f"if {e} then {self.atom(depth + 1)}"
        return e

    # --------------------------------------------------------------------- rules

    def statement(self) -> str:
        """A quantified body and one statement (d and p bound unless noted)."""
        rng = self.rng
        k = self.staff_kind
        bound = rng.choice(["at most", "at least", "exactly"])
        kind = rng.randrange(10)
        if kind == 0:
            return f"each {k} p, day d: {self.expr()}"
        if kind == 1:
            return f"each {k} p: works {bound} {_int(rng)} {self.shifts_expr() + ' ' if rng.random() < 0.5 else ''}shifts {rng.choice(['per week', 'in any 2 days', 'in total', ''])}"
        if kind == 2:
            return f"each {k} p: works {bound} {_int(rng)} consecutive days"
        if kind == 3:
            return f"each {k} p: has {bound} {_int(rng)} consecutive days off"
        if kind == 4:
            return f"no {self.shifts_expr()} followed by {self.shifts_expr()}"
        if kind == 5:
            return f"rest at least {rng.choice(['11h', '8h', '0h', '30min', '100h'])} between shifts"
        if kind == 6:
            return f"each {k} p: works {bound} {_int(rng)} weekends"
        if kind == 7:
            return f"each day d, shift s: count({k} p where p works s on d) {rng.choice(['>=', '<=', '='])} {_int(rng)}"
        if kind == 8:
            guard = rng.choice(["when", "unless"])
            return f"each {k} p, day d where p.本地: {self.expr()} {guard} d is weekend"
        return f"each {k} p: works between {_int(rng)} and {_int(rng)} days"

    def rule(self, i: int) -> str:
        rng = self.rng
        name = rng.choice([f"规则{i}", f"r{i}", f"每天{i}"])
        r = rng.random()
        if r < 0.65:
            return f"rule {name}:\n  {self.statement()}"
        if r < 0.85:
            weight = rng.choice(["1", "3", "0", "-1", "p.年龄", "2.5"])
            body = rng.choice([
                f"each {self.staff_kind} p, day d: {self.person_expr()} is off on d",
                f"each {self.staff_kind} p: minimize shifts(p)",
                f"balance shifts(p) across {self.staff_kind} p",
                self.statement()])
            return f"soft rule {name} weight {weight}:\n  {body}"
        return f"assert {name}:\n  each {self.staff_kind} p, day d: {self.expr()}"

    def program(self) -> str:
        lines = self.header()
        for i in range(self.rng.randint(0, 4)):
            lines.append(self.rule(i))
        return "\n".join(lines) + "\n"


def generate_program(rng: random.Random) -> str:
    return ProgramGenerator(rng).program()


# --------------------------------------------------------------- deep nesting

# One layer of nesting per entry: (type it takes, type it gives, template). `X` is the
# layer inside; `qN` a binder name of its own (nested aggregates must not shadow).
# Every construct that nests is here, so the fuzzer finds an unbounded recursion in
# any layer by itself (issue 30).
_LAYERS = [
    ("bool", "bool", "not (X)"),
    ("bool", "bool", "(X and p works on d)"),
    ("bool", "bool", "(p is off on d or X)"),
    ("bool", "bool", "if d is weekend then (X)"),
    ("bool", "bool", "if (X) then p works on d"),
    ("bool", "bool", "some(人员 qN where X)"),
    ("bool", "bool", "none(人员 qN where X)"),
    ("bool", "int", "count(人员 qN where X)"),
    ("int", "int", "(X + 1)"),
    ("int", "int", "(2 - X)"),
    ("int", "int", "(1 * X)"),
    ("int", "int", "-(X)"),
    ("int", "int", "abs(X)"),
    ("int", "int", "sum(X for 人员 qN)"),
    ("int", "bool", "(X) >= 0"),
    ("int", "bool", "X between 0 and 9"),
]
_LEAVES = {"bool": ["p works 白班 on d", "true", "p is off on d"],
           "int": ["1", "count(人员 q where q works on d)", "shifts(p)"]}
DEEP_HEADER = """\
calendar from 2025-02-10 to 2025-02-12
staff 人员 { 本地: bool = true }
人员 张丽, 王伟, 李娜
shift 白班 08:00-20:00
"""


def deep_expression(rng: random.Random, levels: int, want: str = "bool") -> str:
    """An expression of type `want` with `levels` nested layers, built outside in."""
    chosen = []
    for _ in range(levels):
        layer = rng.choice([lay for lay in _LAYERS if lay[1] == want])
        chosen.append(layer)
        want = layer[0]
    text = rng.choice(_LEAVES[want])
    for n, (_, _, template) in enumerate(reversed(chosen)):
        text = template.replace("qN", f"q{n}").replace("X", text)
    return text


def deep_program(rng: random.Random, most: int) -> str:
    """A small program with one rule nesting up to `most` layers, or a long flat sum,
    `and` or `or` (which nests nothing, however long)."""
    if rng.random() < 0.2:
        terms = rng.randint(2, 3000)
        op = rng.choice([" + ", " * "])
        if op == " * " or rng.random() < 0.5:
            body = f"count(人员 q where q works on d) <= {op.join(['1'] * terms)}"
        else:
            word = rng.choice([" and ", " or "])
            body = word.join(["p works on d", "p is off on d"] * (terms // 2 + 1))
    else:
        body = deep_expression(rng, rng.randint(1, most))
    kind = rng.choice(["rule", "soft rule", "assert"])
    weight = " weight 1" if kind == "soft rule" else ""
    return DEEP_HEADER + f"{kind} 深{rng.randrange(100)}{weight}: each 人员 p, day d: {body}\n"


# ------------------------------------------------------------------- mutation

_TOKEN = re.compile(r'"[^"\n]*"|#[^\n]*|\d[\d:.\-%‰a-z]*|\w+|\s+|.', re.UNICODE)


def example_sources() -> list[tuple[Path, str]]:
    """Every example program (path, text), sorted by path for a stable order."""
    return [(p, p.read_text(encoding="utf-8"))
            for p in sorted(EXAMPLES.glob("**/*.rota"))]


def mutate(rng: random.Random, text: str) -> str | bytes:
    """One to three damages to `text`; bytes when a byte was flipped."""
    tokens = _TOKEN.findall(text)
    for _ in range(rng.randint(1, 3)):
        if not tokens:
            break
        op = rng.randrange(7)
        i = rng.randrange(len(tokens))
        if op == 0:
            del tokens[i]
        elif op == 1:
            tokens.insert(i, tokens[i])
        elif op == 2:
            j = rng.randrange(len(tokens))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif op == 3:
            tokens.insert(i, rng.choice(FULL_WIDTH))
        elif op == 4:
            tokens = tokens[:i]
        elif op == 5:
            tokens[i] = rng.choice(["0", "-1", str(10 ** 40), "9999-12-31", "25:00", "∞",
                                    "\x00", "\ufeff", "Ａ班", '"', "(", "}", "each",
                                    "works", "at most", "in any 0 days"])
        else:
            data = bytearray("".join(tokens).encode("utf-8"))
            if data:
                k = rng.randrange(len(data))
                data[k] ^= 1 << rng.randrange(8)
            return bytes(data)
    return "".join(tokens)


# ------------------------------------------------------------------ running

def run_case(source, *, path: Path | None = None, solve: bool = False,
             time_limit: float = 0.5) -> str:
    """Run one case. `source` is program text (or bytes, written to `path`). Returns a
    short word for what happened ("load-error", "checked", "solved-optimal", …);
    raises whatever else the pipeline raises (which is a finding)."""
    import rotalang
    from rotalang.diagnostics import DiagnosticError, render_all, render_json

    if path is not None:
        if isinstance(source, bytes):
            path.write_bytes(source)
        else:
            path.write_text(source, encoding="utf-8")
        target = path
    else:
        target = source

    def well_formed(err: DiagnosticError) -> None:
        if not err.diagnostics:
            raise AssertionError("DiagnosticError without diagnostics")
        render_all(err.diagnostics)
        render_json(err.diagnostics)

    try:
        program = rotalang.load(target)
    except DiagnosticError as err:
        well_formed(err)
        return "load-error"
    if not solve:
        return "loaded"
    try:
        program.check(time_limit=time_limit)
    except DiagnosticError as err:
        well_formed(err)
        return "check-error"
    try:
        result = program.solve(time_limit=time_limit)
    except DiagnosticError as err:
        well_formed(err)
        return "solve-error"
    if result.roster is None:
        return f"solved-{result.status}"
    try:
        program.verify(result.roster)
    except DiagnosticError as err:
        well_formed(err)
        return "verify-error"
    return f"solved-{result.status}"
