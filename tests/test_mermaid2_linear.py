"""hooks/mermaid2_linear.py: the same pages as mkdocs-mermaid2, without its re-parse.

"The same" means BeautifulSoup reads one document from both outputs, so both
serialise to the same bytes after one more round trip through it.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jieba
import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from hooks import mermaid2_linear, vendor

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "mermaid2_linear"


def real_config(**overrides):
    return load_config(str(ROOT / "mkdocs.yml"), **overrides)


# The mermaid2 plugin of the real mkdocs.yml, after its own on_config.
# mermaid2's `javascript` property insists that the library exists under
# docs/; hooks/vendor.py serves it as a generated file instead, so the property
# is given the configured path it would have returned (it caches it there).
@pytest.fixture(scope="module")
def mermaid2():
    config = real_config()
    vendor.on_config(config)
    plugin = config.plugins["mermaid2"]
    plugin.on_config(config)
    plugin._javascript = plugin.config["javascript"]
    return config, plugin


def a_page(config, src: str) -> Page:
    file = File(src, config.docs_dir, config.site_dir, use_directory_urls=True)
    return Page(None, file, config)


def both(config, plugin, html: str, src: str = "docker/images.md") -> tuple[str, str]:
    page = a_page(config, src)
    original = plugin.on_post_page(html, config=config, page=page)
    ours = mermaid2_linear.add_mermaid_scripts(
        plugin, plugin.on_post_page, html, config=config, page=page
    )
    return original, ours


def reparsed(html: str) -> str:
    return str(BeautifulSoup(html, "html.parser"))


@pytest.mark.parametrize(
    "fixture",
    sorted(p.name for p in FIXTURES.glob("*.html")),
    ids=lambda n: n.removesuffix(".html"),
)
@pytest.mark.parametrize(
    "src", ["index.md", "docker/images.md"], ids=["root", "nested"]
)
def test_same_document_as_mermaid2(mermaid2, fixture: str, src: str) -> None:
    config, plugin = mermaid2
    html = (FIXTURES / fixture).read_text(encoding="utf-8")
    original, ours = both(config, plugin, html, src)
    assert reparsed(ours) == reparsed(original)


def test_scripts_go_at_the_end_of_body_with_the_relative_library_path(mermaid2) -> None:
    config, plugin = mermaid2
    html = (FIXTURES / "two-diagrams.html").read_text(encoding="utf-8")
    _, ours = both(config, plugin, html, "kubernetes/scheduling.md")
    tail = ours[ours.index("</article>") :]
    assert '<script src="../../assets/vendor/mermaid.min.js"></script>' in tail
    assert "<script>window.mermaidConfig = {default: {" in tail
    assert tail.index("window.mermaidConfig") < tail.index("</body>")


def test_verbatim_text_keeps_every_space(mermaid2) -> None:
    config, plugin = mermaid2
    html = (FIXTURES / "two-diagrams.html").read_text(encoding="utf-8")
    _, ours = both(config, plugin, html)
    assert "<pre><code>  缩进的\n      代码   </code></pre>" in ours
    assert "<textarea>  保留\n   空白 </textarea>" in ours
    assert '<script>var nav = "a >   < b";</script>' in ours
    assert "A --&gt; B\n\n    B --&gt;   C" in ours
    # ...while whitespace between tags shrinks as it does in mermaid2's output.
    assert "<li> <a" in ours and "</a> </li>" in ours


def test_no_scripts_without_a_diagram(mermaid2) -> None:
    config, plugin = mermaid2
    html = (FIXTURES / "mention-only.html").read_text(encoding="utf-8")
    _, ours = both(config, plugin, html)
    assert "<script" not in ours


def test_page_that_never_says_mermaid_is_returned_as_is(mermaid2) -> None:
    config, plugin = mermaid2
    html = (FIXTURES / "no-diagram.html").read_text(encoding="utf-8")
    original, ours = both(config, plugin, html)
    assert ours is html
    assert original is html


@pytest.mark.parametrize(
    ("html", "count"),
    [
        ('<pre class="mermaid"><code>a</code></pre>', 1),
        ("<PRE class='x mermaid'><CODE>a</CODE></PRE>", 1),
        ('<pre class="mermaid-like"><code>a</code></pre>', 0),
        ('<pre class="x-mermaid"><code>a</code></pre>', 0),
        ('<pre data-x="mermaid"><code>a</code></pre>', 0),
        ('<pre class="mermaid"></pre>', 0),
        ('<div class="mermaid"><code>a</code></div>', 0),
    ],
    ids=[
        "plain",
        "class-list-upper",
        "prefix",
        "suffix",
        "other-attribute",
        "no-code",
        "div",
    ],
)
def test_count_diagrams_matches_css_selector(html: str, count: int) -> None:
    assert mermaid2_linear.count_diagrams(html) == count
    assert len(BeautifulSoup(html, "html.parser").select("pre.mermaid code")) == count


def test_module_library_is_left_to_mermaid2(mermaid2) -> None:
    config, plugin = mermaid2
    html = (FIXTURES / "two-diagrams.html").read_text(encoding="utf-8")
    saved = plugin._javascript, plugin.config["javascript"]
    plugin._javascript = plugin.config["javascript"] = "assets/vendor/mermaid.esm.min.mjs"
    try:
        original, ours = both(config, plugin, html)
    finally:
        plugin._javascript, plugin.config["javascript"] = saved
    assert 'import mermaid from "../../assets/vendor/mermaid.esm.min.mjs";' in original
    assert ours == original


def test_hook_replaces_only_mermaid2s_handler() -> None:
    config = real_config()
    plugin = config.plugins["mermaid2"]
    before = list(config.plugins.events["post_page"])
    mermaid2_linear.on_config(config)
    after = config.plugins.events["post_page"]
    assert len(after) == len(before)
    changed = [(b, a) for b, a in zip(before, after) if a is not b]
    assert len(changed) == 1
    old, new = changed[0]
    assert old.__self__ is plugin
    assert (
        isinstance(new, functools.partial)
        and new.func is mermaid2_linear.add_mermaid_scripts
    )


def test_hook_without_mermaid2_is_a_no_op(caplog) -> None:
    config = real_config()
    del config.plugins["mermaid2"]
    events = {name: list(handlers) for name, handlers in config.plugins.events.items()}
    mermaid2_linear.on_config(config)
    assert config.plugins.events == events
    assert not caplog.records


# Every page of the real guide: capture what mermaid2 is given during a real
# build, then hand it to mermaid2 and to the hook.
def test_every_real_page_matches_mermaid2(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SNIPPET_CHECKS", "0")
    # hooks/search_zh.py teaches jieba the glossary in this process; undo that
    # afterwards, since tests/test_search_zh.py starts from jieba's own words.
    jieba.initialize()
    monkeypatch.setattr(jieba.dt, "FREQ", dict(jieba.dt.FREQ))
    monkeypatch.setattr(jieba.dt, "total", jieba.dt.total)
    config = real_config(site_dir=str(tmp_path / "site"))
    plugin = config.plugins["mermaid2"]
    plugin._javascript = plugin.config["javascript"]
    # As under `mkdocs serve`, where mermaid2 still draws: a build turns every
    # diagram into SVG before mermaid2's pass, which then has nothing to do.
    config.plugins["hooks/diagram_svg.py"].on_startup(command="serve", dirty=False)
    handlers = config.plugins.events["post_page"]
    seen: list[tuple[Page, str]] = []

    def capture(output: str, *, page: Page, **kwargs) -> str:
        seen.append((page, output))
        return output

    handlers.insert(handlers.index(plugin.on_post_page), capture)
    build(config)

    assert len(seen) == len(list((ROOT / "docs").rglob("*.md")))
    with_diagrams = 0
    for page, html in seen:
        original = plugin.on_post_page(html, config=config, page=page)
        ours = mermaid2_linear.add_mermaid_scripts(
            plugin, plugin.on_post_page, html, config=config, page=page
        )
        assert reparsed(ours) == reparsed(original), page.file.src_uri
        with_diagrams += "window.mermaidConfig" in ours
    assert with_diagrams >= 10
    # The build itself ran the hook, not mermaid2's own pass.
    assert not [h for h in handlers if getattr(h, "__self__", None) is plugin]
    # (MkDocs loads hooks/mermaid2_linear.py as a module of its own: compare code.)
    our_code = mermaid2_linear.add_mermaid_scripts.__code__
    assert [
        h
        for h in handlers
        if getattr(getattr(h, "func", None), "__code__", None) == our_code
    ]


# Under `mkdocs serve` the browser's Mermaid takes its settings from the script
# mermaid2 writes; it must run, and carry exactly the settings the build draws
# with (mermaid2 writes a string holding double quotes as broken JavaScript).
def test_serve_script_is_javascript_with_the_builds_settings(mermaid2) -> None:
    import json
    import shutil
    import subprocess

    config, plugin = mermaid2
    scripts = mermaid2_linear.mermaid_scripts(plugin, a_page(config, "docker/images.md"))
    assert scripts is not None
    inline = scripts[-1].removeprefix("<script>").removesuffix("</script>")
    node = shutil.which("node") or "/usr/bin/node"
    probe = f"var window = {{}};\n{inline}\nconsole.log(JSON.stringify(window.mermaidConfig.default));"
    done = subprocess.run([node, "-e", probe], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    arguments = dict(config.plugins["mermaid2"].config["arguments"])
    assert json.loads(done.stdout) == {**arguments, "startOnLoad": False}
