#!/usr/bin/env bash
# Renders the first page of an annotated seed report, as a clerk sees it
# after `xxgk-lint annotate --fixes`: LibreOffice converts the annotated copy
# to PDF (comments exported; in the margin where the LibreOffice in use
# supports ExportNotesInMargin, as note markers at their places otherwise),
# pdftoppm turns the page into docs/images/annotated-seed-003.png.
#
#     bench/render_annotated.sh [SEED.docx] [OUT.png]
#
# Needs libreoffice-writer and poppler-utils (installed with apt when
# missing and run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-tests/fixtures/annotate/seed-003.docx}
output=${2:-docs/images/annotated-seed-003.png}

if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-writer poppler-utils fonts-noto-cjk >/dev/null
  else
    echo "soffice and pdftoppm are needed (apt-get install libreoffice-writer poppler-utils)" >&2
    exit 2
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --release
# A fixed date, so the comments read the same on every run.
SOURCE_DATE_EPOCH=1738314000 target/release/xxgk-lint annotate --fixes --isolated \
  --format short -o "$work/annotated.docx" "$input" || [ $? -eq 1 ]
filter='pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"},"ExportNotesInMargin":{"type":"boolean","value":"true"}}'
soffice -env:UserInstallation="file://$work/profile" --headless \
  --convert-to "$filter" --outdir "$work" "$work/annotated.docx" >/dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/annotated.pdf" "$work/page" 2>/dev/null
mkdir -p "$(dirname "$output")"
cp "$work/page.png" "$output"
echo "wrote $output"
