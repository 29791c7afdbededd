#!/usr/bin/env bash
# Command 2 of the README: set up what the tests need, then run every test,
# browser and PDF tests included. Extra arguments go to pytest, for example
# `bash scripts/test.sh -m "not slow"` for the fast local loop.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh requirements-test.txt poppler-utils
export NO_MKDOCS_2_WARNING=1
export PATH="$PWD/.venv/bin:$PATH"
exec .venv/bin/python -m pytest "$@"
