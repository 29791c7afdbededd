"""The one build date of the guide: ``SOURCE_DATE_EPOCH`` if set, else the last commit's time.

Every date a build writes (the sitemap's ``<lastmod>``, the gzip header of
``sitemap.xml.gz``, the PDF cover) comes from here, so one commit always builds
the same bytes on any day (https://reproducible-builds.org/specs/source-date-epoch/).
Outside a git checkout there is no honest date to take: the caller must set
``SOURCE_DATE_EPOCH``. File times are never used; a build touches them.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

ENV = "SOURCE_DATE_EPOCH"


class BuildDateError(Exception):
    """No build date can be had; the message says what to set."""


# Seconds since 1970 of the build: SOURCE_DATE_EPOCH, else the last commit in `root`.
def build_epoch(root: Path, env: Mapping[str, str] = os.environ) -> int:
    value = env.get(ENV, "").strip()
    if value:
        if not value.isdigit():
            raise BuildDateError(f"{ENV}={value!r}: not a Unix timestamp (whole seconds since 1970)")
        return int(value)
    epoch = last_commit_epoch(root)
    if epoch is None:
        raise BuildDateError(
            f"{root}: not a git checkout with a commit, so there is no build date; "
            f"set {ENV} (seconds since 1970) to the date the build should carry"
        )
    return epoch


# The build date as a calendar date in UTC (the PDF cover's date).
def build_date(root: Path, env: Mapping[str, str] = os.environ) -> dt.date:
    return dt.datetime.fromtimestamp(build_epoch(root, env), tz=dt.UTC).date()


# `git log -1 --format=%ct` in `root`, or None outside a repository (or without git).
def last_commit_epoch(root: Path) -> int | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        proc = subprocess.run([git, "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                              text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = proc.stdout.strip()
    return int(text) if proc.returncode == 0 and text.isdigit() else None
