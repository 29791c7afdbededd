"""Finding and starting Debian's Chromium, for the diagrams, the PDF and the browser tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

# Environment variables that name a browser, first match wins.
CHROMIUM_ENV = ("PDF_CHROMIUM", "CHROMIUM")
CHROMIUM_PATHS = ("/usr/bin/chromium",)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
# Headless as root on a machine with no network but the package registries:
# without the background-networking flags Chromium keeps dialling Google.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


class ChromiumMissing(Exception):
    """No usable browser; the message says how to get one."""


# A Chromium binary: $PDF_CHROMIUM or $CHROMIUM, then the usual paths and names.
# `purpose` starts the message: "PDF export", "Drawing the diagrams".
def find_chromium(
    purpose: str = "This build",
    env: Mapping[str, str] = os.environ,
    which: Callable[[str], str | None] = shutil.which,
) -> str:
    for name in CHROMIUM_ENV:
        value = env.get(name, "").strip()
        if value:
            if _executable(value):
                return value
            raise ChromiumMissing(f"{name}={value}: not an executable file; point it at a Chromium or Chrome binary")
    for candidate in [*CHROMIUM_PATHS, *(which(name) for name in CHROMIUM_NAMES)]:
        if candidate and _executable(candidate):
            return candidate
    raise ChromiumMissing(
        f"{purpose} needs Chromium and none was found (looked for $PDF_CHROMIUM, $CHROMIUM, "
        f"{', '.join(CHROMIUM_PATHS)}, and {', '.join(CHROMIUM_NAMES)} on PATH). "
        "Install Debian's package with `apt-get install chromium`, or set CHROMIUM to a Chromium/Chrome binary."
    )


# True for a file this process may run.
def _executable(path: str) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)
