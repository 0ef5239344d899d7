#!/usr/bin/env bash
# Screenshots of the workbench views with live data, for the README (docs/images): a local Backend, the agent in
# the workbench with 2,000 extra simulated channels, and the Backend stopped part way so that Warnings has a warning.
#   releng/scripts/view-screenshots.sh [output directory, default docs/images]
# Needs what screenshot.sh needs, and a built product.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(realpath -m "${1:-docs/images}")
installation=releng/io.uplink.product/target/products/uplink/linux/gtk/x86_64/uplink
scratch=$(mktemp -d)
port=18081
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
(umask 077; printf 'screenshot-key\n' > "$scratch/key")
"$installation/uplink-backend" --port="$port" --edge=screenshot-key:edge0 >"$scratch/backend.log" 2>&1 &
backend=$!
trap 'kill "$backend" 2>/dev/null || true; rm -rf "$scratch"' EXIT
( sleep 50; kill "$backend" 2>/dev/null ) &
releng/scripts/screenshot.sh "$scratch/workbench.png" 80 --uri="ws://127.0.0.1:$port" --apikey-file="$scratch/key" \
  --data-dir="$scratch/agent" --sim-channels=2000
mkdir -p "$out"
cp "$scratch/workbench.png" "$out/workbench.png"
# the perspective's layout at 1280x800: Transmission on the right, Connection top left, Warnings below it
convert "$scratch/workbench.png" -crop "${TRANSMISSION_CROP:-830x745+450+0}" +repage "$out/transmission.png"
convert "$scratch/workbench.png" -crop "${WARNINGS_CROP:-445x440+0+305}" +repage "$out/warnings.png"
echo "screenshots in $out"
