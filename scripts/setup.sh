#!/usr/bin/env bash
# Installs whatever this machine is missing to build, run and test Keyfob (Debian 12), and nothing
# that is already there. Safe to run again and again; both README commands start with it.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Tauri's Linux libraries, the WebDriver stack, Xvfb and a D-Bus session for the tests, and
# libfaketime for the run with the clock moved ahead; OpenSSL's libcrypto for SQLCipher; mingw-w64 to
# compile the app for Windows (scripts/cross-check.sh).
APT_PACKAGES=(
  build-essential pkg-config
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev
  libssl-dev webkit2gtk-driver xvfb xauth dbus dbus-x11 gnome-keyring faketime
  gcc-mingw-w64-x86-64
)
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is not installed. Install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi
for component in clippy rustfmt; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    say "Adding the Rust component $component"
    rustup component add "$component"
  fi
done

# The platforms the test command compiles for without running (scripts/cross-check.sh).
for target in x86_64-pc-windows-gnu aarch64-linux-android; do
  if ! rustup target list --installed | grep -qx "$target"; then
    say "Adding the Rust target $target"
    rustup target add "$target"
  fi
done

if ! command -v node >/dev/null 2>&1; then
  say "Installing Node.js"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Keyfob's UI build needs Node.js 20 or newer; this machine has $(node --version)." >&2
  exit 1
fi

# The UI's packages, reinstalled only when the lock file changed since the last install.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "Installing the UI's npm packages"
  npm --prefix ui ci --no-audit --no-fund
fi

cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$cargo_bin/tauri-driver" ]; then
  say "Installing tauri-driver (WebDriver bridge for Tauri apps)"
  cargo install tauri-driver --locked --version '^2'
fi
if ! command -v cargo-deny >/dev/null 2>&1 && [ ! -x "$cargo_bin/cargo-deny" ]; then
  say "Installing cargo-deny (licences, bans and sources of the dependencies)"
  cargo install cargo-deny --locked --version '^0.20'
fi
