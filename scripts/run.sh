#!/usr/bin/env bash
# Installs what is missing, builds the UI and the app, and starts Keyfob on its built-in sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
npm --prefix ui run build
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "Keyfob is a desktop app and needs a display. Run it from a desktop session (or under xvfb-run)." >&2
  exit 1
fi
exec cargo run -p keyfob-app "$@"
