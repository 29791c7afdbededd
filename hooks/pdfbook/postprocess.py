"""After Chromium: the cover and the TOC, the bookmarks (outline) and the document information.

The book is printed once with its cover and TOC blank, and those pages a
second time on their own with the page numbers filled in
(hooks/pdfbook/render.py). Their content, resources and links go over the
blank pages, and the outline and the information are added, in one
incremental update appended to Chromium's file (new objects, the replaced
pages and catalog, an xref section pointing back to the old one). pypdf's own
writer clones the whole book first, which took a minute or more for the guide.
"""

from __future__ import annotations

import io
import re

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from hooks.pdfbook.assemble import TocEntry
from hooks.pdfbook.plan import BookError, BookMeta
from hooks.pdfbook.render import Destination

CREATOR = "hooks/pdf.py (MkDocs) + Chromium"
# Chromium's own Info dates (the wall clock), which stay in the file under the update.
CHROMIUM_DATE = re.compile(
    rb"""(?x)
    (?P<key>/(?:CreationDate|ModDate)\x20\()   # the key and the string's opening parenthesis
    D:\d{14}\+00'00'                          # the time Chromium printed, always in UTC
    (?=\))"""
)
# What a page of the front matter brings over the blank page it replaces.
FRONT_KEYS = ("/Contents", "/Resources", "/Annots", "/MediaBox")
# Keys that point back into the page tree of the front's own file: not copied.
PAGE_TREE_KEYS = ("/Parent", "/P")


# The PDF with `front` (a PDF of the cover and the TOC, if given) over its
# first pages, an outline entry for every TOC entry and the book's metadata.
def finish_pdf(
    pdf: bytes,
    toc: list[TocEntry],
    dests: dict[str, Destination],
    meta: BookMeta,
    front: bytes | None = None,
) -> bytes:
    pdf = _stamp_dates(pdf, meta)
    start = int(pdf[pdf.rindex(b"startxref") + len(b"startxref") :].split()[0])
    if not pdf[start:].startswith(b"xref"):
        return _finish_with_pypdf(pdf, toc, dests, meta, front)  # an xref stream: let pypdf rewrite it all
    reader = PdfReader(io.BytesIO(pdf))
    update = _Update(reader)
    pages: list[IndirectObject] = []
    for page in reader.pages:
        assert page.indirect_reference is not None  # pages read from a file have one
        pages.append(page.indirect_reference)
    if front is not None:
        _splice_front(update, reader, _front_pages(front, len(pages), dests), pages)

    outlines = update.add(DictionaryObject({NameObject("/Type"): NameObject("/Outlines")}))
    _link_children(update, outlines, toc, dests, pages)
    outlines_dict = update.objects[outlines.idnum]
    assert isinstance(outlines_dict, DictionaryObject)
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
        self.objects: dict[int, PdfObject] = {}

    # Give `obj` the next free object number; returns its reference.
    def add(self, obj: PdfObject) -> IndirectObject:
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


# The pages of `front`, checked: fewer than the book's `pages`, and every link
# on them to a destination of the book (Chromium names the heading; the name
# is only defined in the book, where the heading was printed).
def _front_pages(front: bytes, pages: int, dests: dict[str, Destination]) -> list[PageObject]:
    found = list(PdfReader(io.BytesIO(front)).pages)
    if len(found) >= pages:
        raise BookError(f"the cover and TOC print on {len(found)} pages, the whole book on {pages}")
    for number, page in enumerate(found, start=1):
        for annot in page.get("/Annots") or []:
            name = annot.get_object().get("/Dest")
            if isinstance(name, str) and name.lstrip("/") not in dests:
                raise BookError(f"a link on page {number} of the TOC points at {name}, which is not in the book")
    return found


# The front pages' content, resources and links, copied into the update with
# new object numbers, replace those of the book's first pages; each page object
# keeps its number and its place in the page tree.
def _splice_front(
    update: _Update, reader: PdfReader, front: list[PageObject], pages: list[IndirectObject]
) -> None:
    # A reference to a front page (a link's target) is one to the book's page.
    copied: dict[int, IndirectObject] = {}
    for page, target in zip(front, pages):
        assert page.indirect_reference is not None
        copied[page.indirect_reference.idnum] = target
    for index, page in enumerate(front):
        target = pages[index]
        replaced = DictionaryObject(dict(reader.pages[index].items()))
        for key in FRONT_KEYS:
            replaced.pop(NameObject(key), None)
            value = page.raw_get(key) if key in page else None
            if value is not None:
                replaced[NameObject(key)] = _copy(update, value, copied)
        update.objects[target.idnum] = replaced


# `obj` from another file as objects of the update: every object it refers to
# is added once (`copied` maps its old number to its new reference), except
# the page tree around it.
def _copy(update: _Update, obj: PdfObject, copied: dict[int, IndirectObject]) -> PdfObject:
    if isinstance(obj, IndirectObject):
        if obj.idnum not in copied:
            copied[obj.idnum] = update.add(NullObject())  # first, for objects that refer back
            target = obj.get_object()  # None: a reference to no object, which reads as null
            update.objects[copied[obj.idnum].idnum] = _copy(update, NullObject() if target is None else target, copied)
        return copied[obj.idnum]
    if isinstance(obj, StreamObject):
        stream = StreamObject()
        # The encoded bytes as they are (the filter comes with the dictionary):
        # decoding and encoding again would only cost time. /Length is written anew.
        stream.set_data(obj._data)
        for key, value in obj.items():
            if key != "/Length":
                stream[NameObject(key)] = _copy(update, value, copied)
        return stream
    if isinstance(obj, DictionaryObject):
        return DictionaryObject(
            {NameObject(key): _copy(update, value, copied) for key, value in obj.items() if key not in PAGE_TREE_KEYS}
        )
    if isinstance(obj, ArrayObject):
        return ArrayObject(_copy(update, item, copied) for item in obj)
    return obj  # a number, name, string, boolean or null: nothing to follow


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
        sibling = update.objects[ref.idnum]
        assert isinstance(sibling, DictionaryObject)
        if index:
            sibling[NameObject("/Prev")] = refs[index - 1]
        if index + 1 < len(refs):
            sibling[NameObject("/Next")] = refs[index + 1]
    if refs:
        holder = update.objects[parent.idnum]
        assert isinstance(holder, DictionaryObject)
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
    pdf: bytes, toc: list[TocEntry], dests: dict[str, Destination], meta: BookMeta, front: bytes | None = None
) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    if front is not None:
        for page, target in zip(_front_pages(front, len(writer.pages), dests), writer.pages):
            for key in FRONT_KEYS:
                target.pop(NameObject(key), None)
                value = page.raw_get(key) if key in page else None
                if value is not None:
                    target[NameObject(key)] = value.clone(writer)

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
