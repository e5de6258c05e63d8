#!/usr/bin/env bash
# Installs the system packages the app and its tests need (Debian/Ubuntu), only those missing.
set -euo pipefail
need=()
# Ubuntu 24.04 renamed some libraries in the 64-bit time_t transition (libglib2.0-0 is libglib2.0-0t64).
have_pkg() {
  local name
  for name in "$1" "$1t64"; do
    dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed" && return 0
  done
  return 1
}
# Qt's xcb platform plugin (PySide6/Qt/plugins/platforms/libqxcb.so and the libQt6XcbQpa it loads)
# links every library of the second group; without one of them `make run` stops with "Could not load
# the Qt platform plugin xcb". tests/unit/test_system_libraries.py checks that they all resolve.
for pkg in gnome-keyring dbus dbus-x11 libsecret-tools poppler-utils fonts-noto-cjk fonts-wqy-microhei binutils \
           postgresql-client libgl1 libegl1 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 \
           libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
           libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 \
           libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0; do
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
