#!/usr/bin/env bash
# Dependency hygiene: cargo-deny's licence, ban and source checks (deny.toml) and npm's audit of
# the UI's runtime packages. Both advisory databases live outside the package registries; where
# one cannot be reached from this machine, that check says so and is skipped, never faked.
set -euo pipefail
cd "$(dirname "$0")/.."

# Every crate of Cargo.lock in the registry cache first (a fresh machine has none yet); then
# cargo-deny needs no network. The advisories check needs RustSec's database from GitHub, which
# the build machines cannot reach.
cargo fetch --locked --quiet
cargo deny --offline check licenses bans sources
duplicates=$(cargo deny --offline check bans 2>&1 | grep -c '^warning\[duplicate\]' || true)
echo "cargo-deny: licences, bans and sources ok; ${duplicates} crates in more than one version (listed as warnings above, mostly Tauri's platform crates)."
echo "cargo-deny advisories: not checked here (the RustSec database is fetched from GitHub, which this machine cannot reach)."

# The packages the built UI ships (not the build tools).
audit=$(npm --prefix ui audit --omit=dev 2>&1) && status=0 || status=$?
if [ "$status" -eq 0 ]; then
  echo "npm audit (runtime packages): no known vulnerabilities."
elif grep -q 'audit endpoint returned an error\|ENOTFOUND\|ECONNREFUSED\|EAI_AGAIN\|ETIMEDOUT' <<< "$audit"; then
  echo "npm audit: the registry's advisory service cannot be reached from this machine; not checked."
else
  echo "$audit"
  echo "npm audit found vulnerable runtime packages (above)." >&2
  exit 1
fi
