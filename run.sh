#!/usr/bin/env bash
# Builds the Uplink product (tests skipped: ./test.sh runs them) and starts it from the built installation:
# the workbench when a display is available, else the headless agent in this terminal.
#   ./run.sh               build, then start
#   ./run.sh --no-build    start what was built last
#   ./run.sh --headless    the headless agent even when a display is available
# Arguments after -- go to the started program (e.g. ./run.sh --headless -- --data-dir=/tmp/uplink).
set -euo pipefail
cd "$(dirname "$0")"

build=1; headless=0; passthrough=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --headless) headless=1 ;;
    --) shift; passthrough=("$@"); break ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (./run.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) platform=linux/gtk/x86_64 ;;
  *) echo "run.sh: builds and runs on Linux x86_64; for other platforms unpack the archives in releng/io.uplink.product/target/products" >&2; exit 1 ;;
esac
installation="releng/io.uplink.product/target/products/uplink/$platform/uplink"

if [ $build = 1 ]; then
  echo "run.sh: building (./mvnw verify -DskipTests) ..." >&2
  ./mvnw -B -q verify -DskipTests
fi
[ -x "$installation/uplink" ] || { echo "run.sh: no built product in $installation; run ./run.sh without --no-build" >&2; exit 1; }

scratch="$PWD/_scratch"
mkdir -p "$scratch"
if [ $headless = 0 ] && [ -n "${DISPLAY:-}" ]; then
  echo "run.sh: starting the workbench ($installation/uplink)" >&2
  exec "$installation/uplink" -data "$scratch/workspace" "${passthrough[@]}"
fi
[ $headless = 1 ] || echo "run.sh: no DISPLAY, starting the headless agent instead of the workbench (Ctrl+C stops it)" >&2
exec "$installation/uplink-agent" --data-dir="$scratch/agent" "${passthrough[@]}"
