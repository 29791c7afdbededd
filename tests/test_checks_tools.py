"""hooks.checks.tools: running a tool, a missing tool, a tool's version."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from hooks.checks import tools
from hooks.checks.problem import Problem


# A shell script at `path` that prints `text`, and logs each run to `path.log`.
def write_script(path: Path, text: str) -> None:
    path.write_text(f'#!/bin/sh\necho run >> "{path}.log"\necho "{text}"\n', encoding="utf-8")
    path.chmod(0o755)


def runs_of(path: Path) -> int:
    log = Path(f"{path}.log")
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def test_missing_tool_cannot_start(tmp_path: Path) -> None:
    with pytest.raises(tools.ToolError) as caught:
        tools.run_tool([str(tmp_path / "no-such-tool"), "--check", "a.yaml"], timeout=10)
    assert str(caught.value) == "`no-such-tool --check a.yaml` could not start: No such file or directory"


def test_missing_tool_is_not_found() -> None:
    assert tools.find_tool("no-such-tool-cnig") is None


def test_missing_tool_problem_names_tool_consequence_and_hint() -> None:
    problem = tools.missing_tool("snippets/a.sh", "shell/tool", "shellcheck", "shell scripts cannot be checked",
                                 tools.PIP_HINT)
    assert problem == Problem("snippets/a.sh", 0, 0, "shell/tool", (
        "shellcheck is not installed, so shell scripts cannot be checked; "
        "install the pinned tools with `.venv/bin/pip install -r requirements.txt`"
    ))


def test_timeout_stops_the_tool_and_says_so() -> None:
    start = time.monotonic()
    with pytest.raises(tools.ToolError) as caught:
        tools.run_tool(["sleep", "30"], timeout=0.5)
    assert str(caught.value) == "`sleep 30` timed out after 0.5 s"
    assert time.monotonic() - start < 10


def test_non_zero_exit_is_a_result_with_its_output() -> None:
    done = tools.run_tool(["sh", "-c", "echo out; echo err >&2; exit 3"], timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (3, "out\n", "err\n")


# cwd, env and stdin reach the tool; output comes back as text and as bytes.
def test_output_capture(tmp_path: Path) -> None:
    done = tools.run_tool(
        ["sh", "-c", 'cat; pwd; echo "$CNIG_X"; printf "\\377" >&2'],
        timeout=30, cwd=tmp_path, env={**os.environ, "CNIG_X": "x1"}, input="héllo\n",
    )
    assert done.returncode == 0
    assert done.stdout == f"héllo\n{tmp_path.resolve()}\nx1\n"
    assert done.stdout_bytes == done.stdout.encode("utf-8")
    # A byte that is not UTF-8 is replaced, not an exception.
    assert (done.stderr_bytes, done.stderr) == (b"\xff", "\ufffd")


# Without input the tool reads an empty stdin instead of waiting on the terminal.
def test_stdin_is_empty_without_input() -> None:
    done = tools.run_tool(["cat"], timeout=10)
    assert (done.returncode, done.stdout) == (0, "")


@pytest.mark.parametrize(
    "args, shown",
    [
        (["/opt/bin/hadolint", "--format", "json", "--no-fail", "a/Dockerfile"], "hadolint --format json --no-fail …"),
        (["/opt/bin/go", "build", "./..."], "go build ./..."),
        (["bash"], "bash"),
    ],
)
def test_shown_command(args: list[str], shown: str) -> None:
    assert tools.shown_command(args) == shown


# The version is asked once per installed binary, and again when the binary changes.
def test_version_asked_once_per_binary(tmp_path: Path) -> None:
    tool = tmp_path / "fake-tool"
    write_script(tool, "fake-tool 1.0")
    assert tools.version_lines(str(tool)) == ("fake-tool 1.0",)
    assert tools.version_lines(str(tool)) == ("fake-tool 1.0",)
    assert runs_of(tool) == 1
    write_script(tool, "fake-tool 2.0.1")  # a reinstall: new size and mtime
    assert tools.version_lines(str(tool)) == ("fake-tool 2.0.1",)
    assert runs_of(tool) == 2


def test_version_of_a_tool_that_cannot_run(tmp_path: Path) -> None:
    tool = tmp_path / "broken"
    tool.write_text("not a program\n", encoding="utf-8")  # not executable
    assert tools.version_lines(str(tool)) == ("unusable (`broken --version` could not start: Permission denied)",)
    assert tools.version_lines(str(tmp_path / "gone")) == ("unusable (No such file or directory)",)


# Versions persist across processes (a fresh store reads the file), and a
# changed binary is asked again: its answer replaces the stored one.
def test_versions_persist_per_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tool, store = tmp_path / "fake-tool", tmp_path / "cache" / "tool-versions.json"
    write_script(tool, "fake-tool 1.0")
    monkeypatch.setattr(tools, "_VERSIONS", tools._VersionStore())
    tools.remember_versions(store)
    assert tools.version_lines(str(tool)) == ("fake-tool 1.0",)
    assert store.is_file()
    monkeypatch.setattr(tools, "_VERSIONS", tools._VersionStore())  # the next build's process
    tools.remember_versions(store)
    assert tools.version_lines(str(tool)) == ("fake-tool 1.0",)
    assert runs_of(tool) == 1
    write_script(tool, "fake-tool 2.0.1")
    monkeypatch.setattr(tools, "_VERSIONS", tools._VersionStore())
    tools.remember_versions(store)
    assert tools.version_lines(str(tool)) == ("fake-tool 2.0.1",)
    assert runs_of(tool) == 2


# The same binary answers once; a copy of it at another path is its own entry.
def test_version_key_includes_the_path(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "tool", tmp_path / "b" / "tool"
    for path, text in ((first, "tool 1"), (second, "tool 1")):
        path.parent.mkdir()
        write_script(path, text)
    assert tools.version_lines(str(first)) == tools.version_lines(str(second)) == ("tool 1",)
    assert (runs_of(first), runs_of(second)) == (1, 1)


# An unreadable store is empty, not an error; a tool that cannot answer is not stored.
def test_broken_store_and_failed_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "tool-versions.json"
    store.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(tools, "_VERSIONS", tools._VersionStore())
    tools.remember_versions(store)
    broken = tmp_path / "broken"
    broken.write_text("x\n", encoding="utf-8")
    assert tools.version_lines(str(broken))[0].startswith("unusable (")
    assert store.read_text(encoding="utf-8") == "{not json"
    tool = tmp_path / "fake-tool"
    write_script(tool, "fake-tool 3")
    assert tools.version_lines(str(tool)) == ("fake-tool 3",)
    assert list(json.loads(store.read_text(encoding="utf-8")).values()) == [["fake-tool 3"]]
