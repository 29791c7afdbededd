"""MkDocs hook: the same commit always builds the same bytes.

MkDocs stamps every page's sitemap ``<lastmod>`` and the gzip header of
``sitemap.xml.gz`` with the build date, which is the clock unless
``SOURCE_DATE_EPOCH`` is set. This hook sets it, when the caller has not, to
the one build date of hooks/common/build_date.py: the last commit's time.
Outside a git checkout the build stops and asks for ``SOURCE_DATE_EPOCH``:
file times are no date (a build or a copy touches them). Everything else in
site/ was measured to be deterministic already (tests/test_reproducible.py
builds a clone twice and compares every file).
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from hooks.common.build_date import ENV, BuildDateError, build_epoch

log = get_plugin_logger("reproducible")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    try:
        os.environ[ENV] = str(build_epoch(root))
    except BuildDateError as error:
        raise PluginError(str(error)) from error
    log.debug("%s=%s", ENV, os.environ[ENV])
    return config
