"""The guide as one printed book: assemble, print with Chromium, post-process.

Pure code: nothing here imports MkDocs. ``hooks/pdf.py`` starts an
:class:`~hooks.pdfbook.export.Export` (Chromium) before the site is built, turns
MkDocs' nav into a list of :class:`Part` and finishes the export once the site
is built; :func:`export_pdf` does both at once. Tests call the pieces directly.
"""

from __future__ import annotations

from hooks.pdfbook.export import PDF_PATH, export_pdf
from hooks.pdfbook.plan import BookError, BookMeta, Part, PlanPage
from hooks.pdfbook.render import find_chromium

__all__ = ["PDF_PATH", "BookError", "BookMeta", "Part", "PlanPage", "export_pdf", "find_chromium"]
