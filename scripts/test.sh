#!/usr/bin/env bash
# Set up and run every check: ruff, then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check tiltaksbanken tests bench
.venv/bin/python -m pytest "$@"
