#!/usr/bin/env bash
# Prints Keyfob's size and idle-memory figures for the README and the issue notes:
#   - the release binary's size (LTO, opt-level s, stripped: see [profile.release]);
#   - the memory the app's processes use at idle on a fresh data folder (the first-start screen,
#     before the sandbox is chosen and started): the app plus its
#     WebKit children, as PSS (shared pages split between the processes that map them) and RSS.
# Run it after scripts/setup.sh. Starts Xvfb itself when there is no display.
set -euo pipefail
cd "$(dirname "$0")/.."
idle_seconds=${IDLE_SECONDS:-15}

npm --prefix ui run build >/dev/null
cargo build -p keyfob-app --release --locked
binary=target/release/keyfob-app
awk -v b="$(stat -c %s "$binary")" 'BEGIN { printf "release binary: %d bytes (%.2f MB)\n", b, b / 1000000 }'

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${KEYFOB_MEASURE_INNER:-}" ]; then
  exec env KEYFOB_MEASURE_INNER=1 xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- scripts/with-keyring.sh "$0" "$@"
fi

data=$(mktemp -d)
trap 'kill "$app" 2>/dev/null || true; rm -rf "$data"' EXIT
KEYFOB_DATA_DIR="$data" WEBKIT_DISABLE_DMABUF_RENDERER=1 "$binary" >/dev/null 2>&1 &
app=$!
sleep "$idle_seconds"

descendants() { local p; for p in $(pgrep -P "$1"); do echo "$p"; descendants "$p"; done; }
pss=0 rss=0
for pid in "$app" $(descendants "$app"); do
  [ -r "/proc/$pid/smaps_rollup" ] || continue
  name=$(cat "/proc/$pid/comm")
  p=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")
  r=$(awk '/^Rss:/ {print $2}' "/proc/$pid/smaps_rollup")
  printf '  %-22s PSS %6d KiB  RSS %6d KiB\n' "$name" "$p" "$r"
  pss=$((pss + p)) rss=$((rss + r))
done
printf 'idle after %ss: PSS %d MiB, RSS %d MiB (app + WebKit processes)\n' "$idle_seconds" $((pss / 1024)) $((rss / 1024))
