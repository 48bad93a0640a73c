#!/usr/bin/env bash
# Renders a newsidx HTML report in headless Chromium and saves a screenshot, to check by eye
# that the self-contained report (inline CSS and SVG, no scripts) looks right in a real browser.
#
#   bash tools/check-report.sh [OUT_DIR]      # default OUT_DIR: target/report-check
#
# OUT_DIR is relative to where the script is run from (or absolute); the default is in the repo.
#
# Installs Debian's chromium when it is missing (needs root and apt). Not part of `cargo test`.
# NEWSIDX_BIN=path runs that binary instead of building a release one (e.g. target/debug/newsidx).
set -euo pipefail
# OUT_DIR made absolute before the cd below, so a relative or absolute one both work.
if [ $# -gt 0 ]; then
    mkdir -p "$1"
    out=$(cd "$1" && pwd)
fi
cd "$(dirname "$0")/.."
out=${out:-$PWD/target/report-check}
mkdir -p "$out"
if ! command -v chromium >/dev/null; then
    apt-get update -qq && apt-get install -y -qq chromium
fi
bin=${NEWSIDX_BIN:-}
if [ -z "$bin" ]; then
    cargo build --release --locked
    bin=target/release/newsidx
fi
"$bin" index corpus --index "$out/index" --quiet
"$bin" report --index "$out/index" --org pentagon --out "$out/pentagon.html" --by week
"$bin" report --index "$out/index" oil --from 1987 --to 1987 --out "$out/oil.html"
for page in pentagon oil; do
    rm -f "$out/$page.png"
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d)" --window-size=1100,1500 \
        --screenshot="$out/$page.png" "file://$out/$page.html" 2>/dev/null
    if [ ! -s "$out/$page.png" ]; then
        echo "error: chromium wrote no screenshot of $out/$page.html" >&2
        exit 1
    fi
    echo "screenshot: $out/$page.png"
done
