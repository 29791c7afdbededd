"""Serve the pinned front-end libraries from the site itself, never from a CDN.

package-lock.json is the one place where their versions are written. This hook
adds them to the site as generated files (``on_files``), read straight from the
project's node_modules, so a build writes nothing under docs/:

- Mermaid, for ``mkdocs serve`` only, where mkdocs-mermaid2 draws diagrams in
  the browser for live editing; a build draws them into SVG instead
  (hooks/diagram_svg.py) and ships no Mermaid;
- iframe-worker's shim, which Material's offline plugin would otherwise load
  from unpkg so that search runs from file://.

It also exposes Mermaid's version as ``config.extra.versions.mermaid`` for the
pages, the diagram cache and the PDF.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

# The project root: node_modules and package-lock.json live here, also for the
# fixture sites the tests build from other folders.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
MERMAID_JS = "mermaid/dist/mermaid.min.js"
IFRAME_WORKER_JS = "iframe-worker/shim/index.js"
# Site paths. mermaid2's `javascript:` option in mkdocs.yml points at the first.
MERMAID_SITE_PATH = "assets/vendor/mermaid.min.js"
IFRAME_WORKER_SHIM = "assets/vendor/iframe-worker-shim.js"

_command = "build"


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.extra.setdefault("versions", {})["mermaid"] = read_mermaid_version()
    use_local_iframe_worker(config)
    return config


# The libraries join the site's files as generated files: copied into site/,
# served by `mkdocs serve`, never written under docs/.
def on_files(files: Files, config: MkDocsConfig) -> Files:
    wanted = {IFRAME_WORKER_SHIM: IFRAME_WORKER_JS} if offline_enabled(config) else {}
    if _command == "serve":
        wanted[MERMAID_SITE_PATH] = MERMAID_JS
    for site_path, package_file in wanted.items():
        if files.get_file_from_path(site_path) is None:
            files.append(File.generated(config, site_path, abs_src_path=str(node_modules_file(package_file))))
    return files


# A file of an installed npm package, or a clean failure that says to run npm ci.
def node_modules_file(package_file: str) -> Path:
    path = PROJECT_ROOT / "node_modules" / package_file
    if not path.is_file():
        raise PluginError(
            f"node_modules/{package_file}: not found. Run `npm ci` in {PROJECT_ROOT} to install "
            "the front-end libraries pinned in package-lock.json."
        )
    return path


def offline_enabled(config: MkDocsConfig) -> bool:
    offline = config.plugins.get("material/offline")
    return offline is not None and bool(offline.config.enabled)


# Material's offline plugin adds unpkg's iframe-worker shim to extra.polyfills;
# swap it for the local copy (and add it if this hook runs first).
def use_local_iframe_worker(config: MkDocsConfig) -> None:
    if not offline_enabled(config):
        return
    polyfills = [url for url in config.extra.get("polyfills", []) if "iframe-worker" not in str(url)]
    config.extra["polyfills"] = [*polyfills, IFRAME_WORKER_SHIM]


# The version npm actually installed, as recorded in the lock file.
def read_mermaid_version(root: Path = PROJECT_ROOT) -> str:
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/mermaid"]["version"])
