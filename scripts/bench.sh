#!/usr/bin/env bash
# Prints the cost of a sign-in (Argon2id) and of an authenticated request, measured through
# keyfob-client against a real server on loopback, in an optimised build; then the server's own
# time on a remote start and its event fan-out to 1,000 streams; then geofence evaluation for
# 10,000 cars with 10 zones each, against a naive scan, and report → alert latency, on SQLite and
# then the same on PostgreSQL (a throwaway cluster with PostgreSQL's durable defaults).
set -euo pipefail
cd "$(dirname "$0")/.."
# 1,000 event streams need more than the default 1,024 open files.
[ "$(ulimit -n)" -ge 4096 ] || ulimit -n 4096 || true
cargo run --profile measure --locked -p keyfob-server --example auth_cost
cargo run --profile measure --locked -p keyfob-server --example command_cost
cargo run --profile measure --locked -p keyfob-server --example geofence_cost
KEYFOB_PG_DURABLE=1 scripts/with-postgres.sh sh -c 'KEYFOB_BENCH_DATABASE_URL="$KEYFOB_TEST_POSTGRES_URL" \
  exec cargo run --profile measure --locked -p keyfob-server --example geofence_cost'
