"""hooks.checks.proto: protoc over every .proto, and the syntax-line rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hooks.checks import proto
from hooks.checks.context import Context
from hooks.checks.tools import ToolRun

from .conftest import ROOT

CTX = Context(root=ROOT, kubernetes_version="1.37", go_version="1.26")
FIXTURES = ROOT / "tests/fixtures/checks/proto"
PREFIX = "tests/fixtures/checks/proto"

# Fixture folder -> the exact formatted problems check() reports for it.
CASES: dict[str, list[str]] = {
    # Imports a neighbour and a well-known type; uses a named snippet section.
    "ok": [],
    "syntax-error": [
        f'{PREFIX}/syntax-error/api.proto:7:1: Expected ";". [protoc/error]',
    ],
    "undefined-type": [
        f'{PREFIX}/undefined-type/api.proto:6:3: "Status" is not defined. [protoc/error]',
    ],
    "duplicate-field-number": [
        (
            f"{PREFIX}/duplicate-field-number/api.proto:7:22: Field number 1 has already been used "
            'in "cnig.broken.v1.Pod" by field "name". Next available field number is 2. '
            "[protoc/error]"
        ),
    ],
    "missing-import": [
        f"{PREFIX}/missing-import/api.proto: absent.proto: File not found. [protoc/error]",
        (
            f'{PREFIX}/missing-import/api.proto:5:1: Import "absent.proto" was not found or had '
            "errors. [protoc/error]"
        ),
    ],
    "unused-import": [
        (
            f"{PREFIX}/unused-import/api.proto:5:1: Import google/protobuf/empty.proto is unused. "
            "[protoc/warning]"
        ),
    ],
    "no-syntax": [
        (
            f"{PREFIX}/no-syntax/api.proto:1:1: no syntax or edition declared, so protoc reads the "
            'file as proto2; start it with syntax = "proto3"; [proto/syntax]'
        ),
    ],
    # protoc stops at a.proto; the check runs it again for b.proto.
    "two-broken-files": [
        f'{PREFIX}/two-broken-files/a.proto:6:3: "Missing" is not defined. [protoc/error]',
        f'{PREFIX}/two-broken-files/b.proto:7:1: Expected ";". [protoc/error]',
    ],
    # common.proto's error is reported once, although protoc meets it twice.
    "broken-import": [
        (
            f'{PREFIX}/broken-import/api.proto:5:1: Import "common.proto" was not found or had '
            "errors. [protoc/error]"
        ),
        f'{PREFIX}/broken-import/api.proto:8:3: "Common" is not defined. [protoc/error]',
        (
            f"{PREFIX}/broken-import/common.proto:7:17: Field number 1 has already been used in "
            '"cnig.broken.v1.Common" by field "id". Next available field number is 2. '
            "[protoc/error]"
        ),
    ],
}


# The .proto files of one fixture case, as the runner would pass them.
def case_files(case: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / case).rglob("*") if proto.select(p, CTX))


@pytest.mark.parametrize("case", sorted(CASES))
def test_case_reports_exactly(case: str) -> None:
    problems = proto.check(case_files(case), CTX)
    assert [p.format() for p in problems] == CASES[case]


# Both directions: every fixture folder is a case and every case has a folder.
def test_every_fixture_is_a_case() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(CASES)


# All cases at once: each folder is its own import root, so same-named files
# in different folders do not shadow each other.
def test_all_fixtures_at_once_match_per_case_runs() -> None:
    everything = [path for case in sorted(CASES) for path in case_files(case)]
    problems = proto.check(everything, CTX)
    assert sorted(p.format() for p in problems) == sorted(
        line for expected in CASES.values() for line in expected
    )


# With no broken file, protoc runs exactly once over the whole folder.
def test_clean_folder_is_one_protoc_run(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = proto.run_tool

    def counting_run(command: list[str], **kwargs: Any) -> ToolRun:
        calls.append(command)
        return real(command, **kwargs)

    monkeypatch.setattr(proto, "run_tool", counting_run)
    assert proto.check(case_files("ok"), CTX) == []
    assert len(calls) == 1
    assert calls[0][-2:] == ["greeter.proto", "types.proto"]


@pytest.mark.parametrize("name, selected", [("api.proto", True), ("api.proto.txt", False)])
def test_select(name: str, selected: bool) -> None:
    assert proto.select(CTX.snippets_dir / "proto" / name, CTX) is selected


def test_missing_protoc_is_a_tool_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(proto, "find_protoc", lambda: None)
    problems = proto.check(case_files("ok"), CTX)
    assert [p.format() for p in problems] == [
        (
            f"{PREFIX}/ok/greeter.proto: protoc (the grpcio-tools Python package) is not installed, "
            "so .proto files cannot be checked; install the pinned tools with "
            "`.venv/bin/pip install -r requirements.txt` [proto/tool]"
        )
    ]


def test_fingerprint_names_grpcio_tools() -> None:
    assert proto.fingerprint(CTX).startswith("grpcio-tools 1.85.1; rules ")


def test_no_files_runs_nothing() -> None:
    assert proto.check([], CTX) == []
