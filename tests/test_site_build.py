"""The real guide builds with --strict, and its HTML has what readers rely on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# Hosts a page must never load from: the site is offline-first.
FOREIGN_ASSET = re.compile(
    r"""(?x)
    (?:src|href)=["']https?://          # a script, stylesheet or image from the web
    (?:unpkg\.com|cdn\.jsdelivr\.net|fonts\.(?:googleapis|gstatic)\.com|cdnjs\.cloudflare\.com)
    """
)
# A CJK character written as a JSON escape, e.g. \u8282.
ESCAPED_CJK = re.compile(r"\\u[4-9][0-9a-fA-F]{3}")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


def test_every_page_is_chinese_and_loads_nothing_from_a_cdn(built_site: Path) -> None:
    pages = html_pages(built_site)
    assert len(pages) >= 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        # zh-CN, not Material's "zh": browsers then pick Simplified Chinese glyphs.
        assert re.search(r'<html[^>]* lang="zh-CN"', html), page
        assert not FOREIGN_ASSET.search(html), f"{page}: loads from a CDN"


# Material's bundle and search worker are replaced by patched copies
# (hooks/search_zh.py): one of each is shipped, without source maps, and
# every script a page names exists.
def test_one_bundle_one_worker_no_source_maps(built_site: Path) -> None:
    scripts = built_site / "assets/javascripts"
    assert len(list(scripts.glob("bundle.*.min.js"))) == 1
    assert len(list((scripts / "workers").glob("search.*.min.js"))) == 1
    assert list(scripts.rglob("*.map")) == []
    for page in html_pages(built_site):
        for src in re.findall(r'<script src="([^"]+)"', page.read_text(encoding="utf-8")):
            if "://" in src:
                continue
            path = src.split("?")[0]
            # 404.html names scripts from the site's root path: /<base>/assets/...
            file = built_site / path.split("/", 2)[2] if path.startswith("/") else page.parent / path
            assert file.resolve().is_file(), f"{page}: {src}"


# Diagrams are drawn at build time (hooks/diagram_svg.py): every page with a
# ```mermaid fence has its figures, and no page or asset carries Mermaid.
def test_pages_with_diagrams_carry_drawn_figures_and_no_mermaid(built_site: Path) -> None:
    with_diagrams = [p for p in html_pages(built_site) if '<figure class="diagram"' in p.read_text("utf-8")]
    assert len(with_diagrams) >= 20, "too few pages have a diagram"
    for page in html_pages(built_site):
        html = page.read_text(encoding="utf-8")
        assert 'class="mermaid"' not in html, page
        assert "mermaid.min.js" not in html, page
    assert not (built_site / "assets/vendor/mermaid.min.js").exists()


def test_search_index_is_utf8_and_segmented(built_site: Path) -> None:
    raw = (built_site / "search/search_index.json").read_text(encoding="utf-8")
    assert not ESCAPED_CJK.search(raw), "search index still has \\u escapes"
    index = json.loads(raw)
    assert index["config"]["lang"] == ["zh"]
    texts = " ".join(doc["text"] for doc in index["docs"])
    # jieba's segmentation marks word boundaries with U+200B; the guide's own
    # terms come out whole because the glossary feeds jieba's dictionary.
    tokens = set(re.split(r"[\s\u200b]+", texts))
    assert {"节点亲和性", "多阶段构建", "就绪探针"} <= tokens


def test_footer_shows_the_checked_versions(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "本书代码已在 Kubernetes 1.37 / Go 1.27 上校验" in html


def test_theme_features(built_site: Path) -> None:
    html = (built_site / "docker/image-build/index.html").read_text(encoding="utf-8")
    assert 'data-md-color-media="(prefers-color-scheme)"' in html  # follows the system
    assert 'data-md-color-scheme="slate"' in html  # dark palette available
    assert "md-tabs" in html and "md-footer__link" in html  # tabs and prev/next footer
    # navigation.prune: other chapters are one link each, this chapter is whole.
    assert html.count("md-nav__item--pruned") >= 4
    assert 'href="../../kubernetes/scheduling/"' not in html
    assert 'href="https://github.com/cn-interview-guide/cloud-native-interview-guide/edit/main/docs/docker/image-build.md"' in html
    # Attribute order is Material's (or BeautifulSoup's, where mermaid2 re-serialises).
    canonical = "https://cn-interview-guide.github.io/cloud-native-interview-guide/docker/image-build/"
    assert re.search(rf'<link (?=[^>]*rel="canonical")(?=[^>]*href="{re.escape(canonical)}")', html)
    # The repository widget is a plain link: Material's fetches the GitHub API.
    assert 'data-md-component="source"' not in html


def test_sample_page_exercises_every_feature(built_site: Path) -> None:
    html = (built_site / "docker/image-build/index.html").read_text(encoding="utf-8")
    assert 'class="admonition tldr"' in html  # admonition
    assert '<details class="answer">' in html  # collapsible model answer
    assert "<table>" in html
    assert 'class="md-tag' in html  # a tag
    # A code block included from snippets/, highlighted, with its file title.
    assert '<span class="filename">snippets/docker/' in html
    assert "--8&lt;--" not in html and "--8<--" not in html  # section markers never leak
