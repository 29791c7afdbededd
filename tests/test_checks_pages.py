"""Page rules (hooks/checks/pages.py): one tiny project per case under
tests/fixtures/checks/pages/<case>/ (a docs/page.md and the snippets/ it needs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.checks import kinds, pages, runner
from hooks.checks.context import Context

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "checks" / "pages"
INLINE = (
    "block is typed into the page; move the code to a file under snippets/ and include a "
    'named section: --8<-- "path:section" [pages/inline-code]'
)


# A Context whose root is the case folder, so messages read `docs/page.md:3`.
def case_context(case: str) -> Context:
    return Context(root=FIXTURES / case, kubernetes_version="1.37", go_version="1.26")


# Every page rule and the unused-snippet rule over one case, as messages.
def check_case(case: str) -> list[str]:
    ctx = case_context(case)
    all_pages = runner.read_pages(ctx)
    problems = [p for page, text in all_pages.items() for p in pages.check_page(page, ctx, text)]
    snippets = [s for s in runner.discover_snippets(ctx) if not kinds.is_support_file(s, ctx)]
    problems += pages.check_unused(snippets, pages.index_includes(all_pages, ctx), ctx)
    return [p.format() for p in problems]


CASES = {
    "inline-code-go": [f"docs/page.md:3: ```go {INLINE}"],
    # One include does not excuse a typed-in line next to it.
    "inline-code-mixed": [f"docs/page.md:3: ```yaml {INLINE}"],
    # Indented (inside an admonition), ~~~~ fence, capitalised language.
    "inline-code-in-admonition": [f"docs/page.md:5: ```python {INLINE}"],
    "missing-snippet": [
        ('docs/page.md:4: included snippet "docker/nope/Dockerfile" does not exist '
         "(looked for snippets/docker/nope/Dockerfile) [pages/missing-snippet]")
    ],
    "missing-snippet-block-form": [
        ('docs/page.md:4: included snippet "scripts/gone.sh" does not exist '
         "(looked for snippets/scripts/gone.sh) [pages/missing-snippet]")
    ],
    "missing-section": [
        ('docs/page.md:4: section "deploy" not found in snippets/run.sh: it has no '
         '"--8<-- [start:deploy]" marker [pages/missing-section]')
    ],
    "unclosed-section": [
        ('docs/page.md:4: section "build" in snippets/run.sh starts on line 3 but has no '
         '"--8<-- [end:build]" marker after it [pages/missing-section]')
    ],
    "include-dotdot": [
        ('docs/page.md:4: snippet path "../mkdocs.yml" leaves snippets/; every included file '
         "must live under snippets/ [pages/include-escapes]")
    ],
    "include-absolute": [
        ('docs/page.md:4: snippet path "/etc/passwd" is absolute; write it relative to snippets/, '
         'e.g. "docker/example/Dockerfile:section" [pages/include-escapes]')
    ],
    # The link is also unused: an include that escapes counts for nothing.
    "include-symlink": [
        ('docs/page.md:4: snippet path "secret.yaml" is a symlink to outside.yaml, outside '
         "snippets/; copy the file into snippets/ instead [pages/include-escapes]"),
        "snippets/secret.yaml:1: not included by any page in docs/ [pages/unused-snippet]",
    ],
    "line-range-include": [
        ('docs/page.md:4: include "run.sh:3:4" selects lines by number, which shift silently when '
         "the file changes; mark a named section in the snippet and include that "
         "[pages/line-range-include]")
    ],
    "unused-snippet": ["snippets/orphan.sh:1: not included by any page in docs/ [pages/unused-snippet]"],
    # Passing: every include form, escaped includes, code in non-checked
    # fences, a Markdown example fence, support files that need no page.
    "ok": [],
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_page_rules(case: str) -> None:
    assert check_case(case) == CASES[case]


def test_every_case_has_a_fixture() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(CASES)


def test_find_snippet_includes_reads_both_forms() -> None:
    page = FIXTURES / "ok" / "docs" / "page.md"
    found = [
        (i.line, i.path, i.section)
        for i in pages.find_snippet_includes(page, page.read_text(encoding="utf-8"))
    ]
    assert found == [
        (4, "docker/app/Dockerfile", "build"),
        (8, "go/hello/main.go", "main"),
        (10, "go/hello/main.go", "print"),
        (15, "k8s/app.yaml", None),
        (16, "k8s/extra.yaml", "spec"),
        (23, "scripts/run.sh", None),
        # Inside the ````markdown example: pymdownx.snippets expands it too.
        (35, "go/hello/main.go", "main"),
    ]


def test_include_place_names_page_and_line() -> None:
    ctx = case_context("ok")
    page = ctx.docs_dir / "page.md"
    first = pages.find_snippet_includes(page, page.read_text(encoding="utf-8"))[0]
    assert first.place(ctx) == "docs/page.md:4"


def test_line_ranges_and_sections_split_like_pymdownx() -> None:
    page = Path("docs/x.md")
    text = '--8<-- "a/b.go:12:20"\n--8<-- "a/b.go:handler"\n--8<-- "a/b.go"\n;--8<-- "c.go"\n'
    found = [(i.path, i.section, i.line_ranges) for i in pages.find_snippet_includes(page, text)]
    assert found == [("a/b.go", None, ":12:20"), ("a/b.go", "handler", None), ("a/b.go", None, None)]


def test_section_markers_in_any_comment_syntax() -> None:
    text = "# --8<-- [start:a]\nx\n// --8<-- [end:a]\n# ;--8<-- [start:b]\n"
    assert pages.find_section_markers(text) == [("start", "a", 1), ("end", "a", 3)]
