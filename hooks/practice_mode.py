"""MkDocs hook: practice mode on top of the guide's interview questions.

Every page's questions are parsed (hooks/checks/questions.py) before anything
renders. Their format is a check like every other: the snippet-checks hook
reports its problems in the same single report as snippet problems, before
this hook runs; with SNIPPET_CHECKS=0 this hook still refuses broken questions. The index page and
the mock-interview page get their content from the same parse, and
questions.json / questions.js are written from it after the build. The
practice scripts are linked only from pages that use them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from hooks.checks.questions import LEVELS, TOPICS, Question, collect_questions
from hooks.practice import blocks, home, render

log = get_plugin_logger("questions")

# The guide's own docs/: where the practice scripts and stylesheet live.
PROJECT_DOCS = Path(__file__).resolve().parent.parent / "docs"
INDEX_PAGE = "questions.md"
MOCK_PAGE = "practice.md"
HOME_PAGE = "index.md"
# extra.practice in mkdocs.yml; a missing key takes this default.
DEFAULT_SETTINGS = {"hide_answers_by_default": False}


@dataclass
class _State:
    command: str = "build"
    questions: list[Question] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)  # docs/x.md -> page URL
    pages_with_questions: set[str] = field(default_factory=set)
    # question id -> its answer and follow-ups as HTML
    html: dict[str, dict[str, str]] = field(default_factory=dict)
    chapters: list[home.Chapter] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # docs/x.md -> nav title
    home_map: bool = False  # the home page asks for the map (and so gets the practice scripts)


# Remember the command: `mkdocs serve` never prints the PDF, so the home page links none.
def on_startup(command: str, dirty: bool) -> None:
    STATE.command = command


# Difficulty tags sort 初级 < 中级 < 高级 on the tags page and in every tag list.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    tags = config.plugins.get("material/tags") or config.plugins.get("tags")
    if tags is not None:
        tags.config.tags_sort_by = tag_order
        tags.config.listings_tags_sort_by = tag_order
    return config


# Levels first, easiest first; then topics in the guide's order; then anything else by name.
def tag_order(tag, *args) -> tuple[int, int, str]:
    name = getattr(tag, "name", str(tag))
    if name in LEVELS:
        return (0, LEVELS.index(name), name)
    if name in TOPICS:
        return (1, TOPICS.index(name), name)
    return (2, 0, name)


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
    # With the checks on, hooks/snippet_checks.py has reported these already.
    if problems and os.environ.get("SNIPPET_CHECKS") == "0":
        for problem in problems:
            log.error(problem.format())
        raise PluginError(f"{len(problems)} problem(s) in the interview questions, listed above")
    STATE.questions, STATE.urls = questions, urls
    STATE.pages_with_questions = {q.path for q in questions}
    _add_practice_assets(files, config)
    return files


# The chapters (top-level sections) and page titles, for the home page's map.
def on_nav(nav, config: MkDocsConfig, files: Files):
    prefix = _docs_prefix(config)
    STATE.chapters = home.chapters(nav, prefix)
    STATE.titles = {f"{prefix}{p.file.src_uri}": p.title or "" for p in nav.pages}
    return nav


# The index list, the mock-interview form and the home page's map, from the same parse.
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = page.file.src_uri
    if src == HOME_PAGE:
        STATE.home_map = home.MARKER in markdown
    if src == HOME_PAGE and STATE.home_map:
        root = Path(config.config_file_path).parent
        recent = home.recent_pages(root, Path(config.docs_dir), STATE.titles, _docs_prefix(config))
        return markdown.replace(home.MARKER, home.render_home(
            STATE.chapters, STATE.questions, STATE.urls, page.file.url, recent, _docs_prefix(config)), 1)
    if src == INDEX_PAGE:
        return _replace_marker(markdown, render.INDEX_MARKER, src,
                               render.render_index(STATE.questions, STATE.urls, page.file.url))
    if src == MOCK_PAGE:
        return _replace_marker(markdown, render.MOCK_MARKER, src, render.render_mock(STATE.questions))
    return markdown


# Wrap each question's body (self-test hides it whole) and keep its answer and
# follow-ups as HTML for the mock interview. The downloads go onto the home
# page here, after Markdown's link validation, and only when the build makes them.
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    path = f"{_docs_prefix(config)}{page.file.src_uri}"
    if page.file.src_uri == HOME_PAGE:
        links = home.downloads(page.file.url, pdf=_pdf_enabled(), repo_url=config.repo_url or "")
        return html.replace(home.DOWNLOADS_MARKER, links, 1)
    if path not in STATE.pages_with_questions:
        return html
    ids = {q.id for q in STATE.questions if q.path == path}
    parts = blocks.question_parts(html, ids)
    for part in parts:
        STATE.html[part.id] = {"answer_html": part.answer_html, "followups_html": part.followups_html}
    missing = ids - {part.id for part in parts}
    if missing:
        raise PluginError(f"{path}: question heading(s) {', '.join(sorted(missing))} not found in the "
                          "rendered page; is a question inside another block?")
    return blocks.wrap_bodies(html, parts)


# Link the stylesheet and scripts only from pages that use them.
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    src = page.file.src_uri
    early = ""
    if src == INDEX_PAGE:
        scripts = ["index.js"]
    elif src == MOCK_PAGE:
        scripts = ["mock.js"]
    elif src == HOME_PAGE and STATE.home_map:
        scripts = []
    elif f"{_docs_prefix(config)}{src}" in STATE.pages_with_questions:
        scripts = []
        early = render.selftest_head_script(_settings(config))
    else:
        return output
    css, js = render.page_tags(page.file.url, scripts)
    css = early + css
    output = output.replace("</head>", css + "</head>", 1)
    head, body_end, tail = output.rpartition("</body>")
    return f"{head}{js}{body_end}{tail}" if body_end else output + js


# questions.json, and the two scripts the pages read (render.py says why two).
def on_post_build(config: MkDocsConfig) -> None:
    data = render.build_data(STATE.questions, STATE.urls, _settings(config), STATE.html)
    files = render.data_files(data)
    site = Path(config.site_dir)
    (site / render.JSON_PATH).parent.mkdir(parents=True, exist_ok=True)
    (site / render.JSON_PATH).write_text(files.json, encoding="utf-8")
    (site / render.JS_PATH).write_text(files.questions_js, encoding="utf-8")
    (site / render.ANSWERS_JS_PATH).write_text(files.answers_js, encoding="utf-8")
    log.info("practice: %d questions written to %s", len(STATE.questions), render.JSON_PATH)


def _settings(config: MkDocsConfig) -> dict:
    return {**DEFAULT_SETTINGS, **(config.extra.get("practice") or {})}


# The same rule as hooks/pdf.py: PDF_EXPORT set (not 0/false/no), and not serving.
def _pdf_enabled() -> bool:
    return STATE.command != "serve" and os.environ.get("PDF_EXPORT", "").strip().lower() not in (
        "", "0", "false", "no")


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
