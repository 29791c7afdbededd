#!/usr/bin/env python3
"""Append a new interview question, in the exact house format, to a chapter page.

    python scripts/new_question.py docs/docker/storage.md --id docker-xxx \\
        --title "问题？" --level 中级 --topics 存储 [--snippet docker/xxx/Dockerfile]

Adds the question's topics and level to the page's front matter `tags:`,
refuses an anchor that is malformed, has the wrong chapter prefix or is
already used anywhere in docs/, and with --snippet creates the snippet file
(with a named section) if it does not exist and includes that section in the
deep dive. Exit status 0 on success, 2 on a refused request (nothing written).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from hooks.checks.questions import (
    ANCHOR,
    CHAPTER_PREFIXES,
    LEVELS,
    TOPICS,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECTION = "example"
SECTION_NAME = re.compile(r"(?x) ^[a-z][-_0-9a-z]*$")
# Any explicit anchor on any page: `{#some-id ...}`.
ANY_ANCHOR = re.compile(r"(?x) \{[^{}\n]*?\#(?P<id>[^\s}]+)")

# Per snippet type: fence language, comment marker, and a file that passes the
# project's checks as it is (the author then replaces its body).
TEMPLATES: dict[str, tuple[str, str, str]] = {
    "Dockerfile": ("dockerfile", "#", 'FROM alpine:3.22\nCMD ["echo", "TODO"]\n'),
    ".yaml": ("yaml", "#", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: todo\ndata:\n  todo: \"TODO\"\n"),
    ".go": ("go", "//", 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("TODO")\n}\n'),
    ".proto": ("proto", "//", 'syntax = "proto3";\n\npackage todo.v1;\n\nmessage Todo {\n  string name = 1;\n}\n'),
    ".sh": ("bash", "#", 'echo "TODO"\n'),
    ".py": ("python", "#", 'print("TODO")\n'),
}
SCRIPT_HEADERS = {".sh": "#!/usr/bin/env bash\nset -euo pipefail\n\n", ".py": '"""TODO: what this example shows."""\n\n'}


class Refused(Exception):
    """A request the scaffold will not carry out; the message says why."""


@dataclass(frozen=True)
class Request:
    page: Path
    id: str
    title: str
    level: str
    topics: tuple[str, ...]
    snippet: str | None = None  # path below snippets/
    section: str = DEFAULT_SECTION


# Parse arguments, validate, write; print what was done or why not.
def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = Path(args.root).resolve()
    topics = tuple(t.strip() for arg in args.topics for t in arg.split(",") if t.strip())
    snippet = args.snippet.removeprefix("snippets/") if args.snippet else None
    request = Request(Path(args.page).resolve(), args.id, args.title.strip(), args.level, topics,
                      snippet, args.section)
    try:
        written = add_question(request, root)
    except Refused as error:
        print(f"new_question: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(root).as_posix()}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", help="chapter page, e.g. docs/docker/storage.md")
    parser.add_argument("--id", required=True, help="stable anchor, e.g. docker-overlay2-cow")
    parser.add_argument("--title", required=True, help="the question, as the heading shows it")
    parser.add_argument("--level", required=True, choices=LEVELS)
    parser.add_argument("--topics", required=True, nargs="+", help="one or more topics (comma-separated)")
    parser.add_argument("--snippet", help="snippet path below snippets/, e.g. docker/xxx/Dockerfile")
    parser.add_argument("--section", default=DEFAULT_SECTION, help="named section to show (default: example)")
    parser.add_argument("--root", default=str(ROOT), help="project root (default: this repository)")
    return parser


# Validate everything first, then write the page (and the snippet); the paths written.
def add_question(request: Request, root: Path) -> list[Path]:
    docs = root / "docs"
    validate(request, docs)
    text = request.page.read_text(encoding="utf-8")
    written = []
    include = ""
    if request.snippet:
        snippet_path, include = prepare_snippet(request, root / "snippets")
        if not snippet_path.exists():
            snippet_path.parent.mkdir(parents=True, exist_ok=True)
            snippet_path.write_text(snippet_template(snippet_path, request.section), encoding="utf-8")
            written.append(snippet_path)
    text = add_tags(text, [*request.topics, request.level])
    text = text.rstrip("\n") + "\n\n" + question_block(request, include)
    request.page.write_text(text, encoding="utf-8")
    return [request.page, *written]


# Raise Refused for a malformed, misplaced or duplicate anchor, or unknown values.
def validate(request: Request, docs: Path) -> None:
    if not request.page.is_file() or docs.resolve() not in request.page.parents:
        raise Refused(f"{request.page} is not a page under {docs}")
    if not ANCHOR.match(request.id):
        raise Refused(f'id "{request.id}" is malformed: use <chapter>-<slug> with a chapter prefix of '
                      f'{", ".join(sorted(set(CHAPTER_PREFIXES.values())))} and lowercase ASCII letters, '
                      "digits and hyphens, e.g. docker-overlay2-cow")
    folder = request.page.relative_to(docs.resolve()).parts[0]
    prefix = CHAPTER_PREFIXES.get(folder)
    if prefix and not request.id.startswith(prefix + "-"):
        raise Refused(f'id "{request.id}": questions in docs/{folder}/ must start with "{prefix}-"')
    used = anchors_in(docs)
    if request.id in used:
        raise Refused(f'id "{request.id}" is already used in {used[request.id]}; anchors are unique site-wide')
    if request.level not in LEVELS:
        raise Refused(f'level "{request.level}" is not one of {", ".join(LEVELS)}')
    unknown = [t for t in request.topics if t not in TOPICS]
    if unknown or not request.topics:
        raise Refused(f'unknown topic "{unknown[0] if unknown else ""}" (allowed: {", ".join(TOPICS)})')
    if not request.title or "{" in request.title or "\n" in request.title:
        raise Refused("title must be one line of text without braces")
    if not SECTION_NAME.match(request.section):
        raise Refused(f'section "{request.section}" must match [a-z][-_0-9a-z]*')


# {anchor: "docs/x.md:LINE"} for every explicit anchor in docs/.
def anchors_in(docs: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for page in sorted(docs.rglob("*.md")):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            for match in ANY_ANCHOR.finditer(line):
                found.setdefault(match.group("id"), f"{page.relative_to(docs.parent).as_posix()}:{number}")
    return found


# The snippet's path, and the fenced include of its named section.
def prepare_snippet(request: Request, snippets: Path) -> tuple[Path, str]:
    assert request.snippet is not None
    rel = request.snippet
    path = (snippets / rel).resolve()
    if rel.startswith("/") or snippets.resolve() not in path.parents:
        raise Refused(f'snippet "{rel}" must be a path inside snippets/')
    language, _, _ = template_for(path)
    if path.exists() and f"[start:{request.section}]" not in path.read_text(encoding="utf-8"):
        raise Refused(f'snippets/{rel} exists but has no "--8<-- [start:{request.section}]" section; '
                      "mark one or pass --section")
    include = (f'```{language} title="snippets/{rel}"\n'
               f'--8<-- "{rel}:{request.section}"\n'
               "```\n")
    return path, include


# (fence language, comment marker, body) for a snippet file name.
def template_for(path: Path) -> tuple[str, str, str]:
    key = "Dockerfile" if path.name == "Dockerfile" else path.suffix
    if key not in TEMPLATES:
        raise Refused(f"no template for {path.name}: use a Dockerfile, .yaml, .go, .proto, .sh or .py file")
    return TEMPLATES[key]


# A new snippet file whose body is wrapped in the named section.
def snippet_template(path: Path, section: str) -> str:
    _, comment, body = template_for(path)
    header = SCRIPT_HEADERS.get(path.suffix, "")
    if path.suffix == ".go":
        # The section starts after the package clause, so the page shows code, not boilerplate.
        package, rest = body.split("\n", 1)
        return f"{package}\n{comment} --8<-- [start:{section}]{rest}{comment} --8<-- [end:{section}]\n"
    return f"{header}{comment} --8<-- [start:{section}]\n{body}{comment} --8<-- [end:{section}]\n"


# The page with every value in `needed` present in its front matter tags.
def add_tags(text: str, needed: list[str]) -> str:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---" or "---" not in [s.strip() for s in lines[1:]]:
        return "---\n" + _tags_line(_unique(needed)) + "\n---\n\n" + text
    end = 1 + [s.strip() for s in lines[1:]].index("---")
    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    tags = [str(t) for t in (meta.get("tags") or [])]
    merged = _unique([*tags, *needed])
    if merged == tags and "tags" in meta:
        return text
    start = next((i for i in range(1, end) if re.match(r"^tags\s*:", lines[i])), None)
    if start is None:
        return "\n".join([*lines[:end], _tags_line(merged), *lines[end:]])
    stop = start + 1
    while stop < end and (lines[stop].startswith((" ", "\t", "-")) or not lines[stop].strip()):
        stop += 1
    return "\n".join([*lines[:start], _tags_line(merged), *lines[stop:]])


def _tags_line(tags: list[str]) -> str:
    return "tags: [" + ", ".join(tags) + "]"


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


# The question in the exact format of CONTRIBUTING.md, with placeholders.
def question_block(request: Request, include: str = "") -> str:
    topics = ",".join(request.topics)
    code = f"\n{include}" if include else ""
    return (
        f'## {request.title} {{#{request.id} data-level="{request.level}" data-topics="{topics}"}}\n'
        "\n"
        '!!! tldr "30 秒回答"\n'
        "\n"
        "    TODO：两三句话，面试时 30 秒能说完的答案。\n"
        "\n"
        "**深入解析**\n"
        "\n"
        "TODO：讲清机制（为什么），附官方文档链接。\n"
        f"{code}"
        "\n"
        "**面试官追问**\n"
        "\n"
        "- TODO：面试官接下来会问什么？\n"
        "\n"
        "**常见错误回答**\n"
        "\n"
        "- “TODO：似是而非的说法。”为什么错。\n"
        "\n"
        '??? answer "参考答案"\n'
        "\n"
        "    TODO：完整的参考答案。\n"
    )


if __name__ == "__main__":
    sys.exit(main())
