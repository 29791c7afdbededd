#!/usr/bin/env bash
# Command 1 of the README: set everything up and serve the site on
# http://127.0.0.1:8000 with live reload. Serving draws diagrams in the browser,
# so a missing Chromium only warns here; `mkdocs build` needs it.
set -euo pipefail
cd "$(dirname "$0")/.."
SETUP_DEBIAN_OPTIONAL=1 scripts/setup.sh requirements.txt
# Material prints an end-of-life banner at every build; our commands silence it.
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 "$@"
