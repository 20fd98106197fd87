#!/usr/bin/env bash
# Prints the app's timing figures for the README, through WebDriver, on the release build
# (KEYFOB_APP_BIN=target/debug/keyfob-app measures the debug build instead):
#   - launch → first screens (first start, signed out, signed in with a car): median, fastest
#     and slowest of nine launches each (tests/examples/launch_time.rs);
#   - CPU at idle with the dashboard of an active car open, over 30 s
#     (tests/examples/dashboard_idle.rs);
#   - Start pressed → engine running on the dashboard, minus the simulated car's own delay,
#     median of 20 (tests/examples/start_latency.rs).
# `scripts/measure-app.sh launch`, `… dashboard` or `… start` runs one of them. Run it after
# scripts/setup.sh; starts Xvfb itself when there is no display.
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
case "${1:-all}" in
  launch) examples=(launch_time) ;;
  dashboard) examples=(dashboard_idle) ;;
  start) examples=(start_latency) ;;
  all) examples=(launch_time dashboard_idle start_latency) ;;
  *) echo "usage: $0 [launch|dashboard|start|all]" >&2; exit 2 ;;
esac
for example in "${examples[@]}"; do
  cargo run -p keyfob-e2e --example "$example" --locked -q
done
