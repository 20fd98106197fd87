#!/usr/bin/env bash
# Runs a command with a Secret Service in this D-Bus session: a gnome-keyring whose login
# keyring lives in a throwaway folder and is unlocked, the way CI and the WebDriver tests need
# it to keep the app's store key. Run it inside `dbus-run-session`, so the keyring lives and
# dies with the session and never touches the keyring of the person running the tests.
set -euo pipefail
if command -v gnome-keyring-daemon >/dev/null 2>&1; then
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  # An empty password leaves the keyring uncreated; any fixed one creates and unlocks it.
  printf 'keyfob-tests' | XDG_DATA_HOME="$keyring_home" \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null
else
  echo "gnome-keyring-daemon not found: the app will keep its session in memory only." >&2
fi
"$@"
