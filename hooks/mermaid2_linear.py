"""Make mkdocs-mermaid2's per-page pass cost what the page costs, not the guide.

For every page whose HTML mentions "mermaid", mkdocs-mermaid2 1.2.3's
``on_post_page`` parses the whole page with BeautifulSoup, counts the
``<pre class="mermaid"><code>`` blocks, appends two ``<script>`` tags to
``<body>`` and serialises the whole page again. Every page carries the whole
navigation, so that pass grows with pages x nav entries: in a 500-page
synthetic guide it took 81 % of the build (bench/README.md). This hook swaps
that one method for a string-level equivalent with the same result:

- the same two scripts (mermaid2's own ``javascript`` path and its
  ``window.mermaidConfig``, from the plugin instance), at the end of ``<body>``;
- whitespace-only runs between tags collapsed as BeautifulSoup does, outside
  ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>``, so pages stay as small.

tests/test_mermaid2_linear.py checks that BeautifulSoup reads the same
document from both outputs, on fixtures and on every page of the real guide.
Any setup this code does not cover (mermaid2's plain loader, an ``.mjs``
library, a page without ``</body>``) goes to mermaid2's own method.
"""

from __future__ import annotations

import functools
import html
import os
import re
from collections.abc import Callable, Mapping
from typing import Any, Protocol, cast

from mermaid2 import pyjs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

PLUGIN_NAME = "mermaid2"

# Elements whose text BeautifulSoup keeps verbatim (pre, textarea) or that hold
# code whose whitespace we must not touch (script, style).
VERBATIM = re.compile(
    r"""(?xis)
    <(pre|textarea|script|style)\b   # opening tag of a verbatim element
    .*?
    </\1\s*>                         # its closing tag
    """
)
# Whitespace-only text between two tags: what BeautifulSoup shrinks to one
# newline (if it held one) or one space. ASCII whitespace only, as bs4 does.
BETWEEN_TAGS = re.compile(r"(?<=>)[ \t\n\r\f]+(?=<)")
# mermaid2's custom loader marks a diagram <pre class="mermaid"><code>...</code></pre>.
MERMAID_PRE = re.compile(
    r"""(?xis)
    <pre\b[^>]*?
    \bclass\s*=\s*(?:"[^"]*|'[^']*)?(?<![\w-])mermaid(?![\w-])  # class list holds "mermaid"
    [^>]*>
    (?P<body>.*?)
    </pre\s*>
    """
)
CODE_TAG = re.compile(r"<code\b", re.IGNORECASE)
BODY_END = "</body>"


class Mermaid2Plugin(Protocol):
    """What this hook reads of mkdocs-mermaid2's plugin (MarkdownMermaidPlugin,
    a BasePlugin), which ships no type information: the properties are its own."""

    @property
    def config(self) -> Mapping[str, Any]: ...
    @property
    def activate_custom_loader(self) -> bool: ...
    @property
    def extra_javascript(self) -> str | None: ...
    @property
    def javascript(self) -> str: ...
    @property
    def mermaid_args(self) -> dict[str, Any]: ...


def on_config(config: MkDocsConfig) -> None:
    plugin = config.plugins.get(PLUGIN_NAME)
    if plugin is None:
        return
    handlers = config.plugins.events["post_page"]
    for i, handler in enumerate(handlers):
        if getattr(handler, "__self__", None) is plugin:
            # Registered under mermaid2's name: its (untyped) plugin class.
            fast = functools.partial(add_mermaid_scripts, cast(Mermaid2Plugin, plugin), handler)
            handlers[i] = functools.update_wrapper(fast, handler)
            return
    log.warning("mkdocs-mermaid2 registers no on_post_page: nothing to replace")


# mermaid2's on_post_page for the custom loader, without re-parsing the page.
def add_mermaid_scripts(
    plugin: Mermaid2Plugin,
    original: Callable[..., str],
    output: str,
    *,
    config: MkDocsConfig,
    page: Page,
    **kwargs: object,
) -> str:
    if "mermaid" not in output:
        return output
    if not plugin.activate_custom_loader or BODY_END not in output:
        return original(output, config=config, page=page, **kwargs)
    if not count_diagrams(output):
        return collapse_whitespace(output)
    scripts = mermaid_scripts(plugin, page)
    if scripts is None:  # a module library: mermaid2 writes an import instead
        return original(output, config=config, page=page, **kwargs)
    output = collapse_whitespace(output)
    end = output.rindex(BODY_END)
    return output[:end] + "".join(scripts) + output[end:]


# The <script> tags mermaid2 appends, or None for a library loaded as a module.
def mermaid_scripts(plugin: Mermaid2Plugin, page: Page) -> list[str] | None:
    scripts = []
    if not plugin.extra_javascript:
        # mermaid2's `javascript` property insists that the file exists under
        # docs/; hooks/vendor.py serves it as a generated file, so read the option.
        javascript = str(plugin.config.get("javascript") or plugin.javascript).strip()
        if javascript.endswith(".mjs"):
            return None
        if not javascript.startswith("http"):
            javascript = os.path.relpath(javascript, os.path.dirname(page.url))
        scripts.append(f'<script src="{html.escape(javascript)}"></script>')
    # mermaid2 sets this on its own arguments before writing them out.
    plugin.mermaid_args["startOnLoad"] = False
    settings = pyjs.dumps(plugin.mermaid_args)
    scripts.append(f"<script>window.mermaidConfig = {{default: {settings}}};</script>")
    return scripts


# How many <code> elements sit inside <pre class="mermaid"> (bs4: "pre.mermaid code").
def count_diagrams(output: str) -> int:
    return sum(len(CODE_TAG.findall(m["body"])) for m in MERMAID_PRE.finditer(output))


# Shrink whitespace between tags as BeautifulSoup's round trip would.
def collapse_whitespace(output: str) -> str:
    parts, start = [], 0
    for match in VERBATIM.finditer(output):
        parts.append(_collapse(output[start : match.start()]))
        parts.append(match.group(0))
        start = match.end()
    parts.append(_collapse(output[start:]))
    return "".join(parts)


def _collapse(text: str) -> str:
    return BETWEEN_TAGS.sub(lambda m: "\n" if "\n" in m.group(0) else " ", text)
