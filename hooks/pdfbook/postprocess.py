"""After Chromium: the bookmarks (outline) and the document information."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit

from hooks.pdfbook.assemble import TocEntry
from hooks.pdfbook.plan import BookMeta
from hooks.pdfbook.render import Destination


# Add an outline entry for every TOC entry, set the metadata; returns the new PDF.
def finish_pdf(pdf: bytes, toc: list[TocEntry], dests: dict[str, Destination], meta: BookMeta) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))

    def add(entries: list[TocEntry], parent: object | None) -> None:
        for entry in entries:
            dest = dests[entry.anchor]
            item = writer.add_outline_item(
                title=entry.title, page_number=dest.page, parent=parent, fit=Fit.xyz(left=0, top=dest.top)
            )
            add(entry.children, item)

    add(toc, None)
    stamp = meta.date.strftime("D:%Y%m%d000000Z")
    writer.add_metadata(
        {
            "/Title": meta.title,
            "/Author": meta.author,
            "/Subject": meta.subtitle,
            "/Creator": "hooks/pdf.py (MkDocs) + Chromium",
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
