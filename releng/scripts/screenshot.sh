#!/usr/bin/env bash
# Starts the built workbench on a private Xvfb display and saves a screenshot (for docs/images).
#   releng/scripts/screenshot.sh OUTPUT.png [seconds to wait, default 15] [workbench arguments...]
# Needs: xvfb, imagemagick (import), a built product (./run.sh or ./test.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(realpath -m "${1:?usage: screenshot.sh OUTPUT.png [wait] [args]}"); wait=${2:-15}; shift $(( $# >= 2 ? 2 : 1 ))
installation=releng/io.uplink.product/target/products/uplink/linux/gtk/x86_64/uplink
scratch=$(mktemp -d)
display=:$(( 90 + RANDOM % 9 ))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$scratch/xvfb.log" 2>&1 &
xvfb=$!
trap 'kill "$app" "$xvfb" 2>/dev/null || true; rm -rf "$scratch"' EXIT
sleep 1
DISPLAY=$display "$installation/uplink" -data "$scratch/workspace" "$@" >"$scratch/app.log" 2>&1 &
app=$!
sleep "$wait"
DISPLAY=$display import -window root "$out"
echo "screenshot: $out"
