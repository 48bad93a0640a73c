#!/usr/bin/env bash
# Renders a newsidx HTML report in headless Chromium and saves a screenshot, to check by eye
# that the self-contained report (inline CSS and SVG, no scripts) looks right in a real browser.
#
#   bash tools/check-report.sh [OUT_DIR]      # default OUT_DIR: target/report-check
#
# Installs Debian's chromium when it is missing (needs root and apt). Not part of `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/report-check}
mkdir -p "$out"
if ! command -v chromium >/dev/null; then
    apt-get update -qq && apt-get install -y -qq chromium
fi
cargo build --release --locked
bin=target/release/newsidx
"$bin" index corpus --index "$out/index" --quiet
"$bin" report --index "$out/index" --org pentagon --out "$out/pentagon.html" --by week
"$bin" report --index "$out/index" oil --from 1987 --to 1987 --out "$out/oil.html"
for page in pentagon oil; do
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d)" --window-size=1100,1500 \
        --screenshot="$out/$page.png" "file://$PWD/$out/$page.html" 2>/dev/null
    echo "screenshot: $out/$page.png"
done
