#!/usr/bin/env bash
# Installs the system packages the app and its tests need (Debian/Ubuntu), only those missing.
set -euo pipefail
need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in gnome-keyring dbus dbus-x11 libsecret-tools poppler-utils fonts-noto-cjk fonts-wqy-microhei binutils \
           postgresql-client libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 \
           libdbus-1-3 libglib2.0-0; do
  have_pkg "$pkg" || need+=("$pkg")
done
if ((${#need[@]} == 0)); then exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "Please install with your package manager: ${need[*]}" >&2
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "Installing system packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
