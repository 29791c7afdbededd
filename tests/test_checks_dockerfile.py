"""hooks.checks.dockerfile: BuildKit parse, hadolint and the project's stage rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.checks import dockerfile
from hooks.checks.context import Context

from .conftest import ROOT

CTX = Context(root=ROOT, kubernetes_version="1.37", go_version="1.26")
FIXTURES = ROOT / "tests/fixtures/checks/dockerfile"
PREFIX = "tests/fixtures/checks/dockerfile"
PIN = "pin a version tag (or a digest)"
NO_GLIBC = "otherwise the binary links glibc and fails to start there"

# Fixture folder -> the exact formatted problems check() reports for it.
CASES: dict[str, list[str]] = {
    "ok": [],
    "named": [],
    "cgo-inherited-env": [],
    "cgo-glibc-runtime": [],
    "cgo-arg-in-stage": [],
    "cgo-arg-not-inherited": [
        (
            f'{PREFIX}/cgo-arg-not-inherited/Dockerfile:8:5: Go binary built in stage "build" is '
            'copied into stage 2 (line 11) based on "scratch", so it must be built with '
            'CGO_ENABLED=0 (in this RUN, or ENV CGO_ENABLED=0 in stage "build"); '
            f"{NO_GLIBC} [dockerfile/cgo]"
        ),
    ],
    "parse-error": [
        (
            f"{PREFIX}/parse-error/Dockerfile:3: BuildKit cannot parse this Dockerfile: "
            "unterminated heredoc [dockerfile/parse]"
        ),
        # hadolint's own parser stumbles on the same heredoc, one line later.
        (
            f"{PREFIX}/parse-error/Dockerfile:4:1: unexpected 'h' expecting '#', '\\', ADD, ARG, "
            "CMD, COPY, ENTRYPOINT, ENV, EXPOSE, FROM, HEALTHCHECK, LABEL, MAINTAINER, ONBUILD, "
            "RUN, SHELL, STOPSIGNAL, USER, VOLUME, WORKDIR, a pragma, at least one space, or end "
            "of input [hadolint/DL1000]"
        ),
    ],
    "hadolint-finding": [
        (
            f"{PREFIX}/hadolint-finding/Dockerfile:2:1: Use WORKDIR to switch to a directory "
            "[hadolint/DL3003]"
        ),
    ],
    "hadolint-heredoc": [
        (
            f"{PREFIX}/hadolint-heredoc/Dockerfile:5:1: unexpected 'U' expecting a new line "
            "followed by the next instruction; hadolint needs a blank line after a heredoc's "
            "closing delimiter (hadolint/hadolint#1137), add one [hadolint/DL1000]"
        ),
    ],
    "from-latest": [
        (
            f'{PREFIX}/from-latest/Dockerfile:1:6: base image "alpine:latest" uses the moving '
            f'"latest" tag; {PIN} [dockerfile/from-tag]'
        ),
    ],
    "from-untagged": [
        (
            f'{PREFIX}/from-untagged/Dockerfile:1:6: base image "alpine" has no explicit tag or '
            f"digest; {PIN} [dockerfile/from-tag]"
        ),
    ],
    "from-arg-untagged": [
        (
            f'{PREFIX}/from-arg-untagged/Dockerfile:2:6: base image "${{BASE}}" (= "alpine") has '
            f"no explicit tag or digest; {PIN} [dockerfile/from-tag]"
        ),
    ],
    "from-arg-no-default": [
        (
            f'{PREFIX}/from-arg-no-default/Dockerfile:2:6: base image "$BASE" cannot be resolved: '
            "ARG BASE has no default before the first FROM [dockerfile/from-tag]"
        ),
    ],
    "stage-ref-later": [
        (
            f'{PREFIX}/stage-ref-later/Dockerfile:2:8: COPY --from=build names stage "build" '
            "(line 5), which is not an earlier stage [dockerfile/stage-ref]"
        ),
    ],
    "stage-ref-unknown": [
        (
            f"{PREFIX}/stage-ref-unknown/Dockerfile:2:8: COPY --from=builder names no earlier "
            "stage and is not an image reference with a tag or digest [dockerfile/stage-ref]"
        ),
    ],
    "stage-ref-index": [
        (
            f"{PREFIX}/stage-ref-index/Dockerfile:2:8: COPY --from=0 names stage 0, which is not "
            "an earlier stage (this is stage 0) [dockerfile/stage-ref]"
        ),
    ],
    "stage-ref-mount": [
        (
            f"{PREFIX}/stage-ref-mount/Dockerfile:2:23: RUN --mount from=assets names no earlier "
            "stage and is not an image reference with a tag or digest [dockerfile/stage-ref]"
        ),
    ],
    "stage-ref-image-latest": [
        (
            f"{PREFIX}/stage-ref-image-latest/Dockerfile:2:8: COPY --from=busybox:latest uses the "
            f'moving "latest" tag; {PIN} [dockerfile/stage-ref]'
        ),
    ],
    "cgo-alpine": [
        (
            f'{PREFIX}/cgo-alpine/Dockerfile:4:5: Go binary built in stage "build" is copied into '
            'stage 1 (line 7) based on "alpine:3.22", so it must be built with CGO_ENABLED=0 (in '
            f'this RUN, or ENV CGO_ENABLED=0 in stage "build"); {NO_GLIBC} [dockerfile/cgo]'
        ),
    ],
    "cgo-scratch": [
        (
            f'{PREFIX}/cgo-scratch/Dockerfile:4:19: Go binary built in stage "build" is copied '
            'into stage 1 (line 7) based on "scratch", so it must be built with CGO_ENABLED=0 (in '
            f'this RUN, or ENV CGO_ENABLED=0 in stage "build"); {NO_GLIBC} [dockerfile/cgo]'
        ),
    ],
    "cgo-distroless-static": [
        (
            f'{PREFIX}/cgo-distroless-static/Dockerfile:5:5: Go binary built in stage "build" is '
            'copied into stage "runtime" (line 8) based on '
            '"gcr.io/distroless/static-debian12:nonroot", so it must be built with CGO_ENABLED=0 '
            f'(in this RUN, or ENV CGO_ENABLED=0 in stage "build"); {NO_GLIBC} [dockerfile/cgo]'
        ),
    ],
    "go-version-old": [
        (
            f'{PREFIX}/go-version-old/Dockerfile:1:6: golang image "golang:1.25-alpine" is Go '
            "1.25, but the guide uses Go 1.26 (extra.versions.go in mkdocs.yml) "
            "[dockerfile/go-version]"
        ),
    ],
    "go-version-missing": [
        (
            f'{PREFIX}/go-version-missing/Dockerfile:1:6: golang image "golang:alpine" does not '
            "name a Go version; the guide uses Go 1.26 (extra.versions.go in mkdocs.yml) "
            "[dockerfile/go-version]"
        ),
    ],
}


# The Dockerfiles of one fixture case, as the runner would pass them.
def case_files(case: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / case).rglob("*") if dockerfile.select(p, CTX))


@pytest.mark.parametrize("case", sorted(CASES))
def test_case_reports_exactly(case: str) -> None:
    problems = dockerfile.check(case_files(case), CTX)
    assert [p.format() for p in problems] == CASES[case]


# Both directions: every fixture folder is a case and every case has a folder.
def test_every_fixture_is_a_case() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(CASES)


# One hadolint run over every file maps each finding back to its own file.
def test_one_run_over_all_fixtures_matches_per_case_runs() -> None:
    everything = [path for case in sorted(CASES) for path in case_files(case)]
    problems = dockerfile.check(everything, CTX)
    assert sorted(p.format() for p in problems) == sorted(
        line for expected in CASES.values() for line in expected
    )


@pytest.mark.parametrize(
    "name, selected",
    [
        ("Dockerfile", True),
        ("app.Dockerfile", True),
        ("Dockerfile.dockerignore", False),
        ("dockerfile", False),
        ("main.go", False),
    ],
)
def test_select(name: str, selected: bool) -> None:
    assert dockerfile.select(CTX.snippets_dir / "docker/x" / name, CTX) is selected


# The project rules follow the Go version in the Context, not a constant.
def test_go_version_comes_from_context() -> None:
    ctx = Context(root=ROOT, kubernetes_version="1.37", go_version="1.25")
    problems = dockerfile.check(case_files("go-version-old"), ctx)
    assert problems == []


def test_missing_hadolint_is_a_tool_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dockerfile, "find_tool", lambda name: None)
    problems = dockerfile.check(case_files("ok"), CTX)
    assert [p.format() for p in problems] == [
        (
            f"{PREFIX}/ok/Dockerfile: hadolint is not installed, so Dockerfiles cannot be checked; "
            "install the pinned tools with `.venv/bin/pip install -r requirements.txt` "
            "[dockerfile/tool]"
        )
    ]


def test_missing_parser_is_a_tool_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dockerfile, "import_parser", lambda: None)
    problems = dockerfile.check(case_files("from-latest"), CTX)
    # hadolint still runs; the project rules need BuildKit's parse and are skipped.
    assert [p.format() for p in problems] == [
        (
            f"{PREFIX}/from-latest/Dockerfile: the `dockerfile` Python package is not installed, "
            "so Dockerfiles cannot be checked; install the pinned tools with "
            "`.venv/bin/pip install -r requirements.txt` [dockerfile/tool]"
        )
    ]


def test_fingerprint_names_tools_config_and_go_version() -> None:
    text = dockerfile.fingerprint(CTX)
    assert text.startswith("hadolint Haskell Dockerfile Linter 2.15.1; dockerfile 3.4.0; ")
    assert "; go 1.26; " in text
    other = Context(root=ROOT, kubernetes_version="1.37", go_version="1.27")
    assert dockerfile.fingerprint(other) != text


def test_no_files_runs_nothing() -> None:
    assert dockerfile.check([], CTX) == []


# Opt-outs are explicit: every rule .hadolint.yaml turns off has a comment saying why.
def test_every_disabled_hadolint_rule_has_a_reason() -> None:
    lines = (ROOT / dockerfile.HADOLINT_CONFIG).read_text(encoding="utf-8").splitlines()
    start = lines.index("ignored:")
    unexplained = []
    for number, line in enumerate(lines[start + 1 :], start=start + 1):
        if not line.strip().startswith("- "):
            continue
        above = [text.strip() for text in lines[start + 1 : number]]
        # The nearest line above that is not another rule must be a comment.
        reason = next((t for t in reversed(above) if not t.startswith("- ")), "")
        if not reason.startswith("#"):
            unexplained.append(line.strip())
    assert unexplained == []
    assert "  - DL3018" in lines
