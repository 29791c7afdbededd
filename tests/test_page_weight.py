"""What a reader's browser downloads (issue #13, page weight).

Every page of the built guide is opened in a fresh Chromium context (empty
cache) from a local server that compresses with gzip as a web host does. The
bytes are counted on the server's side of the socket, headers included, so
every request counts: the page, its scripts and styles, the search worker, and
anything a script fetches later.

The search index is the heaviest file of the site; it is fetched when the
reader turns to search, not on every page load (hooks/search_zh_bundle.js).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hooks.common.static_server import Traffic, serve_counting, site_pages

# Issue #13: the heaviest page's first load, gzipped.
MAX_FIRST_LOAD = 350 * 1024
INDEX = "search/search_index.json"


# Open `url` in a fresh context and wait until the network is quiet.
def first_load(browser: Any, url: str, counter: Traffic, **context_options: Any) -> tuple[Any, Any]:
    counter.reset()
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)
    return context, page


@pytest.mark.slow
@pytest.mark.browser
def test_every_first_load_is_light_and_skips_the_search_index(built_site: Path, browser: Any) -> None:
    weights: dict[str, int] = {}
    with serve_counting(built_site) as (base, counter):
        for url in site_pages(built_site):
            context, _ = first_load(browser, f"{base}/{url}", counter)
            context.close()
            weights[url or "/"] = counter.sent
            assert f"/{INDEX}" not in counter.paths, url
            # The answers' HTML is for the mock interview page only.
            assert ("/assets/answers.js" in counter.paths) == (url == "practice/"), url
    heaviest = max(weights, key=weights.__getitem__)
    print(f"{len(weights)} pages; heaviest first load {heaviest} {weights[heaviest] / 1024:.0f} KB gzipped")
    assert len(weights) >= 30
    assert weights[heaviest] <= MAX_FIRST_LOAD, sorted(weights.items(), key=lambda kv: -kv[1])[:5]


# The ways a reader turns to search each fetch the index once, and search works.
@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("how", ["click the box", "keyboard shortcut", "phone search button"])
def test_the_index_comes_when_the_reader_turns_to_search(built_site: Path, browser: Any, how: str) -> None:
    phone = how == "phone search button"
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 768}
    with serve_counting(built_site) as (base, counter):
        context, page = first_load(browser, f"{base}/kubernetes/scheduling/", counter, viewport=viewport)
        assert f"/{INDEX}" not in counter.paths
        if how == "click the box":
            page.locator("input.md-search__input").click()
        elif how == "keyboard shortcut":
            page.keyboard.press("/")
        else:
            page.locator('label[for="__search"]').first.click()
        page.keyboard.type("节点亲和性")
        first = page.locator(".md-search-result__item").first
        first.wait_for(timeout=30_000)
        assert "节点亲和性" in first.inner_text()
        assert counter.paths.count(f"/{INDEX}") == 1
        context.close()


# A page opened from a search result (?h=…) highlights the words, which needs the index.
@pytest.mark.slow
@pytest.mark.browser
def test_a_page_opened_from_a_search_result_highlights(built_site: Path, browser: Any) -> None:
    with serve_counting(built_site) as (base, counter):
        context, page = first_load(browser, f"{base}/kubernetes/scheduling/?h=亲和性", counter)
        page.locator("mark[data-md-highlight]").first.wait_for(timeout=30_000)
        assert counter.paths.count(f"/{INDEX}") == 1
        context.close()


# A broken index breaks search only: the page, its practice controls and its
# diagrams still work, and search says why it is unavailable rather than wait.
@pytest.mark.slow
@pytest.mark.browser
def test_a_broken_index_breaks_nothing_else(built_site: Path, browser: Any, tmp_path: Path) -> None:
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    (site / INDEX).write_text('{"config": {"lang": ["zh"], "separator": "', encoding="utf-8")
    with serve_counting(site) as (base, counter):
        context, page = first_load(browser, f"{base}/kubernetes/scheduling/", counter)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.locator("input.md-search__input").click()
        page.keyboard.type("调度")
        page.wait_for_timeout(1500)
        assert f"/{INDEX}" in counter.paths
        assert page.locator(".md-search-result__item").count() == 0
        assert page.locator(".md-search-result__meta").inner_text().startswith("搜索暂不可用：索引加载失败（")
        page.keyboard.press("Escape")
        assert page.locator(".cnig-bar button:not([hidden])").first.is_visible()
        assert page.locator("figure.diagram svg").first.is_visible()
        assert errors == []
        context.close()
