"""The runner (hooks/checks/runner.py), the kind registry (kinds.py) and the
command line (__main__.py), with fake kind modules in tiny temporary projects;
and the real guide, which must pass every check."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks.checks import cache, kinds, runner
from hooks.checks.context import Context
from hooks.checks.problem import Problem

from .conftest import ROOT

MKDOCS_YML = 'extra:\n  versions:\n    kubernetes: "1.37"\n    go: "1.26"\n'


class FakeKind(types.ModuleType):
    """A kind module made in a test: a real module object, with the attributes
    of interface.KindModule (plus what the tests record) declared for mypy."""

    KIND: str
    GRANULARITY: str
    calls: list[list[str]]
    select: Callable[[Path, Context], bool]
    check: Callable[[list[Path], Context], list[Problem]]
    fingerprint: Callable[[Context], str]
    # Only when a test sets them: the runner looks run_programs up with getattr.
    ran: list[int]
    run_programs: Callable[[list[Path], Context], list[Problem]]


# A kind that selects files by suffix and reports every line holding BAD.
def fake_kind(kind: str, suffix: str, granularity: str = "file") -> FakeKind:
    module = FakeKind(f"fake_{kind}")
    module.KIND, module.GRANULARITY, module.calls = kind, granularity, []

    def check(paths: list[Path], ctx: Context) -> list[Problem]:
        module.calls.append(sorted(ctx.rel(p) for p in paths))
        return [
            Problem(ctx.rel(p), n, 1, f"{kind}/bad", "BAD found")
            for p in paths
            for n, line in enumerate(p.read_text().splitlines(), start=1)
            if "BAD" in line
        ]

    module.select = lambda path, ctx: path.name.endswith(suffix)
    module.check = check
    module.fingerprint = lambda ctx: kind
    return module


# Write `files` ({relative path: text}) under a fresh project root.
def make_project(root: Path, files: dict[str, str]) -> Context:
    cache.clear_fingerprints()
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return Context(root=root, kubernetes_version="1.37", go_version="1.26")


def formatted(problems: list[Problem]) -> list[str]:
    return [p.format() for p in problems]


def test_problem_lists_every_page_that_includes_the_snippet(tmp_path: Path) -> None:
    ctx = make_project(tmp_path, {
        "docs/a.md": '# A\n\n```yaml\n--8<-- "k8s/app.yaml:spec"\n```\n',
        "docs/b.md": '# B\n\ntext\n\n```yaml\n--8<-- "k8s/app.yaml"\n```\n',
        "snippets/k8s/app.yaml": "# --8<-- [start:spec]\nkind: BAD\n# --8<-- [end:spec]\n",
    })
    modules = kinds.Modules(kinds=[fake_kind("yaml", ".yaml")], mermaid=None, markdown=None)
    problems = runner.check_project(ctx, modules=modules, use_cache=False)
    assert formatted(problems) == [
        ("snippets/k8s/app.yaml:2:1: BAD found [yaml/bad]\n"
         "    included from docs/a.md:4\n"
         "    included from docs/b.md:6")
    ]


def test_first_kind_in_order_owns_a_file(tmp_path: Path) -> None:
    ctx = make_project(tmp_path, {
        "docs/a.md": '--8<-- "x.yaml"\n',
        "snippets/x.yaml": "ok\n",
    })
    first, second = fake_kind("first", ".yaml"), fake_kind("second", "")
    modules = kinds.Modules(kinds=[first, second], mermaid=None, markdown=None)
    runner.check_project(ctx, modules=modules, use_cache=False)
    assert (first.calls, second.calls) == ([["snippets/x.yaml"]], [])


def test_kinds_run_in_parallel(tmp_path: Path) -> None:
    ctx = make_project(tmp_path, {
        "docs/a.md": '--8<-- "a.one"\n--8<-- "b.two"\n',
        "snippets/a.one": "ok\n",
        "snippets/b.two": "ok\n",
    })
    # Each check waits until the other has started: only threads get past it.
    barrier = threading.Barrier(2, timeout=10)
    one, two = fake_kind("one", ".one"), fake_kind("two", ".two")

    def after_barrier(
        plain: Callable[[list[Path], Context], list[Problem]],
    ) -> Callable[[list[Path], Context], list[Problem]]:
        def check(paths: list[Path], ctx: Context) -> list[Problem]:
            barrier.wait()
            return plain(paths, ctx)

        return check

    for kind in (one, two):
        kind.check = after_barrier(kind.check)
    modules = kinds.Modules(kinds=[one, two], mermaid=None, markdown=None)
    problems = runner.check_project(ctx, modules=modules, use_cache=False)
    assert problems == []


def test_unknown_files_are_problems_but_support_files_are_not(tmp_path: Path) -> None:
    ctx = make_project(tmp_path, {
        "docs/a.md": '--8<-- "docker/app/Dockerfile"\n--8<-- "notes.txt"\n',
        "snippets/notes.txt": "what checks this?\n",
        "snippets/README.md": "about the snippets\n",
        "snippets/go/go.mod": "module example.com/cnig\n",
        "snippets/go/go.sum": "",
        "snippets/go/hello/main.out": "hello\n",
        "snippets/go/grpcdemo/gen/catalog.pb.go": "package gen\n",
        "snippets/go/grpcdemo/gen/catalog_grpc.pb.go": "package gen\n",
        "snippets/go/operator/api/v1/zz_generated.deepcopy.go": "package v1\n",
        "snippets/docker/app/Dockerfile": 'FROM scratch\nCOPY ["config.json", "/etc/"]\nCOPY web/ /srv/\n',
        "snippets/docker/app/config.json": "{}\n",
        "snippets/docker/app/web/index.html": "<p>hi</p>\n",
        "snippets/docker/app/.dockerignore": "*.tmp\n",
        "snippets/docker/app/not-copied.txt": "left behind\n",
    })
    modules = kinds.Modules(kinds=[fake_kind("dockerfile", "Dockerfile")], mermaid=None, markdown=None)
    problems = runner.check_project(ctx, modules=modules, use_cache=False)
    unknown = (
        "no check selects this file, so no tool has verified it; use a file name a kind in "
        "hooks/checks/kinds.py checks, or list it in SUPPORT_FILES there if it is no example "
        "[snippets/unknown]"
    )
    assert formatted(problems) == [
        "snippets/docker/app/not-copied.txt:1: not included by any page in docs/ [pages/unused-snippet]",
        f"snippets/docker/app/not-copied.txt:1: {unknown}",
        f"snippets/notes.txt:1: {unknown}\n    included from docs/a.md:2",
    ]


def test_given_paths_limit_the_check(tmp_path: Path) -> None:
    ctx = make_project(tmp_path, {
        "docs/a.md": '# A\n\n```go\ntyped\n```\n--8<-- "go/x/a.go"\n--8<-- "go/y/b.go"\n--8<-- "c.sh"\n',
        "docs/b.md": "# B\n\n```go\ntyped\n```\n",
        "snippets/go/x/a.go": "BAD\n",
        "snippets/go/y/b.go": "BAD\n",
        "snippets/c.sh": "BAD\n",
    })
    golang, shell = fake_kind("go", ".go", granularity="group"), fake_kind("sh", ".sh")
    modules = kinds.Modules(kinds=[golang, shell], mermaid=None, markdown=None)
    given = [tmp_path / "snippets/go/x/a.go", tmp_path / "docs/b.md", tmp_path / "hooks/other.py"]
    problems = runner.check_project(ctx, paths=given, modules=modules, use_cache=False)
    # The Go module is one unit: one changed file checks all of it. The shell
    # file and docs/a.md were not given, so they are not checked.
    assert golang.calls == [["snippets/go/x/a.go", "snippets/go/y/b.go"]]
    assert shell.calls == []
    assert [(p.path, p.rule) for p in problems] == [
        ("docs/b.md", "pages/inline-code"),
        ("snippets/go/x/a.go", "go/bad"),
        ("snippets/go/y/b.go", "go/bad"),
    ]


def test_programs_run_only_when_asked(tmp_path: Path) -> None:
    ctx = make_project(tmp_path, {"docs/a.md": '--8<-- "go/main.go"\n', "snippets/go/main.go": "ok\n"})
    golang = fake_kind("golang", ".go", granularity="group")
    golang.ran = []

    def run_programs(paths: list[Path], ctx: Context) -> list[Problem]:
        golang.ran.append(len(paths))
        return [Problem("snippets/go/main.go", 0, 0, "golang/output", "stdout differs from main.out")]

    golang.run_programs = run_programs
    modules = kinds.Modules(kinds=[golang], mermaid=None, markdown=None)
    assert runner.check_project(ctx, modules=modules, use_cache=False) == []
    problems = runner.check_project(ctx, modules=modules, use_cache=False, run_programs=True)
    assert golang.ran == [1]
    assert formatted(problems) == [
        ("snippets/go/main.go: stdout differs from main.out [golang/output]\n"
         "    included from docs/a.md:1")
    ]


# Run the command line in `root`; on timeout kill its whole process group, so
# no `go build` it started is left running.
def run_cli(
    root: Path, *args: str, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "hooks.checks", "--root", str(root), *args]
    proc = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, "GITHUB_ACTIONS": "false", **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        pytest.fail(f"{' '.join(command)} took over {timeout} s:\n{stdout}\n{stderr}")
    return subprocess.CompletedProcess(command, proc.returncode, stdout, stderr)


def test_cli_prints_problems_and_fails(tmp_path: Path) -> None:
    make_project(tmp_path, {"docs/page.md": "# Page\n\n```bash\nrm -rf /\n```\n"})
    proc = run_cli(tmp_path, env={"GITHUB_ACTIONS": "true"})
    lines = proc.stdout.splitlines()
    assert proc.returncode == 1
    assert lines[:2] == [
        ("docs/page.md:3: ```bash block is typed into the page; move the code to a file under "
         'snippets/ and include a named section: --8<-- "path:section" [pages/inline-code]'),
        ("::error file=docs/page.md,line=3,col=1,title=pages/inline-code::```bash block is typed "
         "into the page; move the code to a file under snippets/ and include a named section: "
         '--8<-- "path:section"'),
    ]
    assert lines[2].startswith("hooks.checks: 1 problem in 1 file (")


def test_cli_passes_a_clean_project(tmp_path: Path) -> None:
    make_project(tmp_path, {"docs/page.md": "# Page\n\nProse only.\n"})
    proc = run_cli(tmp_path)
    assert (proc.returncode, proc.stdout.startswith("hooks.checks: no problems")) == (0, True), proc.stdout


def test_the_real_guide_passes_every_check() -> None:
    # A cold cache builds client-go for the Go snippets: allow for it.
    proc = run_cli(ROOT, timeout=1500)
    assert proc.returncode == 0, proc.stdout + proc.stderr
