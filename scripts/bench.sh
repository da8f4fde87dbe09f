#!/usr/bin/env bash
# Speed and memory figures: parse throughput, PDF ingest against pdftotext.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pdftotext >/dev/null || scripts/setup.sh --test
cargo run --quiet --release -p scrutineer --example bench
