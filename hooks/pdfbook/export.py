"""The whole export: assemble, print, add the outline, write the file."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from hooks.pdfbook.assemble import Book, find_cjk_font, prepare_book
from hooks.pdfbook.plan import BookError, BookMeta, Part
from hooks.pdfbook.postprocess import finish_pdf
from hooks.pdfbook.render import Overflow, find_chromium, print_book

# Where the PDF lands, relative to the site folder; the site links here.
PDF_PATH = "pdf/cloud-native-interview-guide.pdf"
# Seconds for the browser part. Printing the guide (one full print and one of
# the cover and the TOC) can take minutes on a busy 2-core machine, so a tight limit would fail by chance.
DEFAULT_TIMEOUT = 300.0


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: int
    size: int
    seconds: float
    # Seconds each step took, in the order they ended: "start" (Chromium), "assemble"
    # (at the same time, in a thread), "wait" (for the assembly, once Chromium is up),
    # "load", "fonts", "width check", "print", "front" (cover and TOC), "finish".
    steps: dict[str, float]
    overflows: list[Overflow]  # elements wider than the print area (Chromium shrank every page)


# Print `parts` of the site built in `site_dir` to site_dir/PDF_PATH.
def export_pdf(
    parts: list[Part],
    meta: BookMeta,
    site_dir: Path,
    *,
    chromium: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> ExportResult:
    start = time.monotonic()
    chromium = chromium or find_chromium()
    font = find_cjk_font()
    steps: dict[str, float] = {}

    def assemble() -> Book:
        started = time.monotonic()
        book = prepare_book(parts, meta)
        steps["assemble"] = time.monotonic() - started
        return book

    # The book is assembled (Python) while Chromium starts (another process).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(assemble)

        def ready_book() -> Book:
            book = pending.result()
            if not book.toc:
                raise BookError("nothing to print: the nav has no pages")
            return book

        printed = print_book(ready_book, site_dir, chromium, timeout, steps, font=font)
        book = pending.result()
    started = time.monotonic()
    final = finish_pdf(printed.pdf, book.toc, printed.dests, meta, printed.front)
    path = site_dir / PDF_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(final)
    pages = len(PdfReader(path).pages)
    steps["finish"] = time.monotonic() - started
    return ExportResult(path, pages, len(final), time.monotonic() - start, steps, printed.overflows)


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
