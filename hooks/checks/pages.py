"""Rules for the pages in docs/: code comes from snippets/, and every snippet is shown.

Pure functions of text and paths. They mirror what pymdownx.snippets accepts
(inline ``--8<-- "file:section"`` lines and ``--8<--`` blocks) so that a page
that passes here also renders, and they add the house rules pymdownx cannot
know: code fences may not be typed into a page, and no snippet goes unused.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .context import SNIPPETS_DIR, Context
from .problem import Problem

# Fence languages whose code must live in snippets/ (CONTRIBUTING.md), plus the
# aliases Pygments accepts for the same languages, so the rule cannot be
# sidestepped by spelling `py` instead of `python`.
CHECKED_LANGUAGES = frozenset(
    {
        "dockerfile", "docker",
        "yaml", "yml",
        "go", "golang",
        "proto", "protobuf",
        "bash", "sh", "shell", "zsh", "console", "shell-session",
        "python", "py", "python3",
    }
)

# An inline include, as pymdownx.snippets matches it: a `-8<-` marker (any
# number of dashes), spaces, then a quoted path; nothing after it. A leading
# `;` escapes the line, which then shows literally.
INLINE_INCLUDE = re.compile(
    r"""(?x)
    ^(?P<indent>[ \t]*)
    (?P<escape>;*)
    -+8<-+[ \t]+
    (?P<quote>["'])(?P<target>(?:\\.|(?!(?P=quote))[^\n\r])+?)(?P=quote)
    [ \t]*\r?$
    """
)

# A `--8<--` line alone opens or closes a block whose lines are paths.
BLOCK_MARKER = re.compile(
    r"""(?x)
    ^[ \t]*
    (?P<escape>;*)
    -+8<-+
    [ \t]*\r?$
    """
)

# The target of an include: a path, then either line ranges (`:3:9,12:`) or a
# section name (`:build`), exactly as pymdownx.snippets splits it.
INCLUDE_TARGET = re.compile(
    r"""(?xi)
    ^(?P<path>.*?)
    (?:
        (?P<lines>(?::-?[0-9]*){1,2}(?:,(?=[-0-9:])-?[0-9]*(?::-?[0-9]*)?)*)
      | :(?P<section>[a-z][-_0-9a-z]*)
    )?$
    """
)

# A section marker inside a snippet, in any comment syntax:
# `# --8<-- [start:build]`, `// --8<-- [end:handler]`. `;` escapes it.
SECTION_MARKER = re.compile(
    r"""(?xi)
    ^(?P<pre>.*?)
    (?<!;)(?!(?<=-)-)
    (?P<escape>;*)
    -+8<-+[ \t]+
    \[[ \t]*(?P<type>start|end)[ \t]*:[ \t]*(?P<name>[a-z][-_0-9a-z]*)[ \t]*\]
    """
)

# The opening line of a fenced code block: ``` or ~~~ (3 or more), then the
# info string, whose first word is the language (`go`, `.go`, `{.go ...}`).
FENCE_OPEN = re.compile(
    r"""(?x)
    ^(?P<indent>[ \t]*)
    (?P<fence>`{3,}|~{3,})
    [ \t]*
    (?P<info>[^`\n]*?)
    [ \t]*\r?$
    """
)

# The first word of an info string, without Pandoc-style `{.` decoration.
FENCE_LANGUAGE = re.compile(r"(?x) ^ \{? [ \t]* \.? (?P<lang>[A-Za-z0-9_+\-]+)")


@dataclass(frozen=True)
class SnippetInclude:
    """One `--8<--` include on a page: where it is and what it names."""

    page: Path
    line: int
    target: str  # as written, e.g. "docker/go-static/Dockerfile:build"
    path: str  # the file part, e.g. "docker/go-static/Dockerfile"
    section: str | None  # "build", or None for the whole file / line ranges
    line_ranges: str | None  # ":3:9", or None

    # `docs/x.md:LINE`, the place shown under a snippet's problems.
    def place(self, ctx: Context) -> str:
        return f"{project_rel(self.page, ctx)}:{self.line}"


@dataclass(frozen=True)
class FencedBlock:
    """A fenced code block: its opening line, language and body lines."""

    line: int  # 1-based line of the opening fence
    language: str  # lowercased first word of the info string, "" if none
    body: tuple[str, ...]


@dataclass(frozen=True)
class SnippetTree:
    """What is under snippets/, from one walk: file paths and where symlinks lead.

    Paths are POSIX, relative to snippets/. The page rules look up every
    include here instead of stat()ing it, which keeps a rebuild cheap.
    """

    files: frozenset[str]
    links: dict[str, Path]  # symlink -> its resolved target

    # Walk snippets/ once (symlinked folders are not entered; lookups through
    # them fall back to the file system).
    @classmethod
    def scan(cls, ctx: Context) -> SnippetTree:
        files: set[str] = set()
        links: dict[str, Path] = {}
        for folder, dirs, names in os.walk(ctx.snippets_dir):
            rel = os.path.relpath(folder, ctx.snippets_dir)
            prefix = "" if rel == os.curdir else Path(rel).as_posix() + "/"
            for name in dirs + names:
                path = os.path.join(folder, name)
                if os.path.islink(path):
                    links[prefix + name] = Path(path).resolve()
            files.update(prefix + name for name in names if os.path.isfile(os.path.join(folder, name)))
        return cls(frozenset(files), links)

    # True if `normal` (normalised, relative to snippets/) names a file.
    def has_file(self, normal: str, ctx: Context) -> bool:
        if normal in self.files:
            return True
        through_link = any(normal.startswith(link + "/") for link in self.links)
        return through_link and (ctx.snippets_dir / normal).is_file()


# Every include on a page, in both forms pymdownx.snippets accepts.
def find_snippet_includes(page_path: Path, text: str) -> list[SnippetInclude]:
    return list(_parse_includes(page_path, text))


# Parsing is a pure function of the text: remembered, so a rebuild under
# `mkdocs serve` parses only the pages that changed.
@functools.lru_cache(maxsize=512)
def _parse_includes(page_path: Path, text: str) -> tuple[SnippetInclude, ...]:
    includes: list[SnippetInclude] = []
    in_block = False
    for number, line in enumerate(text.splitlines(), start=1):
        block = BLOCK_MARKER.match(line)
        if block and not block.group("escape"):
            in_block = not in_block
            continue
        if in_block:
            target = line.strip()
            # Blank lines and `;`-commented paths inside a block include nothing.
            if target and not target.startswith(";"):
                includes.append(_make_include(page_path, number, target))
            continue
        inline = INLINE_INCLUDE.match(line)
        if inline and not inline.group("escape"):
            target = inline.group("target").strip()
            if target and not target.startswith(";"):
                includes.append(_make_include(page_path, number, target))
    return tuple(includes)


# Split a target into file, section and line ranges like pymdownx does.
def _make_include(page: Path, line: int, target: str) -> SnippetInclude:
    match = INCLUDE_TARGET.match(target)
    assert match is not None  # every string matches: all groups are optional
    return SnippetInclude(
        page=page,
        line=line,
        target=target,
        path=match.group("path").strip(),
        section=match.group("section"),
        line_ranges=match.group("lines"),
    )


# Every fenced block of a page, with nesting handled the way superfences does:
# inside a ```` fence, ``` lines are content.
def find_fenced_blocks(text: str) -> list[FencedBlock]:
    return list(_parse_fenced_blocks(text))


# Remembered like _parse_includes: pages, Mermaid and Markdown checks all ask.
@functools.lru_cache(maxsize=512)
def _parse_fenced_blocks(text: str) -> tuple[FencedBlock, ...]:
    blocks: list[FencedBlock] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE_OPEN.match(lines[index])
        if not opening:
            index += 1
            continue
        fence = opening.group("fence")
        end = _find_fence_end(lines, index + 1, fence)
        language = FENCE_LANGUAGE.match(opening.group("info"))
        blocks.append(
            FencedBlock(
                line=index + 1,
                language=language.group("lang").lower() if language else "",
                body=tuple(lines[index + 1 : end]),
            )
        )
        index = end + 1
    return tuple(blocks)


# Index of the line closing a fence (same character, at least as long), or
# len(lines) for a fence left open to the end of the page.
def _find_fence_end(lines: list[str], start: int, fence: str) -> int:
    closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*\r?$")
    for index in range(start, len(lines)):
        if closing.match(lines[index]):
            return index
    return len(lines)


# Code in a checked language must come from snippets/, so a tool has run on it.
def check_inline_code(page_path: Path, text: str, ctx: Context) -> list[Problem]:
    problems = []
    for block in find_fenced_blocks(text):
        if block.language in CHECKED_LANGUAGES and not _only_includes(block.body):
            problems.append(
                Problem(
                    project_rel(page_path, ctx),
                    block.line,
                    0,
                    "pages/inline-code",
                    f"```{block.language} block is typed into the page; move the code to a "
                    'file under snippets/ and include a named section: --8<-- "path:section"',
                )
            )
    return problems


# True if a fence body holds nothing but include lines (and blank lines).
def _only_includes(body: Iterable[str]) -> bool:
    in_block = False
    for line in body:
        block = BLOCK_MARKER.match(line)
        if block and not block.group("escape"):
            in_block = not in_block
            continue
        if in_block or not line.strip():
            continue
        inline = INLINE_INCLUDE.match(line)
        if not inline or inline.group("escape"):
            return False
    return True


# Each include must name an existing file inside snippets/ and, if it names a
# section, a section that is started and ended in that file.
def check_includes(
    page_path: Path, text: str, ctx: Context, tree: SnippetTree | None = None
) -> list[Problem]:
    tree = tree or SnippetTree.scan(ctx)
    problems = []
    for include in find_snippet_includes(page_path, text):
        message, rule = _include_error(include, ctx, tree)
        if message:
            problems.append(Problem(project_rel(page_path, ctx), include.line, 0, rule, message))
    return problems


# The first thing wrong with one include, as (message, rule), or ("", "").
def _include_error(include: SnippetInclude, ctx: Context, tree: SnippetTree) -> tuple[str, str]:
    escape = _escape_error(include.path, ctx, tree)
    if escape:
        return escape, "pages/include-escapes"
    normal = _normalise(include.path)
    if not tree.has_file(normal, ctx):
        return (
            (f'included snippet "{include.path}" does not exist '
             f"(looked for {SNIPPETS_DIR}/{normal})"),
            "pages/missing-snippet",
        )
    if include.line_ranges:
        return (
            (f'include "{include.target}" selects lines by number, which shift silently when the '
             "file changes; mark a named section in the snippet and include that"),
            "pages/line-range-include",
        )
    if include.section:
        return _section_error(ctx.snippets_dir / normal, include.section, ctx), "pages/missing-section"
    return "", ""


# Why an include path leaves snippets/ (absolute, `..`, a URL, or a symlink
# pointing outside), or "" when it stays inside.
def _escape_error(path: str, ctx: Context, tree: SnippetTree) -> str:
    if re.match(r"(?i)^[a-z][a-z0-9+.-]*://", path):
        return f'snippet path "{path}" is a URL; snippets must be files under snippets/'
    if path.startswith(("/", "\\")) or os.path.isabs(path):
        return (
            f'snippet path "{path}" is absolute; write it relative to snippets/, '
            'e.g. "docker/example/Dockerfile:section"'
        )
    normal = _normalise(path)
    if normal == ".." or normal.startswith("../"):
        return f'snippet path "{path}" leaves snippets/; every included file must live under snippets/'
    target = _link_outside(normal, ctx, tree)
    if target is not None:
        return (
            f'snippet path "{path}" is a symlink to {ctx.rel(target)}, outside '
            "snippets/; copy the file into snippets/ instead"
        )
    return ""


# Where a symlink on the way from snippets/ to `normal` leads, if it leads
# outside snippets/; None otherwise.
def _link_outside(normal: str, ctx: Context, tree: SnippetTree) -> Path | None:
    if not tree.links:
        return None
    parts = normal.split("/")
    for depth in range(1, len(parts) + 1):
        target = tree.links.get("/".join(parts[:depth]))
        if target is not None and not _is_inside(target, _resolved(ctx.snippets_dir)):
            return target
    return None


# `a/./b/../c` -> `a/c`, purely lexically, as pymdownx's abspath check does.
def _normalise(path: str) -> str:
    return PurePosixPath(os.path.normpath(path.replace("\\", "/"))).as_posix()


# The real path of a folder, looked up once per process (the snippets folder
# is resolved for every include; realpath stats each path component).
@functools.lru_cache(maxsize=16)
def _resolved(folder: Path) -> Path:
    return folder.resolve()


# True if `path` is `directory` or below it (both already resolved).
def _is_inside(path: Path, directory: Path) -> bool:
    return path == directory or directory in path.parents


# "" if `section` is started and then ended in the file; otherwise why not.
def _section_error(snippet: Path, section: str, ctx: Context) -> str:
    markers = _section_markers_of(snippet)
    starts = [line for kind, name, line in markers if name == section and kind == "start"]
    where = project_rel(snippet, ctx)
    if not starts:
        return (
            f'section "{section}" not found in {where}: it has no '
            f'"--8<-- [start:{section}]" marker'
        )
    ends = [line for kind, name, line in markers if name == section and kind == "end"]
    if not any(end > starts[0] for end in ends):
        return (
            f'section "{section}" in {where} starts on line {starts[0]} but has no '
            f'"--8<-- [end:{section}]" marker after it'
        )
    return ""


# The section markers of a snippet file, parsed again only when it changes:
# a page includes the same file many times, and `mkdocs serve` rebuilds often.
def _section_markers_of(snippet: Path) -> tuple[tuple[str, str, int], ...]:
    stat = snippet.stat()
    return _parse_section_markers(str(snippet), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1024)
def _parse_section_markers(path: str, mtime_ns: int, size: int) -> tuple[tuple[str, str, int], ...]:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return tuple(find_section_markers(text))


# (type, name, line) for each unescaped section marker of a snippet file.
def find_section_markers(text: str) -> list[tuple[str, str, int]]:
    markers = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "8<-" not in line:  # cheap pre-filter, as pymdownx does
            continue
        match = SECTION_MARKER.match(line)
        if match and not match.group("escape"):
            markers.append((match.group("type").lower(), match.group("name"), number))
    return markers


# Every rule that looks at one page on its own.
def check_page(
    page_path: Path, ctx: Context, text: str | None = None, tree: SnippetTree | None = None
) -> list[Problem]:
    if text is None:
        text = page_path.read_text(encoding="utf-8")
    return check_inline_code(page_path, text, ctx) + check_includes(page_path, text, ctx, tree)


# Map each snippet (project-relative, e.g. "snippets/go/x/main.go") to the
# `docs/page.md:LINE` places that include it.
def index_includes(
    pages: dict[Path, str], ctx: Context, tree: SnippetTree | None = None
) -> dict[str, list[str]]:
    tree = tree or SnippetTree.scan(ctx)
    index: dict[str, list[str]] = {}
    for page, text in pages.items():
        for include in find_snippet_includes(page, text):
            if _escape_error(include.path, ctx, tree):
                continue
            key = f"{SNIPPETS_DIR}/{_normalise(include.path)}"
            index.setdefault(key, []).append(include.place(ctx))
    return index


# Every snippet must be shown somewhere: an unused file is unreviewed code.
def check_unused(
    snippets: Iterable[Path], included: dict[str, list[str]], ctx: Context
) -> list[Problem]:
    return [
        Problem(
            project_rel(path, ctx), 1, 0, "pages/unused-snippet", "not included by any page in docs/"
        )
        for path in snippets
        if not included.get(project_rel(path, ctx))
    ]


# Project-relative POSIX path, without following symlinks (ctx.rel resolves
# them): a linked snippet is named as pages name it, and no path component
# is stat()ed, which matters when a rebuild under `mkdocs serve` must be fast.
def project_rel(path: Path, ctx: Context) -> str:
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(ctx.root))).as_posix()
