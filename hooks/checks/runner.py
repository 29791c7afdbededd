"""Check the whole project (or a few changed files) and return every problem.

Snippet files are grouped by kind and the kinds run in parallel threads, each
invoking its tool once over all of its files; the page rules and the Mermaid
check run on docs/. Every problem about a snippet lists the pages that
include it, so a reader of the message knows which chapter shows the bad code.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import cache as result_cache
from . import kinds as kind_modules
from . import pages as page_rules
from . import questions as question_rules
from . import tools
from .context import Context
from .interface import KindModule, MarkdownModule
from .problem import Problem

# Folders under snippets/ that hold tool output, never examples.
IGNORED_DIRS = frozenset({"__pycache__", ".ruff_cache", ".pytest_cache", ".mypy_cache"})
# In the cache folder: each tool binary's `--version` answer (see tools.version_lines).
VERSIONS_FILE = "tool-versions.json"


# Every problem of the project, or of the given files only, sorted.
def check_project(
    ctx: Context,
    paths: Iterable[Path] | None = None,
    run_programs: bool = False,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    modules: kind_modules.Modules | None = None,
    markdown_style: bool = True,
) -> list[Problem]:
    """``modules`` replaces the kind modules (the tests pass fakes).
    ``markdown_style=False`` skips the slow Markdown style linter (``mkdocs serve``)."""
    modules = modules or kind_modules.Modules()
    cache = result_cache.ResultCache(
        (cache_dir or result_cache.cache_dir_for(ctx.root)) if use_cache else None
    )
    # Tool versions go into every fingerprint; asking them is most of a warm run.
    tools.remember_versions(cache.directory / VERSIONS_FILE if cache.directory else None)
    all_pages = read_pages(ctx)
    tree = page_rules.SnippetTree.scan(ctx)
    every_snippet = discover_snippets(ctx, tree)
    snippets, pages = _select_targets(ctx, paths, all_pages, every_snippet)
    included = page_rules.index_includes(all_pages, ctx, tree)

    by_kind, unknown = group_by_kind(
        snippets, modules.kinds, ctx, every_snippet if paths is not None else None
    )
    problems = _unknown_problems(unknown, ctx)
    problems += page_rules.check_unused(
        [p for p in snippets if not kind_modules.is_support_file(p, ctx)], included, ctx
    )
    for page in pages:
        problems += page_rules.check_page(page, ctx, all_pages.get(page), tree)
    problems += question_problems(all_pages, pages, ctx)
    stamp = result_cache.project_stamp(ctx, every_snippet)
    problems += _run_in_parallel(modules, by_kind, pages, all_pages, ctx, cache, stamp, markdown_style)
    if run_programs:
        problems += run_snippet_programs(by_kind, ctx)
    return sorted(set(_with_includes(problems, included)), key=_sort_key)


# The interview-question rules (format, anchors, levels, topics, tags) for the
# given pages; anchors are unique across every page, so all pages are parsed.
def question_problems(all_pages: dict[Path, str], pages: list[Path], ctx: Context) -> list[Problem]:
    wanted = {page_rules.project_rel(page, ctx) for page in pages}
    _, problems = question_rules.collect_questions(
        (page_rules.project_rel(page, ctx), text) for page, text in all_pages.items()
    )
    return [problem for problem in problems if problem.path in wanted]


# Every Markdown page under docs/, with its text.
def read_pages(ctx: Context) -> dict[Path, str]:
    return {
        page: page.read_text(encoding="utf-8", errors="replace")
        for page in sorted(ctx.docs_dir.rglob("*.md"))
        if page.is_file()
    }


# Every file under snippets/, skipping tool caches.
def discover_snippets(ctx: Context, tree: page_rules.SnippetTree | None = None) -> list[Path]:
    tree = tree or page_rules.SnippetTree.scan(ctx)
    return [
        ctx.snippets_dir / rel
        for rel in sorted(tree.files)
        if not IGNORED_DIRS.intersection(rel.split("/")[:-1])
    ]


# The snippet files and pages to check: all of them, or those among `paths`
# (pre-commit passes changed files; anything outside snippets/ and docs/ is
# not ours and is ignored).
def _select_targets(
    ctx: Context, paths: Iterable[Path] | None, all_pages: dict[Path, str], every_snippet: list[Path]
) -> tuple[list[Path], list[Path]]:
    if paths is None:
        return every_snippet, list(all_pages)
    snippets_dir = Path(ctx.snippets_dir).absolute()
    docs_dir = Path(ctx.docs_dir).absolute()
    snippets, pages = [], []
    for path in _expand_folders(Path(p).absolute() for p in paths):
        if snippets_dir in path.parents and path.is_file() and not IGNORED_DIRS.intersection(path.parts):
            snippets.append(ctx.snippets_dir / path.relative_to(snippets_dir))
        elif docs_dir in path.parents and path.suffix == ".md" and path.is_file():
            page = ctx.docs_dir / path.relative_to(docs_dir)
            pages.append(next((p for p in all_pages if p.samefile(page)), page))
    return sorted(set(snippets)), sorted(set(pages))


# A folder given on the command line stands for every file in it
# (`python -m hooks.checks --run snippets/go` checks the Go module).
def _expand_folders(paths: Iterable[Path]) -> list[Path]:
    expanded: list[Path] = []
    for path in paths:
        expanded.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return expanded


# {kind module: its files} and the files no kind selects. Given `whole_groups`
# (every snippet), a "group" kind gets all of its files when any one of them
# is selected: the Go module is checked as one unit or not at all.
def group_by_kind(
    snippets: list[Path], kinds: list[KindModule], ctx: Context, whole_groups: list[Path] | None = None
) -> tuple[dict[KindModule, list[Path]], list[Path]]:
    by_kind: dict[KindModule, list[Path]] = {}
    unknown: list[Path] = []
    for path in snippets:
        kind = kind_modules.select_kind(path, kinds, ctx)
        if kind is None:
            unknown.append(path)
        else:
            by_kind.setdefault(kind, []).append(path)
    for kind in list(by_kind):
        if whole_groups is not None and kind.GRANULARITY == "group":
            by_kind[kind] = [p for p in whole_groups if kind_modules.select_kind(p, kinds, ctx) is kind]
    return by_kind, unknown


# Files no kind checks and that are no support file: unchecked code.
def _unknown_problems(unknown: list[Path], ctx: Context) -> list[Problem]:
    return [
        Problem(
            page_rules.project_rel(path, ctx), 1, 0, "snippets/unknown",
            "no check selects this file, so no tool has verified it; use a file name a kind in "
            "hooks/checks/kinds.py checks, or list it in SUPPORT_FILES there if it is no example",
        )
        for path in unknown
        if not kind_modules.is_support_file(path, ctx)
    ]


# Each kind, Mermaid and the Markdown rules over the pages, in a thread each.
# The work is in subprocesses (hadolint, go vet, node, pymarkdown), so threads
# overlap it fine.
def _run_in_parallel(
    modules: kind_modules.Modules,
    by_kind: dict[KindModule, list[Path]],
    pages: list[Path],
    all_pages: dict[Path, str],
    ctx: Context,
    cache: result_cache.ResultCache,
    stamp: str,
    markdown_style: bool = True,
) -> list[Problem]:
    page_texts = {page: all_pages.get(page) or page.read_text(encoding="utf-8") for page in pages}
    with ThreadPoolExecutor(max_workers=len(by_kind) + 2, thread_name_prefix="checks") as pool:
        futures = [
            pool.submit(result_cache.run_kind, kind, files, ctx, cache, stamp) for kind, files in by_kind.items()
        ]
        if modules.mermaid is not None and pages:
            futures.append(pool.submit(result_cache.run_mermaid, modules.mermaid, page_texts, ctx, cache, stamp))
        if modules.markdown is not None and pages:
            futures.append(pool.submit(_run_markdown, modules.markdown, page_texts, ctx, cache, markdown_style))
        return [problem for future in futures for problem in future.result()]


# hooks/checks/markdown.py caches per page itself, in the same cache folder.
def _run_markdown(
    module: MarkdownModule,
    page_texts: dict[Path, str],
    ctx: Context,
    cache: result_cache.ResultCache,
    style: bool = True,
) -> list[Problem]:
    try:
        return module.check_docs(page_texts, ctx, cache, style=style)
    except Exception as error:  # noqa: BLE001 - report, never crash the run
        return [result_cache.crash_problem(module, "check_docs", error)]


# Every kind's run_programs (golang: golden .out files, go test -race) over
# its files. Only the CLI's --run and the tests call this, never a build.
def run_snippet_programs(by_kind: dict[KindModule, list[Path]], ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    for kind, files in by_kind.items():
        runner = getattr(kind, "run_programs", None)
        if runner is None:
            continue
        try:
            problems += runner(files, ctx)
        except Exception as error:  # noqa: BLE001 - report, never crash the run
            problems.append(result_cache.crash_problem(kind, "run_programs", error))
    return problems


# Attach the `docs/page.md:LINE` places that include each snippet problem's file.
def _with_includes(problems: Iterable[Problem], included: dict[str, list[str]]) -> list[Problem]:
    return [
        dataclasses.replace(p, included_from=tuple(included[p.path])) if included.get(p.path) else p
        for p in problems
    ]


def _sort_key(problem: Problem) -> tuple[str, int, int, str, str]:
    return (problem.path, problem.line, problem.col, problem.rule, problem.message)

