"""The rendered HTML of a question page, cut into its top-level blocks.

Python-Markdown writes a page as a flat run of top-level elements: a question
is an ``<h2>`` followed by its blocks up to the next ``<h1>``/``<h2>``. This
module finds those blocks (balanced, with their offsets) so the hook can wrap
each question's body and lift its 30-second answer and follow-up questions out
as HTML, without a DOM library.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

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


# One piece of markup: a comment or declaration (skipped), or a start or end
# tag with its attributes. Quoted attribute values may hold ">".
MARKUP = re.compile(
    r"""(?xs)
    <!--.*?--> | <[!?][^>]*> |
    < (?P<end>/)? (?P<name>[a-zA-Z][^\s/>]*) (?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*) >
    """
)
# One attribute: name, then an optional double-quoted, single-quoted or bare value.
ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


# Attribute text to a dict, values unescaped (as HTMLParser gives them).
def _attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): html.unescape(m[2] or m[3] or m[4] or "") for m in ATTRIBUTE.finditer(text)}


# Insides that hold no question part but most of a page's tags: build-time
# diagrams (hooks/diagram_svg.py) and highlighted code (<pre> cannot nest),
# and raw text a tag scanner must not read (script, style).
# Blanked out before parsing, same length, so offsets still point into the text.
OPAQUE_INSIDES = (
    re.compile(r'(?s)(?P<open><figure class="diagram"[^>]*>)(?P<inside>.*?)(?P<close></figure>)'),
    re.compile(r"(?s)(?P<open><pre\b[^>]*>)(?P<inside>.*?)(?P<close></pre>)"),
    re.compile(r"(?is)(?P<open><(?P<raw>script|style)\b[^>]*>)(?P<inside>.*?)(?P<close></(?P=raw)\s*>)"),
)


# The top-level elements of an HTML fragment, in order. A regular-expression
# scan over the tags, counting depth: html.parser did the same in pure Python
# per character and was most of this hook's time on a build.
def top_level(text: str) -> list[Block]:
    masked = text
    for inside in OPAQUE_INSIDES:
        masked = inside.sub(lambda m: m["open"] + " " * len(m["inside"]) + m["close"], masked)
    blocks: list[Block] = []
    depth, opened = 0, None
    for markup in MARKUP.finditer(masked):
        if markup["name"] is None:
            continue  # a comment or declaration
        tag = markup["name"].lower()
        if markup["end"]:
            if tag in VOID or depth == 0:
                continue
            depth -= 1
            if depth == 0 and opened is not None:
                blocks.append(Block(opened[0], opened[1], opened[2], markup.end()))
                opened = None
        elif tag in VOID or markup["attrs"].rstrip().endswith("/"):
            if depth == 0:
                blocks.append(Block(tag, _attributes(markup["attrs"].rstrip().rstrip("/")), markup.start(),
                                    markup.end()))
        else:
            if depth == 0:
                opened = (tag, _attributes(markup["attrs"]), markup.start())
            depth += 1
    return blocks


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
