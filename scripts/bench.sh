#!/usr/bin/env bash
# Prints the cost of a sign-in (Argon2id) and of an authenticated request, measured through
# keyfob-client against a real server on loopback, in an optimised build.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --profile measure --locked -p keyfob-server --example auth_cost
