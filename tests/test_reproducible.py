"""Two builds of the same commit give the same bytes in every file of site/.

The clock must not leak in: without SOURCE_DATE_EPOCH in the environment,
hooks/reproducible.py takes the last commit's time, so the sitemap's
<lastmod> is the commit date and sitemap.xml.gz's gzip header agrees.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hooks import reproducible

from .conftest import ROOT, run_mkdocs_build


# {relative path: bytes} of every file under a built site.
def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


# The committed tree of HEAD in `folder` (git archive stamps every file with
# the commit time), with the project's node_modules linked in. Building a
# snapshot, not the work tree, keeps uncommitted edits out: "the same commit".
def snapshot(folder: Path) -> Path:
    archive = folder / "head.tar"
    subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), "HEAD"], cwd=ROOT, check=True,
                   timeout=120)
    tree = folder / "tree"
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="tar")
    (tree / "node_modules").symlink_to(ROOT / "node_modules")
    return tree


# Build the snapshot without SOURCE_DATE_EPOCH (the hook must set it).
def build(tree: Path, site: Path) -> None:
    os.environ.pop(reproducible.ENV, None)
    run_mkdocs_build(tree / "mkdocs.yml", site, env={"SNIPPET_CHECKS": "0"})


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    tree = snapshot(tmp_path_factory.mktemp("snapshot"))
    first, second = tmp_path_factory.mktemp("build-a"), tmp_path_factory.mktemp("build-b")
    build(tree, first)
    build(tree, second)
    return site_bytes(first), site_bytes(second)


@pytest.mark.slow
def test_two_builds_are_byte_identical(two_builds) -> None:
    first, second = two_builds
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.slow
def test_sitemap_dates_come_from_the_last_commit(two_builds) -> None:
    first, _ = two_builds
    commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    day = datetime.fromtimestamp(int(commit), UTC).date().isoformat()
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", first["sitemap.xml"].decode()))
    assert dates == {day}
    header_mtime = int.from_bytes(first["sitemap.xml.gz"][4:8], "little")
    assert datetime.fromtimestamp(header_mtime, UTC).date().isoformat() == day
    assert gzip.decompress(first["sitemap.xml.gz"]) == first["sitemap.xml"]


def test_epoch_is_the_last_commit_time_in_a_repository() -> None:
    expected = int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                                  text=True, check=True).stdout)
    assert reproducible.source_date_epoch(ROOT, ROOT / "docs") == expected


def test_epoch_outside_git_is_the_newest_file_time(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, mtime in (("a.md", 1_700_000_000), ("b.md", 1_600_000_000)):
        (docs / name).write_text("# x\n")
        os.utime(docs / name, (mtime, mtime))
    assert reproducible.git_commit_time(tmp_path) is None
    assert reproducible.source_date_epoch(tmp_path, docs) == 1_700_000_000


def test_an_epoch_given_by_the_caller_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    class Config:
        config_file_path = str(ROOT / "mkdocs.yml")
        docs_dir = str(ROOT / "docs")

    monkeypatch.setenv(reproducible.ENV, "86400")
    reproducible.on_config(Config())  # type: ignore[arg-type]
    assert os.environ[reproducible.ENV] == "86400"
