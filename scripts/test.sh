#!/usr/bin/env bash
# Installs what is missing and runs every check and test: formatting, clippy, the UI's type check
# and component tests, bindings freshness, the Rust tests, and the WebDriver end-to-end scenarios
# under Xvfb (started here when there is no display). Fails if any part fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
started=$(date +%s)
# Every runner's output also goes to this log, to add up the counts at the end.
results=$(mktemp)
trap 'rm -f "$results"' EXIT

step "Formatting (cargo fmt --check)"
cargo fmt --all --check

step "UI: type check (svelte-check)"
npm --prefix ui run check

step "UI: component tests (Vitest)"
npm --prefix ui test 2>&1 | tee -a "$results"

step "UI: production build"
npm --prefix ui run build

step "Dependencies: licences, bans, sources (cargo-deny) and the UI's runtime packages (npm audit)"
scripts/dependency-check.sh

step "Clippy (-D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust: build every test and the app"
cargo test --workspace --locked --no-run

step "Rust: unit, property, integration and bindings-freshness tests"
cargo test --workspace --locked --exclude keyfob-e2e 2>&1 | tee -a "$results"

step "Rust: the server suite again on PostgreSQL (a throwaway cluster, stopped afterwards)"
scripts/with-postgres.sh cargo test -p keyfob-server --locked 2>&1 | tee -a "$results"

step "Clock moved 400 days ahead: the UI and Rust tests again (no test may depend on the day)"
scripts/clock-ahead.sh

step "Other platforms: cargo check for Windows (the whole app) and Android (what needs no NDK)"
scripts/cross-check.sh

step "End to end: WebDriver scenarios against the built app"
export KEYFOB_APP_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/keyfob-app"
# WebKitGTK under Xvfb has no GPU: software rendering, no DMA-BUF.
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1
e2e=(cargo test -p keyfob-e2e --locked --test e2e -- --test-threads=1)
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- scripts/with-keyring.sh "${e2e[@]}" 2>&1 | tee -a "$results"
else
  dbus-run-session -- scripts/with-keyring.sh "${e2e[@]}" 2>&1 | tee -a "$results"
fi
# The scenarios must have run, never been skipped.
grep 'test result' "$results" | tail -n 1 | grep -Eq '^test result: ok\. [1-9][0-9]* passed' ||
  { echo "The WebDriver scenarios did not run." >&2; exit 1; }

step "All checks and tests passed in $(( $(date +%s) - started )) s"
# Strip colours, then add up cargo's and Vitest's counts into one closing line.
sed 's/\x1b\[[0-9;]*m//g' "$results" | awk '
  /^test result:/ { passed += $4; failed += $6 }
  /^ *Tests +[0-9]+ passed/ { passed += $2 }
  END { printf "total: %d passed, %d failed\n", passed, failed }'

