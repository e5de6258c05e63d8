#!/usr/bin/env bash
# `make run`: create the demo clinic in DIR on first run, then open the desktop app on it.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${1:-$PWD/.demo/clinic}"
BIN=.venv/bin

if [[ ! -f "$DIR/clinic.json" ]]; then
  echo "Creating the DEMO clinic (fictional data only) in $DIR"
  mkdir -p "$(dirname "$DIR")"
  "$BIN/clinic-admin" --path "$DIR" demo
else
  echo "DEMO clinic: $DIR"
  sed -n '2,$p' "$DIR/DEMO-PASSWORDS.txt" 2>/dev/null || true
fi
echo "The demo users' passwords are kept in $DIR/DEMO-PASSWORDS.txt"

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" \
      && "$(uname -s)" == "Linux" ]]; then
  cat >&2 <<MSG
No display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot be shown.
Run it on a desktop session, or offscreen (nothing visible; useful for checks and screenshots):
  QT_QPA_PLATFORM=offscreen make run
  make screenshots      # renders the screens to docs/screenshots/
MSG
  exit 2
fi
exec "$BIN/clinic" --path "$DIR"
