#!/usr/bin/env bash
# What can be checked of a release on this machine, and the figures
# docs/install.md quotes:
#   1. the sources vendored (`cargo vendor`) build with `--offline` and an
#      empty CARGO_HOME, so nothing comes from the network or a registry cache;
#   2. that build, linked statically (`-C target-feature=+crt-static`), runs
#      in an empty chroot: no libc, no loader, no file but itself and a report;
#   3. the binary's size and the build's time.
# Needs root for the chroot (skipped with a notice otherwise). Takes one
# release build (minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

target=$(rustc -vV | sed -n 's/^host: //p')
work=target/release-check
rm -rf "$work/vendor" "$work/root"
mkdir -p "$work"

echo "== vendoring the dependencies"
cargo vendor --locked --versioned-dirs "$work/vendor" > "$work/vendor-config.toml" 2>/dev/null
# A relative `directory` would be read against the config file's folder.
sed -i "s|^directory = .*|directory = \"$PWD/$work/vendor\"|" "$work/vendor-config.toml"
du -sh "$work/vendor" | awk '{print "vendored sources: " $1}'

echo "== offline, static build from the vendored sources ($target)"
empty_home=$(mktemp -d)
start=$(date +%s)
CARGO_HOME="$empty_home" RUSTFLAGS="-C target-feature=+crt-static" \
  cargo build --release --offline --locked \
    --config "$work/vendor-config.toml" \
    --target "$target" --target-dir "$work/build"
end=$(date +%s)
rm -rf "$empty_home"
bin="$work/build/$target/release/xxgk-lint"
echo "build time: $((end - start)) s on $(nproc) cores (0 s: already built; remove $work/build to time it)"
echo "binary size: $(du -h "$bin" | cut -f1) ($(stat -c %s "$bin") bytes, with line tables for backtraces)"
strip -o "$work/xxgk-lint.stripped" "$bin"
echo "stripped, as released: $(du -h "$work/xxgk-lint.stripped" | cut -f1) ($(stat -c %s "$work/xxgk-lint.stripped") bytes)"
linkage=$(ldd "$bin" 2>&1 || true)
if ! echo "$linkage" | grep -Eq "not a dynamic executable|statically linked"; then
  echo "error: the binary is dynamically linked:" >&2
  echo "$linkage" >&2
  exit 1
fi
echo "linked statically: ldd says \"$(echo "$linkage" | head -1 | xargs)\""

echo "== running it in an empty root"
if [ "$(id -u)" != 0 ]; then
  echo "not root: the chroot run is skipped" >&2
  exit 0
fi
root="$work/root"
mkdir -p "$root"
cp "$work/xxgk-lint.stripped" "$root/xxgk-lint"
cp tests/fixtures/seeds/003_*.txt "$root/report.txt"
ls -A "$root" | sed 's/^/  \/ holds: /'
set +e
chroot "$root" /xxgk-lint check /report.txt --format short --lang en
code=$?
set -e
# Exit 1: the report has error findings; 2 or a signal would be a failure.
if [ "$code" != 1 ]; then
  echo "error: the static binary exited $code in the empty root" >&2
  exit 1
fi
chroot "$root" /xxgk-lint --version
echo "release check: ok"
