"""Print the book with Chromium (through Playwright), served from 127.0.0.1.

Two passes at least: the first finds the page every TOC entry landed on, the
numbers are written into the TOC, and the book is printed again. Printing
repeats until the numbers stop moving.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from hooks.common.browser import CHROMIUM_ARGS, ChromiumMissing
from hooks.common.browser import find_chromium as find_browser
from hooks.pdfbook.assemble import BOOK_PATH, Book, book_html
from hooks.pdfbook.plan import BookError

MAX_PASSES = 4


@dataclass(frozen=True)
class Destination:
    page: int  # 0-based page index
    top: float  # PDF user-space y of the anchor


# The browser (hooks/common/browser.py), or a BookError that says how to get one.
def find_chromium(
    env: Mapping[str, str] = os.environ, which: Callable[[str], str | None] = shutil.which
) -> str:
    try:
        return find_browser("PDF export", env, which)
    except ChromiumMissing as error:
        raise BookError(str(error)) from error


class _Handler(http.server.SimpleHTTPRequestHandler):
    book: bytes = b""

    def do_GET(self) -> None:
        if self.path.split("?")[0] == BOOK_PATH:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(self.book)))
            self.end_headers()
            self.wfile.write(self.book)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


# The built site on 127.0.0.1, plus the print document at BOOK_PATH.
@contextmanager
def serve_site(site_dir: Path) -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("BookHandler", (_Handler,), {})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


# Print `book` to PDF bytes with its TOC numbered; also returns where each anchor is.
def print_book(
    book: Book, site_dir: Path, chromium: str, timeout: float, steps: dict[str, float] | None = None
) -> tuple[bytes, dict[str, Destination]]:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    deadline = time.monotonic() + timeout
    with serve_site(site_dir) as (base, handler), sync_playwright() as playwright:
        handler.book = book_html(book).encode("utf-8")
        try:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=CHROMIUM_ARGS, timeout=_left_ms(deadline, "starting Chromium")
            )
        except PlaywrightError as error:
            raise BookError(f"{chromium}: Chromium did not start: {str(error).splitlines()[0]}") from error
        try:
            page = browser.new_page()
            page.emulate_media(media="print")
            # Offline first: the book may load nothing but the local site.
            page.route("**/*", lambda route: _only_local(route, base))
            page.goto(base + BOOK_PATH, wait_until="load", timeout=_left_ms(deadline, "loading the book"))
            _wait_for_diagrams(page, book, deadline)
            steps = steps if steps is not None else {}
            steps["load"] = time.monotonic() - (deadline - timeout)
            numbers: dict[str, int] = {}
            for number in range(1, MAX_PASSES + 1):
                started = time.monotonic()
                _set_toc_numbers(page, numbers)
                pdf = page.pdf(
                    prefer_css_page_size=True,
                    print_background=True,
                    tagged=True,
                    outline=False,
                    display_header_footer=False,
                )
                dests = read_destinations(pdf)
                missing = [anchor for anchor in book.anchors() if anchor not in dests]
                if missing:
                    raise BookError(
                        f"{len(missing)} heading(s) not found in the printed PDF: {', '.join(missing[:5])}"
                    )
                steps[f"pass {number}"] = time.monotonic() - started
                found = {anchor: dests[anchor].page + 1 for anchor in book.anchors()}
                if found == numbers:
                    return pdf, dests
                numbers = found
                _left_ms(deadline, "numbering the table of contents")
            raise BookError(f"the table of contents did not settle after {MAX_PASSES} passes")
        finally:
            # Pending routes would print tracebacks once the browser is gone.
            for open_page in browser.contexts[0].pages if browser.contexts else []:
                open_page.unroute_all(behavior="ignoreErrors")
            browser.close()


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


# Wait until every diagram is an SVG (or failed); name the page that did not finish.
def _wait_for_diagrams(page, book: Book, deadline: float) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "() => window.__book && window.__book.done",
            timeout=_left_ms(deadline, "drawing diagrams"),
            polling=100,
        )
    except PlaywrightTimeout as error:
        pending = page.evaluate(
            "() => { const p = document.querySelector('pre.mermaid:not(.book-diagram--failed)');"
            " return p ? p.dataset.src : null; }"
        )
        where = f"{pending}: a diagram" if pending else "the book"
        raise BookError(
            f"{where} did not finish rendering within PDF_TIMEOUT (raise PDF_TIMEOUT, in seconds)"
        ) from error
    state = page.evaluate(
        "() => ({errors: window.__book.errors, svgs: document.querySelectorAll('.book-diagram > svg').length,"
        " syntax: [...document.querySelectorAll('.book-diagram')].filter(d => /Syntax error/.test(d.textContent))"
        ".map(d => d.dataset.src)})"
    )
    problems = list(state["errors"]) + [
        f"{src}: a diagram rendered as a Mermaid syntax error" for src in state["syntax"]
    ]
    if not problems and state["svgs"] != book.diagrams:
        problems.append(f"{book.diagrams} diagram(s) in the pages but {state['svgs']} rendered SVG(s)")
    if problems:
        raise BookError("diagrams failed in the PDF export:\n" + "\n".join(problems))


# Write the page numbers of the last pass into the TOC of the loaded page.
def _set_toc_numbers(page, numbers: dict[str, int]) -> None:
    if numbers:
        page.evaluate(
            "(numbers) => { for (const el of document.querySelectorAll('.book-toc__page[data-anchor]')) {"
            " const n = numbers[el.dataset.anchor]; if (n !== undefined) el.textContent = String(n); } }",
            numbers,
        )


# Named destinations of a PDF: anchor id -> page and height.
def read_destinations(pdf: bytes) -> dict[str, Destination]:
    reader = PdfReader(io.BytesIO(pdf))
    found = {}
    for name, dest in reader.named_destinations.items():
        found[str(name).lstrip("/")] = Destination(
            reader.get_destination_page_number(dest), float(dest.get("/Top") or 0)
        )
    return found
