#!/usr/bin/env bash
# Compiles (cargo check) what can be compiled here for the platforms this machine cannot run:
# Windows (the whole app, with Debian's mingw-w64) and Android (the crates that need no C
# compiler for the phone). Proves the code for those platforms compiles; runs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "Windows (x86_64-pc-windows-gnu): the whole app"
cargo check -p keyfob-app --locked --target x86_64-pc-windows-gnu

say "Android (aarch64-linux-android): keyfob-core and keyfob-vault"
cargo check -p keyfob-core -p keyfob-vault --locked --target aarch64-linux-android
cat <<'NOTE'
Not checked for Android here: keyfob-client, keyfob-nissanconnect, keyfob-server and keyfob-app.
Their build scripts compile C for the phone (ring, through rustls; SQLCipher and its OpenSSL in
the server and the app), which needs the Android NDK's clang (aarch64-linux-android-clang); the
NDK cannot be installed on this machine. With the NDK, `npx tauri android build` builds them all.
NOTE
