"""Diagrams as readers meet them, in Chromium, on the real guide as built.

For every diagram of the guide, at a 1366 px desktop and a 390 px phone, in the
light and the dark palette: the smallest label as rendered (font size times the
SVG's scale on screen), the variant that shows, and the labels and line breaks
against the Mermaid source. Also: no built page asks for Mermaid's JavaScript,
the heaviest page stays light, and the practice controls come up fast on a
slow 4G connection.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from hooks.checks.mermaid import extract_diagrams
from hooks.common.static_server import GzipHandler, serve_directory

from .conftest import ROOT

# Every test here but the first reads the built guide.
pytestmark = pytest.mark.slow

DOCS = ROOT / "docs"
VIEWPORTS = {"desktop": ({"width": 1366, "height": 768}, 12.0), "phone": ({"width": 390, "height": 844}, 10.0)}
SCHEMES = ("light", "dark")
# Chrome DevTools' "Slow 4G" preset: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip.
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
# Chromium lays boxes out in 1/64 px, so a label scaled to exactly 12 px can measure 11.99.
LAYOUT_ROUNDING_PX = 1 / 64
MAX_CONTROLS_SECONDS = 3.0
# A quoted Mermaid label: "..." (node text, edge text, participant names).
QUOTED = re.compile(r'"([^"\n]*)"')
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)

# Per figure: which variants show, and the smallest label as rendered.
MEASURE = """() => [...document.querySelectorAll("figure.diagram")].map((figure) => {
  const shown = [...figure.querySelectorAll("svg")].filter((svg) => svg.getBoundingClientRect().width > 0);
  const variant = shown.length === 1 ? shown[0].closest("div").className : `${shown.length} shown`;
  let smallest = Infinity;
  for (const svg of shown) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll("text")) {
      if (!text.textContent.trim()) continue;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
    }
  }
  return { variant, smallest };
})"""
# Per figure, per variant: the lines of text as drawn (one per <tspan> line).
TEXT_LINES = """() => [...document.querySelectorAll("figure.diagram")].map((figure) =>
  [...figure.querySelectorAll("svg")].map((svg) => {
    const lines = [];
    for (const text of svg.querySelectorAll("text")) {
      const outer = text.querySelectorAll(":scope > tspan.text-outer-tspan, :scope > tspan[dy]");
      if (outer.length) outer.forEach((t) => lines.push(t.textContent));
      else lines.push(text.textContent);
    }
    return { lines, title: svg.querySelector("title")?.textContent || "" };
  }))"""


@dataclass(frozen=True)
class DiagramPage:
    src: str  # docs-relative
    url: str  # site-relative
    sources: tuple[str, ...]


# Every page with a diagram, and its diagrams' sources in page order.
def diagram_pages() -> list[DiagramPage]:
    pages = []
    for path in sorted(DOCS.rglob("*.md")):
        diagrams = extract_diagrams(path, path.read_text(encoding="utf-8"))
        if diagrams:
            src = path.relative_to(DOCS).as_posix()
            url = src.removesuffix("index.md") if src.endswith("index.md") else src.removesuffix(".md") + "/"
            pages.append(DiagramPage(src, url, tuple(d.text for d in diagrams)))
    return pages


PAGES = diagram_pages()


# The labels a source writes, each split at its line breaks.
def source_labels(source: str) -> list[list[str]]:
    labels = []
    for line in source.splitlines():
        if line.strip().startswith(("accTitle", "accDescr", "%%")):
            continue
        for label in QUOTED.findall(line):
            pieces = [" ".join(piece.split()) for piece in BREAK.split(label)]
            if any(pieces):
                labels.append(pieces)
    return labels


def test_the_guide_has_diagrams() -> None:
    assert sum(len(p.sources) for p in PAGES) >= 23


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_label_is_legible_and_one_variant_shows(browser, site_url: str, viewport: str, scheme: str) -> None:
    size, minimum = VIEWPORTS[viewport]
    context = browser.new_context(viewport=size, color_scheme=scheme)
    page = context.new_page()
    problems, measured = [], 0
    for diagram_page in PAGES:
        page.goto(f"{site_url}/{diagram_page.url}")
        figures = page.evaluate(MEASURE)
        if len(figures) != len(diagram_page.sources):
            problems.append(f"{diagram_page.src}: {len(figures)} figures for {len(diagram_page.sources)} diagrams")
        for index, figure in enumerate(figures, 1):
            measured += 1
            if figure["variant"] != f"diagram__{scheme}":
                problems.append(f"{diagram_page.src} diagram {index}: shows {figure['variant']}")
            if not figure["smallest"] + LAYOUT_ROUNDING_PX >= minimum:
                problems.append(f"{diagram_page.src} diagram {index}: smallest label {figure['smallest']:.1f} px")
    context.close()
    assert measured >= 23
    assert problems == []


@pytest.mark.browser
def test_labels_and_line_breaks_as_written(browser, site_url: str) -> None:
    page = browser.new_page()
    problems = []
    for diagram_page in PAGES:
        page.goto(f"{site_url}/{diagram_page.url}")
        for index, (source, variants) in enumerate(zip(diagram_page.sources, page.evaluate(TEXT_LINES), strict=True), 1):
            where = f"{diagram_page.src} diagram {index}"
            assert len(variants) == 2, f"{where}: {len(variants)} variants"
            for variant in variants:
                lines = [" ".join(line.split()).replace('"', "") for line in variant["lines"]]
                flat = "".join(lines).replace(" ", "")
                for pieces in source_labels(source):
                    for piece in pieces:
                        if piece.replace('"', "").replace(" ", "") not in flat:
                            problems.append(f"{where}: label {piece!r} is not drawn")
                    # A kept line break: the text on either side never shares a line.
                    for before, after in itertools.pairwise(pieces):
                        if before and after and any(before + after in line or f"{before} {after}" in line for line in lines):
                            problems.append(f"{where}: line break lost between {before!r} and {after!r}")
    page.close()
    assert problems == []


# Built pages never load Mermaid: a static look at every page, then the requests of the diagram pages.
@pytest.mark.browser
def test_no_page_requests_mermaid(built_site: Path, browser, site_url: str) -> None:
    mentions = [str(p.relative_to(built_site)) for p in built_site.rglob("*.html")
                if re.search(r"mermaid[\w.-]*\.m?js", p.read_text(encoding="utf-8"))]
    assert mentions == []
    assert not list(built_site.rglob("mermaid*.js"))
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for diagram_page in PAGES:
        page.goto(f"{site_url}/{diagram_page.url}", wait_until="networkidle")
    page.close()
    assert [url for url in requested if "mermaid" in url.lower()] == []


# On slow 4G, a question page's practice controls work within 3 s of navigation.
@pytest.mark.browser
def test_practice_controls_on_slow_4g(built_site: Path, browser) -> None:
    with serve_directory(built_site, GzipHandler) as base:
        context = browser.new_context()
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        started = time.monotonic()
        page.goto(f"{base}/kubernetes/scheduling/", wait_until="commit")
        page.wait_for_selector(".cnig-bar button:not([hidden])", timeout=30_000)
        seconds = time.monotonic() - started
        context.close()
    print(f"practice controls after {seconds:.2f} s on slow 4G")
    assert seconds <= MAX_CONTROLS_SECONDS
