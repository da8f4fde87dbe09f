#!/usr/bin/env bash
# Runs every test: UI type check and unit tests, then all Rust tests (core,
# CLI, corpus, and the real app driven through WebDriver under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
. scripts/env.sh

echo "== ui: type check, unit tests, build"
(cd ui && npm run check --silent && npm test --silent && npm run build --silent)

echo "== rust: formatting"
cargo fmt --all --check

echo "== rust: core, CLI, corpus and end-to-end tests"
# The core must build without Tauri or webkit.
if cargo tree -p scrutineer -e normal --prefix none | grep -Eiq "^(tauri|webkit|wry)"; then
  echo "the core crate depends on tauri or webkit" >&2; exit 1
fi
# The end-to-end test needs a display; xvfb-run gives it one. `timeout`
# stops a hung WebDriver session instead of the whole CI run.
timeout 45m xvfb-run -a -s "-screen 0 1280x900x24" cargo test --workspace --locked --features scrutineer-app/e2e

echo "== rust: the corpus read again with the built-in PDF reader (members without poppler)"
# Most members' laptops have no poppler: the same facts must hold for the
# built-in reader. (The timing test compares with pdftotext and is for the
# poppler path only.)
SCRUTINEER_PDF_READER=builtin cargo test --locked -p scrutineer --test integration -- money:: accuracy:: pdf:: \
  --skip ingest_with_word_positions
