"""Draw Mermaid diagrams in headless Chromium with the pinned Mermaid."""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from hooks.common.browser import CHROMIUM_ARGS

from .figure import Drawing, compact, natural_size

DRAW_SCRIPT = Path(__file__).with_name("draw.js").read_text(encoding="utf-8")
# Starting Chromium and loading Mermaid's 2.7 MB take seconds on a busy machine.
START_TIMEOUT_MS = 120_000


class DrawError(Exception):
    """Mermaid could not draw a diagram, or the browser failed."""


# `chromium --version`, part of every drawing's cache key: another browser
# measures text differently. Asked once per installed binary: the answer is
# kept in `cache_dir` next to the binary's size and time, since starting
# Chromium just to ask costs half a second of every warm build.
def browser_version(chromium: str, cache_dir: Path | None = None) -> str:
    try:
        stat = Path(chromium).stat()
    except OSError as error:
        raise DrawError(f"{chromium}: cannot run it: {error}") from error
    stamp = f"{Path(chromium).resolve()} {stat.st_size} {stat.st_mtime_ns}"
    known = cache_dir / "browser-version.json" if cache_dir else None
    if known is not None:
        try:
            saved = json.loads(known.read_text(encoding="utf-8"))
            if saved.get("stamp") == stamp:
                return str(saved["version"])
        except (OSError, ValueError, KeyError, AttributeError):
            pass
    version = _ask_version(chromium)
    if known is not None:
        known.parent.mkdir(parents=True, exist_ok=True)
        known.write_text(json.dumps({"stamp": stamp, "version": version}), encoding="utf-8")
    return version


@functools.cache
def _ask_version(chromium: str) -> str:
    try:
        done = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DrawError(f"{chromium}: cannot run it: {error}") from error
    return done.stdout.strip() or done.stderr.strip() or "unknown"


class Drawer:
    """One browser page with Mermaid loaded; starts on first use, closes on exit."""

    def __init__(self, chromium: str, mermaid_js: Path) -> None:
        self.chromium = chromium
        self.mermaid_js = mermaid_js
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # Draw `source` with Mermaid `settings`; `svg_id` must be unique within a page.
    def draw(self, svg_id: str, source: str, settings: dict) -> Drawing:
        page = self._open()
        result = page.evaluate(DRAW_SCRIPT, [svg_id, source, settings])
        if "error" in result:
            raise DrawError(result["error"])
        svg, width, height = natural_size(compact(result["svg"]))
        overlaps = [(str(title), str(label)) for title, label in result.get("overlaps", [])]
        return Drawing(svg=svg, width=width, height=height, min_font_px=float(result["minFontPx"]), overlaps=overlaps)

    def _open(self) -> Any:
        if self._page is not None:
            return self._page
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright

        try:
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=self.chromium, args=CHROMIUM_ARGS, timeout=START_TIMEOUT_MS
            )
            page = self._browser.new_page()
            page.set_default_timeout(START_TIMEOUT_MS)
            page.set_content('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body></body></html>')
            page.add_script_tag(path=str(self.mermaid_js))
        except PlaywrightError as error:
            self.close()
            raise DrawError(f"{self.chromium}: Chromium did not start: {str(error).splitlines()[0]}") from error
        self._page = page
        return page

    def close(self) -> None:
        for thing, method in ((self._browser, "close"), (self._playwright, "stop")):
            if thing is not None:
                try:
                    getattr(thing, method)()
                except Exception:  # noqa: BLE001, S110 - closing a browser that already died
                    pass
        self._page = self._browser = self._playwright = None
