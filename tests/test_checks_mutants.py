"""Mutation corpus: every mutant manifest and Dockerfile is caught at its own line.

tests/fixtures/checks/mutants/k8s/*.yaml each hold one mutation of a valid manifest,
marked `# <- mutant` at the end of the line where it must be reported; the comment
`# mutant [<rule>]: <what>` names the rule that must catch it. Dockerfiles
(mutants/docker/<case>/Dockerfile) mark the mutated line with a `# mutant above`
line right after it (a Dockerfile has no end-of-line comments).

tests/fixtures/checks/valid/ holds valid files of the same kinds, written like
real-world ones (official images, upstream documentation manifests): no problem at all.

All manifests go through one check() call, as the runner does, so the API validator
(hooks/checks/k8svalidate) runs once; it is built into .cache/ on first use.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hooks.checks import dockerfile, kubernetes
from hooks.checks.context import Context
from hooks.checks.problem import Problem
from tests.conftest import ROOT

CTX = Context(root=ROOT, kubernetes_version="1.37", go_version="1.26")
MUTANTS = ROOT / "tests/fixtures/checks/mutants"
VALID = ROOT / "tests/fixtures/checks/valid"
RULE = re.compile(r"^# mutant \[(?P<rule>[a-z0-9/-]+)\]", re.MULTILINE | re.IGNORECASE)

K8S_MUTANTS = sorted((MUTANTS / "k8s").glob("*.yaml"))
DOCKER_MUTANTS = sorted((MUTANTS / "docker").glob("*/Dockerfile"))


# (rule, line) a mutant file declares.
def expectation(path: Path) -> tuple[str, int]:
    text = path.read_text(encoding="utf-8")
    match = RULE.search(text)
    assert match, f"{path} names no rule"
    lines = text.splitlines()
    if path.name == "Dockerfile":
        line = lines.index("# mutant above")  # 0-based index of the marker = 1-based line above it
    else:
        line = next(n for n, text in enumerate(lines, start=1) if text.rstrip().endswith("# <- mutant"))
    return match["rule"], line


@pytest.fixture(scope="module")
def k8s_problems() -> list[Problem]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kubernetes, "VENDORED_SCHEMAS_DIR", ROOT / "tests/fixtures/checks/kubernetes/vendored-schemas")
        return kubernetes.check([*K8S_MUTANTS, *sorted((VALID / "k8s").glob("*.yaml"))], CTX)


@pytest.fixture(scope="module")
def docker_problems() -> list[Problem]:
    return dockerfile.check([*DOCKER_MUTANTS, *sorted((VALID / "docker").glob("*/Dockerfile"))], CTX)


def test_corpus_sizes() -> None:
    assert len(K8S_MUTANTS) >= 40
    assert len(DOCKER_MUTANTS) >= 20
    assert len(list((VALID / "k8s").glob("*.yaml"))) >= 5
    assert len(list((VALID / "docker").glob("*/Dockerfile"))) >= 5


@pytest.mark.parametrize("path", K8S_MUTANTS, ids=lambda p: p.stem)
def test_manifest_mutant_is_caught_at_its_line(path: Path, k8s_problems: list[Problem]) -> None:
    rule, line = expectation(path)
    rel = CTX.rel(path)
    found = [p for p in k8s_problems if p.path == rel]
    assert any(p.rule == rule and p.line == line for p in found), [p.format() for p in found]


@pytest.mark.parametrize("path", DOCKER_MUTANTS, ids=lambda p: p.parent.name)
def test_dockerfile_mutant_is_caught_at_its_line(path: Path, docker_problems: list[Problem]) -> None:
    rule, line = expectation(path)
    rel = CTX.rel(path)
    found = [p for p in docker_problems if p.path == rel]
    assert any(p.rule == rule and p.line == line for p in found), [p.format() for p in found]


def test_valid_manifests_pass(k8s_problems: list[Problem]) -> None:
    prefix = CTX.rel(VALID / "k8s") + "/"
    assert [p.format() for p in k8s_problems if p.path.startswith(prefix)] == []


def test_valid_dockerfiles_pass(docker_problems: list[Problem]) -> None:
    prefix = CTX.rel(VALID / "docker") + "/"
    assert [p.format() for p in docker_problems if p.path.startswith(prefix)] == []


# A check leaves no file in a fixture folder.
def test_checks_leave_no_file_behind() -> None:
    folder = ROOT / "tests/fixtures/checks"
    before = sorted(p for p in folder.rglob("*"))
    dockerfile.check(DOCKER_MUTANTS[:3], CTX)
    kubernetes.check(K8S_MUTANTS[:3], CTX)
    assert sorted(p for p in folder.rglob("*")) == before
