"""MkDocs hook: the guide's interview questions, and practice mode on top of them.

Every page's questions are parsed and validated before anything renders; any
problem fails the build with one compiler-style line each. The index page and
the mock-interview page get their content from the same parse, and
questions.json / questions.js are written from it after the build. The
practice scripts are linked only from pages that use them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# MkDocs imports hook files by path; make the project root importable for
# `hooks.practice` (resolved, so a fixture site's relative hook path works too).
_PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
if _PROJECT_ROOT not in sys.path:
    sys.path.insert(0, _PROJECT_ROOT)

from hooks.practice import render  # noqa: E402
from hooks.practice.questions import Question, collect_questions  # noqa: E402

log = get_plugin_logger("questions")

# The guide's own docs/: where the practice scripts and stylesheet live.
PROJECT_DOCS = Path(_PROJECT_ROOT) / "docs"
INDEX_PAGE = "questions.md"
MOCK_PAGE = "practice.md"
# extra.practice in mkdocs.yml; a missing key takes this default.
DEFAULT_SETTINGS = {"hide_answers_by_default": False}


class _State:
    questions: list[Question] = []
    urls: dict[str, str] = {}  # docs/x.md -> page URL
    pages_with_questions: set[str] = set()


STATE = _State()


# Parse and validate every page's questions before anything renders.
def on_files(files: Files, config: MkDocsConfig) -> Files:
    docs_dir = Path(config.docs_dir)
    prefix = _docs_prefix(config)
    pages, urls = [], {}
    for file in files.documentation_pages():
        path = f"{prefix}{file.src_uri}"
        urls[path] = file.url
        pages.append((path, Path(file.abs_src_path or docs_dir / file.src_uri).read_text(encoding="utf-8")))
    questions, problems = collect_questions(pages)
    if problems:
        for problem in problems:
            log.error(problem.format())
        raise PluginError(f"{len(problems)} problem(s) in the interview questions, listed above")
    STATE.questions, STATE.urls = questions, urls
    STATE.pages_with_questions = {q.path for q in questions}
    _add_practice_assets(files, config)
    return files


# The index list and the mock-interview form, from the same parse.
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = page.file.src_uri
    if src == INDEX_PAGE:
        return _replace_marker(markdown, render.INDEX_MARKER, src,
                               render.render_index(STATE.questions, STATE.urls, page.file.url))
    if src == MOCK_PAGE:
        return _replace_marker(markdown, render.MOCK_MARKER, src, render.render_mock(STATE.questions))
    return markdown


# Link the stylesheet and scripts only from pages that use them.
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    src = page.file.src_uri
    if src == INDEX_PAGE:
        scripts = ["index.js"]
    elif src == MOCK_PAGE:
        scripts = ["mock.js"]
    elif f"{_docs_prefix(config)}{src}" in STATE.pages_with_questions:
        scripts = []
    else:
        return output
    css, js = render.page_tags(page.file.url, scripts)
    output = output.replace("</head>", css + "</head>", 1)
    head, body_end, tail = output.rpartition("</body>")
    return f"{head}{js}{body_end}{tail}" if body_end else output + js


# questions.json, and questions.js for file:// where fetch() of local JSON fails.
def on_post_build(config: MkDocsConfig) -> None:
    settings = {**DEFAULT_SETTINGS, **(config.extra.get("practice") or {})}
    data = render.build_data(STATE.questions, STATE.urls, settings)
    json_text, js_text = render.data_files(data)
    site = Path(config.site_dir)
    (site / render.JSON_PATH).parent.mkdir(parents=True, exist_ok=True)
    (site / render.JSON_PATH).write_text(json_text, encoding="utf-8")
    (site / render.JS_PATH).write_text(js_text, encoding="utf-8")
    log.info("practice: %d questions written to %s", len(STATE.questions), render.JSON_PATH)


# "docs/" (docs_dir relative to mkdocs.yml), so problems name project paths.
def _docs_prefix(config: MkDocsConfig) -> str:
    root = Path(config.config_file_path).parent.resolve()
    docs = Path(config.docs_dir).resolve()
    try:
        return docs.relative_to(root).as_posix() + "/"
    except ValueError:
        return docs.as_posix() + "/"


# A site with its own docs_dir (a test fixture) still gets the guide's practice
# scripts and stylesheet; the guide itself already has them.
def _add_practice_assets(files: Files, config: MkDocsConfig) -> None:
    assets = [*(PROJECT_DOCS / render.SCRIPT_DIR).glob("*.js"), PROJECT_DOCS / render.CSS_PATH]
    for asset in assets:
        rel = asset.relative_to(PROJECT_DOCS).as_posix()
        if files.get_file_from_path(rel) is None:
            files.append(File(rel, str(PROJECT_DOCS), config.site_dir, config.use_directory_urls))


# Put practice mode's HTML where the page asks for it; a page without the marker is an error.
def _replace_marker(markdown: str, marker: str, src: str, html: str) -> str:
    if marker not in markdown:
        raise PluginError(f"docs/{src}: the marker {marker} is missing; practice mode renders there")
    return markdown.replace(marker, html, 1)
