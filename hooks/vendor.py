"""Serve the pinned Mermaid from the site itself, never from a CDN.

package-lock.json is the one place where the Mermaid version is written. This
hook copies that build into docs/assets/vendor/ (git-ignored), where
mkdocs-mermaid2 looks for it, and exposes the version as
``config.extra.versions.mermaid`` for the pages and the PDF.
"""

from __future__ import annotations

import filecmp
import json
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

# Where npm installs Mermaid, relative to the directory that holds mkdocs.yml.
MERMAID_DIST = Path("node_modules/mermaid/dist/mermaid.min.js")
# Where mermaid2's `javascript:` option points, relative to docs_dir.
MERMAID_TARGET = Path("assets/vendor/mermaid.min.js")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    source = root / MERMAID_DIST
    if not source.is_file():
        raise PluginError(
            f"{MERMAID_DIST}: not found. Run `npm ci` in {root} to install the "
            "Mermaid version pinned in package-lock.json."
        )
    target = Path(config.docs_dir) / MERMAID_TARGET
    # Copy only when it changed, so `mkdocs serve` does not see a new file and
    # rebuild in a loop.
    if not target.is_file() or not filecmp.cmp(source, target, shallow=False):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    config.extra.setdefault("versions", {})["mermaid"] = read_mermaid_version(root)
    return config


# The version npm actually installed, as recorded in the lock file.
def read_mermaid_version(root: Path) -> str:
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/mermaid"]["version"]
