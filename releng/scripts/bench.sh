#!/usr/bin/env bash
# The connector's benchmark: per-cycle CPU time (sampling + delta + encode) at 5,000 and 100,000 channels, bytes on
# the wire per value (full and delta), and the headless product's start-to-first-message time.
#   releng/scripts/bench.sh            (builds the product first when it is missing)
#   releng/scripts/bench.sh --store    the backlog store instead: append values/s, bytes on disk and commits per hour
#                                      at 5,000 channels (StoreBench; writes under _scratch/bench/store)
#   releng/scripts/bench.sh --replay   the backlog through the real connector on a test clock: heap growth over a
#                                      10-minute outage, bytes per hour, commits per hour offline and connected,
#                                      replay read + encode values/s against plain encode (ReplayBench)
# Runs the bench on the product's own jars on a plain class path; prints the figures to stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
. features/io.uplink.agent.feature/rootfiles/lib/uplink-java.sh
JAVA_HOME=$(uplink_find_java_home)
installation=releng/io.uplink.product/target/products/uplink/linux/gtk/x86_64/uplink
device=releng/io.uplink.agent.product/target/products/uplink-agent/linux/gtk/x86_64/uplink-agent
[ -x "$installation/uplink-agent" ] && [ -x "$device/uplink-agent" ] || ./mvnw -B -q verify -DskipTests
classpath=$(ls "$installation"/plugins/*.jar | tr '\n' ':')
classes=_scratch/bench/classes
rm -rf "$classes" && mkdir -p "$classes"
"$JAVA_HOME/bin/javac" -nowarn -d "$classes" -cp "$classpath" $(find releng/bench/src -name '*.java')
if [ "${1:-}" = "--store" ]; then
  exec "$JAVA_HOME/bin/java" -Xmx512m --enable-native-access=ALL-UNNAMED -cp "$classes:$classpath" \
    io.uplink.bench.StoreBench "$PWD/_scratch/bench/store"
fi
if [ "${1:-}" = "--replay" ]; then
  exec "$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$classes:$classpath" \
    io.uplink.bench.ReplayBench
fi
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$classes:$classpath" io.uplink.bench.ConnectorBench "$PWD/$device" "$PWD/$installation"
