#!/usr/bin/env bash
# Instruction profile of perfaudit's whole batch (--jobs 1) under callgrind, on 500-record XML and
# JSON corpora, generated and "other" (bench/other_corpus.py), plus the libxml2 parse-only floor
# and the SAX2 + XSD validation floor on the same XML files. See BENCHMARKS.md, "Profile".
#
# `perfaudit run` itself cannot run under valgrind 3.19 here: valgrind dies with an internal SIGSEGV
# as soon as the async main parks the main thread in libdispatch's sigsuspend. bench/profile/ is a
# driver with a synchronous main that calls the same BatchRunner.run (reports included).
set -euo pipefail
cd "$(dirname "$0")/.."
W=bench/work/profile
BIN=${PERFAUDIT_BIN:-.build/release/perfaudit}
COUNT=${PROFILE_COUNT:-500}
mkdir -p "$W"
# SwiftPM keeps the driver's build plan of the path dependency and does not notice a source file
# added to or removed from perfaudit; when the list of files changed, drop the plan so it is made again.
LIST=bench/profile/.build/perfaudit-sources.txt
mkdir -p bench/profile/.build
find Sources -name '*.swift' | sort > "$LIST.new"
if ! cmp -s "$LIST.new" "$LIST"; then
    rm -f bench/profile/.build/release.yaml bench/profile/.build/release/description.json
fi
mv "$LIST.new" "$LIST"
(cd bench/profile && swift build -c release)
DRIVER=bench/profile/.build/release/perfaudit-profile
cc -O2 -g -Wall bench/floor/xmlfloor.c $(pkg-config --cflags --libs libxml-2.0) -lpthread -o "$W/xmlfloor"
annotate() {  # callgrind output → demangled self and inclusive listings
    callgrind_annotate --threshold=100 "$1" | swift demangle --simplified > "$2-self.txt"
    callgrind_annotate --inclusive=yes --threshold=100 "$1" | swift demangle --simplified > "$2-inclusive.txt"
}
for corpus in "" other-; do
    for format in xml json; do
        dir=$W/$corpus$format-$COUNT
        if [ ! -f "$dir.done" ]; then
            rm -rf "$dir"
            if [ -z "$corpus" ]; then
                "$BIN" generate --count "$COUNT" --out "$dir" --seed 2021 --format "$format"
            else
                python3 bench/other_corpus.py --count "$COUNT" --out "$dir" --seed 2021 --format "$format"
            fi
            touch "$dir.done"
        fi
        valgrind --tool=callgrind --callgrind-out-file="$W/callgrind.$corpus$format.out" "$DRIVER" batch "$dir" "$W/out-$corpus$format"
        annotate "$W/callgrind.$corpus$format.out" "$W/$corpus$format"
    done
    valgrind --tool=callgrind --callgrind-out-file="$W/callgrind.${corpus}xmlfloor.out" "$W/xmlfloor" "$W/${corpus}xml-$COUNT" --jobs 1
    annotate "$W/callgrind.${corpus}xmlfloor.out" "$W/${corpus}xmlfloor"
done
valgrind --tool=callgrind --callgrind-out-file="$W/callgrind.xsdfloor.out" "$W/xmlfloor" "$W/xml-$COUNT" --jobs 1 \
    --validate Schemas/record.xsd
annotate "$W/callgrind.xsdfloor.out" "$W/xsdfloor"
grep -H "PROGRAM TOTALS" "$W"/*-self.txt
