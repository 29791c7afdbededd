"""The build is safe to run on a stranger's pull request.

- `mkdocs build` checks snippets but never runs a snippet program: the Go
  example in tests/fixtures/safety/go-marker/ writes a marker file from init()
  when anything runs it. The build must leave no marker; `--run` (the control)
  must leave one, so the fixture is known to work.
- No code in hooks/ starts a tool through a shell string.
- An include that leaves snippets/ (a `..` path, an absolute path, a symlink
  pointing outside) fails the build with a clear message.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, run_mkdocs_build

SITES = ROOT / "tests" / "fixtures" / "safety"
MARKER_ENV = "CNIG_SAFETY_MARKER"

# Per fixture site: the exact error line its build must print.
ESCAPES = {
    "include-parent": 'docs/index.md:4: snippet path "../../etc/passwd" leaves snippets/; '
    "every included file must live under snippets/ [pages/include-escapes]",
    "include-absolute": 'docs/index.md:4: snippet path "/etc/passwd" is absolute; write it relative '
    'to snippets/, e.g. "docker/example/Dockerfile:section" [pages/include-escapes]',
    "include-symlink": 'docs/index.md:4: snippet path "passwd.txt" is a symlink to /etc/passwd, '
    "outside snippets/; copy the file into snippets/ instead [pages/include-escapes]",
}

# Calls that hand a command line to a shell.
SHELL_CALLS = {("os", "system"), ("os", "popen"), ("subprocess", "getoutput"), ("subprocess", "getstatusoutput")}


@pytest.mark.slow
def test_build_never_runs_a_snippet_program(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    proc = run_mkdocs_build(
        SITES / "go-marker" / "mkdocs.yml",
        tmp_path / "site",
        env={MARKER_ENV: str(marker), "SNIPPET_CHECKS_CACHE_DIR": str(tmp_path / "cache")},
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not marker.exists(), "mkdocs build ran the Go example"


@pytest.mark.slow
def test_checks_with_run_do_run_the_marker_program(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    proc = subprocess.run(
        [sys.executable, "-m", "hooks.checks", "--root", str(SITES / "go-marker"), "--run", "--no-cache"],
        cwd=ROOT, env={**os.environ, MARKER_ENV: str(marker)}, capture_output=True, text=True,
        timeout=600, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert marker.read_text() == "ran\n"


@pytest.mark.slow
@pytest.mark.parametrize("site", ESCAPES, ids=list(ESCAPES))
def test_include_outside_snippets_fails_the_build(tmp_path: Path, site: str) -> None:
    proc = run_mkdocs_build(
        SITES / site / "mkdocs.yml",
        tmp_path / "site",
        env={"SNIPPET_CHECKS_CACHE_DIR": str(tmp_path / "cache")},
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert re.search(rf"(?m)^ERROR\s+-\s+snippet_checks: {re.escape(ESCAPES[site])}$", output), output
    assert "Traceback" not in output
    assert not (tmp_path / "site" / "index.html").exists()


def test_symlink_fixture_points_outside_snippets() -> None:
    link = SITES / "include-symlink" / "snippets" / "passwd.txt"
    assert link.is_symlink() and os.readlink(link) == "/etc/passwd"


# (file:line, what) for every shell-string call in a Python file.
def shell_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and (func.value.id, func.attr) in SHELL_CALLS
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {func.value.id}.{func.attr}")
        for keyword in node.keywords:
            if keyword.arg == "shell" and not (isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: shell=...")
    return found


def test_no_tool_is_started_through_a_shell() -> None:
    files = sorted((ROOT / "hooks").rglob("*.py")) + sorted((ROOT / "scripts").glob("*.py"))
    assert files
    assert [call for path in files for call in shell_calls(path)] == []


@pytest.mark.parametrize(
    "source",
    ["import os\nos.system('ls')\n", "import os\nos.popen('ls')\n",
     "import subprocess\nsubprocess.run('ls', shell=True)\n"],
    ids=["os.system", "os.popen", "shell=True"],
)
def test_shell_scan_finds_each_kind_of_call(tmp_path: Path, source: str) -> None:
    bad = ROOT / ".cache" / "safety-scan-probe.py"
    bad.parent.mkdir(exist_ok=True)
    bad.write_text(source, encoding="utf-8")
    try:
        assert len(shell_calls(bad)) == 1
    finally:
        bad.unlink()
