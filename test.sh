#!/usr/bin/env bash
# Runs every test of Uplink: unit and OSGi tests, UI tests in the real workbench under Xvfb, and the tests
# that start the built product as real processes. Extra arguments go to Maven (e.g. -o, -pl MODULE -am).
# On a Debian machine as root it first installs the system packages the tests need when they are missing.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages: a virtual display for the UI tests and the GTK 3 library SWT draws with; tinyproxy is the real
# HTTP CONNECT proxy the connector's proxy tests start on a loopback port of their own
packages=(xvfb xauth libgtk-3-0 unzip tinyproxy)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # the tests start their own tinyproxy; do not leave Debian's system-wide one running
    if [[ " ${missing[*]} " == *" tinyproxy "* ]] && command -v systemctl >/dev/null 2>&1; then
      systemctl disable --now tinyproxy >/dev/null 2>&1 || true
    fi
  else
    echo "test.sh: the tests need these packages: ${missing[*]}" >&2
    echo "  Debian/Ubuntu: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    echo "  elsewhere: an X virtual framebuffer (xvfb-run), xauth and GTK 3" >&2
    exit 1
  fi
fi

exec xvfb-run -a -s "-screen 0 1280x1024x24" ./mvnw -B clean verify "$@"
