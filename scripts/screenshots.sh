#!/usr/bin/env bash
# Renders the README's two screenshots from the sample batch: the workbook's overview sheet as
# LibreOffice prints it (headless, via PDF) and the dashboard in headless Chromium at 1366x768.
# Needs libreoffice-calc-nogui, poppler-utils (pdftoppm), chromium and fonts-noto-cjk.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bin=${PERFAUDIT_BIN:-.build/release/perfaudit}
"$bin" run Inputs --out "$out" --no-progress >/dev/null
mkdir -p docs/screenshots
soffice --headless --norestore "-env:UserInstallation=file://$out/lo-profile" \
  --convert-to pdf --outdir "$out" "$out/perfaudit.xlsx" >/dev/null 2>&1
# The overview is the first page (landscape, one page wide); crop to its tables and charts.
pdftoppm -f 1 -l 1 -png -r 130 -x 70 -y 85 -W 1240 -H 690 -singlefile "$out/perfaudit.pdf" docs/screenshots/workbook
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1366,768 \
  "--user-data-dir=$out/chromium" --screenshot=docs/screenshots/dashboard.png "file://$out/dashboard.html" >/dev/null 2>&1
ls -l docs/screenshots
