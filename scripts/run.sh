#!/usr/bin/env bash
# The main job: set up, ingest the sample corpus into the default store, serve on :8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/tiltaksbanken ingest data/sample
.venv/bin/tiltaksbanken stats
exec .venv/bin/tiltaksbanken serve --host 127.0.0.1 --port "${PORT:-8000}" --workers "${WORKERS:-2}"
