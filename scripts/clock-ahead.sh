#!/usr/bin/env bash
# Runs the UI tests and every Rust test binary (not the WebDriver scenarios) again with the
# system clock moved ahead (400 days unless KEYFOB_CLOCK_AHEAD says otherwise), through
# libfaketime. A test that reads the real clock instead of setting its own fails here.
# Expects the Rust tests already built (scripts/test.sh builds them first).
set -euo pipefail
cd "$(dirname "$0")/.."
ahead="${KEYFOB_CLOCK_AHEAD:-+400d}"
command -v faketime >/dev/null || { echo "faketime is missing: run scripts/setup.sh" >&2; exit 1; }
echo "Clock moved ${ahead}: $(faketime -f "$ahead" date -u '+%Y-%m-%d %H:%M UTC')"

faketime -f "$ahead" npm --prefix ui test

# Cargo itself hangs under libfaketime, so ask it for the test binaries (already built: nothing is
# compiled here) and run each one directly from its package's folder, as `cargo test` would.
binaries=$(cargo test --workspace --locked --exclude keyfob-e2e --no-run --message-format=json 2>/dev/null |
  sed -n 's/.*"manifest_path":"\([^"]*\)".*"profile":{[^}]*"test":true[^}]*}.*"executable":"\([^"]*\)".*/\1 \2/p')
[ -n "$binaries" ] || { echo "No Rust test binaries found." >&2; exit 1; }
failed=0
while read -r manifest binary; do
  printf '\n%s\n' "$(basename "$binary")"
  (cd "$(dirname "$manifest")" && faketime -f "$ahead" "$binary" -q) || failed=1
done <<< "$binaries"
exit "$failed"
