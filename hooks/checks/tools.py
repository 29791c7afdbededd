"""Finding the external tools every check runs, in one place."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path


# A tool next to the running Python (the venv's bin/, where requirements.txt
# installs hadolint, shellcheck, go, ...) first, then on PATH.
def find_tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


# The non-empty lines `tool --version` prints (stdout, else stderr), cached:
# fingerprints ask on every build. A tool that cannot run says why instead.
@functools.cache
def version_lines(tool: str) -> tuple[str, ...]:
    try:
        done = subprocess.run([tool, "--version"], check=False, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return (f"unusable ({error})",)
    lines = [line for line in (done.stdout or done.stderr).splitlines() if line.strip()]
    return tuple(lines) or ("unknown",)
