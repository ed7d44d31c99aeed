#!/usr/bin/env python3
"""The floor for perfaudit's JSON batch: CPython's built-in json module merely loading every file.

    json_floor.py DIR [--jobs N]

Walks DIR recursively for *.json, then json.load()s each file (opened in binary, so json detects
the encoding as it does for bytes) on a multiprocessing pool of N processes (N = 1: in-process).
Nothing is kept; each worker returns only a count.
"""

import json
import multiprocessing
import os
import sys


def discover(root):
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.lower().endswith(".json") and not name.startswith("."):
                found.append(os.path.join(folder, name))
    found.sort()
    return found


def load(path):
    try:
        with open(path, "rb") as fh:
            json.load(fh)
        return 1
    except (OSError, ValueError):
        return 0


def main(argv):
    args = list(argv)
    jobs = 1
    if "--jobs" in args:
        i = args.index("--jobs")
        jobs = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 1:
        sys.stderr.write("usage: json_floor.py DIR [--jobs N]\n")
        return 1
    files = discover(args[0])
    if jobs > 1 and len(files) > 1:
        with multiprocessing.Pool(jobs) as pool:
            loaded = sum(pool.imap_unordered(load, files, chunksize=max(1, min(256, len(files) // (jobs * 8)))))
    else:
        loaded = sum(load(f) for f in files)
    sys.stderr.write("json_floor: %d files loaded, %d failed, %d processes\n" % (loaded, len(files) - loaded, jobs))
    return 0 if loaded == len(files) else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
