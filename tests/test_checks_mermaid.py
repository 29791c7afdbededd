"""hooks.checks.mermaid: every ```mermaid fence parsed by the pinned Mermaid in one Node process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooks.checks import mermaid
from hooks.checks.context import Context

from .conftest import ROOT

CTX = Context(root=ROOT, kubernetes_version="1.37", go_version="1.26")
FIXTURES = ROOT / "tests/fixtures/checks/mermaid"
PREFIX = "tests/fixtures/checks/mermaid"
FLOWCHART_EXPECTING = (
    "Expecting 'SQE', 'DOUBLECIRCLEEND', 'PE', '-)', 'STADIUMEND', 'SUBROUTINEEND', 'PIPE', "
    "'CYLINDEREND', 'DIAMOND_STOP', 'TAGEND', 'TRAPEND', 'INVTRAPEND', 'UNICODE_TEXT', 'TEXT', "
    "'TAGSTART', got '1'"
)

# Fixture page -> the exact problems check_docs() reports for it.
CASES: dict[str, list[str]] = {
    "ok-flowchart": [],
    "ok-sequence": [],
    "syntax-error": [
        (f"{PREFIX}/syntax-error.md:5: diagram has no `accDescr: ...` line; describe in one sentence what it shows "
        "[mermaid/acc-descr]"),
        (f"{PREFIX}/syntax-error.md:5: diagram has no `accTitle: ...` line; give it a short title "
        "(screen readers, search and the figure caption use it) [mermaid/acc-title]"),
        (
            f"{PREFIX}/syntax-error.md:9: Parse error on line 4: "
            "Expecting '+', '-', 'ACTOR', got 'INVALID' [mermaid/syntax]"
        ),
    ],
    # Mermaid counts lines after dropping `%%` comments; the page line does not.
    # The unclosed `(` is only noticed at the end of the diagram.
    "syntax-error-after-comment": [
        (f"{PREFIX}/syntax-error-after-comment.md:3: diagram has no `accDescr: ...` line; describe in one sentence what it shows "
        "[mermaid/acc-descr]"),
        (f"{PREFIX}/syntax-error-after-comment.md:3: diagram has no `accTitle: ...` line; give it a short title "
        "(screen readers, search and the figure caption use it) [mermaid/acc-title]"),
        (
            f"{PREFIX}/syntax-error-after-comment.md:9: Parse error on line 5: "
            f"{FLOWCHART_EXPECTING} [mermaid/syntax]"
        ),
    ],
    "pie-error": [
        (f"{PREFIX}/pie-error.md:3: diagram has no `accDescr: ...` line; describe in one sentence what it shows "
        "[mermaid/acc-descr]"),
        (f"{PREFIX}/pie-error.md:3: diagram has no `accTitle: ...` line; give it a short title "
        "(screen readers, search and the figure caption use it) [mermaid/acc-title]"),
        (
            f"{PREFIX}/pie-error.md:6: Parsing failed: unexpected character: ->M<- at offset: 34, "
            "skipped 6 characters. Expecting token of type 'EOF' but found `:`. [mermaid/syntax]"
        ),
    ],
    "unknown-type": [
        (f"{PREFIX}/unknown-type.md:3: diagram has no `accDescr: ...` line; describe in one sentence what it shows "
        "[mermaid/acc-descr]"),
        (f"{PREFIX}/unknown-type.md:3: diagram has no `accTitle: ...` line; give it a short title "
        "(screen readers, search and the figure caption use it) [mermaid/acc-title]"),
        (
            f"{PREFIX}/unknown-type.md:4: No diagram type detected matching given configuration "
            "for text: flowchat TD [mermaid/unknown-type]"
        ),
    ],
    "empty": [f"{PREFIX}/empty.md:3: empty Mermaid diagram [mermaid/empty]"],
    # Every diagram needs a title and a description; each missing one is named.
    "acc-missing": [
        (f"{PREFIX}/acc-missing.md:3: diagram has no `accDescr: ...` line; describe in one sentence what it shows "
        "[mermaid/acc-descr]"),
        (f"{PREFIX}/acc-missing.md:3: diagram has no `accTitle: ...` line; give it a short title "
        "(screen readers, search and the figure caption use it) [mermaid/acc-title]"),
        (f"{PREFIX}/acc-missing.md:8: diagram has no `accDescr: ...` line; describe in one sentence what it shows "
        "[mermaid/acc-descr]"),
    ],
}


# One Node process for all fixture pages, as in a real build.
@pytest.fixture(scope="module")
def all_problems() -> list[str]:
    pages = [FIXTURES / f"{case}.md" for case in CASES]
    return [p.format() for p in mermaid.check_docs(pages, CTX)]


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_check_docs_all_pages_at_once(case: str, all_problems: list[str]) -> None:
    mine = [p for p in all_problems if p.startswith(f"{PREFIX}/{case}.md:")]
    assert mine == CASES[case]


@pytest.mark.parametrize("case", ["ok-flowchart", "syntax-error"])
def test_check_docs_one_page(case: str) -> None:
    problems = mermaid.check_docs([FIXTURES / f"{case}.md"], CTX)
    assert [p.format() for p in problems] == CASES[case]


def test_extract_diagrams_gives_first_content_line_and_dedents() -> None:
    page = FIXTURES / "ok-sequence.md"
    diagrams = mermaid.extract_diagrams(page, page.read_text(encoding="utf-8"))
    assert [(d.line, d.text.splitlines()[0]) for d in diagrams] == [(6, "sequenceDiagram")]
    assert diagrams[0].text.splitlines()[1] == "    participant K as kubelet"


def test_extract_diagrams_skips_other_fences_and_nested_ones() -> None:
    text = (
        "````markdown\n```mermaid\nnot a diagram\n```\n````\n\n```mermaid\ngraph LR\n  A-->B\n```\n"
    )
    diagrams = mermaid.extract_diagrams(Path("docs/x.md"), text)
    assert [(d.line, d.text) for d in diagrams] == [(8, "graph LR\n  A-->B")]


# Lines Mermaid strips before it counts (front matter, directives, comments)
# still count on the page.
def test_error_line_after_front_matter_and_directive() -> None:
    texts = [
        "---\ntitle: t\n---\nsequenceDiagram\n  A->>B: hi\n  A-->>>B hi",
        "%%{init: {'theme': 'dark'}}%%\n%% note\n\nsequenceDiagram\n  %% c\n  A->>B: hi\n  A-->>>B hi",
    ]
    results = mermaid.parse_diagrams(texts, CTX)
    assert isinstance(results, list), results  # a Problem says node or Mermaid is missing
    assert [r["line"] for r in results] == [6, 7]


def test_missing_node_modules_is_a_tool_problem(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```mermaid\ngraph LR\n  accTitle: t\n  accDescr: d\n  A-->B\n```\n", encoding="utf-8")
    ctx = Context(root=tmp_path, kubernetes_version="1.37", go_version="1.26")
    assert [p.format() for p in mermaid.check_docs([page], ctx)] == [
        (
            "package.json: node_modules/mermaid is not installed, so the Mermaid diagrams cannot be checked; "
            "run `npm ci` in the project root (installs the versions pinned in package-lock.json) [mermaid/tool]"
        )
    ]


def test_missing_node_is_a_tool_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mermaid, "find_node", lambda: None)
    assert [p.format() for p in mermaid.check_docs([FIXTURES / "ok-flowchart.md"], CTX)] == [
        (
            "package.json: node is not installed, so the Mermaid diagrams cannot be checked; install Node.js 20 "
            "or later, then run `npm ci` in the project root (installs the versions pinned in package-lock.json) "
            "[mermaid/tool]"
        )
    ]


def test_fingerprint_has_versions_and_script_hash() -> None:
    version = json.loads((ROOT / "node_modules/mermaid/package.json").read_text())["version"]
    fingerprint = mermaid.fingerprint(CTX)
    assert fingerprint.startswith(f"mermaid {version}; jsdom ")
    assert "mermaid_parse.mjs " in fingerprint
