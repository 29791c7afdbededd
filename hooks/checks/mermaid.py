"""Mermaid diagrams in docs/ pages, parsed by the same pinned Mermaid the site ships.

Every ```mermaid fence of every page goes to ONE Node process
(mermaid_parse.mjs: jsdom + node_modules/mermaid), which runs
`mermaid.parse()` on each and answers in JSON. A diagram the browser could not
draw fails the build here instead, at the page line Mermaid complains about.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from hooks.diagrams.figure import accessible_text

from .context import Context
from .pages import find_fenced_blocks
from .problem import Problem
from .tools import NODE_HINT, NPM_HINT, ToolError, find_tool, not_installed, run_tool

KIND = "mermaid"
# Next to this module; it imports jsdom and mermaid from the project's node_modules.
PARSE_SCRIPT = Path(__file__).with_name("mermaid_parse.mjs")
NODE_MODULES = "node_modules"
# Loading jsdom and Mermaid takes about a second; the parsing itself a few ms
# per diagram. Generous, for a loaded CI machine.
NODE_TIMEOUT = 180
# What a missing Node or Mermaid costs, in the tool problem.
CONSEQUENCE = "the Mermaid diagrams cannot be checked"


@dataclass(frozen=True)
class Diagram:
    """One ```mermaid fence: its page, the page line of its first content line, its text."""

    page: Path
    line: int
    text: str

    # True if there is nothing for Mermaid to draw (blank or `%%` comments only).
    def is_empty(self) -> bool:
        return all(not line.strip() or line.strip().startswith("%%") for line in self.text.splitlines())


# Every ```mermaid fence of a page (found the way pages.py finds fences, so the
# runner and this module agree), dedented by its opening fence's indent.
def extract_diagrams(page: Path, text: str) -> list[Diagram]:
    lines = text.splitlines()
    diagrams = []
    for block in find_fenced_blocks(text):
        if block.language != "mermaid":
            continue
        opening = lines[block.line - 1]
        indent = len(opening) - len(opening.lstrip(" \t"))
        body = [line[indent:] if line[:indent].strip() == "" else line.lstrip() for line in block.body]
        diagrams.append(Diagram(page=page, line=block.line + 1, text="\n".join(body)))
    return diagrams


# Parse every diagram of the given pages in one Node process.
def check_docs(pages: list[Path], ctx: Context) -> list[Problem]:
    diagrams = [d for page in pages for d in extract_diagrams(page, page.read_text(encoding="utf-8"))]
    problems = [
        Problem(ctx.rel(d.page), d.line - 1, 0, "mermaid/empty", "empty Mermaid diagram")
        for d in diagrams if d.is_empty()
    ]
    to_parse = [d for d in diagrams if not d.is_empty()]
    problems += [problem for d in to_parse for problem in accessibility_problems(d, ctx)]
    if not to_parse:
        return problems
    results = parse_diagrams([d.text for d in to_parse], ctx)
    if isinstance(results, Problem):
        return problems + [results]
    for diagram, result in zip(to_parse, results, strict=True):
        if not result.get("ok"):
            problems.append(result_problem(diagram, result, ctx))
    return sorted(problems)


# A diagram needs a title and a one-sentence description: screen readers read
# them, search indexes them, and the build prints them as the figure caption.
def accessibility_problems(diagram: Diagram, ctx: Context) -> list[Problem]:
    title, description = accessible_text(diagram.text)
    where = (ctx.rel(diagram.page), diagram.line - 1, 0)
    problems = []
    if not title:
        problems.append(Problem(*where, "mermaid/acc-title",
                                "diagram has no `accTitle: ...` line; give it a short title "
                                "(screen readers, search and the figure caption use it)"))
    if not description:
        problems.append(Problem(*where, "mermaid/acc-descr",
                                "diagram has no `accDescr: ...` line; describe in one sentence what it shows"))
    return problems


# A failed parse as a Problem at the page line Mermaid points at (the
# diagram's first line when it names none).
def result_problem(diagram: Diagram, result: dict, ctx: Context) -> Problem:
    line = diagram.line + (result.get("line") or 1) - 1
    rule = "mermaid/unknown-type" if result.get("kind") == "unknown-type" else "mermaid/syntax"
    return Problem(ctx.rel(diagram.page), line, 0, rule, str(result.get("message", "")))


# Run mermaid_parse.mjs once: diagram texts in, one result per diagram out
# (or a mermaid/tool Problem when Node, Mermaid or the script fails).
def parse_diagrams(texts: list[str], ctx: Context) -> list[dict] | Problem:
    node = find_node()
    if node is None:
        return _tool_problem(ctx, not_installed("node", CONSEQUENCE, NODE_HINT))
    node_modules = ctx.root / NODE_MODULES
    for package in ("mermaid", "jsdom"):
        if not (node_modules / package / "package.json").is_file():
            return _tool_problem(ctx, not_installed(f"{NODE_MODULES}/{package}", CONSEQUENCE, NPM_HINT))
    try:
        proc = run_tool([node, str(PARSE_SCRIPT), str(node_modules)], input=json.dumps({"diagrams": texts}),
                        timeout=NODE_TIMEOUT, cwd=ctx.root)
    except ToolError as error:
        return _tool_problem(ctx, str(error))
    try:
        results = json.loads(proc.stdout)["results"]
    except (ValueError, KeyError, TypeError):
        return _tool_problem(ctx, f"{PARSE_SCRIPT.name} failed (exit {proc.returncode}): {_tail(proc.stderr)}")
    if len(results) != len(texts):
        return _tool_problem(ctx, f"{PARSE_SCRIPT.name} answered {len(results)} results for {len(texts)} diagrams")
    return results


# Node: next to the venv's python first (like every tool), then on PATH.
def find_node() -> str | None:
    return find_tool("node")


# The Mermaid and jsdom versions installed, plus this module's parse script.
def fingerprint(ctx: Context) -> str:
    versions = []
    for package in ("mermaid", "jsdom"):
        manifest = ctx.root / NODE_MODULES / package / "package.json"
        try:
            versions.append(f"{package} {json.loads(manifest.read_text(encoding='utf-8'))['version']}")
        except (OSError, ValueError, KeyError):
            versions.append(f"{package} missing")
    script = hashlib.sha256(PARSE_SCRIPT.read_bytes()).hexdigest()[:16]
    return f"{'; '.join(versions)}; {PARSE_SCRIPT.name} {script}"


# A problem with the tool chain, located at package.json (where Mermaid is pinned).
def _tool_problem(ctx: Context, message: str) -> Problem:
    return Problem("package.json", 0, 0, "mermaid/tool", message)


# The last few non-empty lines of stderr, on one line.
def _tail(output: str, lines: int = 3) -> str:
    kept = [line.strip() for line in output.splitlines() if line.strip()]
    return " | ".join(kept[-lines:]) or "(no output)"
