#!/usr/bin/env python3
"""A second benchmark corpus, written independently of `perfaudit generate` (issue 18).

    other_corpus.py --count N --out DIR --format xml|json [--seed S]

Shaped differently from the generator's city: a province of several cities, folders
DIR/<city>/<county>/<year>/<agency>.<ext> (one record a file), records smaller (0–2 projects
of 1–2 targets, verification in about half, few findings), both shipped rulebooks, about 20 % of
the records in 万元 and, for XML, about 20 % of the files in GB18030. About 60 % of the records
have a short narrative (2–3 sections of a few sentences from a phrase grammar of its own, drawn
from a second random stream so the figures are those of a corpus without it), and about 3 % of
those copy another agency's narrative verbatim (issue 16's template detection has work to do).
Standard library only; the same seed writes the same bytes.
"""

import argparse
import json
import os
import random

CITIES = {
    ("四川省", "攀枝花市"): [("510402", "东区"), ("510403", "西区"), ("510411", "仁和区"), ("510421", "米易县"), ("510422", "盐边县")],
    ("四川省", "凉山彝族自治州"): [("513401", "西昌市"), ("513422", "木里藏族自治县"), ("513424", "德昌县"), ("513425", "会理市")],
    ("广东省", "茂名市"): [("440902", "茂南区"), ("440904", "电白区"), ("440981", "高州市"), ("440982", "化州市"), ("440983", "信宜市")],
}
AGENCIES = ["教育局", "卫生健康局", "农业农村局", "交通运输局", "水利局", "自然资源局", "民政局", "文化广电旅游体育局",
            "生态环境局", "应急管理局", "市场监督管理局", "人力资源和社会保障局"]
# Leaf indicators and their weights (Rulebooks/*.json).
RULEBOOKS = {
    "zhanjiang-dept-2021": {"1.1.1": 3, "1.1.2": 4, "1.1.3": 5, "1.2.1": 4, "1.2.2": 4, "2.1.1": 2, "2.2.1": 4,
                            "2.2.2": 3, "2.2.3": 3, "2.2.4": 3, "2.2.5": 2, "2.2.6": 6, "2.3.1": 5, "2.3.2": 5,
                            "2.4.1": 4, "2.4.2": 3, "3.1.1": 3, "3.1.2": 2, "3.1.3": 2, "3.2.1": 1, "3.2.2": 1,
                            "3.2.3": 1, "4.1.1": 4, "4.2.1": 5, "4.2.2": 4, "4.2.3": 2, "4.3.1": 10, "4.4.1": 2,
                            "4.4.2": 3},
    "sichuan-dept-2017": {"1.1.1": 5, "1.1.2": 5, "1.1.3": 5, "1.2.1": 5, "1.2.2": 5, "2.1.1": 1, "2.1.2": 1,
                          "2.2.1": 2, "2.3.1": 2, "2.3.2": 3, "2.4.1": 1, "2.4.2": 1, "2.5.1": 2, "2.5.2": 2,
                          "2.5.3": 2, "2.6.1": 2, "2.7.1": 2, "2.7.2": 2, "2.7.3": 2, "2.8.1": 2, "2.8.2": 3,
                          "3.1.1": 20, "3.2.1": 5, "3.2.2": 5, "3.2.3": 5, "3.3.1": 3, "3.3.2": 3, "3.3.3": 4},
}
CATEGORIES = ["数量", "质量", "时效", "成本", "满意度", "社会效益"]
# The narrative's phrase grammar: a sentence is one filler of each slot.
OPENERS = ["围绕", "聚焦", "紧扣", "立足", "对照", "结合", "按照", "针对", "坚持", "依托"]
TOPICS = ["城乡供水保障", "基层医疗服务", "农田灌溉设施", "道路养护管理", "河湖长制落实", "耕地保护监测",
          "养老服务体系", "公共文化服务", "污染防治攻坚", "安全生产监管", "食品安全抽检", "就业创业扶持",
          "义务教育均衡", "村庄规划编制", "森林防火巡护", "防汛抗旱准备", "社会救助兜底", "市场主体培育"]
ACTIONS = ["完成了", "推进了", "组织开展了", "持续加强了", "统筹安排了", "逐步完善了", "重点保障了", "全面落实了",
           "稳步实施了", "有序推动了", "及时调整了", "认真梳理了"]
OBJECTS = ["专项资金拨付", "设备购置安装", "人员培训考核", "台账资料归档", "监督检查整改", "项目竣工验收",
           "服务对象回访", "信息系统运维", "应急物资储备", "合同履约管理", "绩效运行监控", "政策宣传解读",
           "基础数据采集", "站点巡查维护", "问题线索核查"]
RESULTS = ["群众满意度有所提升", "年度任务基本完成", "资金使用较为规范", "服务覆盖面进一步扩大", "管理效率明显提高",
           "部分指标尚有差距", "进度略滞后于计划", "长效机制初步建立", "风险隐患得到控制", "成本控制总体有效"]
SECTIONS = ["基本情况", "绩效目标完成情况", "存在问题", "改进措施"]


def sentence(rng):
    return "%s%s，%s%s，%s。" % (rng.choice(OPENERS), rng.choice(TOPICS), rng.choice(ACTIONS), rng.choice(OBJECTS),
                              rng.choice(RESULTS))


def narrative(rng, previous):
    """2–3 sections of 3–6 sentences; now and then another agency's narrative verbatim."""
    if previous and rng.random() < 0.03:
        return rng.choice(previous)
    return [{"title": title, "text": "".join(sentence(rng) for _ in range(rng.randint(3, 6)))}
            for title in rng.sample(SECTIONS, rng.randint(2, 3))]


FINDINGS = [("预算执行", "部分项目资金拨付滞后"), ("绩效目标", "绩效目标未细化量化"), ("资产管理", "固定资产账实不符"),
            ("超预算", "项目支出超出预算")]


def grade(score):
    return "优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差"


def money(rng, low, high, wan):
    """An amount in 元, as the file states it (万元 with at most 2 decimals, or 元)."""
    if wan:
        return "%.2f" % (rng.randint(low // 100, high // 100) / 100)  # 万元, 2 decimals
    return "%d.%02d" % (rng.randint(low, high), rng.randint(0, 99))


def record(rng, province, city, code, county, index, year):
    wan = rng.random() < 0.2
    rulebook = "sichuan-dept-2017" if province == "四川省" else "zhanjiang-dept-2021"
    self_score = round(rng.uniform(70, 99), 1)
    r = {
        "schemaVersion": 1, "amountUnit": "万元" if wan else "元",
        "department": {"mofDivCode": code, "agencyCode": "%s-%03d" % (code, index),
                       "name": county + AGENCIES[index % len(AGENCIES)], "province": province, "city": city,
                       "county": county},
        "fiscalYear": year, "rulebook": rulebook,
        "selfAssessment": {"score": "%.1f" % self_score, "grade": grade(self_score)},
    }
    if rng.random() < 0.5:
        weights = RULEBOOKS[rulebook]
        # Every leaf, most at full marks, some with a deduction of half a point or a point.
        indicators = [{"id": i, "score": "%g" % max(0, w - rng.choice([0, 0, 0, 0.5, 1]))} for i, w in weights.items()]
        verified = round(sum(float(i["score"]) for i in indicators), 1)
        r["verification"] = {"evaluator": city + "财政局绩效评价中心", "reportedScore": "%.1f" % verified,
                             "reportedGrade": grade(verified), "indicators": indicators}
    budget = rng.randint(2_000_000, 60_000_000)
    final = int(budget * rng.uniform(0.8, 1.05))
    r["finance"] = {
        "income": {"budget": money(rng, budget, budget, wan), "final": money(rng, final, final, wan)},
        "publicFunds": {"budget": money(rng, 200_000, 900_000, wan), "final": money(rng, 150_000, 900_000, wan)},
        "threePublic": {"budget": money(rng, 10_000, 90_000, wan), "final": money(rng, 5_000, 90_000, wan)},
        "balance": {"yearEnd": money(rng, 0, budget // 10, wan)},
    }
    r["keyTasks"] = {"partyInspection": str(rng.randint(80, 100))}
    projects = []
    for p in range(rng.randint(0, 2)):
        pb = rng.randint(100_000, budget // 3)
        project = {"name": "%s项目%d" % (AGENCIES[(index + p) % len(AGENCIES)][:-1], p + 1),
                   "kind": rng.choice(["recurring", "oneOff"]), "budget": money(rng, pb, pb, wan),
                   "spent": money(rng, pb // 2, pb, wan), "completed": rng.random() < 0.7,
                   "targets": [{"name": "目标%d" % t, "category": rng.choice(CATEGORIES), "unit": "个",
                                "planned": str(rng.randint(10, 500)), "actual": str(rng.randint(5, 520))}
                               for t in range(rng.randint(1, 2))]}
        projects.append(project)
    if projects:
        r["projects"] = projects
    if rng.random() < 0.3:
        category, text = rng.choice(FINDINGS)
        r["findings"] = [{"category": category, "text": text}]
    return r


def escape(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def attrs(obj, skip=()):
    return "".join(' %s="%s"' % (k, escape(str(v).lower() if isinstance(v, bool) else v))
                   for k, v in obj.items() if k not in skip and not isinstance(v, (list, dict)))


def to_xml(r, encoding):
    out = ['<?xml version="1.0" encoding="%s"?>' % encoding,
           '<evaluationRecord xmlns="urn:perfaudit:record:1" schemaVersion="1" amountUnit="%s">' % r["amountUnit"],
           "<department%s/>" % attrs(r["department"]),
           "<fiscalYear>%d</fiscalYear>" % r["fiscalYear"], "<rulebook>%s</rulebook>" % r["rulebook"],
           "<selfAssessment%s/>" % attrs(r["selfAssessment"])]
    if "verification" in r:
        v = r["verification"]
        out.append("<verification%s>" % attrs(v))
        out += ["<indicator%s/>" % attrs(i) for i in v["indicators"]]
        out.append("</verification>")
    f = r["finance"]
    out.append("<finance>" + "".join("<%s%s/>" % (k, attrs(f[k]))
                                     for k in ["income", "publicFunds", "threePublic", "balance"]) + "</finance>")
    out.append("<keyTasks%s/>" % attrs(r["keyTasks"]))
    if "projects" in r:
        out.append("<projects>")
        for p in r["projects"]:
            out.append("<project%s>" % attrs(p) + "".join("<target%s/>" % attrs(t) for t in p["targets"]) + "</project>")
        out.append("</projects>")
    if "findings" in r:
        out.append("<findings>" + "".join('<finding category="%s">%s</finding>' % (escape(x["category"]), escape(x["text"]))
                                           for x in r["findings"]) + "</findings>")
    if "narrative" in r:
        out.append("<narrative>" + "".join('<section title="%s">%s</section>' % (escape(x["title"]), escape(x["text"]))
                                            for x in r["narrative"]) + "</narrative>")
    out.append("</evaluationRecord>\n")
    return "\n".join(out).encode(encoding.lower())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--format", choices=["xml", "json"], required=True)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    prose = random.Random(args.seed + 1)
    narratives = []
    counties = [(p, c, code, county) for (p, c), items in CITIES.items() for code, county in items]
    years = [2021, 2022, 2023]
    written = 0
    index = 0
    while written < args.count:
        province, city, code, county = counties[index % len(counties)]
        agency = index // len(counties)
        for year in years:
            if written == args.count:
                break
            r = record(rng, province, city, code, county, agency, year)
            if prose.random() < 0.6:
                r["narrative"] = narrative(prose, narratives)
                narratives.append(r["narrative"])
            folder = os.path.join(args.out, city, county, str(year))
            os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, "%s.%s" % (r["department"]["agencyCode"], args.format))
            if args.format == "json":
                data = json.dumps(r, ensure_ascii=False, indent=1).encode("utf-8")
            else:
                data = to_xml(r, "GB18030" if rng.random() < 0.2 else "UTF-8")
            with open(path, "wb") as fh:
                fh.write(data)
            written += 1
        index += 1
    print("%d %s records in %s" % (written, args.format, args.out))


if __name__ == "__main__":
    main()
