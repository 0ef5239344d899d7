#!/usr/bin/env bash
# Runs every test of Uplink: unit and OSGi tests, UI tests in the real workbench under Xvfb, and the tests
# that start the built product as real processes. Extra arguments go to Maven (e.g. -o, -pl MODULE -am).
# On a Debian machine as root it first installs the system packages the tests need when they are missing.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages: a virtual display for the UI tests and the GTK 3 library SWT draws with; the real proxies the
# connector's proxy tests start on loopback ports of their own: tinyproxy (HTTP CONNECT), stunnel4 (TLS in front of
# tinyproxy: an HTTPS proxy) and microsocks (SOCKS5); pymodbus as an independent Modbus/TCP device for the Modbus
# source's tests (Debian's 3.0.0; its server imports serial_asyncio, which the package only recommends)
packages=(xvfb xauth libgtk-3-0 unzip tinyproxy stunnel4 microsocks python3 python3-pymodbus python3-serial
  python3-serial-asyncio)
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
    # the tests start their own proxies; do not leave Debian's system-wide tinyproxy running (stunnel4 only starts
    # instances for files in /etc/stunnel, of which it installs none; microsocks has no service)
    if [[ " ${missing[*]} " == *" tinyproxy "* ]]; then
      if command -v systemctl >/dev/null 2>&1; then
        systemctl disable --now tinyproxy >/dev/null 2>&1 || true
      fi
      if command -v service >/dev/null 2>&1; then
        service tinyproxy stop >/dev/null 2>&1 || true
      fi
    fi
  else
    echo "test.sh: the tests need these packages: ${missing[*]}" >&2
    echo "  Debian/Ubuntu: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    echo "  elsewhere: an X virtual framebuffer (xvfb-run), xauth and GTK 3" >&2
    exit 1
  fi
fi

exec xvfb-run -a -s "-screen 0 1280x1024x24" ./mvnw -B clean verify "$@"
