#!/usr/bin/env bash
# make bench: times perfaudit's whole batch against its floors and a plain-Python peer.
#
#   bash bench/run.sh                          # sizes 20000 and 100000, 3 repeats each
#   BENCH_SIZES=2000 BENCH_REPEAT=1 bash bench/run.sh   # quick check
#
# Environment: BENCH_SIZES (default "20000 100000"), BENCH_REPEAT (3), BENCH_JOBS (2),
# BENCH_SEED (2021), BENCH_FORMATS ("xml json"), BENCH_CORPORA ("generated other"),
# PERFAUDIT_BIN (.build/release/perfaudit), BENCH_REGENERATE=1 to regenerate corpora that exist.
#
# Two corpora of each size and format: "generated" by `perfaudit generate`, and "other", written
# by bench/other_corpus.py independently of the generator (smaller records, fewer projects,
# another folder layout, about 20 % 万元 and 20 % GB18030 files); the table names it FORMAT-other.
#
# For each size × format × corpus, on the same files:
#   (a) perfaudit run DIR --out OUT --jobs J --no-progress
#   (a″) the same with --no-template-check (issue 16: (a) ≤ 1.2× (a″) at 20,000 records)
#   (a′) the same with the workbook and the dashboard (issue 15: ≤ 1.3× (a) at 20,000 records);
#        (a) itself runs with --no-xlsx --no-dashboard (the CSVs), so earlier numbers compare
#   (b) XML:  bench/floor/xmlfloor DIR --jobs J      libxml2 parse into a tree + free, J threads
#   (b′) XML: bench/floor/xmlfloor DIR --jobs J --validate Schemas/record.xsd
#             libxml2 SAX2 + streaming XSD validation, no tree: what `validate --schema` adds
#             (not part of `run` since issue 18; shown for reference)
#   (c) JSON: bench/floor/json_floor.py DIR --jobs J  CPython json.load, J-process pool
#   (d) python3 Tests/Reference/perfaudit_ref.py DIR OUT --jobs J   the plain-Python peer
#   (e) perfaudit generate --count N …   the sample generator writing the corpus (once, generated only)
# Each is timed BENCH_REPEAT times, interleaved, with /usr/bin/time -f '%e %M %U %S'; the table
# (median wall seconds, max peak RSS) goes to stdout and bench/work/results.md.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${PERFAUDIT_BIN:-.build/release/perfaudit}
SIZES=${BENCH_SIZES:-20000 100000}
REPEAT=${BENCH_REPEAT:-3}
JOBS=${BENCH_JOBS:-2}
SEED=${BENCH_SEED:-2021}
FORMATS=${BENCH_FORMATS:-xml json}
CORPORA=${BENCH_CORPORA:-generated other}
WORK=bench/work
REF=Tests/Reference/perfaudit_ref.py
TIME=/usr/bin/time
PY=${PYTHON:-python3}

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$BIN" ] || die "$BIN is missing; run 'make build' (or set PERFAUDIT_BIN)"
if [ ! -x "$TIME" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bench: installing GNU time with apt-get" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
    else
        die "/usr/bin/time (GNU time) is missing: apt-get install time"
    fi
fi
command -v "$PY" >/dev/null || die "python3 is missing"
command -v pkg-config >/dev/null && pkg-config --exists libxml-2.0 || die "libxml2's development files are missing"
# The peer is written by someone else; wait for it (up to BENCH_REF_WAIT seconds) if it is not there yet.
waited=0
until [ -f "$REF" ]; do
    [ "$waited" -ge "${BENCH_REF_WAIT:-0}" ] && die "$REF does not exist (yet)"
    sleep 10; waited=$((waited + 10))
done

mkdir -p "$WORK/corpus" "$WORK/out" "$WORK/logs"

# (b) the libxml2 floor, compiled here.
cc -O2 -Wall bench/floor/xmlfloor.c $(pkg-config --cflags --libs libxml-2.0) -lpthread -o "$WORK/xmlfloor"

RAW=$WORK/raw.tsv
META=$WORK/corpora.tsv
: > "$RAW"
: > "$META"
printf 'size\tformat\ttool\trun\twall_s\tmaxrss_kb\tuser_s\tsys_s\tstatus\tloadavg\n' >> "$RAW"
printf 'size\tformat\tfiles\tbytes\tdir\n' >> "$META"

# measure SIZE FORMAT TOOL RUN OKSTATUSES -- COMMAND...
measure() {
    local size=$1 format=$2 tool=$3 run=$4 ok=$5; shift 6
    local log="$WORK/logs/$tool-$format-$size-$run.log" tf="$WORK/logs/time.tmp" load status
    load=$(cut -d' ' -f1 /proc/loadavg)
    set +e
    "$TIME" -f '%e %M %U %S' -o "$tf" "$@" > "$log" 2>&1
    status=$?
    set -e
    case " $ok " in *" $status "*) ;; *) echo "bench: $tool on $format/$size exited $status; see $log" >&2; tail -5 "$log" >&2; exit 1 ;; esac
    # GNU time writes "Command exited with non-zero status N" first when N != 0.
    read -r wall rss user sys < <(tail -1 "$tf")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$format" "$tool" "$run" "$wall" "$rss" "$user" "$sys" "$status" "$load" >> "$RAW"
    printf '  %-10s run %s: %6ss wall, %7s KB peak RSS, %6ss user, exit %s\n' "$tool" "$run" "$wall" "$rss" "$user" "$status" >&2
}

# corpus_dir FORMAT SIZE CORPUS
corpus_dir() {
    if [ "$3" = generated ]; then echo "$WORK/corpus/$1-$2-seed$SEED"; else echo "$WORK/corpus/$3-$1-$2-seed$SEED"; fi
}
# The label of a corpus in the raw timings and the table: the format, or FORMAT-other.
corpus_key() { if [ "$2" = generated ]; then echo "$1"; else echo "$1-$2"; fi; }

# Phase 1: generate (or reuse) every corpus before any timing.
for size in $SIZES; do
    for format in $FORMATS; do
        for corpus in $CORPORA; do
            dir=$(corpus_dir "$format" "$size" "$corpus")
            stamp=$dir.done
            if [ -n "${BENCH_REGENERATE:-}" ] || [ ! -f "$stamp" ]; then
                rm -rf "$dir" "$stamp"
                echo "bench: writing $size $format records ($corpus, seed $SEED) into $dir" >&2
                if [ "$corpus" = generated ]; then
                    "$BIN" generate --count "$size" --out "$dir" --seed "$SEED" --format "$format" > "$stamp.tmp"
                else
                    "$PY" bench/other_corpus.py --count "$size" --out "$dir" --seed "$SEED" --format "$format" > "$stamp.tmp"
                fi
                mv "$stamp.tmp" "$stamp"
            else
                echo "bench: reusing $dir ($(cat "$stamp"))" >&2
            fi
        done
    done
done

# Phase 2: time every tool on every corpus, repeats interleaved.
for size in $SIZES; do
    for format in $FORMATS; do
      for corpus in $CORPORA; do
        dir=$(corpus_dir "$format" "$size" "$corpus")
        key=$(corpus_key "$format" "$corpus")
        files=$(find "$dir" -type f -name "*.$format" | wc -l)
        bytes=$(du -sb "$dir" | cut -f1)
        printf '%s\t%s\t%s\t%s\t%s\n' "$size" "$key" "$files" "$bytes" "$dir" >> "$META"
        # Warm the page cache so every tool reads the same cached files.
        find "$dir" -type f -print0 | xargs -0 cat > /dev/null

        echo "bench: $key × $size ($files files, $bytes bytes), $REPEAT runs each, $JOBS jobs" >&2
        for run in $(seq 1 "$REPEAT"); do
            out=$WORK/out/perfaudit-$key-$size
            rm -rf "$out"
            measure "$size" "$key" perfaudit "$run" "0 2" -- "$BIN" run "$dir" --out "$out" --jobs "$JOBS" --no-progress --no-xlsx --no-dashboard
            # Issue 16: the same batch without template detection (TEMPLATE_COPY, SCORES_IDENTICAL).
            rm -rf "$out"
            measure "$size" "$key" no-template "$run" "0 2" -- "$BIN" run "$dir" --out "$out" --jobs "$JOBS" --no-progress --no-xlsx --no-dashboard --no-template-check
            # Issue 15: the same batch writing perfaudit.xlsx and dashboard.html too (make's default).
            rm -rf "$out"
            measure "$size" "$key" deliverables "$run" "0 2" -- "$BIN" run "$dir" --out "$out" --jobs "$JOBS" --no-progress
            ls -l "$out/perfaudit.xlsx" "$out/dashboard.html" >> "$WORK/logs/deliverables-$key-$size-$run.log"
            if [ "$format" = xml ]; then
                measure "$size" "$key" floor "$run" "0" -- "$WORK/xmlfloor" "$dir" --jobs "$JOBS"
                measure "$size" "$key" xsd-floor "$run" "0" -- "$WORK/xmlfloor" "$dir" --jobs "$JOBS" --validate Schemas/record.xsd
            else
                measure "$size" "$key" floor "$run" "0" -- "$PY" bench/floor/json_floor.py "$dir" --jobs "$JOBS"
            fi
            out=$WORK/out/ref-$key-$size
            rm -rf "$out"
            measure "$size" "$key" python-ref "$run" "0 2" -- "$PY" "$REF" "$dir" "$out" --jobs "$JOBS"
            # (e) The sample generator itself, once: how long writing the generated corpus takes.
            if [ "$corpus" = generated ] && [ "$run" = 1 ]; then
                out=$WORK/out/generate-$key-$size
                rm -rf "$out"
                measure "$size" "$key" generate "$run" "0" -- "$BIN" generate --count "$size" --out "$out" --seed "$SEED" --format "$format"
                rm -rf "$out"
            fi
        done
      done
    done
done

"$PY" bench/report.py "$RAW" "$META" --jobs "$JOBS" --repeat "$REPEAT" --bin "$BIN" > "$WORK/results.md"
cat "$WORK/results.md"
echo "bench: table written to $WORK/results.md; raw timings in $RAW" >&2
