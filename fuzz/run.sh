#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/FuzzJSON.swift, fuzz/FuzzXML.swift, fuzz/FuzzScore.swift) with swiftc directly,
# with -sanitize=fuzzer,address, and runs each for FUZZ_SECONDS (default 600) on a seed corpus
# copied from Inputs/ and Tests/Fixtures/. Everything it makes goes under fuzz/work/ (git-ignored).
#
#   bash fuzz/run.sh                 # build, then run json, xml and score, FUZZ_SECONDS each
#   FUZZ_SECONDS=60 bash fuzz/run.sh xml
#   bash fuzz/run.sh build           # build only
#
# A crash leaves crash-*/timeout-*/oom-* in fuzz/work/<target>/artifacts/; minimize it with
#   fuzz/work/bin/fuzz-<target> -minimize_crash=1 -runs=10000 <file>
# and keep it under Tests/Fixtures/fuzz/ with a regression test (Tests/PerfauditEngineTests/HostileInputTests.swift).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/fuzz/work
BUILD=$WORK/build
BIN=$WORK/bin
SECONDS_EACH=${FUZZ_SECONDS:-600}
SWIFTC=${SWIFTC:-swiftc}
LIBXML_CFLAGS=$(pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(json xml score)

mkdir -p "$BUILD" "$BIN"
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g -package-name perfaudit -module-cache-path "$BUILD/ModuleCache")
xcc=()
for flag in $LIBXML_CFLAGS; do xcc+=(-Xcc "$flag"); done

# A module + object file for a library target, rebuilt when a source is newer than the object.
build_module() { # name, language mode, extra flags…, -- sources…
    local name=$1 mode=$2; shift 2
    local extra=() sources=()
    while [ "$1" != "--" ]; do extra+=("$1"); shift; done; shift
    sources=("$@")
    local object=$BUILD/$name.o
    if [ -f "$object" ] && [ -z "$(find "${sources[@]}" -newer "$object" -print -quit)" ]; then return; fi
    echo "fuzz: compiling $name (${#sources[@]} files)"
    "$SWIFTC" "${FLAGS[@]}" -swift-version "$mode" -wmo -module-name "$name" -I "$BUILD" "${extra[@]}" \
        -emit-module -emit-module-path "$BUILD/$name.swiftmodule" -c -o "$object" "${sources[@]}"
}

build() {
    mapfile -t core < <(find Sources/PerfauditCore -name '*.swift' | sort)
    mapfile -t xml < <(find Sources/PerfauditXML -name '*.swift' | sort)
    build_module PerfauditCore 6 -- "${core[@]}"
    build_module PerfauditXML 6 -I Sources/CLibXML2 "${xcc[@]}" -- "${xml[@]}"
    mapfile -t engine < <(find Sources/PerfauditEngine -name '*.swift' | sort)
    build_module PerfauditEngine 6 -I Sources/CLibXML2 "${xcc[@]}" -- "${engine[@]}"
    # The record writers (for the round trips) live with the sample generator.
    mapfile -t sample < <(find Sources/PerfauditSample -name '*.swift' | sort)
    build_module PerfauditSample 6 -I Sources/CLibXML2 "${xcc[@]}" -- "${sample[@]}"
    local linked=("$BUILD/PerfauditCore.o" "$BUILD/PerfauditXML.o" "$BUILD/PerfauditEngine.o" "$BUILD/PerfauditSample.o")
    if [ ! -x "$BIN/fuzz-json" ] || [ fuzz/FuzzJSON.swift -nt "$BIN/fuzz-json" ] || [ "$BUILD/PerfauditSample.o" -nt "$BIN/fuzz-json" ]; then
        echo "fuzz: linking fuzz-json"
        "$SWIFTC" "${FLAGS[@]}" -swift-version 6 -I "$BUILD" -I Sources/CLibXML2 "${xcc[@]}" fuzz/FuzzJSON.swift \
            "${linked[@]}" -lxml2 -o "$BIN/fuzz-json" 2>&1 | { grep -v "Cannot export local symbol" || true; }
    fi
    if [ ! -x "$BIN/fuzz-xml" ] || [ fuzz/FuzzXML.swift -nt "$BIN/fuzz-xml" ] || [ "$BUILD/PerfauditSample.o" -nt "$BIN/fuzz-xml" ]; then
        echo "fuzz: linking fuzz-xml"
        "$SWIFTC" "${FLAGS[@]}" -swift-version 6 -I "$BUILD" -I Sources/CLibXML2 "${xcc[@]}" fuzz/FuzzXML.swift \
            "${linked[@]}" -lxml2 -o "$BIN/fuzz-xml" 2>&1 | { grep -v "Cannot export local symbol" || true; }
    fi
    if [ ! -x "$BIN/fuzz-score" ] || [ fuzz/FuzzScore.swift -nt "$BIN/fuzz-score" ] || [ "$BUILD/PerfauditEngine.o" -nt "$BIN/fuzz-score" ] \
        || [ "$BUILD/PerfauditXML.o" -nt "$BIN/fuzz-score" ] || [ "$BUILD/PerfauditCore.o" -nt "$BIN/fuzz-score" ]; then
        echo "fuzz: linking fuzz-score"
        "$SWIFTC" "${FLAGS[@]}" -swift-version 6 -I "$BUILD" -I Sources/CLibXML2 "${xcc[@]}" fuzz/FuzzScore.swift \
            "$BUILD/PerfauditCore.o" "$BUILD/PerfauditXML.o" "$BUILD/PerfauditEngine.o" -lxml2 -o "$BIN/fuzz-score" 2>&1 \
            | { grep -v "Cannot export local symbol" || true; }
    fi
}

# Seeds: every record of the extension the harness reads, plus hand-written fixtures, plus
# the regression inputs kept from earlier crashes.
seed() { # target
    local target=$1 ext=${1/score/json} corpus=$WORK/$1/corpus
    mkdir -p "$corpus" "$WORK/$target/artifacts"
    find Inputs Tests/Fixtures -type f -name "*.$ext" -size -64k -print0 | while IFS= read -r -d '' file; do
        cp "$file" "$corpus/seed-$(cksum < "$file" | cut -d' ' -f1).$ext"
    done
}

run() { # target
    local target=$1 log=$WORK/$1/fuzz.log
    seed "$target"
    local dict=()
    [ -f "$ROOT/fuzz/$target.dict" ] && dict=(-dict="$ROOT/fuzz/$target.dict")
    if [ "$target" = score ]; then
        # The JSON names, and figures at the edges of what the loader accepts.
        { cat "$ROOT/fuzz/json.dict"; printf '"%s"\n' 0.01 -0.01 99999999999999.99 9999999999.99 1000000000 999999937; } \
            > "$WORK/score.dict"
        dict=(-dict="$WORK/score.dict")
    fi
    echo "fuzz: running fuzz-$target for ${SECONDS_EACH}s (log: ${log#$ROOT/})"
    local status=0
    ( cd "$WORK/$target" && PERFAUDIT_FUZZ_RULEBOOKS="$ROOT/Tests/Fixtures/rulebooks" ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$BIN/fuzz-$target" \
        -max_total_time="$SECONDS_EACH" -max_len=65536 -rss_limit_mb=2048 -timeout=5 -print_final_stats=1 \
        -artifact_prefix="$WORK/$target/artifacts/" "${dict[@]}" corpus ) >"$log" 2>&1 || status=$?
    local last
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    local execs speed cov
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' || true)
    speed=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}' || true)
    local crashes
    crashes=$(find "$WORK/$target/artifacts" -type f | wc -l)
    cov=$(echo "$last" | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true)
    echo "fuzz-$target: exit $status; executions ${execs:-?} (${speed:-?}/s); ${cov:-cov: ?}; last status: ${last:-none}"
    echo "fuzz-$target: corpus $(find "$WORK/$target/corpus" -type f | wc -l) files; artifacts (crashes/timeouts/ooms): $crashes"
    if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
        echo "fuzz-$target: FAILED — see ${log#$ROOT/} and fuzz/work/$target/artifacts/"
        failed=1
    fi
    return 0
}

failed=0

build
for target in "${TARGETS[@]}"; do
    case $target in
        build) ;;
        json|xml|score) run "$target" ;;
        *) echo "fuzz: unknown target $target (json, xml, score, build)"; exit 1 ;;
    esac
done
exit "$failed"
