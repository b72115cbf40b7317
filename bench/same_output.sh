#!/usr/bin/env bash
# Byte-compares the JSON output of `xxgk-lint check --format json` with a
# recorded baseline, over the two benchmark corpora:
#   - the generated corpus of bench/run.sh (COUNT reports, SEED), and
#   - the real-text corpus of ../shared/bench/real_corpus.py (10,000 files).
# Performance work must leave the output byte-identical.
#
# Usage: bench/same_output.sh record   (writes the baseline, e.g. on main)
#        bench/same_output.sh          (compares; exit 1 on any difference)
# Variables: LINT (binary, default target/release/xxgk-lint, built when
# default), COUNT (10000), SEED (1), BENCH_DIR (target/bench), REAL_DIR
# (/tmp/perf-corpus), SHARED (../shared), OUT (target/same-output).
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-compare}
COUNT=${COUNT:-10000}
SEED=${SEED:-1}
BENCH_DIR=${BENCH_DIR:-target/bench}
REAL_DIR=${REAL_DIR:-/tmp/perf-corpus}
SHARED=${SHARED:-../shared}
OUT=${OUT:-target/same-output}

if [ -z "${LINT:-}" ]; then
    cargo build --release --quiet --bin xxgk-lint --example gen_corpus
    LINT=target/release/xxgk-lint
fi
GEN=target/release/examples/gen_corpus

GEN_DIR=$BENCH_DIR/corpus-$COUNT
if [ ! -f "$GEN_DIR/manifest.json" ]; then
    [ -x "$GEN" ] || cargo build --release --quiet --example gen_corpus
    rm -rf "$GEN_DIR"
    "$GEN" --count "$COUNT" --seed "$SEED" "$GEN_DIR" >/dev/null
fi
if [ ! -d "$REAL_DIR" ] || [ -z "$(ls -A "$REAL_DIR")" ]; then
    mkdir -p "$REAL_DIR"
    python3 "$SHARED/bench/real_corpus.py" "$SHARED" "$REAL_DIR" >/dev/null
fi

mkdir -p "$OUT"
status=0
for corpus in "$GEN_DIR" "$REAL_DIR"; do
    name=$(basename "$corpus")
    # The exit status is 1 when errors are found: that is a result.
    "$LINT" check --format json "$corpus" >"$OUT/$name.new.json" 2>"$OUT/$name.new.err" || true
    if [ "$MODE" = record ]; then
        mv "$OUT/$name.new.json" "$OUT/$name.json"
        mv "$OUT/$name.new.err" "$OUT/$name.err"
        echo "recorded $OUT/$name.json ($(wc -c <"$OUT/$name.json") bytes)"
        continue
    fi
    if cmp -s "$OUT/$name.json" "$OUT/$name.new.json" && cmp -s "$OUT/$name.err" "$OUT/$name.new.err"; then
        echo "$name: identical ($(wc -c <"$OUT/$name.json") bytes)"
    else
        echo "$name: DIFFERENT"
        diff <(cat "$OUT/$name.json") <(cat "$OUT/$name.new.json") | head -20 || true
        diff "$OUT/$name.err" "$OUT/$name.new.err" | head -5 || true
        status=1
    fi
done
exit $status
