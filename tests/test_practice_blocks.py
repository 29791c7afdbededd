"""hooks.practice.blocks: a rendered page cut into top-level blocks, and its questions' parts."""

from __future__ import annotations

from hooks.practice import blocks

PAGE = (
    '<h1 id="t">Title</h1>\n'
    "<!-- <div> in a comment is no block -->\n"
    '<p title="a &gt; b" data-x=\'1>2\'>text <img alt="x" src="a.png"> more</p>\n'
    "<hr>\n"
    '<h2 id="q1">Question</h2>\n'
    '<div class="admonition tldr"><p>30 秒回答</p><div><p>nested</p></div></div>\n'
    "<pre><code>&lt;/div&gt; </div> <div> in code</code></pre>\n"
    "<script>if (a < b) { document.write('<div>') }</script>\n"
    "<p><strong>面试官追问</strong></p>\n"
    "<ul><li>Why?</li></ul>\n"
    '<br/><figure class="diagram"><svg><g></figure>\n'
    '<h2 id="q2">Next</h2>\n'
)


def test_top_level_blocks_with_offsets_and_attributes() -> None:
    found = [(b.tag, b.attrs, b.html(PAGE)[:20]) for b in blocks.top_level(PAGE)]
    assert found == [
        ("h1", {"id": "t"}, '<h1 id="t">Title</h1'),
        ("p", {"title": "a > b", "data-x": "1>2"}, '<p title="a &gt; b" '),
        ("hr", {}, "<hr>"),
        ("h2", {"id": "q1"}, '<h2 id="q1">Question'),
        ("div", {"class": "admonition tldr"}, '<div class="admoniti'),
        ("pre", {}, "<pre><code>&lt;/div&"),
        ("script", {}, "<script>if (a < b) {"),
        ("p", {}, "<p><strong>面试官追问</st"),
        ("ul", {}, "<ul><li>Why?</li></u"),
        ("br", {}, "<br/>"),
        ("figure", {"class": "diagram"}, '<figure class="diagr'),
        ("h2", {"id": "q2"}, '<h2 id="q2">Next</h2'),
    ]
    ends = [b.html(PAGE)[-6:] for b in blocks.top_level(PAGE)]
    assert ends == ["e</h1>", "re</p>", "<hr>", "n</h2>", "</div>", "</pre>", "cript>", "g></p>", "></ul>",
                    "<br/>", "igure>", "t</h2>"]


def test_question_parts_find_answer_and_followups() -> None:
    (first,) = blocks.question_parts(PAGE, {"q1"})
    assert first.id == "q1"
    assert first.answer_html == '<div class="admonition tldr"><p>30 秒回答</p><div><p>nested</p></div></div>'
    assert first.followups_html == "<ul><li>Why?</li></ul>\n<br/>\n<figure class=\"diagram\"><svg><g></figure>"
    assert PAGE[first.body_start:first.body_end].startswith('\n<div class="admonition tldr">')
    assert PAGE[first.body_end - 9:first.body_end] == "</figure>"
