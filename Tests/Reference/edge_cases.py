#!/usr/bin/env python3
"""Writes hand-made edge-case records (JSON) that probe the boundaries of the scoring and issue
rules: exact band boundaries, rounding, missing vs zero figures, adjustments, dates, duplicates.

    edge_cases.py OUT_DIR

Each file is one variant of a complete, consistent base record with one thing changed; the file
name says what. Used to cross-check the Swift engine against perfaudit_ref.py.
"""

import copy
import json
import os
import sys

ZHANJIANG_WEIGHTS = [
    ("1.1.1", 3), ("1.1.2", 4), ("1.1.3", 5), ("1.2.1", 4), ("1.2.2", 4), ("2.1.1", 2), ("2.2.1", 4),
    ("2.2.2", 3), ("2.2.3", 3), ("2.2.4", 3), ("2.2.5", 2), ("2.2.6", 6), ("2.3.1", 5), ("2.3.2", 5),
    ("2.4.1", 4), ("2.4.2", 3), ("3.1.1", 3), ("3.1.2", 2), ("3.1.3", 2), ("3.2.1", 1), ("3.2.2", 1),
    ("3.2.3", 1), ("4.1.1", 4), ("4.2.1", 5), ("4.2.2", 4), ("4.2.3", 2), ("4.3.1", 10), ("4.4.1", 2),
    ("4.4.2", 3),
]
SICHUAN_WEIGHTS = [
    ("1.1.1", 5), ("1.1.2", 5), ("1.1.3", 5), ("1.2.1", 5), ("1.2.2", 5),
    ("2.1.1", 1), ("2.1.2", 1), ("2.2.1", 2), ("2.3.1", 2), ("2.3.2", 3), ("2.4.1", 1), ("2.4.2", 1),
    ("2.5.1", 2), ("2.5.2", 2), ("2.5.3", 2), ("2.6.1", 2), ("2.7.1", 2), ("2.7.2", 2), ("2.7.3", 2),
    ("2.8.1", 2), ("2.8.2", 3),
    ("3.1.1", 20), ("3.2.1", 5), ("3.2.2", 5), ("3.2.3", 5), ("3.3.1", 3), ("3.3.2", 3), ("3.3.3", 4),
]

# Full marks on every formula indicator with the base figures below.
BASE = {
    "schemaVersion": 1,
    "amountUnit": "元",
    "department": {"mofDivCode": "440801", "agencyCode": "440801-900", "name": "边界测试局",
                   "province": "广东省", "city": "湛江市", "county": "测试区"},
    "fiscalYear": 2022,
    "rulebook": "zhanjiang-dept-2021",
    "selfAssessment": {"score": "100", "grade": "优", "submitted": "2023-03-15",
                       "indicators": [{"id": i, "score": w} for i, w in ZHANJIANG_WEIGHTS]},
    "finance": {
        "income": {"budget": "1000000", "final": "1000000",
                   "sources": [{"kind": "generalPublic", "budget": "600000", "final": "600000"},
                               {"kind": "governmentFund", "budget": "400000", "final": "400000"}]},
        "expenditure": {"budget": "1000000", "final": "1000000", "basic": "300000", "personnel": "200000",
                        "publicUse": "100000", "project": "700000"},
        "publicFunds": {"budget": "100000", "final": "100000"},
        "threePublic": {"budget": "10000", "final": "9000"},
        "balance": {"opening": "0", "yearEnd": "0"},
        "treasuryStock": {"previousYearEnd": "100000", "yearEnd": "80000", "changeRate": "-20"},
        "procurement": {"plan": "50000", "actual": "50000"},
        "fixedAssets": {"total": "100000", "inUse": "100000"},
        "transfers": {"due": "100000", "onTime": "100000"},
        "budgetApproval": {"status": "onTime"},
        "adjustments": {"nonPolicy": 0, "over20Percent": 0, "variance50Percent": 0},
    },
    "keyTasks": {"partyInspection": "100", "governmentInspection": "100"},
    "petitions": {"channels": True, "total": 10, "onTime": 10},
    "projects": [
        {"name": "甲项目", "kind": "oneOff", "budget": "100000", "allocated": "100000", "spent": "100000",
         "plannedEnd": "2022-10-31", "finishedOn": "2022-10-30", "completed": True,
         "targets": [{"name": "数量", "category": "数量", "planned": "10", "actual": "10"}]},
    ],
}

CASES = {}


def case(name):
    def register(fn):
        CASES[name] = fn
        return fn
    return register


def self_indicator(r, iid, score):
    """Sets one self indicator and keeps the self total equal to the sum."""
    for i in r["selfAssessment"]["indicators"]:
        if i["id"] == iid:
            i["score"] = score
    total = sum(float(i["score"]) for i in r["selfAssessment"]["indicators"])
    r["selfAssessment"]["score"] = "%.2f" % total
    r["selfAssessment"]["grade"] = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def verify(r, scores=None, reported=None, adjustments=None, date="2023-12-01", indicators=True):
    ver = {"evaluator": "测试事务所", "date": date}
    if indicators:
        s = dict(ZHANJIANG_WEIGHTS if r["rulebook"] == "zhanjiang-dept-2021" else SICHUAN_WEIGHTS)
        s.update(scores or {})
        ver["indicators"] = [{"id": i, "score": v} for i, v in s.items()]
    if reported is not None:
        ver["reportedScore"] = reported
    if adjustments is not None:
        ver["adjustments"] = adjustments
    r["verification"] = ver


# --- 1.1.3 budget accuracy
@case("113a-rate-exactly-5")
def _(r): r["finance"]["income"]["final"] = "950000"; self_indicator(r, "1.1.3", "4.5")


@case("113a-rate-4.99")
def _(r): r["finance"]["income"]["final"] = "950100"; self_indicator(r, "1.1.3", "5")


@case("113a-rate-36.04")
def _(r): r["finance"]["income"]["final"] = "639600"; self_indicator(r, "1.1.3", "5")


@case("113a-budget-zero")
def _(r): r["finance"]["income"]["budget"] = "0"


@case("113b-nonpolicy-3-over20-5")
def _(r): r["finance"]["adjustments"] = {"nonPolicy": 3, "over20Percent": 5, "variance50Percent": 0}


@case("113b-nonpolicy-5")
def _(r): r["finance"]["adjustments"] = {"nonPolicy": 5, "over20Percent": 1, "variance50Percent": 1}


@case("113b-partial-adjustments")
def _(r): r["finance"]["adjustments"] = {"nonPolicy": 1}


@case("113b-missing")
def _(r): del r["finance"]["adjustments"]


# --- 2.2.1 expenditure rate
@case("221-rate-exactly-90")
def _(r): r["finance"]["expenditure"].update(final="900000", project="600000")


@case("221-rate-69.99")
def _(r): r["finance"]["expenditure"].update(final="699900", project="399900")


@case("221-income-final-missing")
def _(r): del r["finance"]["income"]["final"]


# --- 2.2.2 balance rate
@case("222-rate-exactly-10")
def _(r): r["finance"]["balance"] = {"opening": "100000", "yearEnd": "110000"}


@case("222-rate-just-over-10")
def _(r): r["finance"]["balance"] = {"opening": "100000", "yearEnd": "110001"}


@case("222-opening-missing")
def _(r): r["finance"]["balance"] = {"yearEnd": "250000"}


@case("222-denominator-zero")
def _(r): r["finance"]["balance"] = {"opening": "-1000000", "yearEnd": "5"}


@case("222-yearend-missing")
def _(r): r["finance"]["balance"] = {"opening": "5"}


# --- 2.2.3 treasury stock
@case("223-both-zero")
def _(r): r["finance"]["treasuryStock"] = {"previousYearEnd": "0", "yearEnd": "0"}


@case("223-previous-zero")
def _(r): r["finance"]["treasuryStock"] = {"previousYearEnd": "0", "yearEnd": "10"}


@case("223-rate-exactly-minus-15")
def _(r): r["finance"]["treasuryStock"] = {"previousYearEnd": "100000", "yearEnd": "85000"}


@case("223-rate-exactly-zero")
def _(r): r["finance"]["treasuryStock"] = {"previousYearEnd": "100000", "yearEnd": "100000"}


@case("223-stated-only")
def _(r): r["finance"]["treasuryStock"] = {"changeRate": "-10"}


@case("223-stated-differs-0.01")
def _(r): r["finance"]["treasuryStock"] = {"previousYearEnd": "300", "yearEnd": "236.01", "changeRate": "-21.32"}


@case("223-stated-differs-0.0134")
def _(r): r["finance"]["treasuryStock"] = {"previousYearEnd": "300", "yearEnd": "236.01", "changeRate": "-21.3167"}


@case("223-stated-vs-amounts-band")
def _(r): r["finance"]["treasuryStock"] = {"previousYearEnd": "100", "yearEnd": "95", "changeRate": "-30"}


@case("223-only-previous")
def _(r): r["finance"]["treasuryStock"] = {"previousYearEnd": "100", "changeRate": "-5"}


@case("223-empty")
def _(r): r["finance"]["treasuryStock"] = {}


# --- 2.2.4 transfers and approval
@case("224-due-zero")
def _(r): r["finance"]["transfers"] = {"due": "0"}


@case("224-ontime-third")
def _(r): r["finance"]["transfers"] = {"due": "3", "onTime": "1"}


@case("224-ontime-over-due")
def _(r): r["finance"]["transfers"] = {"due": "100", "onTime": "150"}


@case("224-ontime-missing")
def _(r): r["finance"]["transfers"] = {"due": "100"}


@case("224-approval-late")
def _(r): r["finance"]["budgetApproval"] = {"status": "late"}; self_indicator(r, "2.2.4", "2.5")


@case("224-approval-none")
def _(r): r["finance"]["budgetApproval"] = {"status": "none"}


@case("224-approval-missing")
def _(r): del r["finance"]["budgetApproval"]


# --- 2.2.5 procurement
@case("225-plan-zero-actual-positive")
def _(r): r["finance"]["procurement"] = {"plan": "0", "actual": "10"}


@case("225-plan-zero-no-actual")
def _(r): r["finance"]["procurement"] = {"plan": "0"}


@case("225-actual-over-plan")
def _(r): r["finance"]["procurement"] = {"plan": "100", "actual": "100.01"}


@case("225-two-thirds")
def _(r): r["finance"]["procurement"] = {"plan": "3", "actual": "1"}


@case("225-actual-missing")
def _(r): r["finance"]["procurement"] = {"plan": "3"}


# --- 2.4.2 fixed assets
@case("242-exactly-95")
def _(r): r["finance"]["fixedAssets"] = {"total": "512.20", "inUse": "486.59"}


@case("242-exactly-90")
def _(r): r["finance"]["fixedAssets"] = {"total": "1000", "inUse": "900"}


@case("242-inuse-over-total")
def _(r): r["finance"]["fixedAssets"] = {"total": "1000", "inUse": "1001"}


@case("242-total-zero")
def _(r): r["finance"]["fixedAssets"] = {"total": "0", "inUse": "0"}


# --- 4.1.1 public funds
@case("411-both-overspent")
def _(r):
    r["finance"]["threePublic"] = {"budget": "10000", "final": "10000.01"}
    r["finance"]["publicFunds"] = {"budget": "99999.99", "final": "100000"}


@case("411-threepublic-missing-final")
def _(r): r["finance"]["threePublic"] = {"budget": "10000"}


# --- 4.2.1 key tasks
@case("421-rounding-4.625")
def _(r): r["keyTasks"] = {"partyInspection": "95", "governmentInspection": "90"}; self_indicator(r, "4.2.1", "4.63")


@case("421-rounding-thirds")
def _(r): r["keyTasks"] = {"partyInspection": "33.3333", "governmentInspection": "33.3334"}


@case("421-one-missing")
def _(r): r["keyTasks"] = {"partyInspection": "95"}


# --- 4.2.3 project timeliness
@case("423-completed-no-finish")
def _(r): del r["projects"][0]["finishedOn"]


@case("423-one-of-three")
def _(r):
    p = r["projects"][0]
    r["projects"] = [p, dict(p, name="乙", finishedOn="2022-11-30"), dict(p, name="丙", completed=False)]
    del r["projects"][2]["finishedOn"]


@case("423-no-planned-end")
def _(r): del r["projects"][0]["plannedEnd"]


@case("423-finished-not-completed-flag")
def _(r): del r["projects"][0]["completed"]


# --- 4.4.1 petitions
@case("441-third")
def _(r): r["petitions"] = {"channels": True, "total": 3, "onTime": 1}


@case("441-channels-missing-third")
def _(r): r["petitions"] = {"total": 3, "onTime": 1}


@case("441-total-zero")
def _(r): r["petitions"] = {"channels": False, "total": 0}


@case("441-ontime-missing")
def _(r): r["petitions"] = {"channels": True, "total": 4}


@case("441-ontime-over-total")
def _(r): r["petitions"] = {"channels": True, "total": 4, "onTime": 5}


# --- adjustments
@case("adj-commendations-5")
def _(r): r["commendations"] = {"count": 5}


@case("adj-accountability-4")
def _(r): r["accountability"] = {"count": 4}


@case("adj-commendations-no-count-verification-bonus")
def _(r): r["commendations"] = {}; verify(r, adjustments=[{"kind": "bonus", "count": 2}])


@case("adj-verification-only")
def _(r): verify(r, scores={"4.3.1": 5}, adjustments=[{"kind": "bonus", "count": 1}, {"kind": "bonus", "count": 3},
                                                      {"kind": "penalty", "count": 1}])


@case("adj-record-and-verification")
def _(r):
    r["commendations"] = {"count": 1}
    r["accountability"] = {"count": 0}
    verify(r, scores={"4.3.1": 5}, adjustments=[{"kind": "bonus", "count": 3}, {"kind": "penalty", "count": 2}])


@case("adj-penalty-exceeds")
def _(r):
    r["accountability"] = {"count": 3}
    for i in r["selfAssessment"]["indicators"]:
        i["score"] = 0
    r["selfAssessment"].update(score="0", grade="差")


# --- verification shapes
@case("ver-no-indicators-reported")
def _(r): verify(r, reported="88.5", indicators=False)


@case("ver-no-indicators-no-reported")
def _(r): verify(r, indicators=False)


@case("ver-unknown-indicator")
def _(r): verify(r, scores={"9.9.9": "2", "4.3.1": "8"}, reported="100")


@case("ver-over-100")
def _(r): verify(r, scores={"4.3.1": "12"}, adjustments=[{"kind": "bonus", "count": 1}])


@case("ver-partial-indicators")
def _(r):
    verify(r, reported="30")
    r["verification"]["indicators"] = [{"id": "1.1.1", "score": "1"}, {"id": "4.3.1", "score": "7"}]


@case("ver-reported-diff-0.01")
def _(r): verify(r, scores={"4.3.1": "9.5"}, reported="99.49")


@case("ver-reported-diff-0.02")
def _(r): verify(r, scores={"4.3.1": "9.5"}, reported="99.48")


@case("ver-reported-grade-wrong")
def _(r): verify(r, scores={"4.3.1": "9.5"}, reported="89.5"); r["verification"]["reportedGrade"] = "优"


@case("ver-gap-exactly-5")
def _(r): verify(r, scores={"4.3.1": "5"})


@case("ver-gap-4.99")
def _(r): verify(r, scores={"4.3.1": "5.01"})


@case("ver-better-than-self")
def _(r):
    self_indicator(r, "4.3.1", "0")
    verify(r)


@case("ver-negative-indicator")
def _(r): verify(r, scores={"4.3.1": "-1"})


@case("self-partial-indicators")
def _(r):
    r["selfAssessment"]["indicators"] = r["selfAssessment"]["indicators"][:5]


@case("self-no-indicators-verified")
def _(r):
    del r["selfAssessment"]["indicators"]
    verify(r, scores={"1.1.3": "3"})


@case("self-fallback-for-missing-verified")
def _(r):
    verify(r)
    r["verification"]["indicators"] = [i for i in r["verification"]["indicators"] if i["id"] != "2.2.3"]
    self_indicator(r, "2.2.3", "1")


@case("self-indicator-over-weight")
def _(r): self_indicator(r, "1.1.1", "4"); r["selfAssessment"].update(score="100", grade="优")


@case("self-grade-wrong")
def _(r): r["selfAssessment"]["grade"] = "良"


@case("self-sum-off-by-0.01")
def _(r): r["selfAssessment"]["score"] = "99.99"


@case("self-above-attainable")
def _(r): r["finance"]["procurement"] = {"plan": "0"}


# --- projects
@case("prj-spent-over-budget")
def _(r): r["projects"][0]["spent"] = "100000.01"


@case("prj-settlement-over-budget")
def _(r): r["projects"][0]["settlement"] = "100000.01"


@case("prj-budget-zero-spent")
def _(r): r["projects"][0].update(budget="0", allocated="0", spent="10")


@case("prj-budget-missing")
def _(r): del r["projects"][0]["budget"]


@case("prj-finding-over-budget-inside")
def _(r): r["projects"][0]["findings"] = [{"category": "超预算", "text": "超预算"}]


@case("prj-finding-over-budget-record-level")
def _(r): r["findings"] = [{"category": "超预算", "project": "甲项目", "text": "超预算"}]


@case("prj-finding-over-budget-unknown-project")
def _(r): r["findings"] = [{"category": "超预算", "project": "不存在的项目", "text": "超预算"}]


@case("prj-finding-over-budget-no-project")
def _(r): r["findings"] = [{"category": "超预算", "text": "超预算"}]


@case("prj-finding-over-budget-spaced")
def _(r): r["findings"] = [{"category": " 超预算", "project": "甲项目", "text": "超预算"}]


@case("prj-finding-no-category")
def _(r): r["findings"] = [{"text": "x"}]


@case("prj-allocated-exactly-60")
def _(r): r["projects"][0].update(allocated="60000", spent="60000")


@case("prj-allocated-59.99")
def _(r): r["projects"][0].update(allocated="59999", spent="59999")


@case("prj-spent-exactly-90")
def _(r): r["projects"][0]["spent"] = "90000"


@case("prj-spent-49.99")
def _(r): r["projects"][0]["spent"] = "49990"


@case("prj-target-atmost")
def _(r): r["projects"][0]["targets"] = [{"name": "t", "planned": "10", "actual": "10.01", "direction": "atMost"}]


@case("prj-target-exactly")
def _(r): r["projects"][0]["targets"] = [{"name": "t", "planned": "10", "actual": "10.5", "direction": "exactly"}]


@case("prj-target-no-actual")
def _(r): r["projects"][0]["targets"] = [{"name": "t", "planned": "10"}]


@case("prj-target-planned-zero-atleast")
def _(r): r["projects"][0]["targets"] = [{"name": "t", "planned": "0", "actual": "-1"}]


@case("prj-late-finished")
def _(r): r["projects"][0]["finishedOn"] = "2022-11-01"


@case("prj-late-not-completed-before-submitted")
def _(r): r["projects"][0].update(completed=False, plannedEnd="2023-03-14"); del r["projects"][0]["finishedOn"]


@case("prj-not-late-planned-equals-submitted")
def _(r): r["projects"][0].update(completed=False, plannedEnd="2023-03-15"); del r["projects"][0]["finishedOn"]


@case("prj-late-reference-verification-date")
def _(r):
    r["projects"][0].update(completed=False, plannedEnd="2023-06-30")
    del r["projects"][0]["finishedOn"]
    verify(r, date="2023-12-01")


@case("prj-not-late-verification-date-earlier")
def _(r):
    r["projects"][0].update(completed=False, plannedEnd="2023-01-31")
    del r["projects"][0]["finishedOn"]
    verify(r, date="2023-01-15")


@case("prj-late-fiscal-year-end")
def _(r):
    del r["selfAssessment"]["submitted"]
    r["projects"][0].update(completed=False, plannedEnd="2022-12-30")
    del r["projects"][0]["finishedOn"]


@case("prj-completed-unknown-past")
def _(r): del r["projects"][0]["completed"]; del r["projects"][0]["finishedOn"]; r["projects"][0]["plannedEnd"] = "2021-01-01"


@case("prj-arrears-zero")
def _(r): r["projects"][0]["arrears"] = {"amount": "0", "months": 1}


@case("prj-arrears-no-amount")
def _(r): r["projects"][0]["arrears"] = {"months": 1}


@case("prj-arrears-positive")
def _(r): r["projects"][0]["arrears"] = {"amount": "0.01"}


@case("prj-grades")
def _(r): r["projects"][0].update(selfScore="90", selfGrade="良", verifiedScore="79.99", verifiedGrade="中")


@case("prj-grades-consistent")
def _(r): r["projects"][0].update(selfScore="89.99", selfGrade="良", verifiedScore="60", verifiedGrade="中")


# --- finance issues
@case("fin-variance-exactly-5")
def _(r): r["finance"]["income"]["final"] = "1050000"; r["finance"]["income"]["sources"][0]["final"] = "650000"


@case("fin-variance-4.99")
def _(r): r["finance"]["income"]["final"] = "1049900"; r["finance"]["income"]["sources"][0]["final"] = "649900"


@case("fin-sources-budget-off")
def _(r): r["finance"]["income"]["sources"][0]["budget"] = "600000.01"


@case("fin-sources-one-unreported")
def _(r): del r["finance"]["income"]["sources"][0]["budget"]; r["finance"]["income"]["sources"][1]["final"] = "1"


@case("fin-sources-empty-list")
def _(r): r["finance"]["income"]["sources"] = []


@case("fin-expenditure-basic-off")
def _(r): r["finance"]["expenditure"]["personnel"] = "200000.01"


@case("fin-expenditure-final-off")
def _(r): r["finance"]["expenditure"]["project"] = "700000.01"


@case("fin-expenditure-parts-missing")
def _(r): del r["finance"]["expenditure"]["publicUse"]; r["finance"]["expenditure"]["basic"] = "1"


@case("fin-high-balance-summary")
def _(r): r["projectSummary"] = {"oneOffCount": 3, "oneOffHighBalanceCount": 0, "recurringHighBalanceCount": 1}


@case("fin-summary-zero")
def _(r): r["projectSummary"] = {"oneOffHighBalanceCount": 0, "recurringHighBalanceCount": 0}


@case("fin-procurement-plan-missing")
def _(r): r["finance"]["procurement"] = {"actual": "5"}


@case("fin-no-finance")
def _(r): del r["finance"]


@case("fin-wanyuan")
def _(r):
    r["amountUnit"] = "万元"
    r["finance"]["fixedAssets"] = {"total": "512.20", "inUse": "486.59"}
    r["projects"][0].update(budget="10", allocated="5.99", spent="10.01")


# --- rulebook sichuan
@case("sc-complete-self")
def _(r):
    r["rulebook"] = "sichuan-dept-2017"
    r["selfAssessment"]["indicators"] = [{"id": i, "score": w} for i, w in SICHUAN_WEIGHTS]


@case("sc-verified-zhanjiang-ids")
def _(r):
    r["rulebook"] = "sichuan-dept-2017"
    del r["selfAssessment"]["indicators"]
    r["verification"] = {"evaluator": "x", "indicators": [{"id": "2.2.6", "score": "6"}, {"id": "3.1.1", "score": "25"}],
                         "reportedScore": "31"}


# --- duplicates
@case("dup-a")
def _(r): r["department"]["agencyCode"] = "440801-dup"


@case("dup-b")
def _(r): r["department"]["agencyCode"] = "440801-dup"; r["selfAssessment"]["score"] = "99"


@case("dup-other-year")
def _(r): r["department"]["agencyCode"] = "440801-dup"; r["fiscalYear"] = 2021


def main(out):
    os.makedirs(out, exist_ok=True)
    for n, (name, fn) in enumerate(sorted(CASES.items())):
        r = copy.deepcopy(BASE)
        if not name.startswith("dup-"):
            r["department"]["agencyCode"] = "440801-%03d" % n
        r["department"]["name"] = "边界测试局-" + name
        fn(r)
        with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as fh:
            json.dump(r, fh, ensure_ascii=False, indent=1)
    print("wrote %d edge cases to %s" % (len(CASES), out))


if __name__ == "__main__":
    main(sys.argv[1])
