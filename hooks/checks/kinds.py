"""Which module checks which snippet file, and which files need no check.

Every kind module defines KIND, GRANULARITY ("file": checked one by one;
"group": the Go module, checked as one unit), ``select(path, ctx)``,
``check(paths, ctx)`` and ``fingerprint(ctx)``; ``mermaid`` and ``markdown``
check docs/ pages with ``check_docs`` instead. interface.py spells this out as
Protocols, and mypy holds every module below to them. The registry below is
static: a module that fails to import breaks the checks loudly, as any code would.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import dockerfile, golang, kubernetes, markdown, mermaid, proto, python, shell
from .context import Context
from .interface import KindModule, MarkdownModule, MermaidModule

# Kind modules, in the order they are asked to select a file: the first one
# whose select() says yes owns the file.
KINDS: tuple[KindModule, ...] = (dockerfile, kubernetes, golang, proto, shell, python)

# Snippet files that are no example of their own, so no kind checks them on
# their own and no page has to include them. Patterns are fnmatch patterns on
# the path below snippets/ (`*` also matches `/`). Keep this list short: every
# entry is a file readers never see.
SUPPORT_FILES = (
    # The one Go module's own files: `go vet` and `go test` read them.
    "go/go.mod",
    "go/go.sum",
    # Golden stdout of a `package main` example, compared by golang.run_programs.
    "*.out",
    # Generated Go code (protoc-gen-go / protoc-gen-go-grpc from snippets/proto,
    # controller-gen deep copies): compiled and vetted with the module, but
    # pages show the .proto or the types it came from, never generator output.
    "go/*.pb.go",
    "go/*/zz_generated.*.go",
    # Notes for contributors browsing snippets/ on GitHub.
    "README.md",
    "*/README.md",
)
# Next to a Dockerfile, the build context's ignore file is part of the example.
DOCKER_CONTEXT_FILES = (".dockerignore",)

# A COPY or ADD instruction (after joining `\` continuation lines).
COPY_INSTRUCTION = re.compile(
    r"""(?xi)
    ^[ \t]*(?:COPY|ADD)
    [ \t]+(?P<args>.+?)[ \t]*$
    """
)


@dataclass
class Modules:
    """The modules a run uses: the real ones, or fakes a test passes in."""

    kinds: list[KindModule] = field(default_factory=lambda: list(KINDS))
    mermaid: MermaidModule | None = mermaid
    markdown: MarkdownModule | None = markdown


# The kind module that owns `path` (first in `kinds` order), or None.
def select_kind(path: Path, kinds: list[KindModule], ctx: Context) -> KindModule | None:
    for kind in kinds:
        try:
            if kind.select(path, ctx):
                return kind
        except Exception:  # noqa: BLE001, S112 - the file stays unowned and is reported as snippets/unknown
            continue
    return None


# True for files that support an example instead of being one (see SUPPORT_FILES).
def is_support_file(path: Path, ctx: Context) -> bool:
    rel = _below(path, ctx.snippets_dir)
    if rel is None:
        return False
    if any(fnmatch.fnmatch(rel, pattern) for pattern in SUPPORT_FILES):
        return True
    return is_docker_context_file(path, ctx)


# True if a Dockerfile in this folder or above (inside snippets/) COPYs or ADDs
# the file from its build context, or the file is that context's .dockerignore.
def is_docker_context_file(path: Path, ctx: Context) -> bool:
    rel = _below(path, ctx.snippets_dir)
    if rel is None or path.name == "Dockerfile":
        return False
    parts = rel.split("/")
    # From the file's own folder up to snippets/ itself.
    for depth in range(len(parts) - 1, -1, -1):
        dockerfile = ctx.snippets_dir.joinpath(*parts[:depth], "Dockerfile")
        if not dockerfile.is_file():
            continue
        inside = "/".join(parts[depth:])
        if inside in DOCKER_CONTEXT_FILES:
            return True
        if any(_copy_source_matches(source, inside) for source in copy_sources(dockerfile)):
            return True
    return False


# The build-context sources of every COPY/ADD in a Dockerfile (not --from=stage
# copies, which read another stage, and not URLs). Parsed once per file version.
def copy_sources(dockerfile: Path) -> tuple[str, ...]:
    stat = dockerfile.stat()
    return _parse_copy_sources(str(dockerfile), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _parse_copy_sources(dockerfile: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    text = Path(dockerfile).read_text(encoding="utf-8", errors="replace")
    logical = re.sub(r"\\[ \t]*\r?\n", " ", text)
    sources: list[str] = []
    for line in logical.splitlines():
        match = COPY_INSTRUCTION.match(line)
        if not match:
            continue
        args = _split_copy_args(match.group("args"))
        flags = [arg for arg in args if arg.startswith("--")]
        if any(flag.startswith("--from") for flag in flags):
            continue
        operands = [arg for arg in args if not arg.startswith("--")]
        sources.extend(src for src in operands[:-1] if "://" not in src)
    return tuple(sources)


# COPY's operands, in either the shell form or the JSON-array form.
def _split_copy_args(args: str) -> list[str]:
    if args.startswith("["):
        try:
            parsed = json.loads(args)
        except json.JSONDecodeError:
            return []
        return [str(item) for item in parsed] if isinstance(parsed, list) else []
    return args.split()


# True if a COPY source (a path, folder or glob in the context) covers `rel`.
def _copy_source_matches(source: str, rel: str) -> bool:
    source = source.removeprefix("./").rstrip("/") or "."
    if source == ".":
        return True
    return fnmatch.fnmatch(rel, source) or rel.startswith(source + "/")


# `path` relative to `folder` as POSIX text, or None if it is not below it.
# Lexical (no symlinks followed): it runs for every snippet on every build.
def _below(path: Path, folder: Path) -> str | None:
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(folder))
    if rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return None
    return Path(rel).as_posix()
