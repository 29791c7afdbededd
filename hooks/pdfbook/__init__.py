"""The guide as one printed book: assemble, print with Chromium, post-process.

Pure code: nothing here imports MkDocs. ``hooks/pdf.py`` starts an
:class:`~hooks.pdfbook.export.Export` (Chromium) before the site is built, turns
MkDocs' nav into a list of :class:`Part` and finishes the export once the site
is built; :func:`export_pdf` does both at once. Tests call the pieces directly.

The printing half (export, render, postprocess: Playwright and pypdf) is
imported on first use, so a build without the PDF does not pay for it.
"""

from __future__ import annotations

import importlib
from typing import Any

from hooks.pdfbook.plan import PDF_PATH, BookError, BookMeta, Part, PlanPage

__all__ = ["PDF_PATH", "BookError", "BookMeta", "Part", "PlanPage", "export_pdf", "find_chromium"]
_LAZY = {"export_pdf": "hooks.pdfbook.export", "find_chromium": "hooks.pdfbook.render"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
