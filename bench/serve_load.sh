#!/usr/bin/env bash
# The load test of the check service (docs/performance.md, "The service").
#
# Builds xxgk-lint and examples/serve_load (release), starts
# `xxgk-lint serve` on a free loopback port with the built-in packs, and
# sends REQUESTS check requests from CONCURRENCY threads, the seed reports
# (text, Word, web page) in turn, stopping after MAX_SECONDS at most.
# Every answer must be 200 and equal `check --format json` for its file.
# Prints latency percentiles, throughput, errors and the service's peak
# RSS, then stops the service with SIGTERM.
#
# Usage: bench/serve_load.sh     (REQUESTS=2000 CONCURRENCY=16 MAX_SECONDS=600)
# Extra arguments for `xxgk-lint serve` (e.g. --jobs 2): SERVE_ARGS="--jobs 2".
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS=${REQUESTS:-2000}
CONCURRENCY=${CONCURRENCY:-16}
MAX_SECONDS=${MAX_SECONDS:-600}
SERVE_ARGS=${SERVE_ARGS:-}

cargo build --release --quiet --bin xxgk-lint --example serve_load
bin=target/release/xxgk-lint
out=$(mktemp)
# shellcheck disable=SC2086
"$bin" serve --addr 127.0.0.1:0 --isolated $SERVE_ARGS >"$out" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 100); do
    grep -q "listening on" "$out" && break
    sleep 0.1
done
addr=$(sed -n 's#.*listening on http://\([^/]*\)/.*#\1#p' "$out")
[ -n "$addr" ] || { echo "the service did not start" >&2; exit 1; }
echo "xxgk-lint serve on $addr (pid $pid), $(nproc) cores"

status=0
target/release/examples/serve_load --addr "$addr" --bin "$bin" \
    --requests "$REQUESTS" --concurrency "$CONCURRENCY" --max-seconds "$MAX_SECONDS" \
    tests/fixtures/seeds/*.txt tests/fixtures/inputs/seed-001.docx tests/fixtures/inputs/seed-004.html \
    || status=$?

peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "peak RSS:     $((peak / 1024)) MB"
kill -TERM "$pid"
wait "$pid" || true
trap - EXIT
rm -f "$out"
exit "$status"
