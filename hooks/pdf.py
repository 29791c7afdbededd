"""MkDocs hook: `PDF_EXPORT=1 mkdocs build` also prints the whole guide as one PDF.

The book lands at site/pdf/cloud-native-interview-guide.pdf. The work lives in
the pure package hooks/pdfbook/; this file only maps MkDocs' nav onto it, and
starts Chromium before the build (on the other core while MkDocs writes the
pages) so that it is ready when the built site is to be printed. Any
other build, and `mkdocs serve`, skips every step, including the download
links: a link is only added when the file it points at is written, so no build
ever carries a dead link (and strict mode never sees one, as the links go into
the HTML after Markdown's link validation).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from hooks.pdfbook.plan import (
    EXCLUDED_PAGES,
    PDF_PATH,
    PREFACE_TITLE,
    BookError,
    BookMeta,
    Part,
    PlanPage,
    build_date,
)

# The printing half (Playwright, pypdf) is imported only when exporting.
if TYPE_CHECKING:
    from hooks.pdfbook.export import Export

log = get_plugin_logger("pdf")

DOWNLOAD_TITLE = "下载 PDF"
HOME_PAGE = "index.md"
HOME_PARAGRAPH = (
    '<p class="pdf-download"><a href="{href}" download>下载 PDF 版</a>：'
    "整本书一个文件，带目录和书签，适合离线阅读和打印。</p>"
)


class _State:
    def __init__(self) -> None:
        self.command = "build"
        self.parts: list[Part] = []
        self.export: Export | None = None


STATE = _State()


# Remember the command: `mkdocs serve` never exports.
def on_startup(command: str, dirty: bool) -> None:
    STATE.command = command


# PDF_EXPORT set (not 0/false/no), and not serving.
def _enabled() -> bool:
    return STATE.command != "serve" and os.environ.get("PDF_EXPORT", "").strip().lower() not in (
        "",
        "0",
        "false",
        "no",
    )


# Start Chromium now, in the background: it is ready when the site is built.
def on_pre_build(config: MkDocsConfig) -> None:
    if not _enabled():
        return
    try:
        from hooks.pdfbook.export import Export, timeout_from

        STATE.export = Export(Path(config.site_dir), timeout=timeout_from(os.environ.get("PDF_TIMEOUT")))
    except BookError as error:
        raise PluginError(f"PDF export: {error}") from None


# A failed build prints nothing: Chromium closes.
def on_build_error(error: Exception) -> None:
    if STATE.export is not None:
        STATE.export.cancel()
        STATE.export = None


# Plan the book from the nav, and add the download entry to it.
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    if not _enabled():
        return nav
    STATE.parts = plan_parts(nav, Path(config.site_dir))
    # The header tab / nav entry. MkDocs' `url` filter makes it relative to each page.
    nav.items.append(Link(DOWNLOAD_TITLE, PDF_PATH))
    return nav


# The home page ends with a download paragraph, unless its map (hooks/practice)
# already links to the book.
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _enabled() or page.file.src_uri != HOME_PAGE or PDF_PATH in html:
        return html
    return html + HOME_PARAGRAPH.format(href=PDF_PATH)


# Print the built site; any problem fails the build with one message.
def on_post_build(config: MkDocsConfig) -> None:
    export, STATE.export = STATE.export, None
    if export is None:
        return
    root = Path(config.config_file_path).parent
    try:
        meta = BookMeta(
            title=config.site_name,
            subtitle=config.site_description or "",
            author=config.site_author or "",
            versions={k: str(v) for k, v in (config.extra.get("versions") or {}).items()},
            date=build_date(root),
            site_url=config.site_url or "",
        )
        result = export.finish(STATE.parts, meta)
    except BookError as error:
        export.cancel()
        raise PluginError(f"PDF export: {error}") from None
    if result.overflows:
        from hooks.pdfbook.render import describe_overflows

        # A warning, so a strict build fails: Chromium shrank every page to fit these.
        log.warning(
            f"PDF: {len(result.overflows)} element(s) wider than the print area; Chromium shrinks every "
            f"page of the book to fit them:\n{describe_overflows(result.overflows)}"
        )
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.steps.items())
    log.info(
        f"PDF: {result.path} ({result.pages} pages, {result.size / 1e6:.1f} MB, {result.seconds:.1f} s; {steps})"
    )


# The nav as book parts: each top-level section a chapter, a top-level page its own part.
def plan_parts(nav: Navigation, site_dir: Path) -> list[Part]:
    def plan_page(page: Page) -> PlanPage:
        return PlanPage(
            page.file.src_uri, page.url, page.title or page.file.src_uri, site_dir / page.file.dest_uri
        )

    parts = []
    for item in nav.items:
        if isinstance(item, Page) and item.file.src_uri not in EXCLUDED_PAGES:
            title = PREFACE_TITLE if item.file.src_uri == HOME_PAGE else (item.title or "")
            parts.append(Part(title, [plan_page(item)], opener=True, retitle=item.file.src_uri == HOME_PAGE))
        elif isinstance(item, Section):
            pages = [plan_page(p) for p in _pages(item) if p.file.src_uri not in EXCLUDED_PAGES]
            if pages:
                opener = pages[0].src.endswith("index.md") and pages[0].src != HOME_PAGE
                parts.append(Part(item.title, pages, opener=opener))
    return parts


# Every page under a section, nested sections flattened, in nav order.
def _pages(section: Section) -> list[Page]:
    found = []
    for child in section.children:
        if isinstance(child, Page):
            found.append(child)
        elif isinstance(child, Section):
            found.extend(_pages(child))
    return found
