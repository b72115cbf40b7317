#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs taken from the repository:
# the report fixtures, the rule packs and templates, the expressions of the
# packs and the Word and web-page fixtures. Safe to run again: files are
# named by content, existing ones (and what fuzzing added) are kept.
#
# Usage: fuzz/seed-corpus.sh            (from anywhere)
set -euo pipefail
fuzz=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz")
corpus="$fuzz/corpus"
fixtures="$root/tests/fixtures"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# add TARGET FILE: copies FILE into the target's corpus under its hash.
add() {
  mkdir -p "$corpus/$1"
  cp "$2" "$corpus/$1/seed-$(sha1sum "$2" | cut -c1-16)"
}

# add_prefixed TARGET NAME_INDEX ENCODING_INDEX FILE: for the `input`
# target, whose first two bytes choose the file name and forced encoding
# (see fuzz_targets/input.rs).
add_prefixed() {
  local out="$scratch/prefixed"
  { printf "\\x$(printf %02x "$2")\\x$(printf %02x "$3")"; cat "$4"; } >"$out"
  add "$1" "$out"
}

reports=("$fixtures"/seeds/*.txt "$fixtures"/corpus/*.txt "$root"/rules/examples/tests/*.txt)
packs=("$root"/rules/*.toml "$root"/rules/examples/*.toml "$root"/rules/templates/*.toml
  "$root"/rules/examples/tests/*.toml)

# reader: every report text.
for file in "${reports[@]}"; do add reader "$file"; done

# pack: every pack and template file, and each rule of a pack as a pack of
# its own (its [pack] table and one [[rule]]), small enough to mutate fast.
for file in "${packs[@]}"; do add pack "$file"; done
for file in "$root"/rules/*.toml "$root"/rules/examples/*.toml; do
  awk -v dir="$scratch" -v base="$(basename "$file" .toml)" '
    /^\[\[rule\]\]$/ || /^\[\[override\]\]$/ { n++; out = dir "/" base "-" n ".toml"; printf "%s", header > out }
    n == 0 { header = header $0 "\n"; next }
    { print >> out }
  ' "$file"
done
for file in "$scratch"/*.toml; do [ -e "$file" ] && add pack "$file"; done

# expr, expr_roundtrip: the expressions and sums written in the packs
# (quoted strings made of references, numbers, operators and comparisons).
grep -ohE '"[A-Za-z_(-][A-Za-z0-9_.*() +-]*([=!<>]=?[A-Za-z0-9_.*() +-]*)?"' \
  "$root"/rules/*.toml "$root"/rules/examples/*.toml |
  tr -d '"' | grep -E '[.+=<>(]' | grep -vE '^[^+=<>]* [^+=<>]*$' | sort -u |
  while IFS= read -r expression; do
    printf '%s' "$expression" >"$scratch/expression"
    add expr "$scratch/expression"
    add expr_roundtrip "$scratch/expression"
  done

# docx: the Word fixtures; docx_xml: their main document part.
for file in "$fixtures"/inputs/*.docx; do
  add docx "$file"
  unzip -p "$file" word/document.xml >"$scratch/document.xml"
  add docx_xml "$scratch/document.xml"
done

# input: each kind of file under its own name (see NAMES and ENCODINGS in
# fuzz_targets/input.rs), and a report in GB18030, read both detected and
# forced.
for file in "$fixtures"/seeds/*.txt; do add_prefixed input 0 0 "$file"; done
for file in "$fixtures"/inputs/*.html; do add_prefixed input 1 0 "$file"; done
for file in "$fixtures"/inputs/*.docx; do add_prefixed input 5 0 "$file"; done
iconv -f UTF-8 -t GB18030 "$fixtures"/seeds/003_*.txt >"$scratch/gb18030.txt"
add_prefixed input 0 0 "$scratch/gb18030.txt"
add_prefixed input 3 2 "$scratch/gb18030.txt"
iconv -f UTF-8 -t UTF-16LE "$fixtures"/seeds/004_*.txt >"$scratch/utf16.txt"
add_prefixed input 0 3 "$scratch/utf16.txt"

for target in "$corpus"/*/; do
  printf '%-16s %4d files\n' "$(basename "$target")" "$(find "$target" -type f | wc -l)"
done
