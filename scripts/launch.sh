#!/usr/bin/env bash
# Builds and opens Scrutineer. On first run the library is empty, so the
# sample papers in assets/samples are imported and shown straight away.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh
(cd ui && npm run build --silent)
exec cargo run --quiet -p scrutineer-app "$@"
