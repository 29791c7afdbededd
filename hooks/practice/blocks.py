"""The rendered HTML of a question page, cut into its top-level blocks.

Python-Markdown writes a page as a flat run of top-level elements: a question
is an ``<h2>`` followed by its blocks up to the next ``<h1>``/``<h2>``. This
module finds those blocks (balanced, with their offsets) so the hook can wrap
each question's body and lift its 30-second answer and follow-up questions out
as HTML, without a DOM library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements that never have an end tag.
VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                  "track", "wbr"))
# The paragraph that opens a question's follow-ups, as Markdown renders **面试官追问**.
FOLLOWUPS_HEAD = re.compile(r"^<p>\s*<strong>\s*面试官追问\s*</strong>\s*</p>$")
# Any other such bold-only paragraph starts the next part of the question.
PART_HEAD = re.compile(r"^<p>\s*<strong>[^<]*</strong>\s*</p>$")


@dataclass(frozen=True)
class Block:
    tag: str
    attrs: dict[str, str]
    start: int  # offset of "<" of the start tag
    end: int  # offset just after the end tag

    def html(self, text: str) -> str:
        return text[self.start:self.end]

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class _Splitter(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.depth = 0
        self.open: tuple[str, dict[str, str], int] | None = None
        self.blocks: list[Block] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        if tag in VOID:
            if self.depth == 0:
                end = self.text.index(">", start) + 1
                self.blocks.append(Block(tag, {k: v or "" for k, v in attrs}, start, end))
            return
        if self.depth == 0:
            self.open = (tag, {k: v or "" for k, v in attrs}, start)
        self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            start = self._offset()
            end = self.text.index(">", start) + 1
            self.blocks.append(Block(tag, {k: v or "" for k, v in attrs}, start, end))

    def handle_endtag(self, tag):
        if tag in VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0 and self.open:
            end = self.text.index(">", self._offset()) + 1
            name, attrs, start = self.open
            self.blocks.append(Block(name, attrs, start, end))
            self.open = None


# Insides that hold no question part but most of a page's tags: build-time
# diagrams (hooks/diagram_svg.py) and highlighted code (<pre> cannot nest).
# Blanked out before parsing, same length, so offsets still point into the text.
OPAQUE_INSIDES = (
    re.compile(r'(?s)(<figure class="diagram"[^>]*>)(.*?)(</figure>)'),
    re.compile(r"(?s)(<pre\b[^>]*>)(.*?)(</pre>)"),
)


# The top-level elements of an HTML fragment, in order.
def top_level(text: str) -> list[Block]:
    masked = text
    for inside in OPAQUE_INSIDES:
        masked = inside.sub(lambda m: m.group(1) + " " * len(m.group(2)) + m.group(3), masked)
    parser = _Splitter(masked)
    parser.feed(masked)
    parser.close()
    return parser.blocks


@dataclass(frozen=True)
class QuestionHtml:
    id: str
    body_start: int  # after the heading
    body_end: int
    answer_html: str  # the whole 30-second-answer admonition
    followups_html: str  # the list(s) under 面试官追问, "" when there are none


# Every question heading (an <h2> whose id is in `ids`) with its body's extent and parts.
def question_parts(text: str, ids: set[str]) -> list[QuestionHtml]:
    blocks = top_level(text)
    out = []
    for i, block in enumerate(blocks):
        if block.tag != "h2" or block.attrs.get("id") not in ids:
            continue
        body = []
        for later in blocks[i + 1:]:
            if later.tag in ("h1", "h2"):
                break
            body.append(later)
        end = body[-1].end if body else block.end
        tldr = next((b.html(text) for b in body if b.tag == "div" and "tldr" in b.classes), "")
        out.append(QuestionHtml(block.attrs["id"], block.end, end, tldr, _followups(text, body)))
    return out


# The blocks after the 面试官追问 paragraph, up to the next bold-only paragraph.
def _followups(text: str, body: list[Block]) -> str:
    parts, inside = [], False
    for block in body:
        html = block.html(text)
        if block.tag == "p" and FOLLOWUPS_HEAD.match(html):
            inside = True
            continue
        if inside and (block.tag == "p" and PART_HEAD.match(html) or block.tag in ("details", "div")):
            break
        if inside:
            parts.append(html)
    return "\n".join(parts)


# The page with each question's body wrapped in a <div> that self-test mode hides.
def wrap_bodies(text: str, questions: list[QuestionHtml]) -> str:
    out, last = [], 0
    for q in questions:
        out += [text[last:q.body_start],
                f'<div class="cnig-qbody" id="{q.id}--body" data-cnig-body="{q.id}">',
                text[q.body_start:q.body_end], "</div>"]
        last = q.body_end
    out.append(text[last:])
    return "".join(out)
