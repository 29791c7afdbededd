#!/usr/bin/env bash
# Command 2 of the README: set up what the tests need, then run every test,
# browser and PDF tests included. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser, the CJK fonts and the PDF tools come from Debian's packages.
needed=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || needed+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || needed+=(fonts-noto-cjk)
command -v pdftotext >/dev/null || needed+=(poppler-utils)
if [ "${#needed[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
  else
    echo "test.sh: missing ${needed[*]}; install them with:" >&2
    echo "  sudo apt-get install -y ${needed[*]}" >&2
    exit 1
  fi
fi

scripts/setup.sh requirements-test.txt
export NO_MKDOCS_2_WARNING=1
export PATH="$PWD/.venv/bin:$PATH"
exec .venv/bin/python -m pytest "$@"
