"""From Mermaid's SVG to the ``<figure>`` a page shows."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

# Mermaid's accessibility lines: `accTitle: text` and `accDescr: text` (one
# line) or `accDescr { ... }` (several lines).
ACC_TITLE = re.compile(r"(?m)^[ \t]*accTitle[ \t]*:[ \t]*(?P<text>.+?)[ \t]*$")
ACC_DESCR = re.compile(
    r"""(?xms)
    ^[ \t]*accDescr
    (?: [ \t]*:[ \t]*(?P<line>[^\n]+?)[ \t]*$      # accDescr: one line
      | [ \t]*\{(?P<block>.*?)\}                   # accDescr { several lines }
    )
    """
)
# The opening <svg ...> tag Mermaid writes.
SVG_OPEN = re.compile(r"<svg\b[^>]*>")
VIEW_BOX = re.compile(r'\bviewBox="(?P<x>[-\d.e]+)\s+(?P<y>[-\d.e]+)\s+(?P<w>[\d.e]+)\s+(?P<h>[\d.e]+)"')
WIDTH_ATTR = re.compile(r'\s(?:width|height)="[^"]*"')
MAX_WIDTH_STYLE = re.compile(r'\sstyle="max-width:\s*[\d.]+px;?"')
# Mermaid 11.12 escapes a label with a line break twice when it draws SVG text:
# "a<br/>x > 0" shows "x &gt; 0". One level of entities is the text itself.
DOUBLE_ESCAPED = re.compile(r"&amp;(lt|gt|amp|quot|#39);")
# Path data and the edge data Mermaid keeps for its own scripts. Mermaid writes
# coordinates with 15 decimals, and draws each box of a state diagram as
# hundreds of curve segments: one such diagram was 320 KB of SVG. A tenth of a
# px is finer than any screen or printer shows.
GEOMETRY = re.compile(r'(\s(?:d|points)=")([^"]*)"')
LONG_DECIMAL = re.compile(r"-?\d+\.\d{2,}")
DATA_POINTS = re.compile(r'\sdata-points="[^"]*"')
# The smallest font size a reader must get, in CSS px, and the widest column
# that still counts as a phone (Material's own breakpoint, 44.9375em).
MIN_LABEL_PX_DESKTOP = 12.0
MIN_LABEL_PX_PHONE = 10.0


@dataclass(frozen=True)
class Drawing:
    """One variant of a diagram as drawn: its SVG, natural size, smallest font,
    and each subgraph title drawn over a label (title, label)."""

    svg: str
    width: float
    height: float
    min_font_px: float
    overlaps: list[tuple[str, str]] = field(default_factory=list)


# The diagram's title and description from its accTitle/accDescr lines ("" when absent).
def accessible_text(source: str) -> tuple[str, str]:
    title = ACC_TITLE.search(source)
    descr = ACC_DESCR.search(source)
    description = ""
    if descr:
        description = descr.group("line") or " ".join((descr.group("block") or "").split())
    return (title.group("text") if title else ""), description


# The SVG at its natural size: explicit width and height instead of Mermaid's
# "100% wide, at most N px", which shrinks a wide diagram's labels to specks.
def natural_size(svg: str) -> tuple[str, float, float]:
    opening = SVG_OPEN.search(svg)
    box = VIEW_BOX.search(opening.group(0)) if opening else None
    if opening is None or box is None:
        raise ValueError("Mermaid's SVG has no viewBox")
    width, height = float(box["w"]), float(box["h"])
    tag = MAX_WIDTH_STYLE.sub("", WIDTH_ATTR.sub("", opening.group(0)))
    tag = tag[:-1] + f' width="{width:.2f}" height="{height:.2f}">'
    svg = svg[: opening.start()] + tag + svg[opening.end() :]
    return DOUBLE_ESCAPED.sub(r"&\1;", svg), width, height


# The SVG with its geometry rounded to a tenth of a px and without Mermaid's
# edge data (base64 JSON that only Mermaid's interactive features read).
def compact(svg: str) -> str:
    svg = DATA_POINTS.sub("", svg)
    return GEOMETRY.sub(lambda m: m[1] + LONG_DECIMAL.sub(_tenth, m[2]) + '"', svg)


def _tenth(number: re.Match[str]) -> str:
    text = f"{float(number[0]):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# The labels a diagram shows, in drawing order, each once: one per <text>
# element (not <style>, <title> or <desc>; the caption shows the last two).
# Mermaid's SVG runs labels together ("REST APIunix:///var/run/docker.sock"),
# so the figure lists them apart. The lines of a wrapped label are joined
# again: with nothing between two Chinese characters ("本次处" + "理"), else a space.
SVG_TEXT_ELEMENT = re.compile(r"(?s)<text\b[^>]*>.*?</text>")
TEXT_NODE = re.compile(r">([^<]+)<")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def drawn_words(svg: str) -> list[str]:
    seen: dict[str, None] = {}
    for element in SVG_TEXT_ELEMENT.findall(svg):
        label = ""
        for node in TEXT_NODE.findall(element):
            line = " ".join(html.unescape(node).split())
            if not line:
                continue
            glue = "" if not label or (CJK.match(label[-1]) and CJK.match(line[0])) else " "
            label += glue + line
        if label:
            seen.setdefault(label, None)
    return list(seen)


# The page HTML for one diagram: both variants in a box that scrolls sideways,
# the words it shows (for search), and a caption with the title and
# description. The box is scaled down to fit the column, but never below the
# scale that keeps its smallest label legible.
def figure_html(
    light: Drawing, dark: Drawing, title: str, description: str, svg: Callable[[Drawing], str] = lambda d: d.svg
) -> str:
    min_font = min(light.min_font_px, dark.min_font_px) or 16.0
    desktop = min(1.0, MIN_LABEL_PX_DESKTOP / min_font)
    phone = min(1.0, MIN_LABEL_PX_PHONE / min_font)
    style = (
        f"--diagram-width: {max(light.width, dark.width):.0f}px; "
        f"--diagram-min-scale: {desktop:.3f}; --diagram-min-scale-phone: {phone:.3f}"
    )
    caption = html.escape(title)
    if description:
        caption = f"<strong>{caption}</strong>　{html.escape(description)}"
    return (
        f'<figure class="diagram" style="{style}">'
        f'<div class="diagram__scroll" tabindex="0" role="group" aria-label="{html.escape(title, quote=True)}" '
        f'data-search-exclude>'
        f'<div class="diagram__light">{svg(light)}</div>'
        f'<div class="diagram__dark">{svg(dark)}</div>'
        f"</div>"
        # For search only: hidden from readers and screen readers (the caption
        # describes the diagram), but Material indexes hidden text too.
        f'<div class="diagram__words" hidden>{html.escape(" / ".join(drawn_words(light.svg)), quote=False)}</div>'
        f"<figcaption>{caption}</figcaption>"
        f"</figure>"
    )
