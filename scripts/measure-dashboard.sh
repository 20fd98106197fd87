#!/usr/bin/env bash
# Prints the CPU Keyfob uses sitting idle with the dashboard of a linked, active car open (the
# app and its WebKit processes, as a share of one core over 30 s), on the release build
# (KEYFOB_APP_BIN=target/debug/keyfob-app for the debug build). Run it after scripts/setup.sh;
# starts Xvfb itself when there is no display.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${KEYFOB_MEASURE_INNER:-}" ]; then
  exec env KEYFOB_MEASURE_INNER=1 xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- scripts/with-keyring.sh "$0" "$@"
fi
npm --prefix ui run build >/dev/null
if [ -z "${KEYFOB_APP_BIN:-}" ]; then
  cargo build -p keyfob-app --release --locked
  export KEYFOB_APP_BIN="$PWD/target/release/keyfob-app"
fi
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1
cargo run -p keyfob-e2e --example dashboard_idle --locked -q
