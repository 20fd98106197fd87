#!/usr/bin/env bash
# Runs a command with a Secret Service in this D-Bus session: an unlocked gnome-keyring with an
# empty password, the way CI and the WebDriver tests need it to keep the app's store key. Run it
# inside `dbus-run-session` so the keyring lives and dies with the session.
set -euo pipefail
if command -v gnome-keyring-daemon >/dev/null 2>&1; then
  printf '' | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
else
  echo "gnome-keyring-daemon not found: the app will keep its session in memory only." >&2
fi
exec "$@"
