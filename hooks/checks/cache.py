"""Remember check results, so an unchanged snippet is never checked twice.

A result is stored under a key made of everything it depends on: the checked
files' content (sha256), the kind's fingerprint (tool versions and config) and
the source of the kind module itself (so fixing a check re-runs it). A kind
with GRANULARITY "file" gets one entry per file, so only changed files are
re-checked; a "group" kind gets one entry for its whole set of files.

Entries are small JSON files, written to a temporary file and renamed, so a
crash never leaves half an entry. An entry that cannot be read is ignored
and rewritten, never fatal. Results that say a tool is missing, or that a
check crashed, are never stored: they must show again on the next run.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from .context import CONFIG_FILE, Context, _TolerantLoader
from .interface import CheckModule, FingerprintedModule, KindModule, MermaidModule
from .jsonfile import write_json
from .pages import FencedBlock, find_fenced_blocks, project_rel
from .problem import Problem

# Bump when the entry layout or the key recipe changes: old entries then miss.
CACHE_FORMAT = 1
DEFAULT_CACHE_DIR = ".cache/checks"
# Overrides extra.checks.cache_dir; the tests point it at a temporary folder.
CACHE_DIR_ENV = "SNIPPET_CHECKS_CACHE_DIR"

# Fingerprints hash configs and ask tool versions (tools.version_lines keeps
# those per binary, across builds); under `mkdocs serve` every rebuild would
# pay for the rest again. They are kept for the life of the process,
# per project stamp (see project_stamp): editing a snippet or a config file
# recomputes them, editing prose does not. Restart `mkdocs serve` after
# upgrading a tool binary.
_FINGERPRINTS: dict[tuple[str, Context, str, str], str] = {}
_FINGERPRINTS_LOCK = threading.Lock()


class ResultCache:
    """Problems stored by key under one folder; ``None`` as folder turns it off."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    # The stored problems, or None when absent, unreadable or caching is off.
    def get(self, namespace: str, key: str) -> list[Problem] | None:
        if self.directory is None:
            return None
        try:
            entry = json.loads(self._path(namespace, key).read_text(encoding="utf-8"))
            if entry.get("format") != CACHE_FORMAT:
                return None
            return [_problem_from_json(item) for item in entry["problems"]]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    # Store problems atomically (jsonfile.write_json).
    def put(self, namespace: str, key: str, problems: list[Problem]) -> None:
        if self.directory is None:
            return
        entry = {"format": CACHE_FORMAT, "problems": [_problem_to_json(p) for p in problems]}
        write_json(self._path(namespace, key), entry)

    def _path(self, namespace: str, key: str) -> Path:
        assert self.directory is not None
        return self.directory / namespace / f"{key}.json"


# Where the cache lives: $SNIPPET_CHECKS_CACHE_DIR, else extra.checks.cache_dir
# (`extra_checks` when the caller has mkdocs.yml loaded already, else read
# from the file), else .cache/checks. Relative paths are relative to `root`.
def cache_dir_for(root: Path, extra_checks: dict | None = None) -> Path:
    configured = os.environ.get(CACHE_DIR_ENV)
    if not configured and extra_checks is not None:
        configured = extra_checks.get("cache_dir")
    elif not configured:
        configured = _configured_cache_dir(root)
    return (root / (configured or DEFAULT_CACHE_DIR)).resolve()


# context._TolerantLoader on libyaml when it is there: the pure-Python parser
# takes a noticeable part of a second on the guide's mkdocs.yml.
class _FastTolerantLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    yaml_multi_constructors = _TolerantLoader.yaml_multi_constructors


# extra.checks.cache_dir from mkdocs.yml, or None.
def _configured_cache_dir(root: Path) -> str | None:
    try:
        config = yaml.load((root / CONFIG_FILE).read_text(encoding="utf-8"), Loader=_FastTolerantLoader)
        value = ((config.get("extra") or {}).get("checks") or {}).get("cache_dir")
    except (OSError, yaml.YAMLError, AttributeError):
        return None
    return str(value) if value else None


def _problem_to_json(problem: Problem) -> dict[str, object]:
    return {
        "path": problem.path,
        "line": problem.line,
        "col": problem.col,
        "rule": problem.rule,
        "message": problem.message,
    }


# `item` is parsed JSON, so Any: a malformed entry raises here, and
# ResultCache.get treats that as a miss.
def _problem_from_json(item: dict[str, Any]) -> Problem:
    return Problem(
        path=str(item["path"]),
        line=int(item["line"]),
        col=int(item["col"]),
        rule=str(item["rule"]),
        message=str(item["message"]),
    )


# sha256 of a file's bytes ("missing" for a file that vanished).
def content_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


# sha256 over the parts of a key, unambiguously joined.
def make_key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


# sha256 of a module's source plus the sources of the hooks.checks modules it
# uses, so editing a shared helper of a kind also re-runs that kind.
def module_digest(module: CheckModule) -> str:
    package = (module.__package__ or module.__name__) + "."
    used = {module.__name__: module}
    for value in vars(module).values():
        name = value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None)
        if isinstance(name, str) and name.startswith(package) and name in sys.modules:
            used[name] = sys.modules[name]
    sources = []
    for name, used_module in sorted(used.items()):
        file = getattr(used_module, "__file__", None)
        sources.append(content_hash(Path(file)) if file else name)
    return make_key(*sources)


# What a fingerprint may read, cheaply: every snippet's content hash (a CRD
# edit changes how other manifests validate) and the mtime of each file at
# the project root (mkdocs.yml, .hadolint.yaml, ruff.toml, package-lock.json).
def project_stamp(ctx: Context, snippets: Iterable[Path]) -> str:
    try:
        roots = sorted((e.name, e.stat().st_mtime_ns) for e in os.scandir(ctx.root) if e.is_file())
    except OSError:
        roots = []
    return make_key(roots, [(project_rel(p, ctx), content_hash(p)) for p in sorted(snippets)])


# The kind's fingerprint, computed once per process and stamp (see _FINGERPRINTS).
def kind_fingerprint(module: FingerprintedModule, ctx: Context, stamp: str = "") -> str:
    memo_key = (module.__name__, ctx, module_digest(module), stamp)
    with _FINGERPRINTS_LOCK:
        if memo_key in _FINGERPRINTS:
            return _FINGERPRINTS[memo_key]
    value = str(module.fingerprint(ctx))
    with _FINGERPRINTS_LOCK:
        _FINGERPRINTS[memo_key] = value
    return value


# Forget memoised fingerprints (tests, and anyone who just upgraded a tool).
def clear_fingerprints() -> None:
    with _FINGERPRINTS_LOCK:
        _FINGERPRINTS.clear()


# `hooks/checks/<name>.py`, where problems about a module itself are located.
def module_path(module: CheckModule) -> str:
    return f"hooks/checks/{module.__name__.rsplit('.', 1)[-1]}.py"


# Run one kind over its files, reusing every stored result that still applies.
def run_kind(
    kind: KindModule, paths: list[Path], ctx: Context, cache: ResultCache, stamp: str = ""
) -> list[Problem]:
    try:
        base = make_key(CACHE_FORMAT, kind.KIND, kind_fingerprint(kind, ctx, stamp), module_digest(kind))
    except Exception as error:  # noqa: BLE001 - a crashing fingerprint is a problem, not a crash
        return [crash_problem(kind, "fingerprint", error)]
    if kind.GRANULARITY == "group":
        return _run_group(kind, paths, ctx, cache, base)
    return _run_per_file(kind, paths, ctx, cache, base)


# "group": one entry for the whole set, keyed by every file's name and hash.
def _run_group(kind: KindModule, paths: list[Path], ctx: Context, cache: ResultCache, base: str) -> list[Problem]:
    key = make_key(base, sorted((project_rel(p, ctx), content_hash(p)) for p in paths))
    stored = cache.get(kind.KIND, key)
    if stored is not None:
        return stored
    problems = safe_check(kind, paths, ctx)
    if _storable(kind, problems):
        cache.put(kind.KIND, key, problems)
    return problems


# "file": one entry per file; the kind runs once, over the changed files only.
def _run_per_file(kind: KindModule, paths: list[Path], ctx: Context, cache: ResultCache, base: str) -> list[Problem]:
    keys = {path: make_key(base, project_rel(path, ctx), content_hash(path)) for path in paths}
    problems: list[Problem] = []
    changed: list[Path] = []
    for path, key in keys.items():
        stored = cache.get(kind.KIND, key)
        if stored is None:
            changed.append(path)
        else:
            problems.extend(stored)
    if not changed:
        return problems
    found = safe_check(kind, changed, ctx)
    problems.extend(found)
    by_file = _split_by_file(found, changed, ctx)
    if by_file is not None and _storable(kind, found):
        for path in changed:
            cache.put(kind.KIND, keys[path], by_file.get(path, []))
    return problems


# Problems grouped by the checked file they name; None if one names no
# checked file (then the result cannot be split and is not stored).
def _split_by_file(problems: list[Problem], paths: list[Path], ctx: Context) -> dict[Path, list[Problem]] | None:
    names: dict[str, Path] = {}
    for path in paths:
        names[ctx.rel(path)] = path
        names[project_rel(path, ctx)] = path
    by_file: dict[Path, list[Problem]] = {}
    for problem in problems:
        if problem.path not in names:
            return None
        by_file.setdefault(names[problem.path], []).append(problem)
    return by_file


# A result about the tools, not the files, must not outlive the run.
def _storable(kind: KindModule, problems: Iterable[Problem]) -> bool:
    return not any(p.rule == f"{kind.KIND}/tool" or p.rule.startswith("checks/") for p in problems)


# kind.check(), with a crash or a malformed result turned into a Problem.
def safe_check(kind: KindModule, paths: list[Path], ctx: Context) -> list[Problem]:
    try:
        result = kind.check(paths, ctx)
    except Exception as error:  # noqa: BLE001 - the contract says never raise; report if it does
        return [crash_problem(kind, "check", error)]
    if not isinstance(result, list) or not all(isinstance(p, Problem) for p in result):
        return [
            Problem(module_path(kind), 0, 0, "checks/kind-interface",
                    f"{kind.__name__}.check returned {type(result).__name__}, not a list of Problem")
        ]
    return result


def crash_problem(module: CheckModule, function: str, error: Exception) -> Problem:
    return Problem(
        module_path(module), 0, 0, "checks/kind-crash",
        f"{module.__name__}.{function}() raised {type(error).__name__}: {error}",
    )


# Mermaid: one entry per page, keyed by the page's diagrams, not its prose, so
# editing a sentence never re-runs Mermaid. Lines are stored relative to their
# diagram and moved back to wherever the diagram is now.
def run_mermaid(
    module: MermaidModule, pages: dict[Path, str], ctx: Context, cache: ResultCache, stamp: str = ""
) -> list[Problem]:
    try:
        base = make_key(CACHE_FORMAT, "mermaid", kind_fingerprint(module, ctx, stamp), module_digest(module))
    except Exception as error:  # noqa: BLE001
        return [crash_problem(module, "fingerprint", error)]
    problems: list[Problem] = []
    changed: dict[Path, tuple[str, list[FencedBlock]]] = {}
    for page, text in pages.items():
        if "mermaid" not in text.lower():
            continue  # no diagram, nothing for Mermaid to parse
        blocks = [b for b in find_fenced_blocks(text) if b.language == "mermaid"]
        key = make_key(base, project_rel(page, ctx), [b.body for b in blocks] if blocks else text)
        stored = cache.get("mermaid", key)
        if stored is None:
            changed[page] = (key, blocks)
        else:
            problems.extend(_from_diagram_lines(stored, blocks))
    if not changed:
        return problems
    try:
        found = module.check_docs(list(changed), ctx)
    except Exception as error:  # noqa: BLE001
        return problems + [crash_problem(module, "check_docs", error)]
    problems.extend(found)
    if not any(p.rule.startswith(("mermaid/tool", "checks/")) for p in found):
        _store_mermaid(found, changed, ctx, cache)
    return problems


# Store each changed page's problems with diagram-relative lines; a page with a
# problem outside its diagrams is not stored (its line would go stale).
def _store_mermaid(found: list[Problem], changed: dict[Path, tuple[str, list[FencedBlock]]],
                   ctx: Context, cache: ResultCache) -> None:
    for page, (key, blocks) in changed.items():
        mine = [p for p in found if p.path == project_rel(page, ctx)]
        relative = _to_diagram_lines(mine, blocks)
        if relative is not None:
            cache.put("mermaid", key, relative)
    # Problems naming no checked page cannot be attributed: nothing more to store.


# Problem lines as (diagram index, offset) encoded in `line`: index*100000+offset.
def _to_diagram_lines(problems: list[Problem], blocks: list[FencedBlock]) -> list[Problem] | None:
    moved = []
    for problem in problems:
        index = _diagram_of(problem.line, blocks)
        if index is None:
            return None
        offset = problem.line - blocks[index].line
        moved.append(_with_line(problem, index * 100000 + offset))
    return moved


# Inverse of _to_diagram_lines, against the page's current diagrams.
def _from_diagram_lines(problems: list[Problem], blocks: list[FencedBlock]) -> list[Problem]:
    moved = []
    for problem in problems:
        index, offset = divmod(problem.line, 100000)
        start = blocks[index].line if index < len(blocks) else 0
        moved.append(_with_line(problem, start + offset))
    return moved


# Index of the diagram whose fence (opening to closing line) holds `line`.
def _diagram_of(line: int, blocks: list[FencedBlock]) -> int | None:
    for index, block in enumerate(blocks):
        if block.line <= line <= block.line + len(block.body) + 1:
            return index
    return None


def _with_line(problem: Problem, line: int) -> Problem:
    return Problem(problem.path, line, problem.col, problem.rule, problem.message)
