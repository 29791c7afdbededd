"""hooks.diagrams and hooks/diagram_svg.py: the pure parts of drawing diagrams at build time."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks import diagram_svg
from hooks.diagrams.cache import DrawingCache, drawing_key
from hooks.diagrams.figure import (
    Drawing,
    accessible_text,
    compact,
    drawn_words,
    figure_html,
    natural_size,
)

MERMAID_SVG = (
    '<svg id="mmd-1" width="100%" xmlns="http://www.w3.org/2000/svg" class="flowchart" '
    'style="max-width: 812.5px;" viewBox="0 -3 812.5 240.25" role="graphics-document document">'
    "<title>t</title><g/></svg>"
)


def test_accessible_text_one_line_each() -> None:
    source = "flowchart TB\n  accTitle: 调度框架\n  accDescr: Pod 经过过滤和打分。\n  A --> B\n"
    assert accessible_text(source) == ("调度框架", "Pod 经过过滤和打分。")


def test_accessible_text_description_block() -> None:
    source = "sequenceDiagram\n  accTitle: 终止\n  accDescr {\n    先发 SIGTERM，\n    再等宽限期。\n  }\n  A->>B: x\n"
    assert accessible_text(source) == ("终止", "先发 SIGTERM， 再等宽限期。")


def test_accessible_text_absent() -> None:
    assert accessible_text("flowchart TB\n  A --> B\n") == ("", "")


def test_natural_size_replaces_mermaids_shrink_to_fit() -> None:
    svg, width, height = natural_size(MERMAID_SVG)
    assert (width, height) == (812.5, 240.25)
    assert svg.startswith(
        '<svg id="mmd-1" xmlns="http://www.w3.org/2000/svg" class="flowchart" '
        'viewBox="0 -3 812.5 240.25" role="graphics-document document" width="812.50" height="240.25">'
    )
    assert "max-width" not in svg


def test_labels_escaped_twice_by_mermaid_show_as_written() -> None:
    svg, _, _ = natural_size(MERMAID_SVG.replace("<g/>", "<text><tspan>x &amp;gt; 0 &amp;amp; y &lt; 2</tspan></text>"))
    assert "<tspan>x &gt; 0 &amp; y &lt; 2</tspan>" in svg


# Geometry is rounded to a tenth of a px, Mermaid's edge data goes; text,
# transforms and the viewBox stay exactly as drawn.
def test_compact_rounds_geometry_and_drops_edge_data() -> None:
    svg = (
        '<svg viewBox="-2 0 821.7578125 1114.800048828125">'
        '<path d="M-25.484375 -20 C-5.620975224808802 -20, 0.04 1e-05, 25.96 -0.049" data-points="W3sieCI6MX1d"/>'
        '<polygon points="0.333333,1.26 10,2.66666"/>'
        '<g transform="translate(12.3456, 7.891)"><text x="1.23456">a 1.23456</text></g></svg>'
    )
    assert compact(svg) == (
        '<svg viewBox="-2 0 821.7578125 1114.800048828125">'
        '<path d="M-25.5 -20 C-5.6 -20, 0 1e-05, 26 0"/>'
        '<polygon points="0.3,1.3 10,2.7"/>'
        '<g transform="translate(12.3456, 7.891)"><text x="1.23456">a 1.23456</text></g></svg>'
    )


# Search gets each label once, apart from the others, wrapped lines joined;
# not the styles, nor the title and description the caption already shows.
def test_drawn_words_one_per_label() -> None:
    svg = (
        '<svg><title>标题</title><desc>说明</desc><style>.x{fill:red}</style>'
        '<text><tspan><tspan>WithCancelCause：本次处</tspan></tspan><tspan><tspan>理</tspan></tspan></text>'
        '<text><tspan>REST API</tspan><tspan>unix:///var/run</tspan></text>'
        '<text>x &gt; 0</text><text> </text><text>x &gt; 0</text></svg>'
    )
    assert drawn_words(svg) == ["WithCancelCause：本次处理", "REST API unix:///var/run", "x > 0"]


def test_the_figure_lists_the_words_for_search_only() -> None:
    light = Drawing("<svg><text>a</text><text>b &amp; c</text></svg>", 10.0, 10.0, 16.0)
    html = figure_html(light, light, "标题", "")
    assert '<div class="diagram__words" hidden>a / b &amp; c</div><figcaption>标题</figcaption>' in html


def test_natural_size_needs_a_viewbox() -> None:
    with pytest.raises(ValueError, match="no viewBox"):
        natural_size("<svg><g/></svg>")


def test_figure_keeps_the_smallest_label_legible() -> None:
    light = Drawing(svg="<svg>L</svg>", width=2000, height=300, min_font_px=16)
    dark = Drawing(svg="<svg>D</svg>", width=2000, height=300, min_font_px=14)
    figure = figure_html(light, dark, "标题 <x>", "一句话说明。")
    # 12 px of a 14 px label is a scale of 0.857 on a desktop; 10 px is 0.714 on a phone.
    assert figure.startswith(
        '<figure class="diagram" style="--diagram-width: 2000px; --diagram-min-scale: 0.857; '
        '--diagram-min-scale-phone: 0.714">'
    )
    assert '<div class="diagram__light"><svg>L</svg></div><div class="diagram__dark"><svg>D</svg></div>' in figure
    assert 'aria-label="标题 &lt;x&gt;"' in figure
    assert "data-search-exclude" in figure
    assert figure.endswith("<figcaption><strong>标题 &lt;x&gt;</strong>　一句话说明。</figcaption></figure>")


def test_small_diagrams_are_never_scaled_up() -> None:
    drawing = Drawing(svg="<svg/>", width=300, height=100, min_font_px=8)
    assert "--diagram-min-scale: 1.000; --diagram-min-scale-phone: 1.000" in figure_html(drawing, drawing, "t", "d")


def test_cache_round_trip_and_keys(tmp_path: Path) -> None:
    cache = DrawingCache(tmp_path / "diagrams")
    drawing = Drawing(svg="<svg>中</svg>", width=1.5, height=2.0, min_font_px=16.0)
    key = drawing_key("flowchart TB\n A-->B", "light", {"theme": "default"}, "11.12.2", "Chromium 156")
    assert cache.get(key) is None
    cache.put(key, drawing)
    assert cache.get(key) == drawing
    assert list((tmp_path / "diagrams").iterdir()) == [tmp_path / "diagrams" / f"{key}.json"]
    # Anything that can change the drawing changes the key.
    others = [
        drawing_key("flowchart TB\n A-->C", "light", {"theme": "default"}, "11.12.2", "Chromium 156"),
        drawing_key("flowchart TB\n A-->B", "dark", {"theme": "default"}, "11.12.2", "Chromium 156"),
        drawing_key("flowchart TB\n A-->B", "light", {"theme": "dark"}, "11.12.2", "Chromium 156"),
        drawing_key("flowchart TB\n A-->B", "light", {"theme": "default"}, "11.12.3", "Chromium 156"),
        drawing_key("flowchart TB\n A-->B", "light", {"theme": "default"}, "11.12.2", "Chromium 157"),
    ]
    assert len({key, *others}) == 6


def test_broken_cache_entry_is_a_miss(tmp_path: Path) -> None:
    (tmp_path / "k.json").write_text("{not json", encoding="utf-8")
    assert DrawingCache(tmp_path).get("k") is None
    assert DrawingCache(None).get("k") is None


# mkdocs serve: the browser's Mermaid must read `<br/>` as text, not as an element.
def test_serve_escapes_the_diagram_source() -> None:
    html = '<p>x</p><pre class="mermaid"><code>flowchart TB\n  A["a<br/>b"] --> B\n</code></pre>'
    assert diagram_svg.escape_for_browser(html) == (
        '<p>x</p><pre class="mermaid"><code>flowchart TB\n  A["a&lt;br/&gt;b"] --&gt; B\n</code></pre>'
    )


# The browser's version is asked once per installed binary, then read from the cache.
def test_browser_version_is_asked_once_per_binary(tmp_path: Path) -> None:
    from hooks.diagrams import draw

    calls = tmp_path / "calls"
    browser = tmp_path / "chromium"
    browser.write_text(f'#!/bin/sh\necho x >> "{calls}"\necho "Chromium 999.0"\n')
    browser.chmod(0o755)
    assert draw.browser_version(str(browser), tmp_path / "cache") == "Chromium 999.0"
    draw._ask_version.cache_clear()
    assert draw.browser_version(str(browser), tmp_path / "cache") == "Chromium 999.0"
    assert calls.read_text().count("x") == 1
    # A new binary (another size) is asked again.
    browser.write_text(browser.read_text().replace("999.0", "1000.0"))
    draw._ask_version.cache_clear()
    assert draw.browser_version(str(browser), tmp_path / "cache") == "Chromium 1000.0"
    assert calls.read_text().count("x") == 2


# Without a browser the build stops with one clear message that names the package.
def test_a_build_without_chromium_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    from hooks.common import browser

    from .conftest import ROOT

    monkeypatch.setattr(browser, "CHROMIUM_PATHS", (str(tmp_path / "no-chromium"),))
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.delenv("PDF_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.extra["versions"]["mermaid"] = "11.12.2"
    build = diagram_svg._Build(config)
    with pytest.raises(PluginError) as caught:
        build.chromium()
    assert str(caught.value) == (
        "Drawing the Mermaid diagrams needs Chromium and none was found (looked for $PDF_CHROMIUM, $CHROMIUM, "
        f"{tmp_path / 'no-chromium'}, and chromium, chromium-browser, google-chrome on PATH). "
        "Install Debian's package with `apt-get install chromium`, or set CHROMIUM to a Chromium/Chrome binary."
    )


# Page content carries a placeholder per SVG; the finished page gets the SVG.
def test_svgs_wait_in_placeholders_until_the_page_is_finished(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.config import load_config

    from .conftest import ROOT

    config = load_config(str(ROOT / "mkdocs.yml"))
    config.extra["versions"]["mermaid"] = "11.12.2"
    build = diagram_svg._Build(config)
    light = Drawing('<svg id="l"><path d="M0 0"/></svg>', 100.0, 50.0, 16.0)
    dark = Drawing('<svg id="d"><path d="M1 1"/></svg>', 100.0, 50.0, 16.0)
    content = figure_html(light, dark, "标题", "说明", svg=build.placeholder)
    assert "<svg" not in content
    assert '<div class="diagram__light"><!--cnig-diagram:0--></div>' in content
    assert '<div class="diagram__dark"><!--cnig-diagram:1--></div>' in content
    monkeypatch.setattr(diagram_svg, "_build", build)
    page = f"<p><!-- a comment --></p>{content}"
    finished = diagram_svg.on_post_page(page, page=None, config=None)  # type: ignore[arg-type]
    assert finished == f"<p><!-- a comment --></p>{figure_html(light, dark, '标题', '说明')}"
