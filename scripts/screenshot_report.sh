#!/usr/bin/env bash
# Regenerates docs/report-corpus.png, README's picture of the HTML report of corpus/:
# analyzes corpus/ with --html into a temporary folder and has headless Chromium (Debian's
# `chromium` package, or $CHROMIUM) take the first 1280 x 1500 pixels of the page.
set -euo pipefail
cd "$(dirname "$0")/.."
browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome)}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cargo run --release --quiet -- analyze corpus -o "$tmp/reports" --html --quiet
mkdir -p docs
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --user-data-dir="$tmp/profile" --window-size=1280,1500 \
  --screenshot="$PWD/docs/report-corpus.png" "file://$tmp/reports/report.html" 2>/dev/null
echo "docs/report-corpus.png written"
