"""The PDF export (hooks/pdf.py + hooks/pdfbook/): unit tests of the pure parts,
then real builds with PDF_EXPORT=1 of the fixture site and of the whole guide,
checked with poppler (pdftotext, pdffonts, pdftoppm, pdfimages) and pypdf.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from hooks.pdfbook import BookError, find_chromium
from hooks.pdfbook.export import timeout_from
from hooks.pdfbook.plan import build_date, page_key
from tests.conftest import ROOT, run_mkdocs_build

FIXTURE = ROOT / "tests" / "fixtures" / "pdf" / "mkdocs.yml"
PDF_PATH = Path("pdf") / "cloud-native-interview-guide.pdf"
# A fixed date for the fixture builds: 2026-11-18 UTC.
EPOCH = "1795000000"
PDF_ENV = {"PDF_EXPORT": "1", "SOURCE_DATE_EPOCH": EPOCH}
# Replacement character and the white square a missing glyph often maps to.
MISSING_GLYPHS = re.compile("[\ufffd\u25a1]")
HAN = re.compile(r"[\u4e00-\u9fff]")
EXPORT_LOG = re.compile(r"pdf: PDF: .* \((?P<pages>\d+) pages, (?P<mb>[\d.]+) MB, (?P<seconds>\d+) s;")


# ---- helpers ----------------------------------------------------------------


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
def guide_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The real guide, `PDF_EXPORT=1 mkdocs build --strict` once."""
    site = tmp_path_factory.mktemp("pdf-guide")
    proc = run_mkdocs_build(ROOT / "mkdocs.yml", site, env={"PDF_EXPORT": "1"})
    return site / PDF_PATH, proc.stderr


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
    run_mkdocs_build(FIXTURE, tmp_path)  # --strict
    assert not (tmp_path / "pdf").exists()
    assert "下载 PDF" not in (tmp_path / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_missing_browser_fails_the_build(tmp_path: Path) -> None:
    proc = run_mkdocs_build(
        FIXTURE, tmp_path, env={**PDF_ENV, "PDF_CHROMIUM": "/nonexistent/chrome"}, check=False
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
    # cover, TOC, preface, 2 chapter openers, 2 sections
    assert len(pages) == 7
    assert "云原生面试指南" in pages[0]
    assert "Kubernetes 1.37 / Go 1.26" in pages[0]
    assert "构建日期：2026 年 11 月 18 日" in pages[0]
    for title in ("1 镜像", "1.1 镜像与容器", "2 调度", "2.1 调度与亲和性", "镜像和容器有什么区别？"):
        assert title in pages[1], title


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_toc_numbers_are_the_real_pages(fixture_pdf: Path) -> None:
    pages = page_texts(fixture_pdf)
    toc = dict(
        re.findall(r"(?m)^\s*(\S.*?)\s+(\d+)$", pdftotext(fixture_pdf, "-layout", "-f", "2", "-l", "2"))
    )
    assert toc["1.1 镜像与容器"] == "5"
    assert toc["2.1 调度与亲和性"] == "7"
    # The heading is printed on the page the TOC names, under a running header.
    assert "1.1 镜像与容器" in pages[4] and "镜像是只读的分层文件系统模板" in pages[4]
    assert pages[6].lstrip().startswith("2 调度")
    assert "2.1 调度与亲和性" in pages[6]


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
    ]


@pytest.mark.slow
@pytest.mark.browser
def test_fixture_diagrams_are_vector_svg_with_labels(fixture_pdf: Path) -> None:
    text = pdftotext(fixture_pdf)
    for label in ("构建镜像 (build)", "推送仓库", "运行容器", "服务上线", "调度器", "绑定 Pod"):
        assert label in text, label
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
    assert PdfReader(again).metadata["/CreationDate"] == "D:20261118000000+00'00'"


# ---- the real guide ---------------------------------------------------------


@pytest.mark.slow
@pytest.mark.browser
def test_guide_pdf(guide_pdf: tuple[Path, str], tmp_path: Path) -> None:
    pdf, log = guide_pdf
    match = EXPORT_LOG.search(log)
    assert match, log
    pages = page_texts(pdf)
    assert 40 <= len(pages) <= 800, len(pages)
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
    ratio = int(match["seconds"]) / max(1, len(pages))
    print(
        f"\nguide PDF: {len(pages)} pages, {pdf.stat().st_size / 1e6:.1f} MB, export {match['seconds']} s"
        f" ({ratio:.2f} s/page)"
    )


class _StalledPage:
    """Stands in for a Playwright page whose diagrams never finish."""

    def wait_for_function(self, *args: object, **kwargs: object) -> None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        raise PlaywrightTimeout("Timeout 10ms exceeded.")

    def evaluate(self, script: str) -> str:
        return "two/scheduling.md"


def test_diagram_timeout_names_the_page() -> None:
    import time

    from hooks.pdfbook.render import _wait_for_diagrams

    with pytest.raises(BookError) as caught:
        _wait_for_diagrams(_StalledPage(), book=None, deadline=time.monotonic() + 60)
    assert str(caught.value) == (
        "two/scheduling.md: a diagram did not finish rendering within PDF_TIMEOUT (raise PDF_TIMEOUT, in seconds)"
    )


# The fixture site with one page replaced, built from a temporary folder.
def fixture_variant(tmp_path: Path, page: str, text: str) -> Path:
    fixture = FIXTURE.parent
    work = tmp_path / "site-src"
    shutil.copytree(fixture / "docs", work / "docs", ignore=shutil.ignore_patterns("vendor"))
    (work / "docs" / page).write_text(text, encoding="utf-8")
    for link in ("node_modules", "package-lock.json"):
        (work / link).symlink_to((fixture / link).resolve())
    config = fixture.joinpath("mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("../../../hooks/", f"{ROOT}/hooks/")
    (work / "mkdocs.yml").write_text(config, encoding="utf-8")
    return work / "mkdocs.yml"


@pytest.mark.slow
@pytest.mark.browser
def test_broken_diagram_fails_the_export(tmp_path: Path) -> None:
    broken = "# 2.1 调度与亲和性\n\n```mermaid\nflowchart LR\n  A[开始 --> B\n```\n"
    config = fixture_variant(tmp_path, "two/scheduling.md", broken)
    proc = run_mkdocs_build(config, tmp_path / "site", env=PDF_ENV, check=False)
    assert proc.returncode == 1
    assert "PDF export: diagrams failed in the PDF export:\ntwo/scheduling.md: diagram 2: " in proc.stderr
    assert "Traceback" not in proc.stderr
