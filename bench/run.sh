#!/usr/bin/env bash
# The throughput benchmark of docs/performance.md.
#
# Generates a corpus of COUNT reports (and the first SMALL of them again),
# then measures side by side, RUNS times each, with the files in the page
# cache:
#   xxgk-lint check --format json   over the whole corpus
#   rg --count 总计                  over the same files (reading and scanning the bytes)
#   cat                             over the same files, to /dev/null
#   examples/lint_files             the library alone, one file at a time
# and prints wall time (median, min, max), CPU time, peak RSS and MB/s of
# each, the ratio lint/rg, the time of one small report end to end, and the
# COUNT/SMALL time ratio (linear scaling).
#
# Then, on both that corpus and the real-text corpus of
# ../shared/bench/real_corpus.py (REAL_DIR, generated when missing), the
# lint/rg ratio of back-to-back pairs of runs (lint, then rg; RUNS pairs,
# median ratio), CPU÷wall and peak RSS of the lint runs, and whether the
# targets of docs/performance.md are met.
#
# Usage: bench/run.sh            (COUNT=10000 SMALL=1000 RUNS=5 SEED=1)
#        COUNT=2000 SMALL=200 RUNS=3 bench/run.sh     (a quick run)
# Extra arguments for `xxgk-lint check` (e.g. --jobs 2): LINT_ARGS="--jobs 2".
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-10000}
SMALL=${SMALL:-1000}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
BENCH_DIR=${BENCH_DIR:-target/bench}
LINT_ARGS=${LINT_ARGS:-}
SMALL_REPORT=${SMALL_REPORT:-tests/fixtures/seeds/001_b68246f228e475c5.txt}
SHARED=${SHARED:-../shared}
REAL_DIR=${REAL_DIR:-$BENCH_DIR/real-corpus}
# The step's target (issue 19) and the project goal, as lint/rg ratios.
TARGET_RATIO=${TARGET_RATIO:-25}
GOAL_RATIO=10

# --- tools -----------------------------------------------------------------
need_apt=()
command -v rg >/dev/null || need_apt+=(ripgrep)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "installing ${need_apt[*]} (apt-get)" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get install -y "${need_apt[@]}" >/dev/null 2>&1 || {
        $sudo apt-get update >/dev/null
        $sudo apt-get install -y "${need_apt[@]}" >/dev/null
    }
fi

cargo build --release --quiet --bin xxgk-lint --example gen_corpus --example lint_files
LINT=target/release/xxgk-lint
GEN=target/release/examples/gen_corpus
LIBRARY=target/release/examples/lint_files

# --- corpus ----------------------------------------------------------------
# Reports depend only on (seed, index): the small corpus is the first SMALL
# reports of the large one. Generated afresh each run (a few seconds), so
# the corpus always comes from the current generator.
generate() { # count dir
    rm -rf "$2"
    "$GEN" --count "$1" --seed "$SEED" "$2"
}
LARGE_DIR=$BENCH_DIR/corpus-$COUNT
SMALL_DIR=$BENCH_DIR/corpus-$SMALL
generate "$COUNT" "$LARGE_DIR"
generate "$SMALL" "$SMALL_DIR"
bytes() { find "$1" -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s }'; }
LARGE_BYTES=$(bytes "$LARGE_DIR")
SMALL_BYTES=$(bytes "$SMALL_DIR")

# --- measuring -------------------------------------------------------------
TIMES=$(mktemp)
trap 'rm -f "$TIMES" "$TIMES".*' EXIT

# measure NAME BYTES command...: RUNS runs under /usr/bin/time -v; stdout
# discarded. Prints one result line and remembers the median wall time in
# MEDIAN_<NAME>.
measure() {
    local name=$1 size=$2
    shift 2
    : >"$TIMES.$name"
    # One run to warm the page cache, not counted.
    "$@" >/dev/null 2>&1 || true
    for _ in $(seq "$RUNS"); do
        # Wall time from the shell's microsecond clock (/usr/bin/time rounds
        # to 10 ms); CPU time and peak RSS from /usr/bin/time -v.
        start=$EPOCHREALTIME
        /usr/bin/time -v -o "$TIMES" "$@" >/dev/null 2>"$TIMES.err" || {
            # The linter exits with 1 when it finds errors: that is a result.
            status=$?
            if ! grep -q "Exit status: 1" "$TIMES" && [ $status -ne 1 ]; then
                echo "$name failed (exit $status):" >&2
                cat "$TIMES.err" >&2
                exit 2
            fi
        }
        end=$EPOCHREALTIME
        awk -F': ' -v w="$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" '
            /User time/ { u = $2 }
            /System time/ { s = $2 }
            /Maximum resident set size/ { m = $2 }
            END { printf "%.3f %.3f %d\n", w, u + s, m }' "$TIMES" >>"$TIMES.$name"
    done
    sort -n "$TIMES.$name" | awk -v name="$name" -v size="$size" '
        { wall[NR] = $1; cpu[NR] = $2; if ($3 > rss) rss = $3 }
        END {
            median = (NR % 2) ? wall[(NR + 1) / 2] : (wall[NR / 2] + wall[NR / 2 + 1]) / 2
            # CPU time of the median run.
            c = cpu[int((NR + 1) / 2)]
            mbs = median > 0 ? size / 1e6 / median : 0
            printf "%-26s %8.3f %8.3f %8.3f %8.3f %9.1f %10.1f\n",
                name, median, wall[1], wall[NR], c, rss / 1024, mbs
            print median > "/dev/stderr"
        }' 2>"$TIMES.median.$name"
}
median_of() { cat "$TIMES.median.$1"; }

echo "xxgk-lint $($LINT --version | awk '{ print $2 }'), $(nproc) cores, $(rg --version | head -1)"
# The corpus as a test first: every injected error found, no error on the
# consistent reports (not timed).
"$LIBRARY" --manifest "$LARGE_DIR/manifest.json" | sed 's/^/manifest: /' || true
echo "rg searches 总计 (a word of every report); cat copies the files to /dev/null"
echo "corpus: $COUNT reports, $(awk -v b="$LARGE_BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB ($LARGE_DIR); $RUNS runs each, warm page cache"
echo
printf "%-26s %8s %8s %8s %8s %9s %10s\n" "" "wall s" "min" "max" "cpu s" "RSS MB" "MB/s"
# shellcheck disable=SC2086 # LINT_ARGS is a list of arguments.
measure "xxgk-lint check" "$LARGE_BYTES" "$LINT" check --format json $LINT_ARGS "$LARGE_DIR"
measure "rg --count" "$LARGE_BYTES" rg --no-ignore --count 总计 "$LARGE_DIR"
measure "cat" "$LARGE_BYTES" sh -c "find '$LARGE_DIR' -name '*.txt' -print0 | xargs -0 cat"
# shellcheck disable=SC2086
measure "xxgk-lint check ($SMALL)" "$SMALL_BYTES" "$LINT" check --format json $LINT_ARGS "$SMALL_DIR"
# The library alone, one file at a time, results not kept: what the
# command costs beyond reading, parsing and checking.
measure "library (lint_files)" "$LARGE_BYTES" "$LIBRARY" "$LARGE_DIR"
echo
awk -v lint="$(median_of "xxgk-lint check")" -v rg="$(median_of "rg --count")" \
    'BEGIN { printf "lint / rg (median walls):         %6.1f×\n", lint / rg }'
awk -v large="$(median_of "xxgk-lint check")" -v small="$(median_of "xxgk-lint check ($SMALL)")" \
    -v n="$COUNT" -v m="$SMALL" \
    'BEGIN { printf "%d vs %d files (median wall): %6.2f×   (target ≤ %.0f× for %.0f× the files)\n", n, m, large / small, 1.1 * n / m, n / m }'

# One small report, process start to exit.
runs=()
for _ in $(seq 20); do
    start=$EPOCHREALTIME
    "$LINT" check --format json "$SMALL_REPORT" >/dev/null || true
    end=$EPOCHREALTIME
    runs+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", (e - s) * 1000 }')")
done
printf '%s\n' "${runs[@]}" | sort -n | awk -v file="$(basename "$SMALL_REPORT")" '
    { t[NR] = $1 }
    END { m = t[int((NR + 1) / 2)]
          printf "one report end to end (%s, 20 runs): median %.1f ms, min %.1f, max %.1f   (target ≤ 6 ms: %s)\n", file, m, t[1], t[NR], m <= 6 ? "met" : "unmet" }'

# --- lint/rg in back-to-back pairs -------------------------------------------
# The machine is shared: a ratio is only meaningful between runs made one
# right after the other. Each pair: lint (wall, CPU, peak RSS), then rg.
if [ ! -d "$REAL_DIR" ] || [ -z "$(ls -A "$REAL_DIR" 2>/dev/null)" ]; then
    if [ -f "$SHARED/bench/real_corpus.py" ]; then
        mkdir -p "$REAL_DIR"
        python3 "$SHARED/bench/real_corpus.py" "$SHARED" "$REAL_DIR" >/dev/null
    fi
fi
unmet=0
pairs() { # name dir
    local name=$1 dir=$2
    : >"$TIMES.pairs"
    "$LINT" check --format json $LINT_ARGS "$dir" >/dev/null 2>&1 || true
    for _ in $(seq "$RUNS"); do
        start=$EPOCHREALTIME
        # shellcheck disable=SC2086
        /usr/bin/time -f "%U %S %M" -o "$TIMES" "$LINT" check --format json $LINT_ARGS "$dir" >/dev/null 2>&1 || true
        middle=$EPOCHREALTIME
        rg --no-ignore --count 总计 "$dir" >/dev/null
        end=$EPOCHREALTIME
        # /usr/bin/time prefixes a line when the exit status is not 0.
        echo "$start $middle $end $(tail -1 "$TIMES")" >>"$TIMES.pairs"
    done
    awk -v name="$name" -v target="$TARGET_RATIO" -v goal="$GOAL_RATIO" '
        { lint = $2 - $1; rg = $3 - $2; r[NR] = lint / rg; l[NR] = lint; g[NR] = rg
          c[NR] = ($4 + $5) / lint; if ($6 > rss) rss = $6 }
        function median(a, n,   i, j, t, b) {
            for (i = 1; i <= n; i++) b[i] = a[i]
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
            return (n % 2) ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
        }
        END {
            ratio = median(r, NR); cw = median(c, NR); mb = rss / 1024
            # Statuses computed apart: `>` in printf arguments is a redirection.
            s_ratio = (ratio <= target) ? "met" : "unmet"
            s_goal = (ratio <= goal) ? "met" : "unmet"
            s_cpu = (cw >= 1.8) ? "met" : "unmet"
            s_rss = (mb <= 100) ? "met" : "unmet"
            printf "%-12s lint %.3f s, rg %.3f s (medians); lint/rg per pair:", name, median(l, NR), median(g, NR)
            for (i = 1; i <= NR; i++) printf " %.1f", r[i]
            printf "\n%-12s median %.1f× (target ≤ %d×: %s; goal ≤ %d×: %s); CPU÷wall %.2f (target ≥ 1.8: %s); peak RSS %.1f MB (target ≤ 100: %s)\n", "", ratio, target, s_ratio, goal, s_goal, cw, s_cpu, mb, s_rss
            if (s_ratio != "met" || s_cpu != "met" || s_rss != "met") exit 1
        }' "$TIMES.pairs" || unmet=1
}
echo
pairs "generated" "$LARGE_DIR"
if [ -d "$REAL_DIR" ]; then
    pairs "real texts" "$REAL_DIR"
else
    echo "real texts: $SHARED/bench/real_corpus.py not found, not measured"
    unmet=1
fi
if [ $unmet -eq 0 ]; then
    echo "target (lint/rg ≤ ${TARGET_RATIO}× on both corpora, CPU÷wall ≥ 1.8, RSS ≤ 100 MB): met"
else
    echo "target (lint/rg ≤ ${TARGET_RATIO}× on both corpora, CPU÷wall ≥ 1.8, RSS ≤ 100 MB): unmet"
fi
