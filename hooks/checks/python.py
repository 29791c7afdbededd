"""Python snippets: py_compile and one Ruff run in check(); a snippet's own
`test_<name>.py` beside it runs under pytest in run_programs() only.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import py_compile
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from .context import Context
from .problem import Problem
from .tools import (
    PIP_HINT,
    PIP_TEST_HINT,
    ToolError,
    find_tool,
    missing_tool,
    run_tool,
    version_lines,
)

KIND = "python"
GRANULARITY = "file"

# Ruff's settings (target version); passed explicitly so no other config applies.
RUFF_CONFIG = "ruff.toml"
RUFF_TIMEOUT = 120
# Each snippet's tests must finish within this many seconds.
PYTEST_TIMEOUT = 120

# A `--tb=line` traceback: `/abs/snippets/python/test_calc.py:5: assert 3 == 4`.
PYTEST_FAILURE_LINE = re.compile(
    r"(?x) ^ (?P<file>/\S+?\.py) : (?P<line>\d+) : \s (?P<message>.*) $"
)

# pytest's exit status when it found no tests.
PYTEST_NO_TESTS = 5

# The short summary: `FAILED test_calc.py::test_add - assert 3 == 4`.
PYTEST_SUMMARY = re.compile(r"(?x) ^ (?P<outcome>FAILED|ERROR) \s (?P<node>\S+)")


# Python snippets are the `*.py` files.
def select(path: Path, ctx: Context) -> bool:
    return path.suffix == ".py"


# py_compile every file, then Ruff over all of them in one run.
def check(paths: list[Path], ctx: Context) -> list[Problem]:
    if not paths:
        return []
    problems: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="cnig-pyc-") as out:
        for index, path in enumerate(paths):
            problem = compile_problem(path, Path(out) / f"{index}.pyc", ctx)
            if problem is not None:
                problems.append(problem)
    # Ruff reports syntax errors too, and keeps them: CPython's "invalid syntax"
    # is the verdict, Ruff's `invalid-syntax` often says why (e.g. "added in 3.12").
    problems += run_ruff(paths, ctx)
    return sorted(problems)


# The syntax error py_compile finds in one file, if any (the .pyc goes to a temp dir).
def compile_problem(path: Path, pyc: Path, ctx: Context) -> Problem | None:
    try:
        py_compile.compile(str(path), cfile=str(pyc), doraise=True)
    except py_compile.PyCompileError as error:
        cause = error.exc_value
        if isinstance(cause, SyntaxError):
            return Problem(
                ctx.rel(path),
                cause.lineno or 0,
                cause.offset or 0,
                f"py_compile/{type(cause).__name__}",
                str(cause.msg),
            )
        return Problem(ctx.rel(path), 0, 0, f"py_compile/{error.exc_type_name}", str(cause))
    return None


# Ruff over all files in one run, its JSON diagnostics as Problems.
def run_ruff(paths: list[Path], ctx: Context) -> list[Problem]:
    ruff = find_tool("ruff")
    if ruff is None:
        return [tool_problem(ctx, paths[0], "ruff", PIP_HINT)]
    command = [ruff, "check", "--output-format=json", "--no-cache", "--exit-zero"]
    config = ctx.root / RUFF_CONFIG
    if config.is_file():
        command += ["--config", str(config)]
    by_name = {str(path): path for path in paths}
    try:
        done = run_tool(command + ["--", *by_name], timeout=RUFF_TIMEOUT, cwd=ctx.root)
    except ToolError as error:
        return [Problem(ctx.rel(paths[0]), 0, 0, f"{KIND}/tool", str(error))]
    try:
        diagnostics = json.loads(done.stdout)
    except ValueError:
        return [tool_failed(ctx, paths[0], "ruff", done.stderr.strip() or "no JSON output")]
    return [ruff_problem(diagnostic, by_name, ctx) for diagnostic in diagnostics]


# One Ruff diagnostic as a Problem (`ruff/F401`, `ruff/invalid-syntax`).
def ruff_problem(diagnostic: dict[str, Any], by_name: dict[str, Path], ctx: Context) -> Problem:
    path = by_name.get(diagnostic["filename"], Path(diagnostic["filename"]))
    location = diagnostic.get("location") or {}
    return Problem(
        ctx.rel(path),
        int(location.get("row") or 0),
        int(location.get("column") or 0),
        f"ruff/{diagnostic['code']}",
        str(diagnostic["message"]),
    )


# Run each snippet's `test_<name>.py` (or a given test file) under pytest.
def run_programs(paths: list[Path], ctx: Context) -> list[Problem]:
    tests = snippet_tests(paths)
    if not tests:
        return []
    if not pytest_installed():
        return [tool_problem(ctx, tests[0], "pytest", PIP_TEST_HINT)]
    problems: list[Problem] = []
    for test in tests:
        problems += run_pytest(test, ctx)
    return sorted(problems)


# pytest comes from requirements-test.txt, which a docs-only install may skip.
def pytest_installed() -> bool:
    return importlib.util.find_spec("pytest") is not None


# The test files that belong to these snippets, each once, in path order.
def snippet_tests(paths: list[Path]) -> list[Path]:
    tests: set[Path] = set()
    for path in paths:
        test = path if path.name.startswith("test_") else path.with_name(f"test_{path.name}")
        if test.is_file():
            tests.add(test)
    return sorted(tests)


# pytest on one test file, isolated from the guide's own pytest.ini and conftest.
def run_pytest(test: Path, ctx: Context) -> list[Problem]:
    folder = str(test.parent)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "--tb=line",
        "-rfE",
        "-p",
        "no:cacheprovider",
        # os.devnull as the ini file: the guide's pytest.ini (testpaths, addopts)
        # is for the guide's tests, not for a snippet's.
        "-c",
        os.devnull,
        "--rootdir",
        folder,
        "--confcutdir",
        folder,
        str(test),
    ]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = run_tool(command, cwd=folder, env=env, timeout=PYTEST_TIMEOUT)
    except ToolError as error:
        return [Problem(ctx.rel(test), 0, 0, f"{KIND}/timeout", str(error))]
    if done.returncode == 0:
        return []
    return pytest_problems(done.stdout, done.returncode, test, ctx)


# Each failed test as a Problem at its failing line, named after the test.
def pytest_problems(output: str, returncode: int, test: Path, ctx: Context) -> list[Problem]:
    lines = output.splitlines()
    failures = [m for line in lines if (m := PYTEST_FAILURE_LINE.match(line))]
    summary = [m for line in lines if (m := PYTEST_SUMMARY.match(line))]
    nodes = [m["node"] for m in summary if m["outcome"] == "FAILED"]
    # An ERROR (collection, fixture setup) prints a long traceback instead of one line.
    errored = any(m["outcome"] == "ERROR" for m in summary)
    if failures and not errored and len(failures) == len(nodes):
        return [
            Problem(
                ctx.rel(Path(failure["file"])),
                int(failure["line"]),
                0,
                f"{KIND}/test",
                f"{node.split('::', 1)[-1]} failed: {failure['message']}",
            )
            for failure, node in zip(failures, nodes)
        ]
    if returncode == PYTEST_NO_TESTS:
        message = "pytest collected no tests; name the test functions test_*"
    else:
        # Collection errors: pytest's last `E   ...` line names the exception.
        errors = [line[1:].strip() for line in lines if line.startswith("E ")]
        detail = errors[-1] if errors else f"pytest exited with status {returncode}"
        message = f"the tests could not run: {detail}"
    return [Problem(ctx.rel(test), 0, 0, f"{KIND}/test", message)]


# The `python/tool` Problem for a missing tool, located at the first file.
def tool_problem(ctx: Context, path: Path, tool: str, hint: str) -> Problem:
    return missing_tool(ctx.rel(path), f"{KIND}/tool", tool, "Python snippets cannot be checked", hint)


# A tool ran but gave no usable answer.
def tool_failed(ctx: Context, path: Path, tool: str, detail: str) -> Problem:
    return Problem(ctx.rel(path), 0, 0, f"{KIND}/tool", f"{tool} failed: {detail}")


# First line of `tool --version` (cached by tools.version_lines).
def tool_version(tool: str) -> str:
    return version_lines(tool)[0]


# The Python that compiles, Ruff's version and config, and these rules.
def fingerprint(ctx: Context) -> str:
    ruff = find_tool("ruff")
    config = ctx.root / RUFF_CONFIG
    config_text = config.read_bytes() if config.is_file() else b""
    rules = Path(__file__).read_bytes()
    return "; ".join(
        [
            f"python {sys.version.split()[0]}",
            tool_version(ruff) if ruff else "ruff missing",
            f"{RUFF_CONFIG} {hashlib.sha256(config_text).hexdigest()[:16]}",
            f"rules {hashlib.sha256(rules).hexdigest()[:16]}",
        ]
    )
