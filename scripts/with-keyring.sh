#!/usr/bin/env bash
# Runs a command with a real, unlocked OS keyring (freedesktop Secret Service via gnome-keyring).
# On a desktop session that already has one, the command runs as it is.
set -euo pipefail
if [[ "${CLINIC_KEYRING_READY:-}" == "1" ]]; then exec "$@"; fi
if [[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]] && command -v secret-tool >/dev/null \
   && timeout 5 secret-tool search --all clinic-probe none >/dev/null 2>&1; then
  exec "$@"
fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "No OS keyring available: install gnome-keyring and dbus (scripts/setup-system.sh does)." >&2
  exec "$@"
fi
# A throw-away keyring home, so test keys never land in the user's own keyring.
if [[ -z "${CLINIC_KEYRING_HOME:-}" ]]; then
  CLINIC_KEYRING_HOME="$(mktemp -d)"
  CLINIC_KEYRING_IN_MEMORY=1  # thrown away after the command: its keys need no file (below)
fi
export CLINIC_KEYRING_HOME CLINIC_KEYRING_IN_MEMORY="${CLINIC_KEYRING_IN_MEMORY:-}"
exec dbus-run-session -- bash -c '
  export XDG_DATA_HOME="$CLINIC_KEYRING_HOME/data" XDG_RUNTIME_DIR="$CLINIC_KEYRING_HOME/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
  # The daemon is started unlocked, then proved by storing and reading a secret. Once in a while
  # (a busy machine) it is not there when asked and D-Bus starts a locked one in its place, whose
  # unlock prompt cannot open without a screen: then it is replaced, up to five times.
  for attempt in 1 2 3 4 5; do
    eval "$(printf "session\n" | gnome-keyring-daemon --replace --unlock --components=secrets 2>/dev/null)"
    if printf "ready" | timeout 10 secret-tool store --label=clinic-probe clinic-probe ready \
        2>/dev/null && [[ "$(timeout 10 secret-tool lookup clinic-probe ready 2>/dev/null)" == ready ]]; then
      break
    fi
    echo "with-keyring: the keyring did not answer (try $attempt of 5); starting it again" >&2
    sleep 1
  done
  # Keys go to the in-memory "session" collection of the daemon, not the file-backed "login"
  # one. Twice in one day, in the middle of a test run (thousands of stores and deletes, each a
  # rewrite of login.keyring, which the daemon re-reads when it changes), the default alias
  # named a collection with a garbled name that no longer existed, and every later read failed
  # ("Object does not exist at path /org/freedesktop/secrets/collection/_e8_acQ_c2_22V").
  # A throw-away keyring needs no file; one in a folder the caller named keeps its keys there.
  if [[ "$CLINIC_KEYRING_IN_MEMORY" == 1 ]]; then
    dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
      org.freedesktop.Secret.Service.SetAlias string:default \
      objpath:/org/freedesktop/secrets/collection/session >/dev/null \
      || echo "with-keyring: could not make the session collection the default" >&2
  fi
  export GNOME_KEYRING_CONTROL CLINIC_KEYRING_READY=1
  exec "$@"' bash "$@"
