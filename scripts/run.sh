#!/usr/bin/env bash
# The main job: set up, ingest the sample corpus into the default store, serve on :8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/tiltaksbanken ingest data/sample
.venv/bin/tiltaksbanken stats
if ! .venv/bin/tiltaksbanken users list --json | grep -q '"administrator"'; then
    echo
    echo "No administrator yet. To create the first one (prints a one-time invitation link):"
    echo "  .venv/bin/tiltaksbanken users add admin --role administrator --name 'Ditt navn' --base-url http://127.0.0.1:${PORT:-8000}"
    echo
fi
exec .venv/bin/tiltaksbanken serve --host 127.0.0.1 --port "${PORT:-8000}" --workers "${WORKERS:-2}"
