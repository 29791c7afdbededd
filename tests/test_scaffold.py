"""scripts/new_question.py: the scaffolded question parses, builds and refuses bad ids."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hooks.checks.questions import collect_questions

from .conftest import ROOT, run_mkdocs_build

SCRIPT = ROOT / "scripts" / "new_question.py"
CLEAN_SITE = ROOT / "tests" / "fixtures" / "sites" / "clean"
PAGE = "---\ntags: [初级]\n---\n\n# 2.3 存储\n\n正文。\n"


# A copy of the clean fixture site with the questions hook and a docker page.
def make_site(tmp: Path) -> Path:
    site = tmp / "site"
    shutil.copytree(CLEAN_SITE, site, symlinks=True, ignore=shutil.ignore_patterns(".cache"))
    for link in [p for p in site.iterdir() if p.is_symlink()]:
        target = ROOT / link.name
        link.unlink()
        link.symlink_to(target)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8").replace("../../../../hooks/", f"{ROOT}/hooks/")
    config = config.replace(f"  - {ROOT}/hooks/snippet_checks.py\n",
                            f"  - {ROOT}/hooks/snippet_checks.py\n  - {ROOT}/hooks/practice_mode.py\n")
    config = config.replace("markdown_extensions:\n", "markdown_extensions:\n  - admonition\n  - pymdownx.details\n")
    (site / "mkdocs.yml").write_text(config, encoding="utf-8")
    (site / "docs" / "docker").mkdir()
    (site / "docs" / "docker" / "storage.md").write_text(PAGE, encoding="utf-8")
    return site


def scaffold(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), str(site / "docs" / "docker" / "storage.md"),
                           "--root", str(site), *args], capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path)


BASIC = ("--id", "docker-volume-vs-bind", "--title", "卷 (Volume) 和绑定挂载有什么区别？",
         "--level", "中级", "--topics", "存储", "容器安全")


def test_question_has_the_exact_format_and_tags(site: Path) -> None:
    proc = scaffold(site, *BASIC)
    assert proc.returncode == 0, proc.stderr
    text = (site / "docs" / "docker" / "storage.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntags: [初级, 存储, 容器安全, 中级]\n---\n")
    assert ('## 卷 (Volume) 和绑定挂载有什么区别？ {#docker-volume-vs-bind data-level="中级" '
            'data-topics="存储,容器安全"}\n\n!!! tldr "30 秒回答"\n\n    TODO') in text
    parts = ['!!! tldr "30 秒回答"', "**深入解析**", "**面试官追问**", "**常见错误回答**", '??? answer "参考答案"']
    assert [text.index(p) for p in parts] == sorted(text.index(p) for p in parts)
    questions, problems = collect_questions([("docs/docker/storage.md", text)])
    assert problems == []
    assert [(q.id, q.level, tuple(q.topics)) for q in questions] == [
        ("docker-volume-vs-bind", "中级", ("存储", "容器安全"))
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--id", "Docker_Bad"), 'new_question: id "Docker_Bad" is malformed'),
        (("--id", "k8s-volume"), 'new_question: id "k8s-volume": questions in docs/docker/ must start with "docker-"'),
        (("--topics", "数据库"), 'new_question: unknown topic "数据库"'),
    ],
    ids=["malformed", "wrong-chapter", "unknown-topic"],
)
def test_bad_request_is_refused_and_writes_nothing(site: Path, args: tuple[str, ...], message: str) -> None:
    values = dict(zip(BASIC[::2], BASIC[1::2]))
    values.update(dict(zip(args[::2], args[1::2])))
    argv = [x for key, value in values.items() for x in (key, value)]
    proc = scaffold(site, *argv)
    assert proc.returncode == 2
    assert proc.stderr.startswith(message), proc.stderr
    assert (site / "docs" / "docker" / "storage.md").read_text(encoding="utf-8") == PAGE


def test_duplicate_id_is_refused(site: Path) -> None:
    assert scaffold(site, *BASIC).returncode == 0
    before = (site / "docs" / "docker" / "storage.md").read_text(encoding="utf-8")
    proc = scaffold(site, *BASIC)
    assert proc.returncode == 2
    assert proc.stderr == ('new_question: id "docker-volume-vs-bind" is already used in '
                           "docs/docker/storage.md:9; anchors are unique site-wide\n")
    assert (site / "docs" / "docker" / "storage.md").read_text(encoding="utf-8") == before


def test_snippet_is_created_with_a_section_and_included(site: Path) -> None:
    proc = scaffold(site, *BASIC, "--snippet", "docker/volume-demo/Dockerfile")
    assert proc.returncode == 0, proc.stderr
    snippet = (site / "snippets" / "docker" / "volume-demo" / "Dockerfile").read_text(encoding="utf-8")
    assert snippet.startswith("# --8<-- [start:example]\n") and snippet.endswith("# --8<-- [end:example]\n")
    text = (site / "docs" / "docker" / "storage.md").read_text(encoding="utf-8")
    assert ('```dockerfile title="snippets/docker/volume-demo/Dockerfile"\n'
            '--8<-- "docker/volume-demo/Dockerfile:example"\n```\n') in text


@pytest.mark.slow
def test_scaffolded_site_builds_strict(site: Path, tmp_path: Path) -> None:
    assert scaffold(site, *BASIC, "--snippet", "docker/volume-demo/Dockerfile").returncode == 0
    proc = scaffold(site, "--id", "docker-volume-script", "--title", "怎样备份一个卷？", "--level", "初级",
                    "--topics", "存储", "--snippet", "scripts/volume-backup.sh")
    assert proc.returncode == 0, proc.stderr
    run_mkdocs_build(site / "mkdocs.yml", tmp_path / "out", env={"SNIPPET_CHECKS_CACHE_DIR": str(tmp_path / "cache")})
    html = (tmp_path / "out" / "docker" / "storage" / "index.html").read_text(encoding="utf-8")
    assert 'id="docker-volume-vs-bind"' in html and 'id="docker-volume-script"' in html
    assert "CMD" in html and "TODO" in html
