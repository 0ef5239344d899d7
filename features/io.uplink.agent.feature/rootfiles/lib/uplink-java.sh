# Finds a Java 21+ runtime for Uplink (Eclipse 4.41 bundles need Java 21+). Sourced by the start
# scripts of the product and by the repository's ./mvnw, so there is one rule for both:
#   1. $JAVA_HOME, if it is 21+;  2. `java` on PATH, if 21+;
#   3. the newest 21+ JDK/JRE in the usual install folders (Linux, macOS, SDKMAN, IntelliJ).
# `uplink_find_java_home` prints the chosen home folder, or explains what to install and fails.

uplink_java_feature() { # prints the feature release (17, 21, 25...) of the java binary $1
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

uplink_find_java_home() {
  _uplink_best=""; _uplink_best_v=0
  _uplink_try() { # $1 = a Java home folder
    [ -x "$1/bin/java" ] || return 0
    _v=$(uplink_java_feature "$1/bin/java")
    [ -n "$_v" ] || return 0
    if [ "$_v" -ge 21 ] && [ "$_v" -gt "$_uplink_best_v" ]; then _uplink_best="$1"; _uplink_best_v=$_v; fi
  }
  if [ -n "${JAVA_HOME:-}" ]; then
    _uplink_try "$JAVA_HOME"
    if [ -n "$_uplink_best" ]; then echo "$_uplink_best"; return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    _j=$(command -v java)
    _j=$(readlink -f "$_j" 2>/dev/null || echo "$_j")
    _uplink_try "$(dirname "$(dirname "$_j")")"
    if [ -n "$_uplink_best" ]; then echo "$_uplink_best"; return 0; fi
  fi
  for _h in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*/jdk* \
            /Library/Java/JavaVirtualMachines/*/Contents/Home \
            "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$_h" ] && _uplink_try "$_h"
  done
  if [ -n "$_uplink_best" ]; then echo "$_uplink_best"; return 0; fi
  {
    echo "Uplink needs Java 21 or newer, and none was found."
    [ -n "${JAVA_HOME:-}" ] && echo "  JAVA_HOME=$JAVA_HOME is older than 21 or not a Java installation."
    echo "  Install a JDK 21+ (for example Debian: apt-get install openjdk-21-jdk-headless,"
    echo "  or any Temurin 21/25 build), or point JAVA_HOME at one."
  } >&2
  return 1
}
