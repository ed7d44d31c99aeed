#!/usr/bin/env python3
"""Independent reference implementation of the perfaudit scoring and issue rules.

Written from the specification texts (record-format.md, scoring.md, outputs.md,
template-detection.md) plus the team's recorded decisions, not from the Swift engine. Standard
library only. Template detection compares every pair exactly (no MinHash), with shingles kept as
the letters themselves (no hashing).

    perfaudit_ref.py INPUT_DIR OUT_DIR [--jobs N]

Writes OUT_DIR/summary.csv (the outputs.md columns, English header keys, UTF-8 without BOM),
OUT_DIR/issue_categories.csv (source_file, distinct categories joined by ';') and
OUT_DIR/rejects.txt (one line per file that could not be loaded).

All arithmetic is exact: amounts are read as decimal.Decimal and computed as
fractions.Fraction; indicator points are rounded half-up to 2 decimals.
"""

import csv
import decimal
import io
import json
import multiprocessing
import os
import re
import signal
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction

NS = "urn:perfaudit:record:1"
HUNDRED = Fraction(100)
ZERO = Fraction(0)

# ---------------------------------------------------------------------------
# Rulebooks (from scoring.md)
# ---------------------------------------------------------------------------

# id -> (weight, rule); rule is "judgment" or the name of a formula below.
ZHANJIANG = [
    ("1.1.1", 3, "judgment"), ("1.1.2", 4, "judgment"), ("1.1.3", 5, "f113"),
    ("1.2.1", 4, "judgment"), ("1.2.2", 4, "judgment"), ("2.1.1", 2, "judgment"),
    ("2.2.1", 4, "f221"), ("2.2.2", 3, "f222"), ("2.2.3", 3, "f223"), ("2.2.4", 3, "f224"),
    ("2.2.5", 2, "f225"), ("2.2.6", 6, "judgment"), ("2.3.1", 5, "judgment"),
    ("2.3.2", 5, "judgment"), ("2.4.1", 4, "judgment"), ("2.4.2", 3, "f242"),
    ("3.1.1", 3, "judgment"), ("3.1.2", 2, "judgment"), ("3.1.3", 2, "judgment"),
    ("3.2.1", 1, "judgment"), ("3.2.2", 1, "judgment"), ("3.2.3", 1, "judgment"),
    ("4.1.1", 4, "f411"), ("4.2.1", 5, "f421"), ("4.2.2", 4, "judgment"), ("4.2.3", 2, "f423"),
    ("4.3.1", 10, "judgment"), ("4.4.1", 2, "f441"), ("4.4.2", 3, "judgment"),
]
SICHUAN = [
    ("1.1.1", 5), ("1.1.2", 5), ("1.1.3", 5), ("1.2.1", 5), ("1.2.2", 5),
    ("2.1.1", 1), ("2.1.2", 1), ("2.2.1", 2), ("2.3.1", 2), ("2.3.2", 3), ("2.4.1", 1), ("2.4.2", 1),
    ("2.5.1", 2), ("2.5.2", 2), ("2.5.3", 2), ("2.6.1", 2), ("2.7.1", 2), ("2.7.2", 2), ("2.7.3", 2),
    ("2.8.1", 2), ("2.8.2", 3),
    ("3.1.1", 20), ("3.2.1", 5), ("3.2.2", 5), ("3.2.3", 5), ("3.3.1", 3), ("3.3.2", 3), ("3.3.3", 4),
]
RULEBOOKS = {
    "zhanjiang-dept-2021": [(i, Fraction(w), r) for i, w, r in ZHANJIANG],
    "sichuan-dept-2017": [(i, Fraction(w), "judgment") for i, w in SICHUAN],
}
GRADE_RANK = {"优": 0, "良": 1, "中": 2, "差": 3}


def grade_of(score):
    if score is None:
        return None
    if score >= 90:
        return "优"
    if score >= 80:
        return "良"
    if score >= 60:
        return "中"
    return "差"


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

NUMBER_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")
INT_RE = re.compile(r"-?[0-9]+\Z")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class Reject(Exception):
    pass


def round2(x):
    """Half-up (away from zero) to 2 decimals, as a Fraction."""
    n = x * 100
    sign = -1 if n < 0 else 1
    n = abs(n)
    q = (n.numerator * 2 + n.denominator) // (2 * n.denominator)  # floor(n + 1/2)
    return Fraction(sign * q, 100)


def fmt2(x):
    if x is None:
        return ""
    r = round2(x)
    n = r.numerator * (100 // r.denominator)
    sign = "-" if n < 0 else ""
    n = abs(n)
    return "%s%d.%02d" % (sign, n // 100, n % 100)


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def to_fraction(value, what):
    if value is None:
        return None
    if isinstance(value, bool):
        raise Reject("%s: expected a number" % what)
    if isinstance(value, (int, decimal.Decimal)):
        text = str(value)
        if "E" in text or "e" in text:
            raise Reject("%s: exponent notation" % what)
        return Fraction(decimal.Decimal(value))
    if isinstance(value, str):
        if not NUMBER_RE.match(value):
            raise Reject("%s: not a plain decimal number: %r" % (what, value))
        return Fraction(decimal.Decimal(value))
    raise Reject("%s: expected a number" % what)


def to_int(value, what):
    if value is None:
        return None
    if isinstance(value, bool):
        raise Reject("%s: expected an integer" % what)
    if isinstance(value, str):
        if not INT_RE.match(value):
            raise Reject("%s: not an integer: %r" % (what, value))
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, decimal.Decimal):
        if value != value.to_integral_value() or "." in str(value):
            raise Reject("%s: not an integer" % what)
        return int(value)
    raise Reject("%s: expected an integer" % what)


def to_bool(value, what):
    if value is None:
        return None
    if value is True or value == "true":
        return True
    if value is False or value == "false":
        return False
    raise Reject("%s: expected true or false" % what)


def to_date(value, what):
    if value is None:
        return None
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise Reject("%s: expected YYYY-MM-DD" % what)
    return value


# ---------------------------------------------------------------------------
# Loading: XML and JSON into one dict shape (the JSON shape)
# ---------------------------------------------------------------------------

REPEATED = {"indicator", "adjustment", "source", "target", "finding", "project"}
CONTAINERS = {"projects", "findings", "narrative"}
TEXT_ELEMENTS = {"fiscalYear", "rulebook"}
DECL_RE = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")


def local(tag):
    if not tag.startswith("{" + NS + "}"):
        raise Reject("element %s is not in namespace %s" % (tag, NS))
    return tag[len(NS) + 2:]


def xml_element(el):
    name = local(el.tag)
    if name in TEXT_ELEMENTS:
        return (el.text or "").strip()
    d = dict(el.attrib)
    if name in ("finding", "section"):
        d["text"] = (el.text or "").strip()
    for child in el:
        tag = local(child.tag)
        if tag in CONTAINERS:
            d[tag] = [xml_element(c) for c in child]
        elif tag in REPEATED:
            d.setdefault(tag + "s", []).append(xml_element(child))
        else:
            d[tag] = xml_element(child)
    return d


def load_xml(data):
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    m = DECL_RE.match(data)
    encoding = m.group(1).decode("ascii") if m else "utf-8"
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as e:
        raise Reject("cannot decode as %s: %s" % (encoding, e))
    if "<!DOCTYPE" in text:
        raise Reject("DOCTYPE not allowed")
    if m:
        text = re.sub(r"encoding\s*=\s*[\"'][^\"']*[\"']", 'encoding="UTF-8"', text, count=1)
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as e:
        raise Reject("XML: %s" % e)
    if local(root.tag) != "evaluationRecord":
        raise Reject("root element must be evaluationRecord")
    return xml_element(root)


def load_json(data):
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        obj = json.loads(data.decode("utf-8"), parse_float=decimal.Decimal, parse_int=decimal.Decimal)
    except (ValueError, UnicodeDecodeError) as e:
        raise Reject("JSON: %s" % e)
    if not isinstance(obj, dict):
        raise Reject("JSON: top level must be an object")
    return obj


# ---------------------------------------------------------------------------
# Record model (plain dicts with typed values)
# ---------------------------------------------------------------------------

def obj(d, key, what):
    v = d.get(key)
    if v is None:
        return None
    if not isinstance(v, dict):
        raise Reject("%s.%s: expected an object" % (what, key))
    return v


def arr(d, key, what):
    v = d.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        raise Reject("%s.%s: expected an array" % (what, key))
    for x in v:
        if not isinstance(x, dict):
            raise Reject("%s.%s: expected objects" % (what, key))
    return v


def text(d, key, what, required=False):
    v = d.get(key)
    if v is None:
        if required:
            raise Reject("%s.%s is required" % (what, key))
        return None
    if not isinstance(v, str):
        raise Reject("%s.%s: expected text" % (what, key))
    if required and not v:
        raise Reject("%s.%s must not be empty" % (what, key))
    return v


def grade(d, key, what, required=False):
    g = text(d, key, what, required)
    if g is not None and g not in GRADE_RANK:
        raise Reject("%s.%s: not a grade: %r" % (what, key, g))
    return g


def normalize(raw):
    """Checks and converts a raw record dict; amounts in 元 as Fractions."""
    sv = raw.get("schemaVersion")
    if str(sv) != "1":
        raise Reject("schemaVersion must be 1")
    unit = raw.get("amountUnit", "元")
    if unit not in ("元", "万元"):
        raise Reject("amountUnit must be 元 or 万元")
    scale = Fraction(10000) if unit == "万元" else Fraction(1)

    def amount(d, key, what):
        v = to_fraction(d.get(key), what + "." + key)
        return None if v is None else v * scale

    def number(d, key, what):
        return to_fraction(d.get(key), what + "." + key)

    def integer(d, key, what):
        return to_int(d.get(key), what + "." + key)

    rec = {}
    dep = obj(raw, "department", "record")
    if dep is None:
        raise Reject("department is required")
    for k in ("mofDivCode", "agencyCode", "name", "province", "city", "county"):
        rec[k] = text(dep, k, "department", required=True)
    if not re.match(r"[0-9]{6}\Z", rec["mofDivCode"]):
        raise Reject("department.mofDivCode must be 6 digits")
    fy = raw.get("fiscalYear")
    fy = to_int(fy, "fiscalYear") if fy is not None else None
    if fy is None or not 2000 <= fy <= 2100:
        raise Reject("fiscalYear must be 2000-2100")
    rec["fiscalYear"] = fy
    rec["rulebook"] = text(raw, "rulebook", "record", required=True)
    if rec["rulebook"] not in RULEBOOKS:
        raise Reject("unknown rulebook %r" % rec["rulebook"])

    sa = obj(raw, "selfAssessment", "record")
    if sa is None:
        raise Reject("selfAssessment is required")
    self_score = number(sa, "score", "selfAssessment")
    if self_score is None or not 0 <= self_score <= 100:
        raise Reject("selfAssessment.score must be in [0, 100]")
    rec["self"] = {
        "score": self_score,
        "grade": grade(sa, "grade", "selfAssessment", required=True),
        "submitted": to_date(sa.get("submitted"), "selfAssessment.submitted"),
        "indicators": [(text(i, "id", "indicator", True), number(i, "score", "indicator"))
                       for i in arr(sa, "indicators", "selfAssessment")],
    }
    for iid, s in rec["self"]["indicators"]:
        if s is None:
            raise Reject("indicator %s: score is required" % iid)

    ver = obj(raw, "verification", "record")
    if ver is not None:
        text(ver, "evaluator", "verification", required=True)
        reported = number(ver, "reportedScore", "verification")
        if reported is not None and not 0 <= reported <= 100:
            raise Reject("verification.reportedScore must be in [0, 100]")
        adjustments = []
        for a in arr(ver, "adjustments", "verification"):
            kind = a.get("kind")
            if kind not in ("bonus", "penalty"):
                raise Reject("adjustment.kind must be bonus or penalty")
            count = to_int(a.get("count"), "adjustment.count")
            if count is None or count < 0:
                raise Reject("adjustment.count must be an integer >= 0")
            adjustments.append((kind, count))
        rec["verification"] = {
            "date": to_date(ver.get("date"), "verification.date"),
            "reportedScore": reported,
            "reportedGrade": grade(ver, "reportedGrade", "verification"),
            "indicators": [(text(i, "id", "indicator", True), number(i, "score", "indicator"))
                           for i in arr(ver, "indicators", "verification")],
            "adjustments": adjustments,
        }
        for iid, s in rec["verification"]["indicators"]:
            if s is None:
                raise Reject("indicator %s: score is required" % iid)
    else:
        rec["verification"] = None

    fin = obj(raw, "finance", "record") or {}
    f = {}
    for part, keys in (("income", ("budget", "final")),
                       ("expenditure", ("budget", "final", "basic", "personnel", "publicUse", "project")),
                       ("publicFunds", ("budget", "final")), ("threePublic", ("budget", "final")),
                       ("balance", ("opening", "yearEnd")),
                       ("treasuryStock", ("previousYearEnd", "yearEnd")),
                       ("procurement", ("plan", "actual")), ("fixedAssets", ("total", "inUse")),
                       ("transfers", ("due", "onTime"))):
        o = obj(fin, part, "finance")
        if o is None:
            f[part] = None
            continue
        f[part] = {k: amount(o, k, part) for k in keys}
        if part == "income":
            f[part]["sources"] = [{"budget": amount(s, "budget", "source"), "final": amount(s, "final", "source")}
                                  for s in arr(o, "sources", "income")]
        if part == "treasuryStock":
            f[part]["changeRate"] = number(o, "changeRate", part)
    ba = obj(fin, "budgetApproval", "finance")
    if ba is not None and ba.get("status") not in ("onTime", "late", "none"):
        raise Reject("budgetApproval.status must be onTime, late or none")
    f["budgetApproval"] = ba.get("status") if ba is not None else None
    adj = obj(fin, "adjustments", "finance")
    f["adjustments"] = None if adj is None else {
        k: integer(adj, k, "adjustments") for k in ("nonPolicy", "over20Percent", "variance50Percent")}
    rec["finance"] = f

    kt = obj(raw, "keyTasks", "record")
    rec["keyTasks"] = None if kt is None else {
        k: number(kt, k, "keyTasks") for k in ("partyInspection", "governmentInspection")}
    pt = obj(raw, "petitions", "record")
    rec["petitions"] = None if pt is None else {
        "channels": to_bool(pt.get("channels"), "petitions.channels"),
        "total": integer(pt, "total", "petitions"), "onTime": integer(pt, "onTime", "petitions")}
    for k in ("commendations", "accountability"):
        o = obj(raw, k, "record")
        rec[k] = None if o is None else integer(o, "count", k)
        rec[k + "Present"] = o is not None

    def finding(x, project):
        return {"category": text(x, "category", "finding"),
                "project": text(x, "project", "finding") if project is None else project}

    projects = []
    for p in arr(raw, "projects", "record"):
        name = text(p, "name", "project", required=True)
        kind = p.get("kind")
        if kind not in ("recurring", "oneOff"):
            raise Reject("project.kind must be recurring or oneOff")
        targets = []
        for t in arr(p, "targets", "project"):
            direction = t.get("direction", "atLeast")
            if direction not in ("atLeast", "atMost", "exactly"):
                raise Reject("target.direction invalid")
            planned = number(t, "planned", "target")
            if planned is None:
                raise Reject("target.planned is required")
            targets.append({"planned": planned, "actual": number(t, "actual", "target"),
                            "direction": direction})
        ar = obj(p, "arrears", "project")
        projects.append({
            "name": name,
            "budget": amount(p, "budget", "project"), "allocated": amount(p, "allocated", "project"),
            "spent": amount(p, "spent", "project"), "settlement": amount(p, "settlement", "project"),
            "plannedEnd": to_date(p.get("plannedEnd"), "project.plannedEnd"),
            "finishedOn": to_date(p.get("finishedOn"), "project.finishedOn"),
            "completed": to_bool(p.get("completed"), "project.completed"),
            "selfScore": number(p, "selfScore", "project"), "selfGrade": grade(p, "selfGrade", "project"),
            "verifiedScore": number(p, "verifiedScore", "project"),
            "verifiedGrade": grade(p, "verifiedGrade", "project"),
            "targets": targets,
            "arrears": None if ar is None else amount(ar, "amount", "arrears"),
            "findings": [finding(x, name) for x in arr(p, "findings", "project")],
        })
    rec["projects"] = projects
    ps = obj(raw, "projectSummary", "record")
    rec["projectSummary"] = None if ps is None else {
        k: integer(ps, k, "projectSummary") for k in ("oneOffHighBalanceCount", "recurringHighBalanceCount")}
    rec["findings"] = [finding(x, None) for x in arr(raw, "findings", "record")]
    return rec


# ---------------------------------------------------------------------------
# Scoring (scoring.md)
# ---------------------------------------------------------------------------

def fixed(x):
    return (x, x)


def part(value, weight):
    """Interval of a part: [v, v] (clamped into [0, weight]) or [0, weight] when uncomputable."""
    if value is None:
        return (ZERO, Fraction(weight))
    v = clamp(value, ZERO, Fraction(weight))
    return (v, v)


def f113(r):
    inc = r["finance"]["income"]
    a = None
    if inc and inc["budget"] is not None and inc["budget"] > 0 and inc["final"] is not None:
        b = inc["budget"]
        ratio = abs(inc["final"] - b) * 100 / b
        steps = ratio // 5
        a = max(ZERO, 3 - Fraction(1, 2) * steps)
    adj = r["finance"]["adjustments"]
    b_part = None
    if adj is not None and None not in adj.values():
        n = adj["nonPolicy"]
        d1 = ZERO if n < 3 else Fraction(1, 2) if n <= 4 else Fraction(1)
        b_part = max(ZERO, 2 - d1 - Fraction(1, 2) * adj["over20Percent"] - Fraction(1, 2) * adj["variance50Percent"])
    return [part(a, 3), part(b_part, 2)]


def f221(r):
    inc, exp = r["finance"]["income"], r["finance"]["expenditure"]
    if not (inc and exp and inc["final"] is not None and inc["final"] > 0 and exp["final"] is not None):
        return [part(None, 4)]
    rate = exp["final"] * 100 / inc["final"]
    pts = 4 if rate >= 100 else 3 if rate >= 90 else 2 if rate >= 80 else 1 if rate >= 70 else 0
    return [part(Fraction(pts), 4)]


def balance_rate(r):
    inc, bal = r["finance"]["income"], r["finance"]["balance"]
    if not (inc and bal and inc["final"] is not None and bal["yearEnd"] is not None):
        return None
    denominator = (bal["opening"] or ZERO) + inc["final"]
    if denominator <= 0:
        return None
    return bal["yearEnd"] * 100 / denominator


def f222(r):
    rate = balance_rate(r)
    if rate is None:
        return [part(None, 3)]
    pts = 3 if rate <= 10 else 2 if rate <= 20 else 1 if rate <= 30 else 0
    return [part(Fraction(pts), 3)]


def f223(r):
    ts = r["finance"]["treasuryStock"]
    if ts is None:
        return [part(None, 3)]
    prev, end = ts["previousYearEnd"], ts["yearEnd"]
    if prev is not None and end is not None:
        if prev == 0 and end == 0:
            return [part(Fraction(3), 3)]
        if prev == 0:
            return [part(ZERO, 3)]
        rate = (end / prev - 1) * 100
    elif ts["changeRate"] is not None:
        rate = ts["changeRate"]
    else:
        return [part(None, 3)]
    pts = 3 if rate <= -15 else 2 if rate <= -10 else 1 if rate <= 0 else 0
    return [part(Fraction(pts), 3)]


def f224(r):
    tr = r["finance"]["transfers"]
    a = None
    if tr is not None and tr["due"] is not None:
        if tr["due"] == 0:
            a = Fraction(2)
        elif tr["onTime"] is not None:
            a = 2 * clamp(tr["onTime"] / tr["due"], ZERO, Fraction(1))
    status = r["finance"]["budgetApproval"]
    b = None if status is None else {"onTime": Fraction(1), "late": Fraction(1, 2), "none": ZERO}[status]
    return [part(a, 2), part(b, 1)]


def f225(r):
    pr = r["finance"]["procurement"]
    if pr is None or pr["plan"] is None:
        return [part(None, 2)]
    if pr["plan"] == 0:
        return [part(ZERO, 2)]
    if pr["actual"] is None:
        return [part(None, 2)]
    if pr["actual"] > pr["plan"]:
        return [part(ZERO, 2)]
    return [part(2 * pr["actual"] / pr["plan"], 2)]


def f242(r):
    fa = r["finance"]["fixedAssets"]
    if fa is None or fa["total"] is None or fa["total"] <= 0 or fa["inUse"] is None:
        return [part(None, 3)]
    rate = fa["inUse"] * 100 / fa["total"]
    return [part(Fraction(3 if rate >= 95 else 1 if rate >= 90 else 0), 3)]


def f411(r):
    parts = []
    for key in ("threePublic", "publicFunds"):
        o = r["finance"][key]
        if o is None or o["budget"] is None or o["final"] is None:
            parts.append(part(None, 2))
        else:
            parts.append(part(Fraction(2 if o["final"] <= o["budget"] else 0), 2))
    return parts


def f421(r):
    kt = r["keyTasks"]
    if kt is None or kt["partyInspection"] is None or kt["governmentInspection"] is None:
        return [part(None, 5)]
    return [part((kt["partyInspection"] + kt["governmentInspection"]) / 2 / 100 * 5, 5)]


def f423(r):
    planned = [p for p in r["projects"] if p["plannedEnd"] is not None]
    if not planned:
        return [part(None, 2)]
    on_time = sum(1 for p in planned
                  if p["completed"] is True and p["finishedOn"] is not None and p["finishedOn"] <= p["plannedEnd"])
    return [part(Fraction(2 * on_time, len(planned)), 2)]


def f441(r):
    pt = r["petitions"]
    a = b = None
    if pt is not None:
        if pt["channels"] is not None:
            a = Fraction(1 if pt["channels"] else 0)
        if pt["total"] is not None:
            if pt["total"] == 0:
                b = Fraction(1)
            elif pt["onTime"] is not None:
                b = Fraction(pt["onTime"], pt["total"])
    return [part(a, 1), part(b, 1)]


FORMULAS = {name: fn for name, fn in globals().items() if name.startswith("f") and name[1:].isdigit()}


def interval(r, weight, rule):
    if rule == "judgment":
        return (ZERO, weight)
    parts = FORMULAS[rule](r)
    lo = round2(sum(p[0] for p in parts))
    hi = round2(sum(p[1] for p in parts))
    return (lo, hi)


def adjustment_counts(entries):
    bonus = sum(c for k, c in entries if k == "bonus")
    penalty = sum(c for k, c in entries if k == "penalty")
    return Fraction(min(3, bonus)), Fraction(min(6, 2 * penalty))


def record_adjustments(r):
    ver = r["verification"]
    vb, vp = adjustment_counts(ver["adjustments"]) if ver else (ZERO, ZERO)
    bonus = Fraction(min(3, r["commendations"])) if r["commendations"] is not None else vb
    penalty = Fraction(min(6, 2 * r["accountability"])) if r["accountability"] is not None else vp
    return bonus, penalty


def score(r):
    book = RULEBOOKS[r["rulebook"]]
    weights = {i: w for i, w, _ in book}
    self_scores = dict(r["self"]["indicators"])
    ver = r["verification"]
    ver_scores = dict(ver["indicators"]) if ver else {}
    issues = []  # (category, project, indicator)

    recomputed_sum = ZERO
    recomputed_complete = True
    hi_sum = ZERO
    for iid, weight, rule in book:
        lo, hi = interval(r, weight, rule)
        hi_sum += hi
        ref = ver_scores.get(iid, self_scores.get(iid))
        if ref is None:
            recomputed_complete = False
            continue
        if ref < lo or ref > hi:
            issues.append(("RULE_DEVIATION", None, iid))
        recomputed_sum += clamp(ref, lo, hi)
    bonus, penalty = record_adjustments(r)
    recomputed = clamp(recomputed_sum + bonus - penalty, ZERO, HUNDRED) if recomputed_complete else None
    attainable = clamp(hi_sum + bonus - penalty, ZERO, HUNDRED)

    self_score = r["self"]["score"]
    verified = None
    if ver is not None:
        if ver["indicators"]:
            vb, vp = adjustment_counts(ver["adjustments"])
            verified = clamp(sum(s for _, s in ver["indicators"]) + vb - vp, ZERO, HUNDRED)
        else:
            verified = ver["reportedScore"]

    self_grade, verified_grade = grade_of(self_score), grade_of(verified)
    recomputed_grade = grade_of(recomputed)

    # --- issues: scores and grades
    if verified is not None:
        if GRADE_RANK[self_grade] < GRADE_RANK[verified_grade]:
            issues.append(("GRADE_INFLATION", None, None))
        if self_score - verified >= 5:
            issues.append(("SCORE_GAP", None, None))
    if self_score > attainable:
        issues.append(("SELF_ABOVE_ATTAINABLE", None, None))
    if (ver is not None and ver["indicators"] and ver["reportedScore"] is not None
            and abs(ver["reportedScore"] - verified) > Fraction(1, 100)):
        issues.append(("REPORTED_TOTAL_MISMATCH", None, None))
    for source, listed in (("self", r["self"]["indicators"]), ("verification", ver["indicators"] if ver else [])):
        for iid, s in listed:
            if iid not in weights or s < 0 or s > weights[iid]:
                issues.append(("SCORE_OUT_OF_RANGE", None, iid + "/" + source))
    pairs = [(self_score, r["self"]["grade"])]
    if ver is not None:
        pairs.append((ver["reportedScore"], ver["reportedGrade"]))
    for p in r["projects"]:
        pairs += [(p["selfScore"], p["selfGrade"]), (p["verifiedScore"], p["verifiedGrade"])]
    for s, g in pairs:
        if s is not None and g is not None and grade_of(s) != g:
            issues.append(("GRADE_SCORE_MISMATCH", None, None))

    issues += project_issues(r)
    issues += finance_issues(r)
    return {
        "self_score": self_score, "self_grade": self_grade,
        "verified_score": verified, "verified_grade": verified_grade,
        "reported_score": ver["reportedScore"] if ver else None,
        "recomputed_score": recomputed, "recomputed_grade": recomputed_grade,
        "attainable_max": attainable,
        "self_minus_verified": None if verified is None else self_score - verified,
        "grade_mismatch": "" if verified is None else ("yes" if self_grade != verified_grade else "no"),
        "status": "verified" if ver is not None else "self_only",
        "issues": issues,
    }


def reference_date(r):
    ver = r["verification"]
    if ver is not None and ver["date"] is not None:
        return ver["date"]
    if r["self"]["submitted"] is not None:
        return r["self"]["submitted"]
    return "%04d-12-31" % r["fiscalYear"]


def project_issues(r):
    issues = []
    today = reference_date(r)
    over_budget_findings = {x["project"] for x in r["findings"] if x["category"] == "超预算" and x["project"]}
    for p in r["projects"]:
        name = p["name"]
        budget = p["budget"]
        over = False
        if budget is not None and budget > 0:
            over = any(v is not None and v > budget for v in (p["spent"], p["settlement"]))
            if p["allocated"] is not None and p["allocated"] * 100 / budget < 60:
                issues.append(("UNDER_ALLOCATED", name, None))
            if p["spent"] is not None and p["spent"] * 100 / budget < 90:
                issues.append(("LOW_EXECUTION", name, None))
        if over or name in over_budget_findings or any(x["category"] == "超预算" for x in p["findings"]):
            issues.append(("OVER_BUDGET", name, None))
        for t in p["targets"]:
            actual, planned = t["actual"], t["planned"]
            if actual is None:
                continue
            d = t["direction"]
            if (d == "atLeast" and actual < planned) or (d == "atMost" and actual > planned) or \
                    (d == "exactly" and actual != planned):
                issues.append(("TARGET_UNMET", name, None))
        if p["plannedEnd"] is not None:
            if (p["finishedOn"] is not None and p["finishedOn"] > p["plannedEnd"]) or \
                    (p["completed"] is False and p["plannedEnd"] < today):
                issues.append(("LATE_PROJECT", name, None))
        if p["arrears"] is not None and p["arrears"] > 0:
            issues.append(("ARREARS", name, None))
        for _ in p["findings"]:
            issues.append(("EVALUATOR_FINDING", name, None))
    for x in r["findings"]:
        issues.append(("EVALUATOR_FINDING", x["project"], None))
    return issues


def finance_issues(r):
    f = r["finance"]
    issues = []
    rate = balance_rate(r)
    ps = r["projectSummary"]
    if (rate is not None and rate > 10) or (ps is not None and any((v or 0) > 0 for v in ps.values())):
        issues.append(("HIGH_BALANCE", None, None))
    inc = f["income"]
    if inc and inc["budget"] is not None and inc["budget"] > 0 and inc["final"] is not None:
        if abs(inc["final"] - inc["budget"]) * 100 / inc["budget"] >= 5:
            issues.append(("BUDGET_VARIANCE", None, None))
    for key in ("threePublic", "publicFunds"):
        o = f[key]
        if o and o["budget"] is not None and o["final"] is not None and o["final"] > o["budget"]:
            issues.append(("PUBLIC_FUNDS_OVERSPENT", None, key))
    pr = f["procurement"]
    if pr and pr["plan"] is not None and pr["plan"] == 0:
        issues.append(("NO_PROCUREMENT_PLAN", None, None))

    inconsistent = []
    if inc and inc["sources"]:
        for key in ("budget", "final"):
            if inc[key] is not None and all(s[key] is not None for s in inc["sources"]):
                if sum(s[key] for s in inc["sources"]) != inc[key]:
                    inconsistent.append("income.sources." + key)
    exp = f["expenditure"]
    if exp:
        if None not in (exp["personnel"], exp["publicUse"], exp["basic"]) and \
                exp["personnel"] + exp["publicUse"] != exp["basic"]:
            inconsistent.append("expenditure.basic")
        if None not in (exp["basic"], exp["project"], exp["final"]) and exp["basic"] + exp["project"] != exp["final"]:
            inconsistent.append("expenditure.final")
    if r["self"]["indicators"] and sum(s for _, s in r["self"]["indicators"]) != r["self"]["score"]:
        inconsistent.append("self.indicators")
    ts = f["treasuryStock"]
    if ts and ts["changeRate"] is not None and ts["previousYearEnd"] is not None and ts["yearEnd"] is not None \
            and ts["previousYearEnd"] != 0:
        computed = (ts["yearEnd"] / ts["previousYearEnd"] - 1) * 100
        if abs(computed - ts["changeRate"]) > Fraction(1, 100):
            inconsistent.append("treasuryStock.changeRate")
    tr = f["transfers"]
    if tr and tr["due"] is not None and tr["onTime"] is not None and tr["onTime"] > tr["due"]:
        inconsistent.append("transfers.onTime")
    fa = f["fixedAssets"]
    if fa and fa["total"] is not None and fa["inUse"] is not None and fa["inUse"] > fa["total"]:
        inconsistent.append("fixedAssets.inUse")
    pt = r["petitions"]
    if pt and pt["total"] is not None and pt["onTime"] is not None and pt["onTime"] > pt["total"]:
        inconsistent.append("petitions.onTime")
    issues += [("DATA_INCONSISTENT", None, what) for what in inconsistent]
    return issues


# ---------------------------------------------------------------------------
# Batch
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# Template detection (template-detection.md): TEMPLATE_COPY and SCORES_IDENTICAL
# ---------------------------------------------------------------------------

TEMPLATE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Templates",
                             "narrative-template.json")
SENTENCE_ENDS = set("。！？；!?;\n")
CHINESE_NUMERALS = set("〇零一二三四五六七八九十百千万亿两")
BREAK = None
SHINGLE = 5
MIN_SHINGLES = 50
MAX_LETTERS = 100000
TEMPLATE_THRESHOLD = Fraction(7, 10)
# Above this many files, TEMPLATE_COPY is left out: comparing every pair exactly is quadratic, so
# beyond a city's year this reference does not (the engine's own LSH path is checked against its
# exact path in TemplateCopiesTests). SCORES_IDENTICAL is found at any size.
PAIRWISE_LIMIT = 500
MIN_SELF_INDICATORS = 5
MIN_DEDUCTIONS = 3


def kept_letter(ch):
    v = ord(ch)
    if 0x41 <= v <= 0x5A or 0xFF21 <= v <= 0xFF3A:
        return chr(0x61 + (v - 0x41 if v <= 0x5A else v - 0xFF21))
    if 0x61 <= v <= 0x7A:
        return ch
    if 0xFF41 <= v <= 0xFF5A:
        return chr(0x61 + v - 0xFF41)
    if 0x3400 <= v <= 0x4DBF or 0x4E00 <= v <= 0x9FFF or 0xF900 <= v <= 0xFAFF or 0x20000 <= v <= 0x3134F:
        return None if ch in CHINESE_NUMERALS else ch
    return None


def prose_letters(texts, names):
    """The texts joined by line breaks, every name (two letters or more, longest first) cut out,
    only letters kept, sentence ends as one break."""
    text = "\n".join(texts)
    cut = [False] * len(text)
    for name in sorted((n for n in names if len(n) >= 2), key=len, reverse=True):
        start = 0
        while start <= len(text) - len(name):
            if not cut[start] and text.startswith(name, start):
                for i in range(start, start + len(name)):
                    cut[i] = True
                start += len(name)
            else:
                start += 1
    letters = []
    for i, ch in enumerate(text):
        if cut[i]:
            continue
        if len(letters) == MAX_LETTERS:
            break
        if ch in SENTENCE_ENDS:
            if letters and letters[-1] is not BREAK:
                letters.append(BREAK)
            continue
        letter = kept_letter(ch)
        if letter is not None:
            letters.append(letter)
    return letters


def shingles(letters):
    result, run = set(), 0
    for end, letter in enumerate(letters):
        if letter is BREAK:
            run = 0
            continue
        run += 1
        if run >= SHINGLE:
            result.add("".join(letters[end - SHINGLE + 1:end + 1]))
    return result


_TEMPLATE = []


def template_shingles():
    if not _TEMPLATE:
        with open(TEMPLATE_PATH, encoding="utf-8") as fh:
            template = json.load(fh)
        found = set()
        for text in template["headings"] + template["phrases"]:
            found |= shingles(prose_letters([text], []))
        _TEMPLATE.append(found)
    return _TEMPLATE[0]


def prose_of(raw, rec):
    """The shingles compared for a record, or None: no narrative, or fewer than 50 left."""
    narrative = raw.get("narrative")
    if narrative is None:
        return None
    texts = [x.get("text", "") for x in narrative]
    texts += [x.get("text", "") for x in raw.get("findings") or []]
    for p in raw.get("projects") or []:
        texts += [x.get("text", "") for x in p.get("findings") or []]
    names = [rec["name"], rec["agencyCode"]]
    for place in (rec["county"], rec["city"], rec["province"]):
        names.append(place)
        if len(place) > 2 and place[-1] in "省市县区州盟旗":
            names.append(place[:-1])
    found = shingles(prose_letters(texts, names)) - template_shingles()
    return frozenset(found) if len(found) >= MIN_SHINGLES else None


def scores_key(rec):
    """The self scores compared for SCORES_IDENTICAL, or None (too few, or too few deductions)."""
    listed = rec["self"]["indicators"]
    weights = {i: w for i, w, _ in RULEBOOKS[rec["rulebook"]]}
    if len(listed) < MIN_SELF_INDICATORS or sum(1 for i, s in listed if weights.get(i) != s) < MIN_DEDUCTIONS:
        return None
    return (rec["rulebook"], tuple(sorted(listed)))


def comparisons(compared):
    """The files raising TEMPLATE_COPY and SCORES_IDENTICAL; `compared` holds (file, agency,
    shingles or None, scores key or None)."""
    copies, identical = set(), set()
    prose = [(f, a, p) for f, a, p, _ in compared if p is not None]
    for x in range(len(prose)):
        for y in range(x + 1, len(prose)):
            (f1, a1, p1), (f2, a2, p2) = prose[x], prose[y]
            if a1 == a2:
                continue
            shared = len(p1 & p2)
            if Fraction(shared, len(p1) + len(p2) - shared) >= TEMPLATE_THRESHOLD:
                copies.update((f1, f2))
    groups = {}
    for f, a, _, key in compared:
        if key is not None:
            groups.setdefault(key, []).append((f, a))
    for members in groups.values():
        for f, a in members:
            if any(other != a for _, other in members):
                identical.add(f)
    return copies, identical


def process(job):
    path, rel, with_prose = job
    try:
        if os.path.getsize(path) > 8 * 1024 * 1024:
            raise Reject("file over 8 MiB")
        with open(path, "rb") as fh:
            data = fh.read()
        raw = load_xml(data) if path.endswith(".xml") else load_json(data)
        rec = normalize(raw)
        result = score(rec)
    except Reject as e:
        return ("reject", rel, str(e))
    except (decimal.InvalidOperation, ValueError, TypeError, KeyError, AttributeError) as e:
        return ("reject", rel, "%s: %s" % (type(e).__name__, e))
    row = {
        "province": rec["province"], "city": rec["city"], "county": rec["county"],
        "mof_div_code": rec["mofDivCode"], "agency_code": rec["agencyCode"], "department": rec["name"],
        "fiscal_year": str(rec["fiscalYear"]), "rulebook": rec["rulebook"],
    }
    for k in ("self_score", "verified_score", "reported_score", "recomputed_score", "attainable_max",
              "self_minus_verified"):
        row[k] = fmt2(result[k])
    for k in ("self_grade", "verified_grade", "recomputed_grade", "grade_mismatch", "status"):
        row[k] = result[k] or ""
    row["source_file"] = rel
    key = (rec["agencyCode"], rec["fiscalYear"], rec["rulebook"])
    compared = (rel, rec["agencyCode"], prose_of(raw, rec) if with_prose else None, scores_key(rec))
    return ("ok", rel, row, key, result["issues"], compared)


COLUMNS = ["province", "city", "county", "mof_div_code", "agency_code", "department", "fiscal_year", "rulebook",
           "self_score", "self_grade", "verified_score", "verified_grade", "reported_score", "recomputed_score",
           "recomputed_grade", "attainable_max", "self_minus_verified", "grade_mismatch", "status",
           "issue_count", "source_file"]
NUMERIC = {"fiscal_year", "self_score", "verified_score", "reported_score", "recomputed_score", "attainable_max",
           "self_minus_verified", "issue_count"}


def cell(column, value):
    if column not in NUMERIC and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def discover(input_dir):
    files = []
    for dirpath, dirnames, filenames in os.walk(input_dir):
        dirnames.sort()
        for name in filenames:
            if name.endswith(".xml") or name.endswith(".json"):
                full = os.path.join(dirpath, name)
                files.append((full, os.path.relpath(full, input_dir)))
    files.sort(key=lambda f: f[1])
    return files


def write_csv(path, header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(buffer.getvalue())
    os.replace(tmp, path)


def reset_signals():
    """A parent may hand down blocked or ignored signals (a Swift test spawning this script from a
    Dispatch thread blocks nearly all of them); the worker pool needs SIGCHLD and SIGTERM back."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
    for name in ("SIGCHLD", "SIGTERM", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL if name != "SIGINT" else signal.default_int_handler)


def main(argv):
    reset_signals()
    args = list(argv)
    jobs = os.cpu_count() or 1
    if "--jobs" in args:
        i = args.index("--jobs")
        jobs = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.stderr.write("usage: perfaudit_ref.py INPUT_DIR OUT_DIR [--jobs N]\n")
        return 1
    input_dir, out_dir = args
    os.makedirs(out_dir, exist_ok=True)
    files = discover(input_dir)
    with_prose = len(files) <= PAIRWISE_LIMIT
    if not with_prose:
        sys.stderr.write("perfaudit_ref: %d files, over %d: TEMPLATE_COPY left out\n" % (len(files), PAIRWISE_LIMIT))
    files = [(path, rel, with_prose) for path, rel in files]
    if jobs > 1 and len(files) > 1:
        pool = multiprocessing.Pool(jobs)
        try:
            results = pool.map(process, files, chunksize=max(1, len(files) // (jobs * 8)))
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
    else:
        results = [process(f) for f in files]

    ok = [x for x in results if x[0] == "ok"]
    rejects = [x for x in results if x[0] == "reject"]
    copies = {}
    for x in ok:
        copies[x[3]] = copies.get(x[3], 0) + 1
    template_copies, identical_scores = comparisons([x[5] for x in ok])
    summary_rows, category_rows = [], []
    issue_total = 0
    for _, rel, row, key, issues, _ in ok:
        if copies[key] > 1:
            issues = issues + [("DUPLICATE_RECORD", None, None)]
        if rel in template_copies:
            issues = issues + [("TEMPLATE_COPY", None, None)]
        if rel in identical_scores:
            issues = issues + [("SCORES_IDENTICAL", None, None)]
        row["issue_count"] = str(len(issues))
        issue_total += len(issues)
        summary_rows.append(row)
        category_rows.append([rel, ";".join(sorted({c for c, _, _ in issues}))])
    summary_rows.sort(key=lambda r: (r["province"], r["city"], r["county"], r["department"],
                                     int(r["fiscal_year"]), r["source_file"]))
    write_csv(os.path.join(out_dir, "summary.csv"), COLUMNS,
              [[cell(c, r[c]) for c in COLUMNS] for r in summary_rows])
    write_csv(os.path.join(out_dir, "issue_categories.csv"), ["source_file", "categories"], sorted(category_rows))
    with open(os.path.join(out_dir, "rejects.txt"), "w", encoding="utf-8") as fh:
        for _, rel, error in sorted(rejects):
            fh.write("%s: %s\n" % (rel, error))
    sys.stderr.write("perfaudit_ref: %d files, %d scored, %d rejected, %d issues\n"
                     % (len(files), len(ok), len(rejects), issue_total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
