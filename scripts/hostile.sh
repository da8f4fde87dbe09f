#!/usr/bin/env bash
# The hostile-input suite (tests/hostile.rs, issue 8) at full sizes: 100 MB
# lines, a million page breaks, 60 MB Word files, 1 GB stream bombs. The
# test prints the table itself: case, time, peak memory, outcome.
# SCRUTINEER_HOSTILE_ONLY=word runs only the cases whose name holds it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
SCRUTINEER_HOSTILE_FULL=1 cargo test --release -p scrutineer --test integration hostile -- --nocapture --test-threads=1
