"""Print the book with Chromium (through Playwright), served from 127.0.0.1.

The diagrams are already SVG in the pages (hooks/diagram_svg.py), so the book
is ready once it has loaded: nothing runs in it and nothing is waited for.

Before printing, the book is laid out at the width of the print area and every
element wider than that is reported: Chromium would shrink every page of the
book to make room for it.

The book is printed once. In that print the cover and the TOC take their
place but are not drawn (their page numbers are placeholders as wide as any
real number), so every page of the body is final; then the cover and the TOC
alone are printed with the real numbers, a print of a few pages, and
hooks/pdfbook/postprocess.py puts them over the blank pages. Should the
numbered TOC take more or fewer pages than the blank one, the body has moved:
the whole book is printed again with the TOC numbered, until the numbers hold
(up to MAX_PASSES more prints).

The PDF is not tagged: for the guide, Chromium's structure tree is some 48,000
objects, 4-5 MB of a 12 MB file and a third of the printing time (issue #16
asks for at most 6 MB and an export at most 3x a plain build). The outline,
the links and the text layer stay.
"""

from __future__ import annotations

import io
import os
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from hooks.common.browser import CHROMIUM_ARGS, ChromiumMissing
from hooks.common.browser import find_chromium as find_browser
from hooks.common.static_server import QuietHandler, serve_directory
from hooks.pdfbook.assemble import BOOK_PATH, FONT_PATH, Book, book_html
from hooks.pdfbook.plan import BookError

MAX_PASSES = 4
# The print area of print.css's @page: A4 (210 mm) less 18 mm margins each side,
# in CSS px (96 per inch). Keep the two in step.
PRINT_WIDTH_MM = 210 - 2 * 18
PRINT_WIDTH_PX = PRINT_WIDTH_MM * 96 / 25.4
# Elements wider than the print area, named in an error; more are only counted.
OVERFLOW_SHOWN = 8


@dataclass(frozen=True)
class Destination:
    page: int  # 0-based page index
    top: float  # PDF user-space y of the anchor


@dataclass(frozen=True)
class Overflow:
    """An element wider than the print area."""

    src: str  # the page it comes from ("" for the cover and the TOC)
    element: str  # tag and classes, e.g. "table" or "pre.highlight"
    width: float  # CSS px its content needs
    text: str  # the start of its text, to find it


@dataclass(frozen=True)
class Printed:
    pdf: bytes  # the book; its first `len(front)` pages are blank when there is a front
    dests: dict[str, Destination]
    front: bytes | None  # the cover and the numbered TOC, printed on their own (None: already in `pdf`)
    overflows: list[Overflow]
    pages: int  # of `pdf`, which the front matter does not change


# The browser (hooks/common/browser.py), or a BookError that says how to get one.
def find_chromium(
    env: Mapping[str, str] = os.environ, which: Callable[[str], str | None] = shutil.which
) -> str:
    try:
        return find_browser("PDF export", env, which)
    except ChromiumMissing as error:
        raise BookError(str(error)) from error


# The built site on 127.0.0.1 (hooks/common/static_server.py), plus the CJK
# print font at FONT_PATH and whatever goes into the yielded dict (path ->
# content type and bytes): the print document, at BOOK_PATH.
@contextmanager
def serve_book(site_dir: Path, font: Path) -> Iterator[tuple[str, dict[str, tuple[str, bytes]]]]:
    extra = {FONT_PATH: ("font/ttf", font.read_bytes())}

    class BookHandler(QuietHandler):
        def do_GET(self) -> None:
            found = extra.get(self.path.split("?")[0])
            if found is None:
                super().do_GET()
                return
            kind, body = found
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with serve_directory(site_dir, BookHandler) as base:
        yield base, extra


# Print `book` to PDF with its TOC numbered; also where each anchor is, and what
# is too wide for the page. `book` may be a function that returns it (waiting
# for the site to be built and the book assembled while Chromium starts): the
# timeout counts from when it has returned.
def print_book(
    book: Book | Callable[[], Book],
    site_dir: Path,
    chromium: str,
    timeout: float,
    steps: dict[str, float] | None = None,
    *,
    font: Path,
) -> Printed:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    steps = steps if steps is not None else {}
    started = time.monotonic()
    deadline = started + timeout
    site_dir.mkdir(parents=True, exist_ok=True)  # started before the build writes it
    with serve_book(site_dir, font) as (base, served), sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=CHROMIUM_ARGS, timeout=_left_ms(deadline, "starting Chromium")
            )
        except PlaywrightError as error:
            raise BookError(f"{chromium}: Chromium did not start: {str(error).splitlines()[0]}") from error
        steps["start"] = time.monotonic() - started
        try:
            if callable(book):
                book = book()
                deadline = time.monotonic() + timeout
            started = time.monotonic()
            served[BOOK_PATH] = ("text/html; charset=utf-8", book_html(book).encode("utf-8"))
            page = browser.new_page(viewport={"width": int(PRINT_WIDTH_PX), "height": 1000})
            page.emulate_media(media="print")
            # Offline first: the book may load nothing but the local site.
            page.route("**/*", lambda route: _only_local(route, base))
            page.goto(base + BOOK_PATH, wait_until="load", timeout=_left_ms(deadline, "loading the book"))
            steps["load"] = time.monotonic() - started
            started = time.monotonic()
            # Web fonts load as text needs them; print only once all have.
            page.evaluate("() => document.fonts.ready.then(() => true)")
            steps["fonts"] = time.monotonic() - started
            started = time.monotonic()
            overflows = find_overflows(page)
            steps["width check"] = time.monotonic() - started
            printed, front = _print_once(page, book, steps) or _print_until_settled(page, book, deadline, steps)
            return Printed(printed.pdf, printed.dests, front, overflows, printed.pages)
        except PlaywrightError as error:
            raise BookError(f"Chromium failed while printing: {str(error).splitlines()[0]}") from error
        finally:
            # Pending routes would print tracebacks once the browser is gone.
            for open_page in browser.contexts[0].pages if browser.contexts else []:
                open_page.unroute_all(behavior="ignoreErrors")
            browser.close()


# The book in one full print: the body with the cover and the TOC laid out
# but not drawn (so every page number and destination is final), then the
# cover and the TOC alone, numbered: a small print. None if the numbered front
# matter takes another number of pages than the blank one (a page number wider
# than the placeholder, a title that wraps anew): the body's pages moved.
def _print_once(page, book: Book, steps: dict[str, float]) -> tuple[_Print, bytes | None] | None:
    started = time.monotonic()
    _set_mode(page, FRONT_BLANK)
    printed = _read_print(_print(page), book)
    dests = printed.dests
    steps["print"] = time.monotonic() - started
    started = time.monotonic()
    _set_toc_numbers(page, {anchor: dests[anchor].page + 1 for anchor in book.anchors()})
    _set_mode(page, FRONT_ONLY)
    front = _print(page)
    steps["front"] = time.monotonic() - started
    # The TOC ends with a page break, so the first chapter starts the body.
    blank = dests[book.anchors()[0]].page
    return (printed, front) if len(PdfReader(io.BytesIO(front)).pages) == blank else None


# The whole book printed with the TOC numbered, again until the numbers are
# the pages their headings are on: each print numbers the TOC with the pages
# of the last one. Only needed when the numbered TOC is longer or shorter than
# the blank one; up to MAX_PASSES prints.
def _print_until_settled(
    page, book: Book, deadline: float, steps: dict[str, float]
) -> tuple[_Print, bytes | None]:
    numbers = {anchor: int(text) for anchor, text in _toc_numbers(page).items()}
    _set_mode(page, None)
    for number in range(1, MAX_PASSES + 1):
        _left_ms(deadline, "numbering the table of contents")
        started = time.monotonic()
        _set_toc_numbers(page, numbers)
        printed = _read_print(_print(page), book)
        steps[f"reprint {number}"] = time.monotonic() - started
        found = {anchor: printed.dests[anchor].page + 1 for anchor in book.anchors()}
        if found == numbers:
            return printed, None
        numbers = found
    raise BookError(f"the table of contents did not settle after {MAX_PASSES} more prints of the book")


# What the next print shows (print.css): FRONT_BLANK, FRONT_ONLY, or None for everything.
FRONT_BLANK = "book-front-blank"
FRONT_ONLY = "book-front-only"


def _set_mode(page, mode: str | None) -> None:
    page.evaluate(
        "([modes, mode]) => { for (const name of modes) document.body.classList.toggle(name, name === mode); }",
        [[FRONT_BLANK, FRONT_ONLY], mode],
    )


def _print(page) -> bytes:
    return page.pdf(
        prefer_css_page_size=True, print_background=True, tagged=False, outline=False, display_header_footer=False
    )


# A printed book: its destinations and number of pages, or an error naming TOC anchors it lacks.
def _read_print(pdf: bytes, book: Book) -> _Print:
    dests, pages = read_destinations(pdf)
    missing = [anchor for anchor in book.anchors() if anchor not in dests]
    if missing:
        raise BookError(f"{len(missing)} heading(s) not found in the printed PDF: {', '.join(missing[:5])}")
    return _Print(pdf, dests, pages)


@dataclass(frozen=True)
class _Print:
    pdf: bytes
    dests: dict[str, Destination]
    pages: int


# Elements of the loaded book wider than the print area (the page is as wide as
# the print area): the innermost ones, each with the page it comes from. None
# when the document is no wider than the page, which is what Chromium looks at
# (a closing bracket hanging a few px past a line's end does not count).
OVERFLOW_SCRIPT = """
(limit) => {
  if (document.documentElement.scrollWidth <= limit + 1) return [];
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    // A diagram's insides are drawn inside its own box: only the <svg> counts.
    if (el.ownerSVGElement) continue;
    const box = el.getBoundingClientRect();
    if (!box.width && !box.height) continue;
    const right = Math.max(box.right, box.left + el.scrollWidth);
    // Chromium prints at 657.6 px, and glyph runs end on fractions of a pixel.
    if (right > limit + 2 || box.left < -2) wide.push([el, right]);
  }
  const inner = wide.filter(([el]) => !wide.some(([other]) => other !== el && el.contains(other)));
  return inner.map(([el, right]) => ({
    src: (el.closest("[data-src]") || {dataset: {}}).dataset.src || "",
    element: el.tagName.toLowerCase() + [...el.classList].map((name) => "." + name).join(""),
    width: Math.round(right),
    text: (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60),
  }));
}
"""


def find_overflows(page) -> list[Overflow]:
    found = page.evaluate(OVERFLOW_SCRIPT, PRINT_WIDTH_PX)
    return [Overflow(item["src"], item["element"], float(item["width"]), item["text"]) for item in found]


# One line per element too wide for the page, for the build log.
def describe_overflows(overflows: list[Overflow]) -> str:
    lines = [
        f"{item.src or 'cover/TOC'}: <{item.element}> needs {item.width:.0f} px of "
        f"{PRINT_WIDTH_PX:.0f} px ({item.text!r})"
        for item in overflows[:OVERFLOW_SHOWN]
    ]
    if len(overflows) > OVERFLOW_SHOWN:
        lines.append(f"... and {len(overflows) - OVERFLOW_SHOWN} more")
    return "\n".join(lines)


# Let requests to the local server through; abort any other host.
def _only_local(route, base: str) -> None:
    from playwright.sync_api import Error as PlaywrightError

    try:
        if route.request.url.startswith(base + "/") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            route.abort()
    except PlaywrightError:
        pass  # the page closed under the request (an export that failed): nothing to route


# Milliseconds left before `deadline`, or the timeout error naming the step.
def _left_ms(deadline: float, step: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise BookError(f"PDF export timed out while {step} (raise PDF_TIMEOUT, in seconds)")
    return left * 1000


# Write page numbers into the TOC of the loaded page.
def _set_toc_numbers(page, numbers: dict[str, int]) -> None:
    page.evaluate(
        "(numbers) => { for (const el of document.querySelectorAll('.book-toc__page[data-anchor]')) {"
        " const n = numbers[el.dataset.anchor]; if (n !== undefined) el.textContent = String(n); } }",
        numbers,
    )


# The numbers the TOC of the loaded page shows, by anchor.
def _toc_numbers(page) -> dict[str, str]:
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('.book-toc__page[data-anchor]')]"
        ".map((el) => [el.dataset.anchor, el.textContent]))"
    )


# Named destinations of a PDF (anchor id -> page and height) and its number of
# pages, from one read of the file.
def read_destinations(pdf: bytes) -> tuple[dict[str, Destination], int]:
    reader = PdfReader(io.BytesIO(pdf))
    found = {}
    for name, dest in reader.named_destinations.items():
        page = reader.get_destination_page_number(dest)
        if page is not None:  # a destination on no page points nowhere in the book
            found[str(name).lstrip("/")] = Destination(page, float(dest.get("/Top") or 0))
    return found, len(reader.pages)
