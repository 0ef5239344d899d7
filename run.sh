#!/usr/bin/env bash
# Builds the Uplink product (tests skipped: ./test.sh runs them) and runs the whole loop from the built
# installation: a local OpenEMS-compatible Backend, the agent on the simulated edge, and the workbench showing
# it. Without a display, the headless agent runs in this terminal with a live summary line instead.
#   ./run.sh               build, then run
#   ./run.sh --no-build    run what was built last
#   ./run.sh --headless    the headless agent even when a display is available
# Arguments after -- go to the agent, e.g. a real Backend instead of the local one:
#   ./run.sh -- --uri=wss://backend.example.com/openems --apikey-file=/path/to/key
set -euo pipefail
cd "$(dirname "$0")"

build=1; headless=0; agent_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --headless) headless=1 ;;
    --) shift; agent_args=("$@"); break ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
backend_pid=""
cleanup() { [ -n "$backend_pid" ] && kill "$backend_pid" 2>/dev/null || true; }
trap cleanup EXIT

if ! printf '%s\n' "${agent_args[@]}" | grep -q -- '^--uri='; then
  port=8081
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  key_file="$scratch/demo-apikey"
  (umask 077; printf 'uplink-demo-key\n' > "$key_file")
  "$installation/uplink-backend" --port="$port" --edge=uplink-demo-key:edge0 > "$scratch/backend.log" 2>&1 &
  backend_pid=$!
  echo "run.sh: local Backend on ws://127.0.0.1:$port (log: _scratch/backend.log)" >&2
  agent_args=(--uri="ws://127.0.0.1:$port" --apikey-file="$key_file" "${agent_args[@]}")
fi
agent_args=(--data-dir="$scratch/agent" "${agent_args[@]}")

if [ $headless = 0 ] && [ -n "${DISPLAY:-}" ]; then
  echo "run.sh: starting the workbench with the agent inside it" >&2
  "$installation/uplink" -data "$scratch/workspace" "${agent_args[@]}"
else
  [ $headless = 1 ] || echo "run.sh: no DISPLAY, running the headless agent here (Ctrl+C stops it)" >&2
  "$installation/uplink-agent" --summary=1 "${agent_args[@]}"
fi
