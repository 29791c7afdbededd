"""The whole export: assemble, print, add the outline, write the file."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from hooks.pdfbook.assemble import Book, find_cjk_font, prepare_book
from hooks.pdfbook.plan import PDF_PATH, BookError, BookMeta, Part
from hooks.pdfbook.postprocess import finish_pdf
from hooks.pdfbook.render import Overflow, Printed, find_chromium, print_book

# Seconds for the browser part. Printing the guide (one full print and one of
# the cover and the TOC) can take minutes on a busy 2-core machine, so a tight limit would fail by chance.
DEFAULT_TIMEOUT = 300.0


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: int
    size: int
    seconds: float  # from the book's assembly to the written file: what the export adds to the build
    # Seconds each step took: "start" (Chromium, in the background while the
    # site was built), "assemble", "load", "fonts", "width check", "print",
    # "front" (the cover and TOC), "finish".
    steps: dict[str, float]
    overflows: list[Overflow]  # elements wider than the print area (Chromium shrank every page)


class Export:
    """An export under way: Chromium starts at once, in a thread of its own
    (Playwright's sync API keeps to the thread it started in), and waits there
    for the book while MkDocs builds the site; finish() assembles the book from
    the built pages and hands it over. Either finish() or cancel() ends it."""

    def __init__(self, site_dir: Path, *, chromium: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.site_dir = site_dir
        self.steps: dict[str, float] = {}
        self._book: Future[Book] = Future()
        self._printed: Future[Printed] = Future()
        chromium = chromium or find_chromium()
        font = find_cjk_font()

        def run() -> None:
            try:
                printed = print_book(self._book.result, site_dir, chromium, timeout, self.steps, font=font)
            except Exception as error:  # noqa: BLE001 - handed to finish(), which raises it
                self._printed.set_exception(error)
            else:
                self._printed.set_result(printed)

        threading.Thread(target=run, name="pdf-export", daemon=True).start()

    # Assemble `parts` of the built site, print and write the book.
    def finish(self, parts: list[Part], meta: BookMeta) -> ExportResult:
        start = time.monotonic()
        try:
            book = prepare_book(parts, meta)
            if not book.toc:
                raise BookError("nothing to print: the nav has no pages")
        except BaseException as error:
            self._book.set_exception(error)  # Chromium closes
            raise
        self.steps["assemble"] = time.monotonic() - start
        self._book.set_result(book)
        printed = self._printed.result()
        started = time.monotonic()
        final = finish_pdf(printed.pdf, book.toc, printed.dests, meta, printed.front)
        path = self.site_dir / PDF_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(final)
        self.steps["finish"] = time.monotonic() - started
        return ExportResult(
            path, printed.pages, len(final), time.monotonic() - start, self.steps, printed.overflows
        )

    # The build failed: Chromium closes without printing.
    def cancel(self) -> None:
        if not self._book.done():
            self._book.set_exception(BookError("the site was not built"))


# Print `parts` of the site built in `site_dir` to site_dir/PDF_PATH.
def export_pdf(
    parts: list[Part],
    meta: BookMeta,
    site_dir: Path,
    *,
    chromium: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> ExportResult:
    return Export(site_dir, chromium=chromium, timeout=timeout).finish(parts, meta)


# PDF_TIMEOUT in seconds (default DEFAULT_TIMEOUT), or a clear error.
def timeout_from(value: str | None) -> float:
    if not value:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError as error:
        raise BookError(f"PDF_TIMEOUT={value!r}: not a number of seconds") from error
    if seconds <= 0:
        raise BookError(f"PDF_TIMEOUT={value!r}: must be more than 0 seconds")
    return seconds
