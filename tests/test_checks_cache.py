"""The result cache (hooks/checks/cache.py): fake kind modules count how often
their "tool" runs, so each test sees exactly what was re-checked."""

from __future__ import annotations

import json
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks.checks import cache
from hooks.checks.context import Context
from hooks.checks.problem import Problem


class FakeKind(types.ModuleType):
    """A kind module made in a test: a real module object, with the attributes
    of interface.KindModule (plus what the tests record) declared for mypy."""

    KIND: str
    GRANULARITY: str
    calls: list[object]
    version: str
    select: Callable[[Path, Context], bool]
    check: Callable[[list[Path], Context], list[Problem]]
    fingerprint: Callable[[Context], str]


# A kind module whose check() reports every line containing BAD and records
# which files each invocation received.
def fake_kind(granularity: str = "file", version: str = "1.0", source: Path | None = None) -> FakeKind:
    module = FakeKind("fake_kind")
    module.KIND = "fake"
    module.GRANULARITY = granularity
    module.calls = []
    module.version = version
    if source is not None:
        module.__file__ = str(source)

    def check(paths: list[Path], ctx: Context) -> list[Problem]:
        module.calls.append(sorted(p.name for p in paths))
        return [
            Problem(ctx.rel(path), number, 1, "fake/bad", "BAD found")
            for path in paths
            for number, line in enumerate(path.read_text().splitlines(), start=1)
            if "BAD" in line
        ]

    module.select = lambda path, ctx: path.suffix == ".fake"
    module.check = check
    module.fingerprint = lambda ctx: f"fake {module.version}"
    return module


@pytest.fixture
def project(tmp_path: Path) -> Context:
    cache.clear_fingerprints()
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    (snippets / "a.fake").write_text("ok\n")
    (snippets / "b.fake").write_text("ok\nBAD\n")
    (snippets / "c.fake").write_text("ok\n")
    return Context(root=tmp_path, kubernetes_version="1.37", go_version="1.26")


def files(ctx: Context) -> list[Path]:
    return sorted(ctx.snippets_dir.glob("*.fake"))


def formatted(problems: list[Problem]) -> list[str]:
    return sorted(p.format() for p in problems)


def test_file_kind_second_run_uses_cache(project: Context, tmp_path: Path) -> None:
    kind, store = fake_kind(), cache.ResultCache(tmp_path / "cache")
    first = cache.run_kind(kind, files(project), project, store)
    second = cache.run_kind(kind, files(project), project, store)
    assert kind.calls == [["a.fake", "b.fake", "c.fake"]]
    assert formatted(first) == formatted(second) == ["snippets/b.fake:2:1: BAD found [fake/bad]"]


def test_file_kind_rechecks_only_the_changed_file(project: Context, tmp_path: Path) -> None:
    kind, store = fake_kind(), cache.ResultCache(tmp_path / "cache")
    cache.run_kind(kind, files(project), project, store)
    (project.snippets_dir / "c.fake").write_text("BAD\n")
    problems = cache.run_kind(kind, files(project), project, store)
    assert kind.calls == [["a.fake", "b.fake", "c.fake"], ["c.fake"]]
    assert formatted(problems) == [
        "snippets/b.fake:2:1: BAD found [fake/bad]",
        "snippets/c.fake:1:1: BAD found [fake/bad]",
    ]


def test_group_kind_is_one_entry_for_all_files(project: Context, tmp_path: Path) -> None:
    kind, store = fake_kind("group"), cache.ResultCache(tmp_path / "cache")
    cache.run_kind(kind, files(project), project, store)
    cache.run_kind(kind, files(project), project, store)
    (project.snippets_dir / "a.fake").write_text("changed\n")
    cache.run_kind(kind, files(project), project, store)
    assert kind.calls == [["a.fake", "b.fake", "c.fake"]] * 2
    assert len(list((tmp_path / "cache" / "fake").glob("*.json"))) == 2


def test_corrupt_entry_is_ignored_and_rewritten(project: Context, tmp_path: Path) -> None:
    kind, store = fake_kind(), cache.ResultCache(tmp_path / "cache")
    cache.run_kind(kind, files(project), project, store)
    entries = sorted((tmp_path / "cache" / "fake").glob("*.json"))
    entries[0].write_text("{not json")
    entries[1].write_text('{"format": 1, "problems": [{"path": 3}]}')
    entries[2].write_bytes(b"")
    problems = cache.run_kind(kind, files(project), project, store)
    assert kind.calls == [["a.fake", "b.fake", "c.fake"]] * 2
    assert formatted(problems) == ["snippets/b.fake:2:1: BAD found [fake/bad]"]
    assert all(json.loads(e.read_text())["format"] == cache.CACHE_FORMAT for e in entries)


def test_tool_upgrade_reruns_the_check(project: Context, tmp_path: Path) -> None:
    kind, store = fake_kind(), cache.ResultCache(tmp_path / "cache")
    cache.run_kind(kind, files(project), project, store)
    kind.version = "2.0"
    cache.clear_fingerprints()  # a new process would compute it afresh
    cache.run_kind(kind, files(project), project, store)
    assert len(kind.calls) == 2


def test_editing_the_kind_module_reruns_the_check(project: Context, tmp_path: Path) -> None:
    source = tmp_path / "fake_kind.py"
    source.write_text("# version 1\n")
    kind, store = fake_kind(source=source), cache.ResultCache(tmp_path / "cache")
    cache.run_kind(kind, files(project), project, store)
    source.write_text("# version 2: a fixed rule\n")
    cache.run_kind(kind, files(project), project, store)
    assert len(kind.calls) == 2


def test_missing_tool_is_never_cached(project: Context, tmp_path: Path) -> None:
    kind, store = fake_kind(), cache.ResultCache(tmp_path / "cache")

    def missing_tool(paths: list[Path], ctx: Context) -> list[Problem]:
        kind.calls.append(1)
        return [Problem("snippets/a.fake", 0, 0, "fake/tool", "install fake")]

    kind.check = missing_tool
    cache.run_kind(kind, files(project), project, store)
    cache.run_kind(kind, files(project), project, store)
    assert len(kind.calls) == 2


def test_crashing_check_is_a_problem_not_an_exception(project: Context, tmp_path: Path) -> None:
    kind = fake_kind()

    def crashing(paths: list[Path], ctx: Context) -> list[Problem]:
        raise ZeroDivisionError("division by zero")

    kind.check = crashing
    problems = cache.run_kind(kind, files(project), project, cache.ResultCache(None))
    assert formatted(problems) == [
        ("hooks/checks/fake_kind.py: fake_kind.check() raised ZeroDivisionError: division by zero "
         "[checks/kind-crash]")
    ]


def test_writes_leave_no_temporary_files(project: Context, tmp_path: Path) -> None:
    cache.run_kind(fake_kind(), files(project), project, cache.ResultCache(tmp_path / "cache"))
    leftovers = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and p.suffix != ".json"]
    assert leftovers == []


def test_disabled_cache_always_runs(project: Context) -> None:
    kind, store = fake_kind(), cache.ResultCache(None)
    cache.run_kind(kind, files(project), project, store)
    cache.run_kind(kind, files(project), project, store)
    assert len(kind.calls) == 2


def test_cache_dir_comes_from_mkdocs_yml_or_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_DIR_ENV, raising=False)
    assert cache.cache_dir_for(tmp_path) == (tmp_path / ".cache/checks").resolve()
    (tmp_path / "mkdocs.yml").write_text("extra:\n  checks:\n    cache_dir: build/cc\n")
    assert cache.cache_dir_for(tmp_path) == (tmp_path / "build/cc").resolve()
    # The MkDocs hook passes extra.checks from the config it already has.
    assert cache.cache_dir_for(tmp_path, {"cache_dir": "from-config"}) == (tmp_path / "from-config").resolve()
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "elsewhere"))
    assert cache.cache_dir_for(tmp_path) == (tmp_path / "elsewhere").resolve()
    assert cache.cache_dir_for(tmp_path, {"cache_dir": "from-config"}) == (tmp_path / "elsewhere").resolve()


class FakeMermaid(types.ModuleType):
    """A stand-in for hooks/checks/mermaid.py (interface.MermaidModule)."""

    calls: list[list[str]]
    check_docs: Callable[[list[Path], Context], list[Problem]]
    fingerprint: Callable[[Context], str]


# A Mermaid module that reports the second line of every diagram as bad.
def fake_mermaid() -> FakeMermaid:
    module = FakeMermaid("fake_mermaid")
    module.calls = []

    def check_docs(pages: list[Path], ctx: Context) -> list[Problem]:
        module.calls.append([p.name for p in pages])
        problems = []
        for page in pages:
            lines = page.read_text().splitlines()
            for number, line in enumerate(lines, start=1):
                if line == "```mermaid":
                    problems.append(Problem(ctx.rel(page), number + 2, 3, "mermaid/parse", "bad arrow"))
        return problems

    module.check_docs = check_docs
    module.fingerprint = lambda ctx: "mermaid 11.12.2"
    return module


def test_prose_edit_does_not_rerun_mermaid(tmp_path: Path) -> None:
    cache.clear_fingerprints()
    ctx = Context(root=tmp_path, kubernetes_version="1.37", go_version="1.26")
    page = tmp_path / "docs" / "a.md"
    page.parent.mkdir()
    page.write_text("# A\n\n```mermaid\nflowchart LR\n  A -> B\n```\n")
    (tmp_path / "docs" / "prose.md").write_text("# No diagram here\n")
    module, store = fake_mermaid(), cache.ResultCache(tmp_path / "cache")
    pages = lambda: {p: p.read_text() for p in sorted((tmp_path / "docs").glob("*.md"))}
    first = cache.run_mermaid(module, pages(), ctx, store)
    page.write_text("# A\n\nA new paragraph,\n\nand another.\n\n```mermaid\nflowchart LR\n  A -> B\n```\n")
    moved = cache.run_mermaid(module, pages(), ctx, store)
    page.write_text(page.read_text().replace("A -> B", "A --> B"))
    cache.run_mermaid(module, pages(), ctx, store)
    # Pages without a diagram never reach Mermaid; the prose edit is free.
    assert module.calls == [["a.md"], ["a.md"]]
    assert formatted(first) == ["docs/a.md:5:3: bad arrow [mermaid/parse]"]
    assert formatted(moved) == ["docs/a.md:9:3: bad arrow [mermaid/parse]"]


def test_fingerprint_is_reused_until_a_snippet_or_config_changes(project: Context, tmp_path: Path) -> None:
    kind, store = fake_kind(), cache.ResultCache(tmp_path / "cache")
    asked = []

    def fingerprint(ctx: Context) -> str:
        asked.append(1)
        return "fake 1.0"

    kind.fingerprint = fingerprint
    for _ in range(2):  # two rebuilds under `mkdocs serve`, nothing changed
        cache.run_kind(kind, files(project), project, store, cache.project_stamp(project, files(project)))
    (project.snippets_dir / "a.fake").write_text("edited\n")
    cache.run_kind(kind, files(project), project, store, cache.project_stamp(project, files(project)))
    (project.root / "fake.toml").write_text("strict = true\n")
    cache.run_kind(kind, files(project), project, store, cache.project_stamp(project, files(project)))
    assert len(asked) == 3
