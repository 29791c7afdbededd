"""hooks.checks.shell: bash -n, ShellCheck and the bash conventions."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.checks import shell
from hooks.checks.context import Context

from .conftest import ROOT

CTX = Context(root=ROOT, kubernetes_version="1.37", go_version="1.26")
FIXTURES = ROOT / "tests/fixtures/checks/shell"
PREFIX = "tests/fixtures/checks/shell"
SHEBANG = 'the first line must be "#!/usr/bin/env bash": the guide\'s scripts are bash'
STRICT = (
    'the first command must be "set -euo pipefail", so the script stops at the first '
    "failing command, unset variable or failing pipe"
)
INSTALL = "install the pinned tools with `.venv/bin/pip install -r requirements.txt`"

# Fixture folder -> the exact formatted problems check() reports for it.
CASES: dict[str, list[str]] = {
    "ok": [],
    "strict-mode-variant": [],
    "syntax-error": [
        (
            f"{PREFIX}/syntax-error/script.sh:7: syntax error near unexpected token `fi' "
            "[bash/syntax]"
        ),
        (
            f"{PREFIX}/syntax-error/script.sh:7:1: Parsing stopped here. Is this keyword correctly "
            "matched up? [shellcheck/SC1089]"
        ),
    ],
    "shellcheck-finding": [
        (
            f"{PREFIX}/shellcheck-finding/script.sh:5:4: Double quote to prevent globbing and word "
            "splitting. [shellcheck/SC2086]"
        ),
    ],
    "no-shebang": [
        f"{PREFIX}/no-shebang/script.sh:1:1: {SHEBANG} [shell/shebang]",
        (
            f"{PREFIX}/no-shebang/script.sh:1:1: Tips depend on target shell and yours is unknown. "
            "Add a shebang or a 'shell' directive. [shellcheck/SC2148]"
        ),
    ],
    "sh-shebang": [
        f"{PREFIX}/sh-shebang/script.sh:1:1: {SHEBANG} [shell/shebang]",
        f"{PREFIX}/sh-shebang/script.sh:2:1: {STRICT} [shell/strict-mode]",
    ],
    # A script beside a Dockerfile runs inside the image: POSIX sh is allowed there.
    "image-sh": [],
    "image-sh-no-strict-mode": [
        (
            f"{PREFIX}/image-sh-no-strict-mode/entrypoint.sh:2:1: the first command must be "
            '"set -eu", so the script stops at the first failing command or unset variable '
            "[shell/strict-mode]"
        ),
    ],
    "image-zsh": [
        (
            f'{PREFIX}/image-zsh/entrypoint.sh:1:1: the first line must be "#!/usr/bin/env '
            'bash", or "#!/bin/sh" for a script that runs inside an image without bash '
            "[shell/shebang]"
        ),
        (
            f"{PREFIX}/image-zsh/entrypoint.sh:1:1: ShellCheck only supports "
            "sh/bash/dash/ksh/'busybox sh' scripts. Sorry! [shellcheck/SC1071]"
        ),
        f"{PREFIX}/image-zsh/entrypoint.sh:2:1: {STRICT} [shell/strict-mode]",
    ],
    "no-strict-mode": [
        f"{PREFIX}/no-strict-mode/script.sh:3:1: {STRICT} [shell/strict-mode]",
    ],
}


# The scripts of one fixture case, as the runner would pass them.
def case_files(case: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / case).rglob("*") if shell.select(p, CTX))


@pytest.mark.parametrize("case", sorted(CASES))
def test_case_reports_exactly(case: str) -> None:
    problems = shell.check(case_files(case), CTX)
    assert [p.format() for p in problems] == CASES[case]


# Both directions: every fixture folder is a case and every case has a folder.
def test_every_fixture_is_a_case() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(CASES)


# One ShellCheck run over every file maps each comment back to its own file.
def test_one_run_over_all_fixtures_matches_per_case_runs() -> None:
    everything = [path for case in sorted(CASES) for path in case_files(case)]
    problems = shell.check(everything, CTX)
    assert sorted(p.format() for p in problems) == sorted(
        line for expected in CASES.values() for line in expected
    )


@pytest.mark.parametrize(
    "name, selected", [("deploy.sh", True), ("deploy.bash", False), ("sh", False)]
)
def test_select(name: str, selected: bool) -> None:
    assert shell.select(CTX.snippets_dir / "scripts" / name, CTX) is selected


@pytest.mark.parametrize("tool", ["bash", "shellcheck"])
def test_missing_tool_is_a_tool_problem(tool: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = shell.find_tool
    monkeypatch.setattr(shell, "find_tool", lambda name: None if name == tool else real(name))
    problems = shell.check(case_files("ok"), CTX)
    assert [p.format() for p in problems] == [
        (
            f"{PREFIX}/ok/script.sh: {tool} is not installed, so shell scripts cannot be checked; "
            f"{INSTALL} [shell/tool]"
        )
    ]


def test_fingerprint_names_both_tools() -> None:
    text = shell.fingerprint(CTX)
    assert text.startswith("bash GNU bash, version ")
    assert "; shellcheck version: 0.11.0; rules " in text


def test_no_files_runs_nothing() -> None:
    assert shell.check([], CTX) == []


# A reinstalled ShellCheck (new binary, new version) changes the fingerprint,
# so every cached shell result is checked again; the same binary does not.
def test_new_shellcheck_binary_changes_the_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "shellcheck"

    def install(version: str) -> None:
        fake.write_text(f'#!/bin/sh\necho "ShellCheck"\necho "version: {version}"\n', encoding="utf-8")
        fake.chmod(0o755)

    real = shell.find_tool
    monkeypatch.setattr(shell, "find_tool", lambda name: str(fake) if name == "shellcheck" else real(name))
    install("0.10.0")
    before = shell.fingerprint(CTX)
    assert "shellcheck version: 0.10.0;" in before
    assert shell.fingerprint(CTX) == before
    install("0.11.0")
    assert "shellcheck version: 0.11.0;" in shell.fingerprint(CTX)
