"""MkDocs hook: the same commit always builds the same bytes.

MkDocs stamps every page's sitemap ``<lastmod>`` and the gzip header of
``sitemap.xml.gz`` with the build date, which is the clock unless
``SOURCE_DATE_EPOCH`` is set (https://reproducible-builds.org/specs/source-date-epoch/).
This hook sets it, when the caller has not, to the time of the last commit, so
two builds of one commit agree, on any day and any machine. Outside a git
checkout (a copied fixture site) it falls back to the newest file time under
docs/, which is still not the clock. Everything else in site/ was measured to be
deterministic already (tests/test_reproducible.py builds twice and compares
every file): jieba's segmentation, the search index order and the assets.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("reproducible")
ENV = "SOURCE_DATE_EPOCH"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not os.environ.get(ENV):
        root = Path(config.config_file_path).parent
        os.environ[ENV] = str(source_date_epoch(root, Path(config.docs_dir)))
        log.debug("%s=%s", ENV, os.environ[ENV])
    return config


# The last commit's time (seconds since the epoch), else the newest mtime under docs/.
def source_date_epoch(root: Path, docs_dir: Path) -> int:
    return git_commit_time(root) or newest_mtime(docs_dir)


# `git log -1 --format=%ct` in `root`, or None outside a repository (or without git).
def git_commit_time(root: Path) -> int | None:
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


# The newest modification time of any file under `folder` (0 if none).
def newest_mtime(folder: Path) -> int:
    times = [int(path.stat().st_mtime) for path in folder.rglob("*") if path.is_file()]
    return max(times, default=0)
