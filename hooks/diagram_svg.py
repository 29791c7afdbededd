"""MkDocs hook: every Mermaid diagram drawn once at build time, as inline SVG.

``mkdocs build`` replaces each ``<pre class="mermaid">`` that mkdocs-mermaid2's
fence wrote with a ``<figure>`` holding a light and a dark SVG (switched by
Material's palette, see extra.css) and a caption from the diagram's
``accTitle``/``accDescr``. With no diagram left in a page, mkdocs-mermaid2 adds
no script: the published, offline and PDF builds ship no Mermaid JavaScript.
Until on_post_page, a page holds a placeholder comment for each SVG, so the
hooks and plugins that parse page content (search, practice) do not wade
through path data. Drawings are cached in ``.cache/diagrams`` (or ``$DIAGRAM_CACHE_DIR``) by
source, settings, theme, Mermaid and browser version.

``mkdocs serve`` keeps drawing in the browser through mkdocs-mermaid2, for live
editing, with the same settings; this hook only escapes the source there, so
that ``<br/>`` in a label reaches Mermaid as text instead of becoming an element.

Drawing needs Chromium (Debian's ``chromium``); without it the build stops and
says which package to install.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from hooks.checks.mermaid import Diagram, extract_diagrams
from hooks.common.browser import ChromiumMissing, find_chromium
from hooks.diagrams.cache import DrawingCache, drawing_key
from hooks.diagrams.draw import Drawer, DrawError, browser_version
from hooks.diagrams.figure import Drawing, accessible_text, figure_html
from hooks.mermaid2_linear import MERMAID_PRE, PLUGIN_NAME
from hooks.vendor import MERMAID_JS, node_modules_file

log = get_plugin_logger("diagrams")
CACHE_ENV = "DIAGRAM_CACHE_DIR"
PLACEHOLDER = re.compile(r"<!--cnig-diagram:(\d+)-->")
# Mermaid's themes for Material's two palettes.
THEMES = {"light": "default", "dark": "dark"}


class _Build:
    """What one build shares between pages: the browser, the cache, the problems."""

    def __init__(self, config: MkDocsConfig) -> None:
        root = Path(config.config_file_path).resolve().parent
        self.root = root
        self.mermaid_js = node_modules_file(MERMAID_JS)
        self.mermaid_version = str(config.extra["versions"]["mermaid"])
        plugin = config.plugins.get(PLUGIN_NAME)
        self.settings = dict(getattr(plugin, "config", {}).get("arguments") or {}) if plugin else {}
        folder = os.environ.get(CACHE_ENV)
        self.cache = DrawingCache(Path(folder) if folder else root / ".cache" / "diagrams")
        self._chromium: str | None = None
        self._drawer: Drawer | None = None
        self.problems: list[str] = []
        self.drawn = self.reused = 0
        # The SVGs of this build, by the number their placeholder carries.
        self.svgs: list[str] = []

    # A page carries a placeholder until on_post_page: the search index, the
    # practice hook and Material's own page handling parse the content HTML,
    # and the SVG would be most of it (hundreds of KB of path data).
    def placeholder(self, drawing: Drawing) -> str:
        self.svgs.append(drawing.svg)
        return f"<!--cnig-diagram:{len(self.svgs) - 1}-->"

    def fill(self, html_text: str) -> str:
        return PLACEHOLDER.sub(lambda m: self.svgs[int(m[1])], html_text)

    # The browser and its version, found on the first diagram (a site without
    # diagrams needs no browser).
    def chromium(self) -> str:
        if self._chromium is None:
            try:
                self._chromium = find_chromium("Drawing the Mermaid diagrams")
            except ChromiumMissing as error:
                raise PluginError(str(error)) from error
        return self._chromium

    # One variant of a diagram, from the cache or drawn now.
    def drawing(self, source: str, variant: str) -> Drawing:
        chromium = self.chromium()
        settings = {**self.settings, "theme": THEMES[variant]}
        key = drawing_key(source, variant, settings, self.mermaid_version, browser_version(chromium, self.cache.folder))
        cached = self.cache.get(key)
        if cached is not None:
            self.reused += 1
            return cached
        if self._drawer is None:
            self._drawer = Drawer(chromium, self.mermaid_js)
        svg_id = f"mmd-{key[:12]}"
        drawing = self._drawer.draw(svg_id, source, {**settings, "deterministicIds": True, "deterministicIDSeed": svg_id})
        self.cache.put(key, drawing)
        self.drawn += 1
        return drawing

    def close(self) -> None:
        if self._drawer is not None:
            self._drawer.close()
            self._drawer = None


_command = "build"
_build: _Build | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> None:
    global _build
    _build = None if _command == "serve" else _Build(config)


# Each diagram block of the page becomes its figure (build), or is escaped (serve).
def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "mermaid" not in html_text:
        return html_text
    if _build is None:
        return escape_for_browser(html_text)
    source_path = Path(page.file.abs_src_path or page.file.src_uri)
    diagrams = extract_diagrams(source_path, page.file.content_string)
    blocks = list(MERMAID_PRE.finditer(html_text))
    if len(blocks) != len(diagrams):
        _build.problems.append(
            f"docs/{page.file.src_uri}: {len(diagrams)} ```mermaid fences but {len(blocks)} diagram blocks "
            "in the HTML; is a fence inside something that does not render Markdown?"
        )
        return html_text
    parts, start = [], 0
    for block, diagram in zip(blocks, diagrams, strict=True):
        parts += [html_text[start : block.start()], _figure(diagram, page)]
        start = block.end()
    return "".join(parts) + html_text[start:]


# The SVGs go in last, into the finished page.
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _build is None or "<!--cnig-diagram:" not in output:
        return output
    return _build.fill(output)


# Stop the build once, after every page was tried, if any diagram failed.
def on_env(env: object, config: MkDocsConfig, files: Files) -> None:
    if _build is None:
        return
    _build.close()
    if _build.drawn or _build.reused:
        log.info("%d drawn, %d from the cache", _build.drawn, _build.reused)
    if _build.problems:
        for problem in _build.problems:
            log.error(problem)
        raise PluginError(f"{len(_build.problems)} diagram problem(s); see above")


def on_shutdown() -> None:
    if _build is not None:
        _build.close()


# One diagram's figure, or its source left as it was and a problem recorded.
def _figure(diagram: Diagram, page: Page) -> str:
    assert _build is not None
    where = f"docs/{page.file.src_uri}:{diagram.line - 1}"
    try:
        light = _build.drawing(diagram.text, "light")
        dark = _build.drawing(diagram.text, "dark")
    except DrawError as error:
        _build.problems.append(f"{where}: Mermaid could not draw this diagram: {error}")
        return ""
    for title, label in dict.fromkeys(tuple(pair) for pair in light.overlaps):
        _build.problems.append(
            f'{where}: the subgraph title "{title}" is drawn over "{label}": '
            "Mermaid wraps a title wider than its subgraph onto the nodes; shorten the title"
        )
    title, description = accessible_text(diagram.text)
    return figure_html(light, dark, title, description, svg=_build.placeholder)


# For mkdocs serve: the diagram's source as text, so the browser's Mermaid reads
# it exactly as written (mermaid2's fence writes it unescaped).
def escape_for_browser(html_text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        whole, body = match.group(0), match.group("body")
        inner = body
        if inner.startswith("<code>") and inner.endswith("</code>"):
            inner = inner[len("<code>") : -len("</code>")]
            return whole.replace(body, f"<code>{html.escape(inner, quote=False)}</code>", 1)
        return whole.replace(body, html.escape(inner, quote=False), 1)

    return MERMAID_PRE.sub(escape, html_text)
