"""After Chromium: the bookmarks (outline) and the document information.

Both are written as an incremental update appended to Chromium's file (new
objects, a new catalog, an xref section pointing back to the old one). pypdf's
own writer clones the whole book first, thousands of Type 3 glyph streams,
which took a minute or more for the guide.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from hooks.pdfbook.assemble import TocEntry
from hooks.pdfbook.plan import BookMeta
from hooks.pdfbook.render import Destination

CREATOR = "hooks/pdf.py (MkDocs) + Chromium"
# Chromium's own Info dates (the wall clock), which stay in the file under the update.
CHROMIUM_DATE = re.compile(
    rb"""(?x)
    (?P<key>/(?:CreationDate|ModDate)\x20\()   # the key and the string's opening parenthesis
    D:\d{14}\+00'00'                          # the time Chromium printed, always in UTC
    (?=\))"""
)


# The PDF with an outline entry for every TOC entry and the book's metadata.
def finish_pdf(pdf: bytes, toc: list[TocEntry], dests: dict[str, Destination], meta: BookMeta) -> bytes:
    pdf = _stamp_dates(pdf, meta)
    start = int(pdf[pdf.rindex(b"startxref") + len(b"startxref") :].split()[0])
    if not pdf[start:].startswith(b"xref"):
        return _finish_with_pypdf(pdf, toc, dests, meta)  # an xref stream: let pypdf rewrite it all
    reader = PdfReader(io.BytesIO(pdf))
    update = _Update(reader)
    pages: list[IndirectObject] = []
    for page in reader.pages:
        assert page.indirect_reference is not None  # pages read from a file have one
        pages.append(page.indirect_reference)

    outlines = update.add(DictionaryObject({NameObject("/Type"): NameObject("/Outlines")}))
    _link_children(update, outlines, toc, dests, pages)
    outlines_dict = update.objects[outlines.idnum]
    outlines_dict[NameObject("/Count")] = NumberObject(len(toc))

    root_ref = reader.trailer.raw_get("/Root")
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    catalog = DictionaryObject(dict(root.items()))
    catalog[NameObject("/Outlines")] = outlines
    catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
    update.objects[root_ref.idnum] = catalog

    info = update.add(DictionaryObject({NameObject(k): TextStringObject(v) for k, v in _info(meta).items()}))
    trailer = DictionaryObject(
        {
            NameObject("/Size"): NumberObject(update.size),
            NameObject("/Root"): root_ref,
            NameObject("/Info"): info,
            NameObject("/Prev"): NumberObject(start),
        }
    )
    if "/ID" in reader.trailer:
        trailer[NameObject("/ID")] = reader.trailer.raw_get("/ID")
    return update.write(pdf, trailer)


class _Update:
    """New and replaced objects of an incremental update."""

    def __init__(self, reader: PdfReader) -> None:
        self.reader = reader
        size = reader.trailer["/Size"]
        assert isinstance(size, int)
        self.size = int(size)
        self.objects: dict[int, DictionaryObject] = {}

    # Give `obj` the next free object number; returns its reference.
    def add(self, obj: DictionaryObject) -> IndirectObject:
        ref = IndirectObject(self.size, 0, self.reader)
        self.objects[self.size] = obj
        self.size += 1
        return ref

    # The old bytes, then the objects, an xref section and `trailer`.
    def write(self, pdf: bytes, trailer: DictionaryObject) -> bytes:
        out = io.BytesIO()
        out.write(pdf)
        if not pdf.endswith(b"\n"):
            out.write(b"\n")
        offsets = {}
        for number in sorted(self.objects):
            offsets[number] = out.tell()
            out.write(f"{number} 0 obj\n".encode())
            self.objects[number].write_to_stream(out)
            out.write(b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n")
        for number in sorted(offsets):
            # Each entry is exactly 20 bytes, ending in space + LF.
            out.write(f"{number} 1\n{offsets[number]:010d} 00000 n \n".encode())
        out.write(b"trailer\n")
        trailer.write_to_stream(out)
        out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
        return out.getvalue()


# Outline items for `entries` under `parent`, linked as siblings; chapters start closed.
def _link_children(
    update: _Update,
    parent: IndirectObject,
    entries: list[TocEntry],
    dests: dict[str, Destination],
    pages: list[IndirectObject],
) -> None:
    refs = []
    for entry in entries:
        dest = dests[entry.anchor]
        item = DictionaryObject(
            {
                NameObject("/Title"): TextStringObject(entry.title),
                NameObject("/Parent"): parent,
                NameObject("/Dest"): ArrayObject(
                    [
                        pages[dest.page],
                        NameObject("/XYZ"),
                        NumberObject(0),
                        FloatObject(dest.top),
                        NumberObject(0),
                    ]
                ),
            }
        )
        ref = update.add(item)
        refs.append(ref)
        if entry.children:
            _link_children(update, ref, entry.children, dests, pages)
            item[NameObject("/Count")] = NumberObject(-len(entry.children))
    for index, ref in enumerate(refs):
        item = update.objects[ref.idnum]
        if index:
            item[NameObject("/Prev")] = refs[index - 1]
        if index + 1 < len(refs):
            item[NameObject("/Next")] = refs[index + 1]
    if refs:
        holder = update.objects[parent.idnum]
        holder[NameObject("/First")] = refs[0]
        holder[NameObject("/Last")] = refs[-1]


# Chromium's print time replaced in place by the build date (same length, so
# every byte offset stays right): the same content gives the same bytes.
def _stamp_dates(pdf: bytes, meta: BookMeta) -> bytes:
    stamp = meta.date.strftime("D:%Y%m%d000000+00'00'").encode()
    return CHROMIUM_DATE.sub(lambda match: match["key"] + stamp, pdf)


# The document information dictionary; dates from the build date, never the clock.
def _info(meta: BookMeta) -> dict[str, str]:
    stamp = meta.date.strftime("D:%Y%m%d000000+00'00'")
    return {
        "/Title": meta.title,
        "/Author": meta.author,
        "/Subject": meta.subtitle,
        "/Creator": CREATOR,
        "/Producer": "Skia/PDF (Chromium)",
        "/CreationDate": stamp,
        "/ModDate": stamp,
    }


# The slow path for a PDF whose xref is a stream: pypdf rewrites the file.
def _finish_with_pypdf(
    pdf: bytes, toc: list[TocEntry], dests: dict[str, Destination], meta: BookMeta
) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))

    def add(entries: list[TocEntry], parent: IndirectObject | None) -> None:
        for entry in entries:
            dest = dests[entry.anchor]
            item = writer.add_outline_item(title=entry.title, page_number=dest.page, parent=parent)
            add(entry.children, item)

    add(toc, None)
    writer.add_metadata(_info(meta))
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
