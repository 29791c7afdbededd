"""End to end: `mkdocs build --strict` of the fixture sites under
tests/fixtures/sites/, with the real hooks/snippet_checks.py.

clean/ holds one valid snippet of each kind and must build. broken/ holds one
broken snippet of each kind (and a broken Mermaid diagram); its build must
fail, naming each snippet's `path:line:col` and the page line that includes it.
Each build gets a fresh cache folder, so the tools really run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, run_mkdocs_build

SITES = ROOT / "tests" / "fixtures" / "sites"

pytestmark = pytest.mark.slow

# Per kind module: the problem's location and rule in broken/, and the page
# line that includes the snippet (None when the problem is in the page itself).
BROKEN = {
    "dockerfile": ("snippets/docker/latest/Dockerfile:3:6", "dockerfile/from-tag", "docs/index.md:6"),
    "kubernetes": ("snippets/k8s/typo/pod.yaml:9:7", "k8s/schema", "docs/index.md:10"),
    "golang": ("snippets/go/typeerror/main.go:8:14", "golang/build", "docs/index.md:14"),
    "proto": ("snippets/proto/broken.proto:7:14", "protoc/error", "docs/more.md:4"),
    "shell": ("snippets/scripts/unquoted.sh:6:8", "shellcheck/SC2086", "docs/more.md:8"),
    "python": ("snippets/python/undefined.py:6:22", "ruff/F821", "docs/more.md:12"),
}
# The diagram spans docs/more.md lines 15-19 (the fence included).
MERMAID_PROBLEM = re.compile(r"(?m)^ERROR\s+-\s+snippet_checks: docs/more\.md:(1[5-9])(:\d+)?: .+\[mermaid/[\w-]+\]$")


# Build a fixture site with a fresh cache; the process, stdout and stderr joined.
def build(site: str, tmp: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], str]:
    proc = run_mkdocs_build(
        SITES / site / "mkdocs.yml",
        tmp / "site",
        env={"SNIPPET_CHECKS_CACHE_DIR": str(tmp / "cache"), **env},
        check=False,
    )
    return proc, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], str]:
    return build("broken", tmp_path_factory.mktemp("broken"), GITHUB_ACTIONS="true")


def test_clean_site_builds_strict(tmp_path: Path) -> None:
    proc, output = build("clean", tmp_path)
    assert proc.returncode == 0, output
    assert "snippet_checks" not in output


# `mkdocs build -f mkdocs.yml` from the site's folder: MkDocs then holds a
# relative config path, and protoc once failed with "directory does not exist".
def test_clean_site_builds_with_a_relative_config_path(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml",
         "-d", str(tmp_path / "site")],
        cwd=SITES / "clean",
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
             "SNIPPET_CHECKS_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "snippet_checks" not in proc.stdout + proc.stderr


def test_broken_site_fails_once_without_traceback(broken) -> None:
    proc, output = broken
    assert proc.returncode == 1
    assert re.search(r"(?m)^ERROR\s+-\s+\d+ snippet problem\(s\); see above$", output), output
    assert "Aborted with a BuildError!" in output
    assert "Traceback" not in output


@pytest.mark.parametrize("kind", BROKEN, ids=list(BROKEN))
def test_broken_snippet_names_snippet_and_page(broken, kind: str) -> None:
    _, output = broken
    where, rule, page = BROKEN[kind]
    message = re.compile(
        rf"(?m)^ERROR\s+-\s+snippet_checks: {re.escape(where)}: .+ \[{re.escape(rule)}\]\n"
        rf"    included from {re.escape(page)}$"
    )
    assert message.search(output), output


def test_broken_mermaid_diagram_names_the_page_line(broken) -> None:
    _, output = broken
    assert MERMAID_PROBLEM.search(output), output


# Question rules are checks like the others: reported in the same single
# report, in the same run that finds the snippet problems.
def test_question_rules_in_the_same_report(broken) -> None:
    _, output = broken
    assert re.search(
        r'(?m)^ERROR\s+-\s+snippet_checks: docs/docker/questions\.md:7: question "docker-bad-level": '
        r'data-level "超难" is not one of 初级, 中级, 高级 \[questions/level\]$', output), output
    assert BROKEN["golang"][0] in output


def test_github_annotations_when_on_actions(broken) -> None:
    _, output = broken
    assert "::error file=snippets/docker/latest/Dockerfile,line=3,col=6,title=dockerfile/from-tag::" in output


def test_snippet_checks_0_turns_the_hook_off(tmp_path: Path) -> None:
    # Every include of broken/ resolves, so without the hook only what a build
    # cannot do without stops it: drawing broken/'s broken diagram.
    proc, output = build("broken", tmp_path, SNIPPET_CHECKS="0")
    assert "snippet_checks:" not in output
    assert not (tmp_path / "cache").exists()
    assert proc.returncode == 1
    assert re.search(r"(?m)^ERROR\s+-\s+diagrams: docs/more\.md:15: Mermaid could not draw this diagram: ", output), output
    # Drawn, but a subgraph title wider than its subgraph wraps onto its node
    # (the clean site's short title passes: test_clean_site_builds_strict).
    assert (
        'ERROR   -  diagrams: docs/more.md:21: the subgraph title "一个远比它的节点宽得多的子图标题" is drawn over "短": '
        "Mermaid wraps a title wider than its subgraph onto the nodes; shorten the title\n"
    ) in output
    # Or onto a nested subgraph's title.
    assert (
        'ERROR   -  diagrams: docs/more.md:30: the subgraph title "外层子图的标题非常非常非常长一些" is drawn over "内层": '
        "Mermaid wraps a title wider than its subgraph onto the nodes; shorten the title\n"
    ) in output
    assert "3 diagram problem(s); see above" in output
