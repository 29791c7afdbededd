#!/usr/bin/env bash
# Set up the project's own environment: Debian's Chromium and CJK fonts (the
# build draws diagrams and prints the PDF with them), a virtualenv with the
# pinned Python packages and this project installed in editable mode, and the
# pinned npm packages (Mermaid, jsdom).
# Usage: scripts/setup.sh [requirements-file] [extra Debian packages...]
set -euo pipefail
cd "$(dirname "$0")/.."

requirements="${1:-requirements.txt}"
shift || true
python="${PYTHON:-python3}"

# Debian packages: the browser and fonts for every build, plus what the caller
# asks for (test.sh: poppler-utils). As root they are installed; otherwise the
# script says which command to run and fails only if the caller needs them.
needed=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || needed+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || needed+=(fonts-noto-cjk)
# The PDF's regular CJK text: a TrueType font, which Chromium embeds subsetted
# (hooks/pdfbook/print.css says why Noto CJK alone would not do).
[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || needed+=(fonts-droid-fallback)
# ... and its full-width punctuation, set the simplified-Chinese way.
[ -f /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf ] || needed+=(fonts-arphic-gbsn00lp)
for package in "$@"; do
  case "$package" in
    poppler-utils) command -v pdftotext >/dev/null || needed+=(poppler-utils) ;;
    *) dpkg -s "$package" >/dev/null 2>&1 || needed+=("$package") ;;
  esac
done
if [ "${#needed[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
  else
    echo "setup.sh: missing Debian packages ${needed[*]}; install them with:" >&2
    echo "  sudo apt-get install -y ${needed[*]}" >&2
    [ "${SETUP_DEBIAN_OPTIONAL:-0}" = 1 ] || exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
# Reinstall only when the pins (or the project's own metadata) changed since
# the last successful install.
stamp=".venv/.installed-$(basename "$requirements")"
if [ ! -f "$stamp" ] || ! cmp -s <(cat "$requirements" pyproject.toml) "$stamp"; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  # Hash-locked (pip-compile --generate-hashes): a changed or swapped package
  # on the index fails the install instead of running in our build.
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$requirements"
  # The project itself, editable, with the pinned setuptools just installed:
  # MkDocs loads hooks by file path, and this is what lets them import `hooks.*`.
  # (setuptools warns about editable installs even under --quiet: shown only on failure.)
  if ! out=$(.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
      --no-build-isolation -e . 2>&1); then
    echo "$out" >&2
    exit 1
  fi
  cat "$requirements" pyproject.toml > "$stamp"
fi

# Same idea for npm: rerun `npm ci` only when package-lock.json changed.
if [ ! -d node_modules/mermaid ] || ! cmp -s package-lock.json node_modules/.installed-package-lock.json; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-package-lock.json
fi
