#!/usr/bin/env bash
# Set up and run every check: ruff, then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser tests drive Debian's Chromium (with Playwright from PyPI).
EXTRA_DEBS="$(command -v chromium >/dev/null 2>&1 || echo chromium)" bash scripts/setup.sh
.venv/bin/ruff check tiltaksbanken tests bench
.venv/bin/lint-imports --no-cache
# The store tests run on PostgreSQL too, against a server of the project's own.
TILTAKSBANKEN_TEST_PG=${TILTAKSBANKEN_TEST_PG:-$(TILTAKSBANKEN_PG_FSYNC=off bash scripts/postgres.sh)}
export TILTAKSBANKEN_TEST_PG
.venv/bin/python -m pytest "$@"
