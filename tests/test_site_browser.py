"""The real guide in headless Chromium: diagrams, requests, search, palettes, file://."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Queries a reader types, and the page each must list among the first results.
# Chinese terms, English terms on Chinese pages, and mixed queries.
SEARCHES = [
    ("节点亲和性", "kubernetes/scheduling"),
    ("污点", "kubernetes/scheduling"),
    ("多阶段构建", "docker/image-build"),
    ("就绪探针", "kubernetes/pod-lifecycle"),
    ("goroutine", "go/concurrency"),
    ("Ingress", "kubernetes/service-networking"),
    ("overlay2", "docker/storage"),
    ("client-go", "go/client-go"),
    ("rootless", "docker/security"),
    ("RBAC 权限", "kubernetes/rbac"),
    ("gRPC 流式", "go/grpc"),
    ("context 取消", "go/context"),
]
# How many of the first results may hold the expected page.
TOP_RESULTS = 5

# JavaScript: every diagram figure (drawn at build time) with the state of the
# variant the palette shows.
DIAGRAM_STATE = """
() => [...document.querySelectorAll("figure.diagram")].map(figure => {
  const svg = [...figure.querySelectorAll("svg")].find(s => s.getBoundingClientRect().width > 0);
  return {
    svg: !!svg,
    text: figure.textContent,
    height: svg ? svg.getBoundingClientRect().height : 0,
  };
})
"""


def site_pages(site: Path) -> list[str]:
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).parent.as_posix()
        if rel.startswith("assets"):
            continue
        pages.append("" if rel == "." else rel + "/")
    return pages


# Diagrams are in the page as built: nothing to wait for.
def wait_for_diagrams(page) -> list[dict]:
    return page.evaluate(DIAGRAM_STATE)


def test_every_diagram_renders_and_no_page_requests_another_host(built_site, site_url, page) -> None:
    diagrams = 0
    for rel in site_pages(built_site):
        page.requests.clear()
        page.missing.clear()
        page.goto(f"{site_url}/{rel}", wait_until="load")
        if page.locator("figure.diagram").count():
            for state in wait_for_diagrams(page):
                assert state["svg"], rel
                assert "Syntax error" not in state["text"], rel
                assert state["height"] > 20, rel
                diagrams += 1
        page.wait_for_load_state("networkidle")
        foreign = [u for u in page.requests if urlparse(u).netloc != urlparse(site_url).netloc
                   and not u.startswith(("data:", "blob:"))]
        assert foreign == [], f"{rel} requested {foreign}"
        assert page.missing == [], f"{rel}: not found {page.missing}"
    assert diagrams >= 1


def run_search(page, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    # fill() sends no key event, and Material searches on key events.
    page.keyboard.press("End")
    page.wait_for_function(
        "() => !/键入以开始搜索|正在初始化搜索引擎/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=10_000,
    )
    return [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]


@pytest.mark.parametrize("query,expected", SEARCHES, ids=[q for q, _ in SEARCHES])
def test_search_finds_the_page_that_explains_a_term(site_url, page, query, expected) -> None:
    page.goto(site_url + "/")
    hrefs = run_search(page, query)
    pages = [urlparse(h).path.strip("/") for h in hrefs]
    assert expected in pages[:TOP_RESULTS], f"{query!r}: {pages}"


# WCAG contrast between a CSS rgb()/rgba() text colour (its alpha blended
# over the background, as the browser paints it) and an opaque background.
CONTRAST = """
([fg, bg]) => {
  const parse = c => { const v = c.match(/[\\d.]+/g).map(Number); return [v.slice(0, 3), v.length > 3 ? v[3] : 1]; };
  const [back] = parse(bg);
  const [front, alpha] = parse(fg);
  const painted = front.map((v, i) => v * alpha + back[i] * (1 - alpha));
  const lum = rgb => {
    const [r, g, b] = rgb.map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(painted), lum(back)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
"""
# The colour of the first node label (HTML labels use `color`, SVG text
# `fill`) and the first opaque colour behind the diagram: an opaque node fill,
# else the page background.
LABEL_COLORS = """
() => {
  const figure = document.querySelector("figure.diagram");
  const root = [...figure.querySelectorAll("svg")].find(s => s.getBoundingClientRect().width > 0);
  const label = root.querySelector(".nodeLabel, .label text, text");
  const node = root.querySelector(".node rect, .node polygon");
  let bg = node ? getComputedStyle(node).fill : "";
  let el = figure;
  while (!bg.startsWith("rgb(") && el) { bg = getComputedStyle(el).backgroundColor; el = el.parentElement; }
  if (!bg.startsWith("rgb(")) bg = getComputedStyle(document.body).backgroundColor;
  const style = getComputedStyle(label);
  return [label instanceof SVGElement ? style.fill : style.color, bg];
}
"""


def test_diagrams_stay_readable_in_both_palettes(site_url, page) -> None:
    page.goto(site_url + "/kubernetes/scheduling/")
    wait_for_diagrams(page)
    ratios = {}
    for scheme in ("default", "slate"):
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        page.wait_for_timeout(200)
        fg, bg = page.evaluate(LABEL_COLORS)
        ratios[scheme] = page.evaluate(CONTRAST, [fg, bg])
    assert ratios["default"] >= 4.5, ratios
    assert ratios["slate"] >= 4.5, ratios


def test_palette_toggle_switches_to_dark(site_url, page) -> None:
    page.goto(site_url + "/")
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    # Cycle through the toggle until the dark scheme is active.
    for _ in range(3):
        page.locator("form[data-md-component=palette] label:visible").first.click()
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate":
            break
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate", before


def test_offline_build_from_file_url(offline_site, page) -> None:
    page.goto((offline_site / "kubernetes/scheduling.html").as_uri())
    assert "调度" in page.title()
    states = wait_for_diagrams(page)
    assert states and all(s["svg"] and "Syntax error" not in s["text"] for s in states)
    hrefs = run_search(page, "节点亲和性")
    assert any("kubernetes/scheduling.html" in h for h in hrefs), hrefs
    assert all(u.startswith(("file:", "data:", "blob:")) for u in page.requests), page.requests
