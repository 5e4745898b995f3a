"""Generate the data files of the four examples (fixed seed: same output every run).

Run from the repository root:  python examples/_tools/generate.py
The outputs are committed; tests/examples/ checks that they are up to date.

People, villages and dates beyond the figures quoted from the speeches are invented.
Hand-made rosters with planted mistakes are built here too: first a valid roster by a
simple greedy rule (checked by the small referee below), then the listed mistakes are
planted, so the README can say exactly which mistakes `verify` must find.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent
SEED = 20250324

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "丽娜敏静秀英华慧巧美娟霞芳燕玲桂兰红梅琴云莲真环雪荣爱妹香月莺媛艳瑞凡佳嘉琼勤珍贞莉伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
FEMALE_GIVEN = "丽娜敏静秀英华慧巧美娟霞芳燕玲桂兰红梅琴云莲真环雪荣爱妹香月莺媛艳瑞凡佳嘉琼勤珍贞莉"
MALE_GIVEN = "".join(c for c in GIVEN if c not in FEMALE_GIVEN)


def names(rng: random.Random, count: int, taken: set[str], female: bool | None = None) -> list[str]:
    """`count` distinct two- or three-character Chinese names not in `taken`."""
    pool = {True: FEMALE_GIVEN, False: MALE_GIVEN, None: GIVEN}[female]
    out = []
    while len(out) < count:
        given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.6 else "")
        name = rng.choice(SURNAMES) + given
        if name not in taken:
            taken.add(name)
            out.append(name)
    return out


def days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(n) for n in range((end - start).days + 1)]


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([format_cell(c) for c in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def format_cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# ============================================================ C. checkpoint duty
CP_START, CP_END = datetime.date(2025, 2, 10), datetime.date(2025, 2, 23)
CP_POSTS = ["东关", "西关", "高速出口"]
CP_SHIFTS = ["早班", "中班", "夜班"]
# shifts that may not follow each shift on the next day: 11h rest and no two nights
CP_NOT_AFTER = {"早班": set(), "中班": {"早班"}, "夜班": {"早班", "中班", "夜班"}}
CP_COMMUNITIES = ["东关社区", "西关社区", "城南村", "新华社区", "马桥村"]


def checkpoint(rng: random.Random) -> dict:
    taken: set[str] = set()
    people = []  # (name, 身份, 所在社区)
    for role, count in (("党员干部", 16), ("医务人员", 8), ("社区志愿者", 16)):
        for name in names(rng, count, taken):
            people.append((name, role, rng.choice(CP_COMMUNITIES)))
    volunteers = [p[0] for p in people if p[1] == "社区志愿者"]
    cadres = [p[0] for p in people if p[1] == "党员干部"]
    # five volunteers came back from outside the city before the horizon starts
    outsiders = []
    for n, name in enumerate(sorted(rng.sample(volunteers, 5))):
        arrived = datetime.date(2025, 2, 1) + datetime.timedelta(rng.randrange(0, 8))
        outsiders.append((f"外来{n + 1:02d}", name, arrived))
    requests = []
    for n, name in enumerate(sorted(rng.sample([p[0] for p in people], 10))):
        requests.append((f"申请{n + 1:02d}", name, CP_START + datetime.timedelta(rng.randrange(14))))
    # planted conflict: all sixteen cadres came back on 2025-02-08 (isolated until 02-21)
    cadre_outsiders = [(f"外来{n + 1:02d}", name, datetime.date(2025, 2, 8))
                       for n, name in enumerate(sorted(cadres))]
    return {"people": people, "outsiders": outsiders, "requests": requests,
            "cadre_outsiders": cadre_outsiders}


def checkpoint_roster(data: dict) -> list[tuple[str, datetime.date, str, str]]:
    """A valid roster built greedily: day by day, shift by shift, post by post, a cadre
    and a second person (a medic if the post has none that day), least-worked first."""
    role = {p[0]: p[1] for p in data["people"]}
    free_from = {name: arrived + datetime.timedelta(14) for _, name, arrived in data["outsiders"]}
    history: dict[str, dict[datetime.date, str]] = {p[0]: {} for p in data["people"]}
    roster = []
    for day in days(CP_START, CP_END):
        yesterday = day - datetime.timedelta(1)
        medic_at: set[str] = set()
        working: set[str] = set()

        def eligible(name: str, shift: str) -> bool:
            h = history[name]
            if name in working or day < free_from.get(name, CP_START):
                return False
            if shift in CP_NOT_AFTER.get(h.get(yesterday, ""), set()):
                return False
            recent = sum(1 for n in range(1, 7) if day - datetime.timedelta(n) in h)
            return recent < 5

        def pick(candidates: list[str], shift: str) -> str:
            ok = [c for c in candidates if eligible(c, shift)]
            ok.sort(key=lambda c: (len(history[c]), c))
            return ok[0]

        for shift in ("夜班", "早班", "中班"):
            for post in CP_POSTS:
                cadre = pick([n for n in role if role[n] == "党员干部"], shift)
                working.add(cadre)
                second_pool = ([n for n in role if role[n] == "医务人员"] if post not in medic_at
                               else [n for n in role if role[n] != "党员干部"])
                second = pick(second_pool, shift)
                working.add(second)
                if role[second] == "医务人员":
                    medic_at.add(post)
                for name in (cadre, second):
                    history[name][day] = shift
                    roster.append((name, day, shift, post))
    return sorted(roster, key=lambda a: (a[1], CP_SHIFTS.index(a[2]), CP_POSTS.index(a[3]), a[0]))


def write_checkpoint(rng: random.Random) -> None:
    data = checkpoint(rng)
    root = EXAMPLES / "checkpoint"
    write_csv(root / "人员.csv", ["姓名", "身份", "所在社区"], [list(p) for p in data["people"]])
    write_csv(root / "外来人员.csv", ["登记号", "人", "到达日期"], [list(o) for o in data["outsiders"]])
    write_csv(root / "休息申请.csv", ["编号", "申请人", "日期"], [list(r) for r in data["requests"]])
    write_csv(root / "variants" / "外来人员-党员干部.csv", ["登记号", "人", "到达日期"],
              [list(o) for o in data["outsiders"] + [
                  (f"外来{len(data['outsiders']) + n + 1:02d}", name, arrived)
                  for n, (_, name, arrived) in enumerate(data["cadre_outsiders"])]])
    roster = checkpoint_roster(data)
    role = {p[0]: p[1] for p in data["people"]}
    # planted mistakes, each breaking one rule on one day (see the README)
    mistakes = []
    # 1. 2025-02-12 中班 西关: the second person is dropped -> 每班至少两人
    roster = [a for a in roster if not (a[1] == datetime.date(2025, 2, 12) and a[2] == "中班"
                                        and a[3] == "西关" and role[a[0]] != "党员干部")]
    mistakes.append("2025-02-12 中班 西关: only one person")
    # 2. 2025-02-14 早班 东关: the cadre is swapped for a volunteer off duty that day
    day = datetime.date(2025, 2, 14)
    busy = {a[0] for a in roster if a[1] == day}
    spare = sorted(n for n in role if role[n] == "社区志愿者" and n not in busy
                   and n not in {o[1] for o in data["outsiders"]})[0]
    roster = [(spare, *a[1:]) if (a[1] == day and a[2] == "早班" and a[3] == "东关"
                                  and role[a[0]] == "党员干部") else a for a in roster]
    mistakes.append(f"2025-02-14 早班 东关: no party cadre ({spare} instead)")
    # 3. an outsider works on 2025-02-11, inside the 14 days of isolation
    outsider = sorted(data["outsiders"], key=lambda o: o[2])[-1]
    roster.append((outsider[1], datetime.date(2025, 2, 11), "早班", "高速出口"))
    mistakes.append(f"{outsider[1]} works 2025-02-11, isolated until "
                    f"{outsider[2] + datetime.timedelta(13)}")
    write_csv(root / "variants" / "手排值班表.csv", ["staff", "date", "shift", "post"],
              [list(a) for a in sorted(roster, key=lambda a: (a[1], CP_SHIFTS.index(a[2]),
                                                             CP_POSTS.index(a[3]), a[0]))])


# ============================================================== A. township duty
TOWNSHIPS = ["定城", "西卅店", "拂晓", "桑涧", "藕塘", "张桥", "严桥", "范岗", "池河",
             "吴圩", "朱湾", "炉桥", "仓镇", "大桥", "三和", "能仁", "七里塘", "二龙"]
TS_START, TS_END = datetime.date(2025, 3, 24), datetime.date(2025, 4, 6)
TS_HOLIDAYS = {datetime.date(2025, 4, 4)}
SERVICE_DAYS = ["mon|wed|fri", "tue|thu", "mon|thu"]


def township(rng: random.Random) -> dict:
    taken: set[str] = set()
    towns = [(t, SERVICE_DAYS[0] if n % 3 else SERVICE_DAYS[1 + (n // 3) % 2])
             for n, t in enumerate(TOWNSHIPS)]
    people = []  # 姓名, 乡镇, 编制, 医学培训, 执业资格
    for t, _ in towns:
        for name in names(rng, 2, taken):
            people.append([name, t, "公务员", False, False])
        for name in names(rng, 1, taken):
            people.append([name, t, "事业编制", True, True])        # the licensed technician
        extra = rng.random()
        if extra < 0.4:                                            # trained, not yet licensed
            people.append([names(rng, 1, taken)[0], t, "事业编制", True, False])
        elif extra < 0.7:                                          # a helper not on the books
            people.append([names(rng, 1, taken)[0], t, "非在编", False, False])
    return {"towns": towns, "people": people}


def write_township(rng: random.Random) -> None:
    data = township(rng)
    root = EXAMPLES / "township"
    write_csv(root / "乡镇.csv", ["乡镇", "技术服务日"], [list(t) for t in data["towns"]])
    write_csv(root / "人员.csv", ["姓名", "乡镇", "编制", "医学培训", "执业资格"], data["people"])
    # planted conflict: 二龙's only licensed technician is listed without a licence
    variant = [list(p) for p in data["people"]]
    for p in variant:
        if p[1] == "二龙" and p[4]:
            p[4] = False
    write_csv(root / "variants" / "人员-二龙无证.csv", ["姓名", "乡镇", "编制", "医学培训", "执业资格"],
              variant)
    write_csv(root / "variants" / "手排值班表.csv", ["staff", "date", "shift"], township_roster(data))


def township_roster(data: dict) -> list[list[object]]:
    """A hand roster: in each township the two clerks take turns at the office and on
    face-to-face checks (to 03-31), the licensed technician does technical service on the
    township's service days. Then three mistakes are planted (see the README)."""
    weekday = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4}
    rows = []
    for town, service in data["towns"]:
        staff = [p for p in data["people"] if p[1] == town]
        clerks = [p[0] for p in staff if p[2] == "公务员"]
        tech = next(p[0] for p in staff if p[3] and p[4])
        service_days = {weekday[w] for w in service.split("|")}
        n = 0
        for day in days(TS_START, TS_END):
            if day.weekday() >= 5 or day in TS_HOLIDAYS:
                continue
            rows.append([clerks[n % 2], day, "办公"])
            if day <= datetime.date(2025, 3, 31):
                rows.append([clerks[(n + 1) % 2], day, "入户面检"])
            if day.weekday() in service_days:
                rows.append([tech, day, "技术服务"])
            n += 1
    # 1. a helper not on the books (and without medical training) does technical service
    helper = next(p for p in data["people"] if p[2] == "非在编")
    first = min(r[1] for r in rows if r[2] == "技术服务" and r[0] in
                {p[0] for p in data["people"] if p[1] == helper[1]})
    rows = [[helper[0], r[1], r[2]] if (r[2] == "技术服务" and r[1] == first and r[0] in
                                        {p[0] for p in data["people"] if p[1] == helper[1]}) else r
            for r in rows]
    # 2. a trained technician without a licence still does face checks after the deadline
    trainee = next(p for p in data["people"] if p[2] == "事业编制" and not p[4])
    rows.append([trainee[0], datetime.date(2025, 4, 2), "入户面检"])
    # 3. 张桥's office is left empty on 2025-04-01
    zhangqiao = {p[0] for p in data["people"] if p[1] == "张桥"}
    rows = [r for r in rows if not (r[1] == datetime.date(2025, 4, 1) and r[2] == "办公"
                                    and r[0] in zhangqiao)]
    return sorted(rows, key=lambda r: (r[1], r[2], r[0]))


# ======================================================= B. village cadre selection
VILLAGES = ["东关村", "西关村", "南塘村", "北湖村", "马桥村", "柳林村", "杏花村", "桃园村",
            "石门村", "河口村", "双井村", "新庄村", "李集村", "高庙村", "黄泥岗村", "青山村",
            "白沙村", "红星村", "大郢村", "小岗村"]
EDUCATION = ["小学", "初中", "高中", "中专", "大专", "本科"]


def villages(rng: random.Random) -> dict:
    """Per village: a young woman (k=0), a young man (k=1) and, for every third village,
    a third man (k=2) who is either too old or has only primary school."""
    taken: set[str] = set()
    town_of = {v: ("池河镇" if n < 10 else "炉桥镇") for n, v in enumerate(VILLAGES)}
    pay = {v: rng.choice([700, 720, 750, 800, 850, 900]) for v in VILLAGES}
    low = sorted(rng.sample(VILLAGES, 4))                # 20% of the villages, as in speech 1
    low_pay = {v: (rng.choice([450, 500, 600, 650]) if v in low else pay[v]) for v in VILLAGES}
    candidates = []  # 姓名, 性别, 文化程度, 年龄, 评分, 报名村
    for n, v in enumerate(VILLAGES):
        for k in range(3 if n % 3 == 0 else 2):
            female = k == 0
            name = names(rng, 1, taken, female=female)[0]
            if k < 2:
                education, age = rng.choice(EDUCATION[1:]), rng.randrange(23, 36)
            elif n % 2:
                education, age = rng.choice(EDUCATION[1:]), rng.randrange(38, 46)
            else:
                education, age = "小学", rng.randrange(25, 35)
            applied = [v]
            if k == 1 and rng.random() < 0.4:             # some men apply to a second village
                applied.append(VILLAGES[(n + 1) % len(VILLAGES)])
            candidates.append([name, "女" if female else "男", education, age,
                               rng.randrange(60, 100), "|".join(applied)])
    return {"town_of": town_of, "pay": pay, "low_pay": low_pay, "candidates": candidates}


def write_villages(rng: random.Random) -> None:
    data = villages(rng)
    root = EXAMPLES / "village-cadres"
    cands = data["candidates"]
    write_csv(root / "村.csv", ["村", "乡镇", "报酬"], [[v, data["town_of"][v], data["pay"][v]] for v in VILLAGES])
    write_csv(root / "候选人.csv", ["姓名", "性别", "文化程度", "年龄", "评分", "报名村"], cands)
    write_csv(root / "variants" / "村-报酬不足.csv", ["村", "乡镇", "报酬"],
              [[v, data["town_of"][v], data["low_pay"][v]] for v in VILLAGES])
    # planted conflict: nobody who applied to 青山村 qualifies — the woman is 38, the men
    # are over 35 or only finished primary school
    unqualified = [list(c) for c in cands]
    for c in unqualified:
        if "青山村" in c[5].split("|"):
            if c[1] == "女":
                c[3] = 38
            elif c[3] <= 35:
                c[2] = "小学"
    write_csv(root / "variants" / "候选人-青山村无合格人选.csv",
              ["姓名", "性别", "文化程度", "年龄", "评分", "报名村"], unqualified)
    # a hand-made appointment list: the woman who applied to each village, then mistakes
    plan = {c[5]: c[0] for c in cands if c[1] == "女"}
    third = {c[5].split("|")[0]: c for c in cands if c[1] == "男" and (c[3] > 35 or c[2] == "小学")}
    plan["河口村"] = third["河口村"][0]          # 41-ish: too old
    plan["李集村"] = third["李集村"][0]          # primary school only
    del plan["青山村"]                          # a village left without a cadre
    rows = [[plan[v], v] for v in VILLAGES if v in plan]
    stranger = next(c for c in cands if c[1] == "男" and c[3] <= 35 and c[2] != "小学"
                    and "红星村" not in c[5].split("|"))
    rows.append([stranger[0], "红星村"])        # a second cadre, who did not apply there
    write_csv(root / "variants" / "拟任名单.csv", ["staff", "post"], rows)


# ============================================================ D. target indicators
COUNTIES = ["城关区", "东城区", "西城区", "南湖县", "北山县", "青阳县", "白水县", "临河县", "石桥县", "清溪县"]


def indicators(rng: random.Random) -> list[list[object]]:
    """County figures that add up to the city's 24982 births and all meet the targets."""
    births = [rng.randrange(1800, 3200) for _ in COUNTIES]
    births[-1] += 24982 - sum(births)
    rows = []
    for county, b in zip(COUNTIES, births):
        rows.append([county, b, rng.randrange(int(b * 1.1), int(b * 1.3)),
                     f"{rng.randrange(350, 520) / 100:.2f}‰", f"{rng.randrange(9420, 9800) / 100:.2f}%",
                     f"{rng.randrange(50, 190) / 100:.2f}%", f"{rng.randrange(1020, 1079) / 10:.1f}",
                     f"{rng.randrange(9310, 9900) / 100:.2f}%", f"{rng.randrange(10, 95) / 100:.2f}%",
                     f"{rng.randrange(9810, 9990) / 100:.2f}%", f"{rng.randrange(7020, 9000) / 100:.2f}%",
                     f"{rng.randrange(9010, 9800) / 100:.2f}%", f"{rng.randrange(7010, 9000) / 100:.2f}%",
                     f"{rng.randrange(9010, 9900) / 100:.2f}%"])
    return rows


INDICATOR_HEADER = ["县区", "出生人数", "出生计划", "自然增长率", "计划生育率", "统计误差率", "出生人口性别比",
                    "符合政策生育率", "政策外多孩率", "信息准确率", "长效节育措施落实率", "流动人口管理率",
                    "社会抚养费征收到位率", "社会抚养费开征面"]


def write_indicators(rng: random.Random) -> None:
    rows = indicators(rng)
    root = EXAMPLES / "indicators"
    write_csv(root / "县区.csv", INDICATOR_HEADER, rows)
    bad = [list(r) for r in rows]
    bad[2][12] = "65.92%"          # 西城区 misses 社会抚养费征收到位率 (the city's figure of last year)
    bad[5][6] = "109.6"            # 青阳县 misses 出生人口性别比
    bad[5][4] = "93.80%"           # ... and 计划生育率
    write_csv(root / "variants" / "县区-未达标.csv", INDICATOR_HEADER, bad)


# ================================================================ variant programs
# A variant is its example's program with one data line changed (and, for indicators,
# one rule added). Programs may not read files outside their own folder, so each variant
# folder holds copies of the unchanged data files as well.
VARIANTS = [
    ("checkpoint", "党员干部隔离",
     "十六名党员干部2025-02-08才从外地集中培训返回，隔离到02-21：这期间没有党员干部能带班。",
     [('外来人员 from "外来人员.csv"', '外来人员 from "外来人员-党员干部.csv"')],
     ["人员.csv", "休息申请.csv"], ""),
    ("township", "二龙无证",
     "二龙唯一有医学培训的技术人员没有执业资格：过了取证期限，二龙没人能做技术服务。",
     [('人员 from "人员.csv"', '人员 from "人员-二龙无证.csv"')],
     ["乡镇.csv"], ""),
    ("village-cadres", "报酬不足",
     "两成的村专干报酬不足700元（第一篇：“全市有20%左右的行政村计生服务员工作报酬不足700元”）。",
     [('村 from "村.csv"', '村 from "村-报酬不足.csv"')],
     ["候选人.csv"], ""),
    ("village-cadres", "青山村无合格人选",
     "报名青山村的人都不合格：女性38岁，男性或超过35岁、或只有小学文化。",
     [('候选人 from "候选人.csv"', '候选人 from "候选人-青山村无合格人选.csv"')],
     ["村.csv"], ""),
    ("indicators", "未达标",
     "两个县区有指标未达标；全市去年的社会抚养费征收率65.92%也按第三篇的70%考核。",
     [('县区 from "县区.csv"', '县区 from "县区-未达标.csv"')],
     [], """
# ---------------------------------------------------------------- 变体：全市社会抚养费（第一篇实绩 对 第三篇指标）
let 去年社会抚养费征收率 = 65.92%
rule 全市社会抚养费征收到位率达到70百分点以上: 去年社会抚养费征收率 >= 70%
"""),
]


def variant_text(example: str, name: str) -> str:
    """The text of a variant program, made from its example's main program."""
    for ex, var, why, replacements, _copies, appended in VARIANTS:
        if (ex, var) == (example, name):
            main = (EXAMPLES / example / f"{example}.rota").read_text(encoding="utf-8")
            head = (f"# 变体「{var}」：{why}\n"
                    f"# 由 examples/_tools/generate.py 从 ../{example}.rota 生成；改动处标有「◀ 变体」。\n\n")
            for old, new in replacements:
                assert main.count(old) == 1, (example, old)
                main = main.replace(old, new + "   # ◀ 变体")
            return head + main + appended
    raise KeyError((example, name))


def write_variants() -> None:
    for example, name, _why, _repl, copies, _app in VARIANTS:
        folder = EXAMPLES / example / "variants"
        (folder / f"{name}.rota").write_text(variant_text(example, name), encoding="utf-8")
        for data in copies:
            (folder / data).write_bytes((EXAMPLES / example / data).read_bytes())


def main() -> int:
    rng = random.Random(SEED)
    write_checkpoint(random.Random(rng.randrange(1 << 30)))
    write_township(random.Random(rng.randrange(1 << 30)))
    write_villages(random.Random(rng.randrange(1 << 30)))
    write_indicators(random.Random(rng.randrange(1 << 30)))
    write_variants()
    return 0


if __name__ == "__main__":
    sys.exit(main())
