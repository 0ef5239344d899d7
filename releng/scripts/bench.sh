#!/usr/bin/env bash
# The connector's benchmark: per-cycle CPU time (sampling + delta + encode) at 5,000 and 100,000 channels, bytes on
# the wire per value (full and delta), and the headless product's start-to-first-message time.
#   releng/scripts/bench.sh            (builds the product first when it is missing)
#   releng/scripts/bench.sh --store    the backlog store instead: append values/s, bytes on disk and commits per hour
#                                      at 5,000 channels (StoreBench; writes under _scratch/bench/store)
#   releng/scripts/bench.sh --replay   the backlog through the real connector on a test clock: heap growth over a
#                                      10-minute outage, bytes per hour, commits per hour offline and connected,
#                                      replay read + encode values/s against plain encode (ReplayBench)
#   releng/scripts/bench.sh --sources  the OpenEMS Edge source against the testkit's fake Edge (in a child JVM):
#                                      per-cycle read() wall/CPU time and the source's receiving CPU time at
#                                      3,000 channels changing every cycle, 1 s cycle (SourceBench; -Dbench.* in
#                                      BENCH_JAVA_OPTS: channels, cycleMillis, warmup, cycles)
#   releng/scripts/bench.sh --management
#                                      the management endpoint: the agent process's CPU time (ms/s, from /proc) of
#                                      one workbench watcher (RemoteAgent) subscribed, and reading the channel table
#                                      as the Transmission view does, and the management stream's bytes/s, with the
#                                      slim uplink-agent as a child process at 10,000 channels; phases A (none)
#                                      B (subscribed) C (+ table) in 4 rounds, A B C and C B A alternating so drift
#                                      cancels; per-round B-A and C-A, mean, spread, the noise floor and whether
#                                      each difference stands out of it; about 15 min (ManagementBench; writes
#                                      under _scratch/bench/management; -Dbench.* in BENCH_JAVA_OPTS: channels,
#                                      warmupSeconds, phaseSeconds, settleSeconds, rounds, tableMillis)
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
if [ "${1:-}" = "--sources" ]; then
  # The fake Edge is test code, not in the product: the testkit's built jar, on top of the product's jars, which
  # hold everything the fake needs (listed here so a missing one fails loudly). The testkit's JUnit and SWT
  # imports are used by other packages only.
  testkit=$(ls tests/io.uplink.testkit/target/io.uplink.testkit-*.jar 2>/dev/null | head -1)
  [ -n "$testkit" ] || ./mvnw -B -q verify -DskipTests -pl tests/io.uplink.testkit -am
  testkit=$(ls tests/io.uplink.testkit/target/io.uplink.testkit-*.jar | head -1)
  for dependency in io.uplink.core_ com.google.gson_ jakarta.websocket-api_ jakarta.websocket-client-api_ \
      org.glassfish.tyrus.core_ org.glassfish.tyrus.spi_ org.glassfish.tyrus.server_ \
      org.glassfish.tyrus.container-grizzly-server_ org.glassfish.grizzly.framework_ org.glassfish.grizzly.http_ \
      org.glassfish.grizzly.http-server_; do
    ls "$installation"/plugins/"$dependency"*.jar >/dev/null || { echo "fake Edge dependency $dependency* missing" >&2; exit 1; }
  done
  classpath="$testkit:$classpath"
  "$JAVA_HOME/bin/javac" -nowarn -d "$classes" -cp "$classpath" $(find releng/bench/src -name '*.java')
  exec "$JAVA_HOME/bin/java" -Xmx512m ${BENCH_JAVA_OPTS:-} -cp "$classes:$classpath" io.uplink.bench.SourceBench
fi
# SourceBench needs the testkit (--sources only)
"$JAVA_HOME/bin/javac" -nowarn -d "$classes" -cp "$classpath" $(find releng/bench/src -name '*.java' ! -name SourceBench.java)
if [ "${1:-}" = "--store" ]; then
  exec "$JAVA_HOME/bin/java" -Xmx512m --enable-native-access=ALL-UNNAMED -cp "$classes:$classpath" \
    io.uplink.bench.StoreBench "$PWD/_scratch/bench/store"
fi
if [ "${1:-}" = "--management" ]; then
  exec "$JAVA_HOME/bin/java" -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$classes:$classpath" \
    io.uplink.bench.ManagementBench "$PWD/$device" "$PWD/_scratch/bench/management"
fi
if [ "${1:-}" = "--replay" ]; then
  exec "$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$classes:$classpath" \
    io.uplink.bench.ReplayBench
fi
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$classes:$classpath" io.uplink.bench.ConnectorBench "$PWD/$device" "$PWD/$installation"
