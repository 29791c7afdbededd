"""Assemble the print document: cover, table of contents, every page's article.

Each built page contributes its ``<article>``. Ids get the page's key as a
prefix so they stay unique in one document, and links between pages become
in-document anchors, so they jump within the PDF. Diagrams are the SVGs the
build drew (hooks/diagram_svg.py); the book keeps the light one of each and
loads no script at all. Pages in SUMMARIZED_PAGES (the errata) are printed as
a short summary that links to the full page on the site.
"""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from hooks.pdfbook.plan import (
    SUMMARIZED_PAGES,
    BookError,
    BookMeta,
    Part,
    PlanPage,
    page_key,
)

# Anything with a class like this is a practice-mode control (self-test
# switches, marks, timers, filters): interactive, so not printed.
PRACTICE_CLASS = re.compile(
    r"""(?x)
    ^(?:practice-.*              # the practice pages' own classes
      | cnig-(?:home|tools|filters|badge|message|switch|bar|timer|reveal|reset|import|export|file
               |mock.*|nav-progress|page-progress|progress.*|count|selftest|hidden|btn|empty)
    )$"""
)
# Elements that only make sense on screen: these tags, anything with one of
# these classes, a permalink (a.headerlink), an input other than a check box or
# a radio button, anything [hidden].
SCREEN_ONLY_TAGS = frozenset({"script", "noscript", "form", "button", "select"})
SCREEN_ONLY_CLASSES = frozenset(
    {"md-content__button", "md-source-file", "md-tags", "md-clipboard", "pdf-download", "md-feedback"}
)
PRINTED_INPUTS = frozenset({"checkbox", "radio"})
# Diagrams: the print widths of a portrait and a landscape page in CSS px (A4
# less print.css's 18 mm side margins), and the smallest label size, in pt,
# a portrait page may print. A diagram whose smallest label would come out
# smaller there gets a landscape page of its own.
PORTRAIT_WIDTH_PX = (210 - 36) * 96 / 25.4
LANDSCAPE_WIDTH_PX = (297 - 36) * 96 / 25.4
MIN_PORTRAIT_LABEL_PT = 8.0
# The figure's style, as hooks/diagrams/figure.py writes it.
DIAGRAM_WIDTH = re.compile(r"--diagram-width:\s*(?P<px>[\d.]+)px")
DIAGRAM_MIN_SCALE = re.compile(r"--diagram-min-scale:\s*(?P<scale>[\d.]+)")
# The label size the site's figure rule was made for (12 px at the figure's
# smallest scale) gives its smallest label; 12 px when no scale was needed.
SITE_LABEL_PX = 12.0
# A code block this short is kept on one page; a longer one may break between lines.
KEEP_TOGETHER_LINES = 15
# A paragraph that leads into the block after it (_leads_in); print.css keeps them together.
LEAD_IN_CLASS = "book-lead"
# Shown in the TOC before the page numbers are known: as wide as any real number,
# so the TOC takes the same space in both passes.
PAGE_PLACEHOLDER = "000"
BOOK_PATH = "/__book__.html"  # where the local server hands out the document
# Most of a page's HTML is diagrams (thousands of SVG elements) and code (a
# span per token), and parsing is most of the assembly's time. Both are cut
# out of the HTML before it is parsed, each left as a placeholder, and put
# back into the rewritten page as text: the light drawing as drawn, the dark
# one not at all, code blocks of pymdownx.highlight's shape (a line span per
# line, see _prepare_code_html) rewritten as text.
CUT_MARK = re.compile(r'<book-cut data-n="(?P<n>\d+)"></book-cut>')
DRAWING_START = re.compile(r'<div class="diagram__(?P<kind>light|dark)"><svg\b')
SVG_TAG = re.compile(r"<(?P<end>/?)svg\b")
CODE_BLOCK = re.compile(r'<pre><span></span><code><span id="__span-.*?</code></pre>', re.DOTALL)
# In a code block: the line-number anchors (and any other link), tags, a line span's id.
CODE_ANCHOR = re.compile(r"</?a\b[^>]*>")
TAG = re.compile(r"<[^>]*>")
CODE_LINE_ID = re.compile(r'<span id="')
# Regular CJK text is printed in Droid Sans Fallback (Debian's fonts-droid-fallback),
# a TrueType font: Chromium embeds it as a subsetted CID font, where the CFF
# outlines of Noto CJK become Type 3 fonts several times the size (print.css).
CJK_FONT_FILES = (Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),)
CJK_FONT_PACKAGE = "fonts-droid-fallback"
CJK_FAMILY = "Book CJK"
FONT_PATH = "/__book__/cjk.ttf"  # where the local server hands out that file
# Chromium stops subsetting a TrueType font once a document uses some 900 of its
# glyphs and embeds all of it (4 MB for this one). So the font is loaded once per
# slice of the characters the book uses, each slice its own face from its own
# URL, so its own subset: the most frequent CJK_SLICE characters first, so that
# most text is set in one face (each change of face restarts the text object
# in the PDF). The guide uses about 1,200 different characters.
CJK_SLICE = 600
CJK_IDEOGRAPHS = (0x3400, 0x9FFF)
# Droid's full-width punctuation sits in the middle of the em box, the
# traditional-Chinese way; simplified Chinese sets ，。：； low. Those few
# characters come from AR PL SungtiL GB (Debian's fonts-arphic-gbsn00lp, a
# TrueType GB font); without it, from Droid. (Noto's would be Type 3 glyphs,
# which pdftotext and copy-and-paste take out of their line.)
PUNCTUATION_FACE = (
    '@font-face { font-family: "Book CJK"; src: local("BousungEG-Light-GB"), local("AR PL SungtiL GB"); '
    "unicode-range: U+3000-303F, U+FF00-FF65; }"
)


@dataclass
class TocEntry:
    level: int  # 1 chapter, 2 section, 3 question
    title: str
    anchor: str
    children: list[TocEntry] = field(default_factory=list)


@dataclass
class Book:
    """The parsed content, ready to be written out with any page numbers."""

    meta: BookMeta
    toc: list[TocEntry]
    body: str  # every part, already rewritten
    stylesheets: list[str]  # root-relative URLs of the site's CSS
    page_rules: str  # generated @page rules (running headers)
    diagrams: int  # build-time diagrams (SVG figures) in the book

    # Every anchor the TOC (and so the outline) points at.
    def anchors(self) -> list[str]:
        found: list[str] = []

        def walk(entries: list[TocEntry]) -> None:
            for entry in entries:
                found.append(entry.anchor)
                walk(entry.children)

        walk(self.toc)
        return found


# Parse every page of `parts` and rewrite it into one book body.
def prepare_book(parts: list[Part], meta: BookMeta) -> Book:
    url_to_key = {}
    for part in parts:
        for page in part.pages:
            for url in _url_forms(page.url):
                url_to_key[url] = page_key(page.src)
    toc: list[TocEntry] = []
    chunks: list[str] = []
    rules = [_page_rule("book-cover", None, None), _page_rule("book-toc", "目录", None)]
    stylesheets: list[str] = []
    diagrams = 0
    for number, part in enumerate(parts, start=1):
        part_anchor = f"part-{number}"
        chapter = TocEntry(1, part.title, part_anchor)
        chunks.append(f'<section class="book-part" id="{part_anchor}">')
        if not part.opener:
            name = f"book-part-{number}"
            rules.append(_page_rule(name, None, None))
            chunks.append(f'<h1 class="book-part__title" style="page: {name}">{html.escape(part.title)}</h1>')
        for index, page in enumerate(part.pages):
            soup, cut = _read(page)
            if not stylesheets:
                stylesheets = _stylesheets(soup, page)
            article = _article(soup, page)
            drawings = _set_drawings_aside(article)
            opener = part.opener and index == 0
            key = page_key(page.src)
            found = _prepare_article(article, page, key, url_to_key, meta.site_url, cut)
            if page.src in SUMMARIZED_PAGES:
                _summarize(article, page, meta.site_url)
                found = _Found(found.heading, article.select("figure.diagram"), article.select("h2"))
            heading = found.heading
            if opener and part.title and heading is not None and part.retitle:
                heading.string = part.title
            title = _text(heading) if heading is not None else page.title
            diagrams += len(found.figures)
            name = f"book-page-{key}"
            rules.append(_page_rule(name, part.title, None if opener else title))
            if _mark_wide_diagrams(found.figures, f"{name}-wide"):
                rules.append(_page_rule(f"{name}-wide", part.title, None if opener else title, landscape=True))
            classes = "book-page book-page--opener" if opener else "book-page"
            for holder, svg in drawings:
                holder.append(svg)
            content = _put_back(article.decode_contents(), cut)
            chunks.append(
                f'<article class="{classes} md-typeset" id="{key}" data-src="{html.escape(page.src)}" '
                f'style="page: {name}">{content}</article>'
            )
            questions = [
                TocEntry(3, _text(h), attr(h, "id")) for h in found.questions if h.has_attr("data-level") and h.has_attr("id")
            ]
            if opener:
                chapter.title, chapter.anchor = title, key
                chapter.children.extend(questions)
            else:
                chapter.children.append(TocEntry(2, title, key, questions))
        chunks.append("</section>")
        toc.append(chapter)
    return Book(meta, toc, "\n".join(chunks), stylesheets, "\n".join(rules), diagrams)


# The CJK print font file, or a BookError that says which package has it.
def find_cjk_font(candidates: tuple[Path, ...] = CJK_FONT_FILES) -> Path:
    for path in candidates:
        if path.is_file():
            return path
    raise BookError(
        f"PDF export needs the font {', '.join(str(path) for path in candidates)}; "
        f"install Debian's package with `apt-get install {CJK_FONT_PACKAGE}`"
    )


# @font-face rules for CJK_FAMILY: a face for anything the font has, then one
# per slice of the ideographs in `text`, most frequent first, each from its own
# URL (so its own subset), then the punctuation. Where faces overlap, the last
# one that has the character wins.
def cjk_font_faces(text: str) -> str:
    low, high = CJK_IDEOGRAPHS
    counts = Counter(re.findall(f"[{chr(low)}-{chr(high)}]", text))
    ranked = sorted(counts, key=lambda char: (-counts[char], ord(char)))
    faces = [_face("rest", "U+0-10FFFF")]
    for index, start in enumerate(range(0, len(ranked), CJK_SLICE)):
        faces.append(_face(str(index), _unicode_range(ranked[start : start + CJK_SLICE])))
    return "\n".join([*faces, PUNCTUATION_FACE])


def _face(name: str, unicode_range: str) -> str:
    return (
        f'@font-face {{ font-family: "{CJK_FAMILY}"; src: url("{FONT_PATH}?slice={name}") format("truetype"); '
        f"unicode-range: {unicode_range}; }}"
    )


# A CSS unicode-range for `chars`, runs of code points joined: "U+4E00-4E01, U+4E09".
def _unicode_range(chars: list[str]) -> str:
    points = sorted(ord(char) for char in chars)
    runs: list[list[int]] = []
    for point in points:
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in runs)


# The whole print document; `numbers` maps TOC anchors to page numbers.
def book_html(book: Book, numbers: dict[str, int] | None = None) -> str:
    css = resources.files("hooks.pdfbook").joinpath("print.css").read_text(encoding="utf-8")
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(href)}">' for href in book.stylesheets)
    document = _document(book, numbers, css, links)
    return document.replace(FONT_FACES_MARK, cjk_font_faces(document), 1)


FONT_FACES_MARK = "/* @font-face rules for the CJK print font */"


def _document(book: Book, numbers: dict[str, int] | None, css: str, links: str) -> str:
    return f"""<!doctype html>
<html lang="zh-CN" dir="ltr">
<head>
<meta charset="utf-8">
<title>{html.escape(book.meta.title)}</title>
{links}
<style>
{FONT_FACES_MARK}
{css}
{book.page_rules}
</style>
</head>
<body data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="indigo">
{cover_html(book.meta)}
{toc_html(book.toc, numbers)}
<main class="book-body">
{book.body}
</main>
</body>
</html>
"""


# The cover: title, subtitle, checked versions, build date.
def cover_html(meta: BookMeta) -> str:
    names = {"kubernetes": "Kubernetes", "go": "Go"}
    versions = " / ".join(
        f"{label} {meta.versions[key]}" for key, label in names.items() if key in meta.versions
    )
    date = f"{meta.date.year} 年 {meta.date.month} 月 {meta.date.day} 日"
    lines = [
        '<section class="book-cover"><div class="book-cover__inner">',
        f'<h1 class="book-cover__title">{html.escape(meta.title)}</h1>',
    ]
    if meta.subtitle:
        lines.append(f'<p class="book-cover__subtitle">{html.escape(meta.subtitle)}</p>')
    if versions:
        lines.append(f'<p class="book-cover__versions">本书代码已在 {html.escape(versions)} 上校验</p>')
    lines.append('<div class="book-cover__foot">')
    if meta.author:
        lines.append(f'<p class="book-cover__author">{html.escape(meta.author)}</p>')
    lines.append(f'<p class="book-cover__date">构建日期：{date}</p>')
    if meta.site_url:
        lines.append(f'<p class="book-cover__url">在线阅读：{html.escape(meta.site_url)}</p>')
    lines.append("</div></div></section>")
    return "\n".join(lines)


# The table of contents, every entry a link with its page number (or a placeholder).
def toc_html(toc: list[TocEntry], numbers: dict[str, int] | None) -> str:
    def entries(items: list[TocEntry]) -> str:
        out = []
        for entry in items:
            number = str(numbers[entry.anchor]) if numbers and entry.anchor in numbers else PAGE_PLACEHOLDER
            out.append(
                f'<li class="book-toc__item book-toc__item--{entry.level}">'
                f'<a href="#{html.escape(entry.anchor)}"><span class="book-toc__title">{html.escape(entry.title)}</span>'
                f'<span class="book-toc__leader"></span>'
                f'<span class="book-toc__page" data-anchor="{html.escape(entry.anchor)}">{number}</span></a>'
            )
            if entry.children:
                out.append(f"<ol>{entries(entry.children)}</ol>")
            out.append("</li>")
        return "".join(out)

    return f'<nav class="book-toc"><h1 class="book-toc__heading">目录</h1><ol>{entries(toc)}</ol></nav>'


# One @page rule: a named page with its running header (chapter left, section right).
def _page_rule(name: str, left: str | None, right: str | None, landscape: bool = False) -> str:
    def content(value: str | None) -> str:
        return f'"{_css_string(value)}"' if value else "none"

    if name == "book-cover":
        return (
            "@page book-cover { margin: 0; @top-left { content: none } @top-right { content: none } "
            "@bottom-center { content: none } }"
        )
    size = "size: A4 landscape; " if landscape else ""
    return (
        f"@page {name} {{ {size}@top-left {{ content: {content(left)} }} "
        f"@top-right {{ content: {content(right)} }} }}"
    )


# A CSS string literal's body: quotes, backslashes and line breaks escaped.
def _css_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


# Heading text without the permalink sign, whitespace collapsed.
def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").replace("¶", " ").split())


# The URLs a page answers to: "x/" also as "x/index.html" (and "" as "index.html").
def _url_forms(url: str) -> list[str]:
    forms = [url]
    if url == "" or url.endswith("/"):
        forms.append(url + "index.html")
    return forms


# The built page, parsed, and what was cut out of it before (see CUT_MARK):
# each placeholder's number is an index into the list.
# Only its <head> (for the stylesheets) and its <article> are parsed: the
# navigation around the article is most of a page, and parsing is most of the
# time the book takes to assemble.
def _read(page: PlanPage) -> tuple[BeautifulSoup, list[str]]:
    try:
        text = page.html_path.read_text(encoding="utf-8")
    except OSError as error:
        raise BookError(f"{page.src}: built page {page.html_path} unreadable: {error}") from error
    head_end, start, end = text.find("</head>"), text.find("<article"), text.rfind("</article>")
    if -1 < head_end < start < end:
        text = f"{text[:head_end]}</head><body>{text[start : end + len('</article>')]}</body></html>"
    cut: list[str] = []
    text = _cut_code(_cut_drawings(text, cut), cut)
    return BeautifulSoup(text, "html.parser"), cut


# `text` with each placeholder replaced by what it stands for.
def _put_back(text: str, cut: list[str]) -> str:
    return CUT_MARK.sub(lambda mark: cut[int(mark["n"])], text)


# A placeholder for `piece`, which is kept in `cut`.
def _placeholder(piece: str, cut: list[str]) -> str:
    cut.append(piece)
    return f'<book-cut data-n="{len(cut) - 1}"></book-cut>'


# The build's drawings out of `text`: the dark one of each diagram goes, the
# light one becomes a placeholder. A drawing in any other markup is left to
# _set_drawings_aside.
def _cut_drawings(text: str, cut: list[str]) -> str:
    out = []
    done = 0
    for match in DRAWING_START.finditer(text):
        if match.start() < done:
            continue  # inside a drawing already cut
        svg = match.end() - len("<svg")
        end = _svg_end(text, svg)
        closed = end != -1 and text.startswith("</div>", end)
        if not closed:
            continue
        out.append(text[done : match.start()])
        if match["kind"] == "light":
            out.append(text[match.start() : svg] + _placeholder(text[svg:end], cut) + "</div>")
        done = end + len("</div>")
    out.append(text[done:])
    return "".join(out)


# Where the <svg> element starting at `start` ends (just after its </svg>), or -1.
def _svg_end(text: str, start: int) -> int:
    depth = 0
    for tag in SVG_TAG.finditer(text, start):
        depth += -1 if tag["end"] else 1
        if depth == 0:
            return text.index(">", tag.end()) + 1
    return -1


# pymdownx.highlight's code blocks out of `text`, each a placeholder. Only a
# block whose every newline closes a line span: _prepare_code_html relies on it.
def _cut_code(text: str, cut: list[str]) -> str:
    def cut_out(block: re.Match[str]) -> str:
        lines_only = block[0].count("\n") == block[0].count("\n</span>")
        return _placeholder(block[0], cut) if lines_only else block[0]

    return CODE_BLOCK.sub(cut_out, text)


# The page's content: Material's <article>, without the site around it.
def _article(soup: BeautifulSoup, page: PlanPage) -> Tag:
    article = soup.select_one("article.md-content__inner") or soup.select_one("article")
    if article is None:
        raise BookError(f"{page.src}: no <article> in {page.html_path}; is the theme Material?")
    return article


# Root-relative URL of something a page references with `href`.
def _root_relative(href: str, page: PlanPage) -> str:
    return urlsplit(urljoin(f"http://book.invalid/{page.url}", href)).path


# The site's stylesheets, as the page links them.
def _stylesheets(soup: BeautifulSoup, page: PlanPage) -> list[str]:
    return [_root_relative(attr(link, "href"), page) for link in soup.select('link[rel~="stylesheet"][href]')]


# Paper has one palette: the dark drawings go. The light ones are taken out
# until the page is rewritten and put back as drawn (their <style> and markers
# refer to their own ids, unique per drawing): their thousands of elements were
# most of the work of every search through the page.
def _set_drawings_aside(article: Tag) -> list[tuple[Tag, Tag]]:
    drawings: list[tuple[Tag, Tag]] = []
    for svg in article.find_all("svg"):
        holder = svg.parent
        if holder is None:
            continue
        classes = attr(holder, "class").split()
        if "diagram__dark" in classes:
            holder.decompose()
        elif "diagram__light" in classes:
            drawings.append((holder, svg.extract()))
    return drawings


@dataclass
class _Found:
    """What the rest of the assembly needs from a rewritten article."""

    heading: Tag | None  # the H1
    figures: list[Tag]  # build-time diagrams (figure.diagram)
    questions: list[Tag]  # question headings (h2[data-level][id])


# Strip screen-only parts, open answers, prefix ids, rewrite links: one walk
# through the article. `cut` holds what _read cut out of it, and its code
# blocks are rewritten in it.
def _prepare_article(
    article: Tag, page: PlanPage, key: str, url_to_key: dict[str, str], site_url: str, cut: list[str]
) -> _Found:
    found = _Found(None, [], [])
    for tag in article.find_all(True):
        if _detached(tag):
            continue
        classes = attr(tag, "class").split()
        if _screen_only(tag, classes) or any(PRACTICE_CLASS.match(name) for name in classes):
            tag.decompose()
            continue
        _prefix_ids(tag, key)
        if tag.name == "a" and tag.has_attr("href"):
            _rewrite_link(tag, page, url_to_key, site_url)
        elif tag.name == "pre":
            if "mermaid" in classes:
                raise BookError(
                    f"{page.src}: a Mermaid diagram was not drawn at build time; "
                    "the PDF prints the SVGs of hooks/diagram_svg.py, which must be in mkdocs.yml's hooks"
                )
            _prepare_code(tag, page)
        elif tag.name == "book-cut":
            _prepare_cut(tag, cut, key)
        elif tag.name == "details":
            tag["open"] = ""
        elif tag.name in ("img", "source") and tag.has_attr("src"):
            if not urlsplit(attr(tag, "src")).scheme:
                tag["src"] = _root_relative(attr(tag, "src"), page)
        elif tag.name == "figure" and "diagram" in classes:
            found.figures.append(tag)
        elif tag.name == "h1" and found.heading is None:
            found.heading = tag
        elif tag.name == "h2" and tag.has_attr("data-level") and tag.has_attr("id"):
            found.questions.append(tag)
        elif tag.name == "p" and _leads_in(tag):
            tag["class"] = f"{attr(tag, 'class')} {LEAD_IN_CLASS}".strip()
        if "diagram__scroll" in classes:
            # No scroll box to focus on paper.
            for attribute in ("tabindex", "data-search-exclude"):
                tag.attrs.pop(attribute, None)
    return found


# A paragraph that introduces what follows, which print.css keeps on the page
# of the block after it: a bold label alone (深入解析, 面试官追问, 常见错误回答)
# or a sentence ending in a colon (对应的命令：). At a page's foot, apart from
# its block, it reads as a loose end.
def _leads_in(paragraph: Tag) -> bool:
    text = paragraph.get_text().strip()
    if text.endswith(("：", ":")):
        return True
    children = [child for child in paragraph.children if not (isinstance(child, str) and not child.strip())]
    return len(children) == 1 and getattr(children[0], "name", None) in ("strong", "b")


# Whether a tag of the walk has left the article: it was inside something
# removed (decompose() blanks the name of every tag under it) or unwrapped (a
# line-number link). Not Tag.decomposed: it reads a missing attribute, which
# bs4 answers by searching everything under the tag.
def _detached(tag: Tag) -> bool:
    return not tag.name or tag.parent is None


def _screen_only(tag: Tag, classes: list[str]) -> bool:
    if tag.name in SCREEN_ONLY_TAGS or tag.has_attr("hidden") or not SCREEN_ONLY_CLASSES.isdisjoint(classes):
        return True
    if tag.name == "a":
        return "headerlink" in classes
    return tag.name == "input" and attr(tag, "type").lower() not in PRINTED_INPUTS


# Ids (and the labels and radio groups that name them) get the page's key as a prefix.
def _prefix_ids(tag: Tag, key: str) -> None:
    for attribute in ("id", "for"):
        if tag.has_attr(attribute):
            tag[attribute] = f"{key}--{attr(tag, attribute)}"
    if tag.name == "input" and tag.has_attr("name"):
        tag["name"] = f"{key}--{tag['name']}"


# A placeholder of _read: a code block is rewritten (as text) and its holder
# marked to stay on one page if it is short; a drawing stays as drawn.
def _prepare_cut(tag: Tag, cut: list[str], key: str) -> None:
    number = int(attr(tag, "data-n"))
    if not cut[number].startswith("<pre"):
        return
    cut[number], lines = _prepare_code_html(cut[number], key)
    if lines <= KEEP_TOGETHER_LINES:
        _keep_together(tag)


# An attribute as text: "" when absent, a multi-valued one (class) joined by spaces.
def attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


# Code: no self-links on line numbers (each would add a PDF destination); short
# blocks marked to stay on one page.
def _prepare_code(pre: Tag, page: PlanPage) -> None:
    for anchor in pre.find_all("a"):
        anchor.unwrap()
    # print.css makes each line span a block, which already ends the line: a
    # kept newline would print an empty line after it (an empty line keeps its
    # newline, or its block would have no height).
    lines = pre.get_text().count("\n")
    for line in pre.select("code > span[id]"):
        last = line.find_all(string=True)[-1:]
        if last and last[0].endswith("\n") and line.get_text() != "\n":
            last[0].replace_with(last[0][:-1])
    if lines <= KEEP_TOGETHER_LINES:
        _keep_together(pre)


# The code block's box (the one with its file name) is marked to stay on one page.
def _keep_together(code: Tag) -> None:
    holder = code.find_parent(class_="highlight") or code
    holder["class"] = f'{attr(holder, "class")} book-keep'.strip()


# A code block of pymdownx.highlight (CODE_BLOCK) rewritten as text, as
# _prepare_code and _prepare_article rewrite one in the tree: no links, each
# line's newline dropped unless the line is empty, ids prefixed with `key`.
# Also its number of lines, which _prepare_code compares with
# KEEP_TOGETHER_LINES, counted before the lines lose their newlines.
def _prepare_code_html(block: str, key: str) -> tuple[str, int]:
    block = CODE_ANCHOR.sub("", block)
    lines = TAG.sub("", block).count("\n")
    # Each newline ends a line; the text since the one before is that line's.
    pieces = block.split("\n")
    out = [pieces[0]]
    for line, rest in itertools.pairwise(pieces):
        out.append(("\n" if not TAG.sub("", line) else "") + rest)
    block = "".join(out)
    return CODE_LINE_ID.sub(f'<span id="{key}--', block), lines


# A link to a printed page becomes an in-document anchor; one to a page that is
# not printed goes to the published site (or loses its href without a site URL).
def _rewrite_link(link: Tag, page: PlanPage, url_to_key: dict[str, str], site_url: str) -> None:
    href = attr(link, "href")
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return
    resolved = urlsplit(urljoin(f"http://book.invalid/{page.url}", href))
    path = resolved.path.lstrip("/")
    key = url_to_key.get(path)
    if key is not None:
        link["href"] = f"#{key}--{resolved.fragment}" if resolved.fragment else f"#{key}"
    elif site_url:
        link["href"] = urljoin(site_url, path) + (f"#{resolved.fragment}" if resolved.fragment else "")
    else:
        del link["href"]


# A long reference page as a summary: its H1 and first paragraph, a table of
# its sections with the number of rows each one's tables hold, and a link to
# the full page on the site (or its name, for a site without an address).
def _summarize(article: Tag, page: PlanPage, site_url: str) -> None:
    heading = article.find("h1")
    intro = next((p for p in article.find_all("p", recursive=False)), None)
    rows: list[tuple[str, int]] = []
    for h2 in article.find_all("h2"):
        count = 0
        for sibling in h2.find_next_siblings():
            if sibling.name == "h2":
                break
            count += len(sibling.select("tbody tr"))
        rows.append((_text(h2), count))
    title = _text(heading) if heading is not None else page.title
    if site_url:
        url = urljoin(site_url, page.url)
        where = f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>'
    else:
        where = f"本书网站的“{html.escape(title)}”页"
    total = sum(count for _, count in rows)
    parts = [str(heading) if heading is not None else f"<h1>{html.escape(title)}</h1>"]
    if intro is not None:
        parts.append(str(intro))
    parts.append(
        f'<p class="book-summary__link">纸面版只列出各部分的条数。全部 {total} 条的原文说法、更正和官方依据'
        f"都是链接，请在线阅读：{where}</p>"
    )
    if rows:
        body = "".join(f"<tr><td>{html.escape(name)}</td><td>{count}</td></tr>" for name, count in rows)
        parts.append(
            f'<table class="book-summary"><thead><tr><th>部分</th><th>条数</th></tr></thead><tbody>{body}</tbody></table>'
        )
    article.clear()
    for chunk in parts:
        article.append(BeautifulSoup(chunk, "html.parser"))


# The smallest label of a build-time diagram, in CSS px, when printed `width` px wide.
def diagram_label_px(style: str, width: float) -> float | None:
    natural = DIAGRAM_WIDTH.search(style)
    scale = DIAGRAM_MIN_SCALE.search(style)
    if natural is None:
        return None
    smallest = SITE_LABEL_PX / float(scale["scale"]) if scale and float(scale["scale"]) < 1 else SITE_LABEL_PX
    return smallest * min(1.0, width / float(natural["px"]))


# Diagrams too wide for legible labels on a portrait page go on a landscape
# page named `page_name`; True if there was one.
def _mark_wide_diagrams(figures: list[Tag], page_name: str) -> bool:
    found = False
    for figure in figures:
        style = attr(figure, "style")
        label = diagram_label_px(style, PORTRAIT_WIDTH_PX)
        if label is not None and label * 0.75 < MIN_PORTRAIT_LABEL_PT:
            figure["class"] = f'{attr(figure, "class")} book-wide'.strip()
            figure["style"] = f"{style.rstrip('; ')}; page: {page_name}"
            found = True
    return found
