"""hooks/checks/markdown.py: one failing fixture per rule with its exact message,
one passing page written like a real chapter, and the real guide's pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.checks import kinds, markdown
from hooks.checks.cache import ResultCache
from hooks.checks.context import Context, load_context

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "markdown"
CTX = Context(root=FIXTURES, kubernetes_version="1.37", go_version="1.26")

EXPECTED = {
    "heading-increment": [
        ("docs/heading-increment.md:3:1: Heading levels should only increment by one level at a time. "
        "[Expected: h2; Actual: h3] (pymarkdown MD001) [markdown/heading-increment]")
    ],
    "single-h1": [
        ("docs/single-h1.md:3:1: Multiple top-level headings in the same document (pymarkdown MD025) "
        "[markdown/single-title]")
    ],
    "first-line-heading": [
        ("docs/first-line-heading.md:5:1: First line in file should be a top level heading (pymarkdown MD041) "
        "[markdown/first-line-heading]")
    ],
    "no-bare-urls": ["docs/no-bare-urls.md:3:7: Bare URL used (pymarkdown MD034) [markdown/no-bare-urls]"],
    "no-alt-text": [
        ("docs/no-alt-text.md:3:1: Images should have alternate text (alt text) (pymarkdown MD045) "
        "[markdown/no-alt-text]")
    ],
    "img-without-alt": [
        ('docs/img-without-alt.md:3:1: <img> has no alt text; add alt="..." describing the image, '
        "or use Markdown ![描述](path) [markdown/no-alt-text]")
    ],
    "script-tag": [
        ("docs/script-tag.md:3:1: raw <script> element: it loads or runs code in the reader's browser; "
        "use a Mermaid diagram, an image or a link instead [markdown/unsafe-html]")
    ],
    "iframe": [
        ("docs/iframe.md:3:1: raw <iframe> element: it loads or runs code in the reader's browser; "
        "use a Mermaid diagram, an image or a link instead [markdown/unsafe-html]")
    ],
    "event-handler": [
        ('docs/event-handler.md:3:7: event handler attribute "onmouseover=" runs script; '
        "remove it (pages may not carry JavaScript) [markdown/unsafe-html]")
    ],
    "event-handler-attr-list": [
        ('docs/event-handler-attr-list.md:3:19: event handler attribute "onclick=" runs script; '
        "remove it (pages may not carry JavaScript) [markdown/unsafe-html]")
    ],
    "javascript-link": [
        ('docs/javascript-link.md:3:8: "javascript:" link runs script when followed; '
        "link to a page or an http(s) URL [markdown/unsafe-html]")
    ],
    "javascript-href": [
        ('docs/javascript-href.md:3:10: "javascript:" link runs script when followed; '
        "link to a page or an http(s) URL [markdown/unsafe-html]")
    ],
}


@pytest.mark.parametrize("case", EXPECTED, ids=list(EXPECTED))
def test_failing_fixture_has_exact_message(case: str) -> None:
    problems = markdown.check_file(FIXTURES / "docs" / f"{case}.md", CTX)
    assert [p.format() for p in problems] == EXPECTED[case]


def test_every_fixture_page_is_covered() -> None:
    pages = {p.stem for p in (FIXTURES / "docs").glob("*.md")}
    assert pages == {*EXPECTED, "ok"}


def test_page_written_like_a_chapter_passes() -> None:
    # Front matter, attr_list heading, admonitions, long Chinese lines, <kbd>,
    # autolinks, and <script>/onclick=/javascript: only inside code.
    assert markdown.check_file(FIXTURES / "docs" / "ok.md", CTX) == []


def test_all_fixture_pages_in_one_run_match_per_page_runs() -> None:
    pages = {p: p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "docs").glob("*.md"))}
    together = sorted(p.format() for p in markdown.check_docs(pages, CTX))
    assert together == sorted(line for lines in EXPECTED.values() for line in lines)


def test_cached_result_is_reused(tmp_path: Path) -> None:
    page = FIXTURES / "docs" / "script-tag.md"
    cache = ResultCache(tmp_path)
    first = markdown.check_docs({page: page.read_text(encoding="utf-8")}, CTX, cache)
    assert list((tmp_path / "markdown").glob("*.json"))
    assert markdown.check_docs({page: page.read_text(encoding="utf-8")}, CTX, cache) == first


def test_code_is_masked_with_columns_kept() -> None:
    assert markdown.mask_code("a `<script>` b\n```\n<iframe>\n```\n") == ["a            b", "   ", "        ", "   "]


def test_missing_tool_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown, "find_tool", lambda: None)
    problems = markdown.run_pymarkdown([FIXTURES / "docs" / "ok.md"], markdown.config_path(CTX), CTX)
    assert [p.format() for p in problems] == [
        ("docs/ok.md: pymarkdown is not installed, so the pages' Markdown cannot be checked; install the "
         "pinned tools with `.venv/bin/pip install -r requirements.txt` [markdown/tool]")
    ]


def test_runner_loads_the_markdown_rules() -> None:
    assert kinds.Modules().markdown is markdown


def test_config_says_why_each_rule_is_off() -> None:
    text = (ROOT / ".pymarkdown.yml").read_text(encoding="utf-8")
    for rule in ("md013", "md033", "md036", "md046"):
        before = text.split(f"  {rule}:")[0].rstrip().splitlines()
        assert before[-1].lstrip().startswith("#"), f"{rule} is disabled without a comment saying why"


def test_real_guide_pages_pass() -> None:
    ctx = load_context(ROOT)
    pages = {p: p.read_text(encoding="utf-8") for p in sorted(ctx.docs_dir.rglob("*.md"))}
    assert [p.format() for p in markdown.check_docs(pages, ctx)] == []


# `mkdocs serve` runs only the fast safety rules: the style linter costs
# seconds per edited page. The unsafe-HTML rules still fail a serve rebuild.
@pytest.mark.parametrize(
    "case,expected",
    [("script-tag", EXPECTED["script-tag"]), ("heading-increment", []), ("no-bare-urls", [])],
    ids=["safety-rule-kept", "style-rule-skipped", "bare-url-skipped"],
)
def test_serve_mode_keeps_only_the_safety_rules(case: str, expected: list[str]) -> None:
    page = FIXTURES / "docs" / f"{case}.md"
    problems = markdown.check_docs({page: page.read_text(encoding="utf-8")}, CTX, style=False)
    assert [p.format() for p in problems] == expected


def test_serve_mode_results_do_not_satisfy_a_full_check(tmp_path: Path) -> None:
    page = FIXTURES / "docs" / "heading-increment.md"
    cache = ResultCache(tmp_path)
    pages = {page: page.read_text(encoding="utf-8")}
    assert markdown.check_docs(pages, CTX, cache, style=False) == []
    assert [p.format() for p in markdown.check_docs(pages, CTX, cache)] == EXPECTED["heading-increment"]
