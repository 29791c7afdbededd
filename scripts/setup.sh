#!/usr/bin/env bash
# Set up the project's own environment: a virtualenv with the pinned Python
# packages, and the pinned npm packages (Mermaid, jsdom).
# Usage: scripts/setup.sh [requirements-file]
set -euo pipefail
cd "$(dirname "$0")/.."

requirements="${1:-requirements.txt}"
python="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
# Reinstall only when the pins changed since the last successful install.
stamp=".venv/.installed-$(basename "$requirements")"
if [ ! -f "$stamp" ] || ! cmp -s "$requirements" "$stamp"; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  # Hash-locked (pip-compile --generate-hashes): a changed or swapped package
  # on the index fails the install instead of running in our build.
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$requirements"
  cp "$requirements" "$stamp"
fi

# Same idea for npm: rerun `npm ci` only when package-lock.json changed.
if [ ! -d node_modules/mermaid ] || ! cmp -s package-lock.json node_modules/.installed-package-lock.json; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-package-lock.json
fi
