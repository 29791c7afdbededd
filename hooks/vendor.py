"""Serve the pinned front-end libraries from the site itself, never from a CDN.

package-lock.json is the one place where their versions are written. This hook
copies them from node_modules into docs/assets/vendor/ (git-ignored):

- Mermaid, where mkdocs-mermaid2's ``javascript:`` option points;
- iframe-worker's shim, which Material's offline plugin would otherwise load
  from unpkg so that search runs from file://.

It also exposes Mermaid's version as ``config.extra.versions.mermaid`` for the
pages and the PDF.
"""

from __future__ import annotations

import filecmp
import json
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

# node_modules file (relative to mkdocs.yml's folder) -> path under docs_dir.
VENDORED = {
    # mermaid2's `javascript:` option in mkdocs.yml points here.
    Path("node_modules/mermaid/dist/mermaid.min.js"): Path("assets/vendor/mermaid.min.js"),
    Path("node_modules/iframe-worker/shim/index.js"): Path("assets/vendor/iframe-worker-shim.js"),
}
IFRAME_WORKER_SHIM = "assets/vendor/iframe-worker-shim.js"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    for source, target in VENDORED.items():
        copy_if_changed(root / source, Path(config.docs_dir) / target, root)
    config.extra.setdefault("versions", {})["mermaid"] = read_mermaid_version(root)
    use_local_iframe_worker(config)
    return config


# Copy only when the content changed, so `mkdocs serve` does not see a new
# file and rebuild in a loop.
def copy_if_changed(source: Path, target: Path, root: Path) -> None:
    if not source.is_file():
        raise PluginError(
            f"{source.relative_to(root)}: not found. Run `npm ci` in {root} to install "
            "the front-end libraries pinned in package-lock.json."
        )
    if not target.is_file() or not filecmp.cmp(source, target, shallow=False):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


# Material's offline plugin adds unpkg's iframe-worker shim to extra.polyfills;
# swap it for the local copy (and add it if this hook runs first).
def use_local_iframe_worker(config: MkDocsConfig) -> None:
    offline = config.plugins.get("material/offline")
    if offline is None or not offline.config.enabled:
        return
    polyfills = [url for url in config.extra.get("polyfills", []) if "iframe-worker" not in str(url)]
    config.extra["polyfills"] = [*polyfills, IFRAME_WORKER_SHIM]


# The version npm actually installed, as recorded in the lock file.
def read_mermaid_version(root: Path) -> str:
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/mermaid"]["version"]
