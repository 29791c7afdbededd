"""Markdown rules for the pages in docs/: tidy structure, and no HTML that runs script.

Two sources of findings, both reported as ``docs/x.md:LINE:COL: message [markdown/<rule>]``:

- pymarkdownlnt, the CommonMark linter, with the settings in ``.pymarkdown.yml``
  (which says why each disabled rule is off). It enforces heading levels that
  never skip (``heading-increment``), one H1 that opens the page
  (``single-h1``, ``first-line-heading``), no bare URLs (``no-bare-urls``) and alt
  text on Markdown images (``no-alt-text``), among others. Its findings keep
  their message and name the rule by its first name.
- our own rules, which pymarkdownlnt cannot express: ``markdown/unsafe-html``
  (``<script>``, ``<iframe>`` and friends, ``on*=`` event attributes in HTML or
  in attr_list braces, ``javascript:`` links) and ``markdown/no-alt-text`` for
  raw ``<img>`` tags. A pull request from a stranger is built and previewed, so
  a page must never be able to run code in a reader's (or a reviewer's) browser.

Code (fenced blocks, inline code spans) is masked before our own rules look at
a page: a chapter may well explain ``<script>`` in backticks.

Pure functions ``path -> list[Problem]``; the runner calls ``check_docs``, and
``python -m hooks.checks.markdown docs/x.md`` runs these rules alone (pre-commit).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from . import tools
from .cache import ResultCache, make_key, module_digest
from .context import Context, load_context
from .pages import find_fenced_blocks
from .problem import Problem

KIND = "markdown"
# The linter's settings, at the project root (found next to this package when
# a fixture site has none of its own).
CONFIG_NAME = ".pymarkdown.yml"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent
TOOL = "pymarkdown"
# The PyPI distribution that installs TOOL.
DISTRIBUTION = "pymarkdownlnt"
TOOL_TIMEOUT = 600
# Bump when a rule's wording or logic changes outside this file's source
# (module_digest covers this file itself).
CACHE_FORMAT = 1

# One pymarkdownlnt finding:
# `/abs/docs/x.md:3:1: MD001: Heading levels should ... [Expected: h2; Actual: h3] (heading-increment,header-increment)`
PYMARKDOWN_FINDING = re.compile(
    r"""(?x)
    ^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+):[ ]
    (?P<code>[A-Za-z]+\d+):[ ]
    (?P<message>.*?)
    [ ]\((?P<names>[a-z0-9,-]+)\)$
    """
)

# An element that loads or runs code: never allowed in a page.
DANGEROUS_ELEMENT = re.compile(
    r"""(?xi)
    <[ \t]*(?P<tag>script|iframe|frame|frameset|object|embed|applet)\b
    """
)

# An HTML start tag (`<a href=...>`, `<img ...>`), or attr_list braces after a
# heading, link or image (`{#id onclick="..."}`): the places attributes live.
ATTRIBUTE_HOLDER = re.compile(
    r"""(?x)
    <[A-Za-z][A-Za-z0-9-]*(?:[ \t][^<>]*)?>   # a start tag with its attributes
    | \{[^{}\n]*\}                           # attr_list braces
    """
)

# An event handler attribute: onclick=, onerror =, ONLOAD=.
EVENT_ATTRIBUTE = re.compile(
    r"""(?xi)
    (?<![\w-])(?P<name>on[a-z]+)[ \t]*=
    """
)

# A URL scheme that runs code when followed: `javascript:`, `vbscript:`,
# also with spaces or tabs inside the scheme name (browsers strip them).
SCRIPT_URL = re.compile(
    r"""(?xi)
    (?P<scheme>j[ \t]*a[ \t]*v[ \t]*a[ \t]*s[ \t]*c[ \t]*r[ \t]*i[ \t]*p[ \t]*t
      | v[ \t]*b[ \t]*s[ \t]*c[ \t]*r[ \t]*i[ \t]*p[ \t]*t)
    [ \t]*:
    """
)

# Where a URL stands in Markdown: a link or image target `](...)`, a reference
# definition `[x]: ...`, or an autolink `<scheme:...>`.
MARKDOWN_URL = re.compile(
    r"""(?x)
    \]\([ \t]*<?(?P<inline>[^)\s>]*)
    | ^[ ]{0,3}\[[^\]]+\]:[ \t]*<?(?P<reference>\S+)
    | <(?P<autolink>[A-Za-z][A-Za-z0-9+.\t -]*:[^<>\s]*)>
    """
)

# A raw <img> tag, and the alt attribute it must carry (not empty).
IMG_TAG = re.compile(r"(?xi) <img\b[^<>]*>")
ALT_ATTRIBUTE = re.compile(r"""(?xi) (?<![\w-])alt[ \t]*=[ \t]*(?:"[^"]*\S[^"]*"|'[^']*\S[^']*'|[^\s"'>]+)""")

# An inline code span: a run of backticks, then anything up to the same run.
CODE_SPAN = re.compile(r"(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`)")


# Every Markdown problem of the given pages ({path: text}), cached per page.
# style=False runs only the fast safety rules (unsafe HTML, alt text): `mkdocs
# serve` uses it, because pymarkdownlnt costs seconds per edited page and a
# prose edit must rebuild in well under a second. `mkdocs build`, pre-commit
# and CI always run the style rules too.
def check_docs(
    pages: dict[Path, str], ctx: Context, cache: ResultCache | None = None, style: bool = True
) -> list[Problem]:
    cache = cache or ResultCache(None)
    config = config_path(ctx)
    base = make_key(CACHE_FORMAT, KIND, fingerprint(ctx), module_digest(sys.modules[__name__]), str(style))
    problems: list[Problem] = []
    changed: dict[Path, str] = {}
    keys: dict[Path, str] = {}
    for page, text in pages.items():
        keys[page] = make_key(base, ctx.rel(page), text)
        stored = cache.get(KIND, keys[page])
        if stored is None:
            changed[page] = text
        else:
            problems += stored
    if not changed:
        return problems
    found = run_pymarkdown(list(changed), config, ctx) if style else []
    for page, text in changed.items():
        found += check_html(page, text, ctx)
    problems += found
    if not any(p.rule == f"{KIND}/tool" for p in found):
        for page in changed:
            cache.put(KIND, keys[page], [p for p in found if p.path == ctx.rel(page)])
    return problems


# The rules for one page, read from disk: the pure `path -> list[Problem]` form.
def check_file(path: Path, ctx: Context) -> list[Problem]:
    return check_docs({path: path.read_text(encoding="utf-8", errors="replace")}, ctx)


# The project's .pymarkdown.yml, or this package's own for a site without one.
def config_path(ctx: Context) -> Path:
    own = ctx.root / CONFIG_NAME
    return own if own.is_file() else PACKAGE_ROOT / CONFIG_NAME


# pymarkdownlnt's version and the config's text: a change re-checks every page.
def fingerprint(ctx: Context) -> str:
    config = config_path(ctx)
    text = config.read_text(encoding="utf-8") if config.is_file() else "no config"
    # The package's version: asking the `pymarkdown version` command costs a
    # Python start-up on every build.
    return make_key(find_tool() and tools.package_version(DISTRIBUTION), text)


# The pymarkdown executable next to the running Python (the venv), else on PATH.
def find_tool() -> str | None:
    return tools.find_tool(TOOL)


# One pymarkdownlnt run over all given pages; each finding as a Problem.
def run_pymarkdown(pages: list[Path], config: Path, ctx: Context) -> list[Problem]:
    tool = find_tool()
    if tool is None:
        return [_tool_problem(pages, ctx, tools.not_installed(TOOL, "the pages' Markdown cannot be checked", tools.PIP_HINT))]
    existing = [page for page in pages if page.is_file()]
    if not existing:
        return []
    by_name = {str(page.absolute()): page for page in existing}
    command = [tool, "--config", str(config), "--strict-config", "scan", *by_name]
    try:
        proc = tools.run_tool(command, timeout=TOOL_TIMEOUT)
    except tools.ToolError as error:
        return [_tool_problem(existing, ctx, str(error))]
    problems = parse_findings(proc.stdout, by_name, ctx)
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not problems):
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        problems.append(_tool_problem(existing, ctx, f"pymarkdown failed (exit {proc.returncode}): "
                                                      + (detail[-1] if detail else "no output")))
    return problems


# Parse pymarkdownlnt's `path:line:col: MDxxx: message (names)` lines.
def parse_findings(output: str, by_name: dict[str, Path], ctx: Context) -> list[Problem]:
    problems = []
    for line in output.splitlines():
        match = PYMARKDOWN_FINDING.match(line.strip())
        if not match or match.group("path") not in by_name:
            continue
        rule = match.group("names").split(",")[0]
        problems.append(
            Problem(
                ctx.rel(by_name[match.group("path")]),
                int(match.group("line")),
                int(match.group("col")),
                f"{KIND}/{rule}",
                f"{match.group('message').rstrip('.')} (pymarkdown {match.group('code').upper()})",
            )
        )
    return problems


# A problem with the tool itself, located at the first page.
def _tool_problem(pages: list[Path], ctx: Context, message: str) -> Problem:
    return Problem(ctx.rel(pages[0]) if pages else "docs", 0, 0, f"{KIND}/tool", message)


# Our own rules on one page's text: HTML that runs script, <img> without alt.
def check_html(page: Path, text: str, ctx: Context) -> list[Problem]:
    where = ctx.rel(page)
    problems = []
    for number, line in enumerate(mask_code(text), start=1):
        problems += [Problem(where, number, col, f"{KIND}/{rule}", message)
                     for col, rule, message in _line_findings(line)]
    return problems


# (col, rule, message) for each finding on one masked line, left to right.
def _line_findings(line: str) -> list[tuple[int, str, str]]:
    findings = []
    for match in DANGEROUS_ELEMENT.finditer(line):
        tag = match.group("tag").lower()
        findings.append((match.start() + 1, "unsafe-html",
                         (f"raw <{tag}> element: it loads or runs code in the reader's browser; "
                         "use a Mermaid diagram, an image or a link instead")))
    for holder in ATTRIBUTE_HOLDER.finditer(line):
        for event in EVENT_ATTRIBUTE.finditer(holder.group()):
            findings.append((holder.start() + event.start() + 1, "unsafe-html",
                             (f'event handler attribute "{event.group("name").lower()}=" runs script; '
                             "remove it (pages may not carry JavaScript)")))
    for start, url in _urls(line):
        scheme = SCRIPT_URL.match(url.lstrip())
        if scheme:
            name = re.sub(r"[ \t]", "", scheme.group("scheme")).lower()
            findings.append((start + 1, "unsafe-html",
                             f'"{name}:" link runs script when followed; link to a page or an http(s) URL'))
    for img in IMG_TAG.finditer(line):
        if not ALT_ATTRIBUTE.search(img.group()):
            findings.append((img.start() + 1, "no-alt-text",
                             ('<img> has no alt text; add alt="..." describing the image, '
                             "or use Markdown ![描述](path)")))
    return sorted(set(findings))


# (0-based column, URL text) of every URL in Markdown link syntax or in an
# HTML attribute value on the line.
def _urls(line: str) -> list[tuple[int, str]]:
    urls = []
    for match in MARKDOWN_URL.finditer(line):
        for group in ("inline", "reference", "autolink"):
            if match.group(group) is not None:
                urls.append((match.start(group), match.group(group)))
    for holder in ATTRIBUTE_HOLDER.finditer(line):
        for value in re.finditer(r"""(?x) =[ \t]*(?:"(?P<d>[^"]*)"|'(?P<s>[^']*)'|(?P<u>[^\s"'>]+))""",
                                 holder.group()):
            group = next(g for g in ("d", "s", "u") if value.group(g) is not None)
            urls.append((holder.start() + value.start(group), value.group(group)))
    return urls


# The page's lines with fenced blocks and inline code spans blanked out
# (same length, so columns stay true).
def mask_code(text: str) -> list[str]:
    lines = text.splitlines()
    for block in find_fenced_blocks(text):
        for index in range(block.line - 1, min(block.line + len(block.body) + 1, len(lines))):
            lines[index] = " " * len(lines[index])
    return [CODE_SPAN.sub(lambda m: " " * len(m.group()), line) for line in lines]


# `python -m hooks.checks.markdown [pages]`: these rules alone (pre-commit).
def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    ctx = load_context(Path.cwd())
    pages = [Path(a).absolute() for a in args if a.endswith(".md")] or sorted(ctx.docs_dir.rglob("*.md"))
    problems = sorted(check_docs({p: p.read_text(encoding="utf-8", errors="replace") for p in pages}, ctx))
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem.format())
        if github:
            print(problem.github_annotation())
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
