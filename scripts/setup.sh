#!/usr/bin/env bash
# Set up everything Tiltaksbanken needs on a fresh Debian machine with Python 3.11:
# a virtual environment in .venv with the pinned packages from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if ! "$PYTHON" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
  echo "Tiltaksbanken needs Python 3.11 (found: $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
# Debian packages: the Norwegian word lists the OCR repair builds its lexicon from,
# Tesseract with Norwegian, Swedish, Danish and English data for scanned PDFs and images,
# and Node.js/npm for the web app's front-end assets (only if the machine has no npm).
DEBS="hunspell-no hunspell-tools wnorwegian tesseract-ocr tesseract-ocr-nor tesseract-ocr-swe"
DEBS="$DEBS tesseract-ocr-dan tesseract-ocr-eng ${EXTRA_DEBS:-}"
# Pango and DejaVu fonts for the kokebok's PDF (WeasyPrint).
DEBS="$DEBS libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
command -v npm >/dev/null 2>&1 || DEBS="$DEBS nodejs npm"
if ! "$PYTHON" -m venv --help >/dev/null 2>&1; then DEBS="$DEBS python3-venv"; fi
missing=""
for pkg in $DEBS; do dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"; done
if [ -n "$missing" ]; then
  echo "Installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# Front-end assets served by the web app (NAV's design system CSS, its font, Swagger UI;
# axe-core for the accessibility tests), pinned by package-lock.json.
npm_stamp=node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)
if [ ! -f "$npm_stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch "$npm_stamp"
fi

# The lexicon caches: OCR words and person names (built once; under a minute).
.venv/bin/tiltaksbanken build-lexicon --if-missing

# Opt-in: a PostgreSQL server of the project's own (scripts/postgres.sh prints its URL).
if [ "${TILTAKSBANKEN_POSTGRES:-0}" = 1 ]; then bash scripts/postgres.sh; fi
