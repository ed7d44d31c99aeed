#!/usr/bin/env python3
"""Turns bench/run.sh's raw timings into the Markdown results table.

    report.py RAW.tsv CORPORA.tsv [--jobs J] [--repeat R] [--bin PATH]

Seconds are the median wall time of the repeats; CPU seconds the median of user + sys; peak RSS
the largest of the repeats (GNU time's %M). Ratios are to the floor of the same corpus: libxml2
parse-only for XML, CPython json.load for JSON. A corpus is named by its format ("xml", "json":
`perfaudit generate`'s) or FORMAT-other (bench/other_corpus.py's). Targets (issues 5 and 18), on
every corpus: whole batch ≤ 1.5× the floor at 20,000 records, peak RSS ≤ 64 MiB at 100,000
records, and at least 3× faster than the plain-Python peer.
"""

import csv
import os
import statistics
import sys

TOOLS = [
    ("perfaudit", "(a) perfaudit run, CSVs only"),
    ("no-template", "(a″) perfaudit run, CSVs only, --no-template-check"),
    ("deliverables", "(a′) perfaudit run with perfaudit.xlsx and dashboard.html"),
    ("floor", None),
    ("xsd-floor", "(b′) libxml2 SAX2 + XSD validation, no tree"),
    ("python-ref", "(d) plain-Python peer"),
    ("generate", "(e) perfaudit generate: writing the corpus"),
]
FLOOR_NAME = {"xml": "(b) libxml2 parse-only floor", "json": "(c) CPython json.load floor"}
RATIO_TARGET = 1.5
PEER_TARGET = 3.0
DELIVERABLES_TARGET = 1.3
TEMPLATE_TARGET = 1.2
RSS_TARGET_MIB = 64
TIME_TARGET_SIZE = 20000
RSS_TARGET_SIZE = 100000


def read_tsv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def last_line(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = [line.strip() for line in fh if line.strip()]
        return lines[-1] if lines else ""
    except OSError:
        return ""


def share_of(runs, size, fmt, other, wall, cpu, limit, inverse, what, verdicts):
    """The target cell of a row timed against another tool's row of the same corpus: this row over
    the other (or, `inverse`, the other over this), with its verdict at 20,000 records."""
    rows = runs.get((size, fmt, other))
    if not rows:
        return ""
    other_wall = statistics.median(float(r["wall_s"]) for r in rows)
    other_cpu = statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in rows)
    share, cpu_share = (other_wall / wall, other_cpu / cpu) if inverse else (wall / other_wall, cpu / other_cpu)
    ok = share <= limit
    target = "%.2f×, CPU %.2f×" % (share, cpu_share)
    if size == TIME_TARGET_SIZE:
        target += "; ≤ %.1f×: %s" % (limit, "**yes**" if ok else "**no**")
        verdicts.append("%s, %d records: %s — %s" % (fmt.upper(), size, what % (share, cpu_share), "holds" if ok else "does not hold"))
    return target


def main(argv):
    args = list(argv)
    opts = {"--jobs": "2", "--repeat": "?", "--bin": ".build/release/perfaudit"}
    for key in list(opts):
        if key in args:
            i = args.index(key)
            opts[key] = args[i + 1]
            del args[i:i + 2]
    raw, meta = read_tsv(args[0]), read_tsv(args[1])
    logs = os.path.join(os.path.dirname(args[0]), "logs")

    runs = {}
    for row in raw:
        runs.setdefault((int(row["size"]), row["format"], row["tool"]), []).append(row)

    out = []
    out.append("| records | format | files | MB | tool | median s | CPU s | files/s | MB/s | peak RSS MiB | × floor | × floor CPU | target |")
    out.append("|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    verdicts, notes = [], []
    for corpus in meta:
        size, fmt = int(corpus["size"]), corpus["format"]
        base = fmt.split("-")[0]
        files, mb = int(corpus["files"]), int(corpus["bytes"]) / 1e6
        floor_rows = runs.get((size, fmt, "floor"))
        floor_s = statistics.median(float(r["wall_s"]) for r in floor_rows) if floor_rows else None
        floor_cpu = statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in floor_rows) if floor_rows else None
        for tool, label in TOOLS:
            rows = runs.get((size, fmt, tool))
            if not rows:
                continue
            label = label or FLOOR_NAME[base]
            wall = statistics.median(float(r["wall_s"]) for r in rows)
            cpu = statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in rows)
            rss = max(int(r["maxrss_kb"]) for r in rows) / 1024
            ratio = wall / floor_s if floor_s else None
            target = ""
            if tool == "perfaudit":
                parts = []
                if size == TIME_TARGET_SIZE and ratio is not None:
                    ok = ratio <= RATIO_TARGET
                    parts.append("time ≤ 1.5×: %s" % ("**yes**" if ok else "**no**"))
                    verdicts.append("%s, %d records: whole batch %.2f× the %s (target ≤ 1.5×) — %s"
                                    % (fmt.upper(), size, ratio, "libxml2 parse-only time" if base == "xml"
                                       else "CPython json.load time", "holds" if ok else "does not hold"))
                peer = runs.get((size, fmt, "python-ref"))
                if peer:
                    speedup = statistics.median(float(r["wall_s"]) for r in peer) / wall
                    ok = speedup >= PEER_TARGET
                    parts.append("≥ 3× the peer: %s" % ("**yes**" if ok else "**no**"))
                    verdicts.append("%s, %d records: %.1f× faster than the plain-Python peer (target ≥ 3×) — %s"
                                    % (fmt.upper(), size, speedup, "holds" if ok else "does not hold"))
                if size == RSS_TARGET_SIZE:
                    ok = rss <= RSS_TARGET_MIB
                    parts.append("RSS ≤ 64 MiB: %s" % ("**yes**" if ok else "**no**"))
                    verdicts.append("%s, %d records: peak RSS %.1f MiB (target ≤ 64 MiB) — %s"
                                    % (fmt.upper(), size, rss, "holds" if ok else "does not hold"))
                target = "; ".join(parts)
                notes.append("%s/%d perfaudit: %s" % (fmt, size, last_line(os.path.join(logs, "perfaudit-%s-%d-1.log" % (fmt, size)))))
            elif tool == "no-template":
                target = share_of(runs, size, fmt, "perfaudit", wall, cpu, TEMPLATE_TARGET, inverse=True,
                                  what="with template detection %.2f× the batch without it (CPU %.2f×; target ≤ 1.2×, issue 16)",
                                  verdicts=verdicts)
            elif tool == "deliverables":
                target = share_of(runs, size, fmt, "perfaudit", wall, cpu, DELIVERABLES_TARGET, inverse=False,
                                  what="with the workbook and the dashboard %.2f× the CSVs alone (CPU %.2f×; target ≤ 1.3×, issue 15)",
                                  verdicts=verdicts)
                notes.append("%s/%d with deliverables: %s" % (fmt, size, last_line(os.path.join(logs, "deliverables-%s-%d-1.log" % (fmt, size)))))
            elif tool == "xsd-floor":
                notes.append("%s/%d SAX2+XSD: %s" % (fmt, size, last_line(os.path.join(logs, "xsd-floor-%s-%d-1.log" % (fmt, size)))))
            elif tool == "generate":
                pass  # the sample generator's own speed (its test asserts no time)
            elif tool == "python-ref":
                notes.append("%s/%d peer: %s" % (fmt, size, last_line(os.path.join(logs, "python-ref-%s-%d-1.log" % (fmt, size)))))
            else:
                notes.append("%s/%d floor: %s" % (fmt, size, last_line(os.path.join(logs, "floor-%s-%d-1.log" % (fmt, size)))))
            out.append("| %s | %s | %s | %.1f | %s | %.2f | %.2f | %.0f | %.1f | %.1f | %s | %s | %s |" % (
                format(size, ","), fmt.upper(), format(files, ","), mb, label, wall, cpu,
                files / wall if wall else 0, mb / wall if wall else 0, rss,
                "%.2f" % ratio if ratio is not None else "—",
                "%.2f" % (cpu / floor_cpu) if floor_cpu else "—", target))

    loads = [float(r["loadavg"]) for r in raw if r.get("loadavg")]
    print("%s jobs; repeats: %s (median wall time; peak RSS is the largest of the repeats). MB = 10^6 bytes (`du -sb`)."
          % (opts["--jobs"], opts["--repeat"]))
    print()
    print("\n".join(out))
    print()
    print("Targets (issues 5 and 18; the workbook and dashboard line issue 15; template detection issue 16):")
    print()
    for v in verdicts or ["(no perfaudit run at 20,000 or 100,000 records in this table)"]:
        print("- " + v)
    print()
    print("Notes: × floor is the ratio of median wall times (the target's measure); × floor CPU the "
          "ratio of median CPU seconds, less sensitive to other load on the machine. CPU s = user + sys of the process and its waited-for children. For the Python rows "
          "(multiprocessing pool) GNU time's peak RSS is that of the single largest process among the "
          "parent and its pool workers, not their sum. 1-minute load average at the start of the runs: "
          "%.2f–%.2f." % (min(loads), max(loads)) if loads else "")
    print()
    print("What each tool said (first repeat):")
    print()
    for n in notes:
        print("- " + n)


if __name__ == "__main__":
    main(sys.argv[1:])
