"""hooks.checks.dockerfile: BuildKit parse, hadolint and the project's stage rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.checks import dockerfile
from hooks.checks.context import Context
from hooks.checks.problem import Problem

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
    "cgo-musl-to-musl": [],
    "from-arg-forms": [],
    "cgo-musl-to-glibc": [
        (
            f'{PREFIX}/cgo-musl-to-glibc/Dockerfile:4:5: Go binary built in stage "build" is '
            'copied into stage 1 (line 7) based on "debian:bookworm-slim", so it must be built '
            'with CGO_ENABLED=0 (in this RUN, or ENV CGO_ENABLED=0 in stage "build"); otherwise '
            "the binary links musl and fails to start there [dockerfile/cgo]"
        ),
    ],
    "from-arg-required-unset": [
        (
            f'{PREFIX}/from-arg-required-unset/Dockerfile:2:6: base image "${{BASE:?required}}" '
            "cannot be resolved: ARG BASE has no default before the first FROM [dockerfile/from-tag]"
        ),
    ],
    "instruction-copy-one-argument": [
        (
            f"{PREFIX}/instruction-copy-one-argument/Dockerfile:2:1: COPY needs at least one "
            'source and a destination, but has only "app" [dockerfile/instruction]'
        ),
    ],
    "instruction-unknown": [
        (
            f'{PREFIX}/instruction-unknown/Dockerfile:2:1: unknown instruction "COYP"; did you '
            "mean COPY? [dockerfile/instruction]"
        ),
    ],
    "instruction-env-without-value": [
        (
            f"{PREFIX}/instruction-env-without-value/Dockerfile:2:5: ENV DEBUG has no value; "
            "write ENV DEBUG=<value> [dockerfile/instruction]"
        ),
    ],
    "instruction-flag-misspelt": [
        (
            f"{PREFIX}/instruction-flag-misspelt/Dockerfile:3:6: COPY has no flag --form; did you "
            "mean --from? [dockerfile/instruction]"
        ),
    ],
    "instruction-flag-without-value": [
        (
            f"{PREFIX}/instruction-flag-without-value/Dockerfile:2:1: COPY with more than 2 "
            "arguments requires the last argument to end with / [hadolint/DL3021]"
        ),
        (
            f"{PREFIX}/instruction-flag-without-value/Dockerfile:2:6: COPY --chmod needs a value: "
            "write --chmod=<value>, with no space [dockerfile/instruction]"
        ),
    ],
    "instruction-no-argument": [
        (
            f"{PREFIX}/instruction-no-argument/Dockerfile:2:1: WORKDIR needs a directory, but has "
            "none [dockerfile/instruction]"
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


# A Dockerfile with a byte that is not UTF-8 is that file's Problem, located at
# the byte; the file is still checked, and other files keep their findings.
def test_not_utf8_is_a_problem_of_that_file(tmp_path: Path) -> None:
    bad = tmp_path / "latin1" / "Dockerfile"
    bad.parent.mkdir()
    bad.write_bytes(b'FROM alpine:3.22\nLABEL a="caf\xe9"\nUSER 65532:65532\n')
    problems = dockerfile.check([bad, *case_files("from-latest")], CTX)
    assert [p.format() for p in problems] == [
        (
            f"{bad.as_posix()}:2:13: not UTF-8 (byte 0xe9 at offset 29); save the file as UTF-8 "
            "[dockerfile/encoding]"
        ),
        *CASES["from-latest"],
    ]


# One file's crash never loses another file's findings.
def test_a_crash_on_one_file_keeps_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    real = dockerfile.check_stages

    def crash_on_named(path: Path, *args: object) -> list[Problem]:
        if path.parent.name == "named":
            raise RuntimeError("boom")
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(dockerfile, "check_stages", crash_on_named)
    problems = dockerfile.check([*case_files("named"), *case_files("from-latest")], CTX)
    assert [p.format() for p in problems] == [
        *CASES["from-latest"],
        (
            f"{PREFIX}/named/app.Dockerfile: the stage rules crashed on this file "
            "(RuntimeError: boom); please report it [dockerfile/internal]"
        ),
    ]


# When hadolint gives no JSON for the whole run, each file is linted alone.
def test_hadolint_failure_is_isolated_to_its_file(tmp_path: Path) -> None:
    unreadable = tmp_path / "gone" / "Dockerfile"
    problems = dockerfile.run_hadolint([unreadable, *case_files("hadolint-finding")], {}, {}, CTX)
    formatted = [p.format() for p in problems]
    assert formatted[0].startswith(f"{unreadable.as_posix()}: hadolint failed: ")
    assert formatted[1:] == CASES["hadolint-finding"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("${BASE:?required}", "alpine:3.22"),
        ("${BASE?required}", "alpine:3.22"),
        ("golang:${GO%.*}", "golang:1.27"),
        ("golang:${GO%%.*}", "golang:1"),
        ("${GO#*.}", "27.3"),
        ("${GO##*.}", "3"),
        ("${IMAGE##*/}", "golang:1.27-alpine"),
        ("${GO/./-}", "1-27.3"),
        ("${GO//./-}", "1-27-3"),
        ("${EMPTY:-debian:12}", "debian:12"),
        ("${EMPTY-debian:12}", ""),
        ("${UNSET:-${BASE}}", "alpine:3.22"),
        ("${BASE:+x}${UNSET+y}", "x"),
        ("\\$BASE", "$BASE"),
    ],
)
def test_arg_substitution_forms(text: str, expected: str) -> None:
    args: dict[str, str | None] = {
        "BASE": "alpine:3.22", "GO": "1.27.3", "EMPTY": "", "IMAGE": "docker.io/library/golang:1.27-alpine"}
    assert dockerfile.substitute_args(text, args) == (expected, None)
