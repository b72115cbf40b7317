#!/usr/bin/env bash
# Renders the first page of an annotated seed report, as a clerk sees it
# after `xxgk-lint annotate --fixes`, with the comments written out in the
# right margin: LibreOffice converts the annotated copy to PDF, pdftoppm
# turns the page into docs/images/annotated-seed-003.png.
#
#     bench/render_annotated.sh [SEED.docx] [OUT.png]
#     XXGK_LINT=target/debug/xxgk-lint bench/render_annotated.sh   # no release build
#
# Comments in the margin: Writer's print setting "Comments: Place in
# margins" (Tools > Options > LibreOffice Writer > Print), which is the
# configuration key org.openoffice.Office.Writer/Print/Content/Note = 4,
# also applies to PDF export. It is set in the throwaway profile the
# conversion runs with. The PDF export option ExportNotesInMargin of later
# LibreOffice versions is passed too; LibreOffice 7.4 (Debian 12) has no
# such option and ignores it, but follows the setting. Comments are not
# exported as PDF notes as well, which would add a marker at each one.
#
# The blank bands above and below the text (Writer shrinks the page to make
# room for the margin) are cut off; the page keeps its full width.
#
# Needs libreoffice-writer and poppler-utils (installed with apt when
# missing and run as root); pngquant, when installed, makes the PNG smaller.
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-tests/fixtures/annotate/seed-003.docx}
output=${2:-docs/images/annotated-seed-003.png}
# Pixels per inch of the picture: the margin's text stays legible.
resolution=120

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
# XXGK_LINT names a binary already built; else the release build.
bin=${XXGK_LINT:-}
if [ -z "$bin" ]; then
  cargo build --quiet --release
  bin=target/release/xxgk-lint
fi
# A fixed date, so the comments read the same on every run.
SOURCE_DATE_EPOCH=1738314000 "$bin" annotate --fixes --isolated \
  --format short -o "$work/annotated.docx" "$input" || [ $? -eq 1 ]

# Writer's print settings, read by its PDF export: comments in the margin
# (SwPostItMode: 0 none, 1 comments only, 2 end of document, 3 end of
# page, 4 in margins).
mkdir -p "$work/profile/user"
cat >"$work/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Writer/Print/Content"><prop oor:name="Note" oor:op="fuse"><value>4</value></prop></item>
</oor:items>
XCU
filter='pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"false"},"ExportNotesInMargin":{"type":"boolean","value":"true"}}'
soffice -env:UserInstallation="file://$work/profile" --headless \
  --convert-to "$filter" --outdir "$work" "$work/annotated.docx" >/dev/null 2>&1

# The first page, from a little above its first line of text (a comment's
# or the document's) to a little below its last.
read -r top bottom width < <(
  pdftotext -f 1 -l 1 -bbox "$work/annotated.pdf" - | awk -F'"' -v r="$resolution" '
    /<page / { width = $2 }
    /<word / { if (n == 0 || $4 < top) top = $4; if ($8 > bottom) bottom = $8; n++ }
    END {
      if (n == 0) { top = 0; bottom = 842 }
      pad = 24
      printf "%d %d %d\n", (top - pad) * r / 72, (bottom + pad) * r / 72, width * r / 72
    }'
)
[ "$top" -ge 0 ] || top=0
pdftoppm -png -r "$resolution" -f 1 -l 1 -singlefile \
  -x 0 -y "$top" -W "$width" -H $((bottom - top)) \
  "$work/annotated.pdf" "$work/page" 2>/dev/null
if command -v pngquant >/dev/null 2>&1; then
  pngquant --force --skip-if-larger --output "$work/small.png" 256 "$work/page.png" &&
    mv "$work/small.png" "$work/page.png" || true
fi
mkdir -p "$(dirname "$output")"
cp "$work/page.png" "$output"
echo "wrote $output"
