"""Two builds of the same commit give the same bytes in every file of site/,
on any day, and a build writes nothing into the sources.

The builds run in a real clone whose last commit is dated years ago: without
SOURCE_DATE_EPOCH, the sitemap's <lastmod> and sitemap.xml.gz's gzip header
must carry that commit's date, so a clock leak fails on any day.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hooks import reproducible
from hooks.common.build_date import ENV

from .conftest import ROOT, run_mkdocs_build
from .test_first_contact import source_tree

OLD_DATE = "2021-02-03T04:05:06+00:00"
OLD_DAY = "2021-02-03"
# What jieba logs when it loads its dictionary.
JIEBA_LOADS = "Building prefix dict"


# {relative path: bytes} of every file under a built site.
def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


# A clone of HEAD whose newest commit is dated OLD_DATE, with the project's
# node_modules linked in (the venv is this test's own).
def old_clone(folder: Path) -> Path:
    clone = folder / "guide"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    env = {**os.environ, "GIT_COMMITTER_DATE": OLD_DATE, "GIT_AUTHOR_DATE": OLD_DATE}
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q",
                    "--allow-empty", "-m", "an old commit"], cwd=clone, check=True, env=env)
    (clone / "node_modules").symlink_to(ROOT / "node_modules")
    return clone


# Build the clone without SOURCE_DATE_EPOCH (the hook must set it).
def build(clone: Path, site: Path) -> str:
    os.environ.pop(ENV, None)
    return run_mkdocs_build(clone / "mkdocs.yml", site, env={"SNIPPET_CHECKS": "0"}).stderr


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    clone = old_clone(tmp_path_factory.mktemp("clone"))
    sources = source_tree(clone)
    first, second = tmp_path_factory.mktemp("build-a"), tmp_path_factory.mktemp("build-b")
    # The first build cuts the Chinese with jieba; the second takes every cut
    # from .cache/search and never loads jieba's dictionary (hooks/common/segments.py),
    # so equal bytes also say that the cache changes nothing.
    assert JIEBA_LOADS in build(clone, first)
    assert JIEBA_LOADS not in build(clone, second)
    assert source_tree(clone) == sources, "a build wrote into docs/ or snippets/"
    return site_bytes(first), site_bytes(second)


@pytest.mark.slow
def test_two_builds_are_byte_identical(two_builds) -> None:
    first, second = two_builds
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.slow
def test_sitemap_dates_come_from_the_last_commit(two_builds) -> None:
    first, _ = two_builds
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", first["sitemap.xml"].decode()))
    assert dates == {OLD_DAY}
    header_mtime = int.from_bytes(first["sitemap.xml.gz"][4:8], "little")
    assert datetime.fromtimestamp(header_mtime, UTC).date().isoformat() == OLD_DAY
    assert gzip.decompress(first["sitemap.xml.gz"]) == first["sitemap.xml"]


def test_the_hook_sets_the_last_commit_time(monkeypatch: pytest.MonkeyPatch) -> None:
    class Config:
        config_file_path = str(ROOT / "mkdocs.yml")

    monkeypatch.delenv(ENV, raising=False)
    reproducible.on_config(Config())  # type: ignore[arg-type]
    expected = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    assert os.environ[ENV] == expected


def test_an_epoch_given_by_the_caller_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    class Config:
        config_file_path = str(ROOT / "mkdocs.yml")

    monkeypatch.setenv(ENV, "86400")
    reproducible.on_config(Config())  # type: ignore[arg-type]
    assert os.environ[ENV] == "86400"


def test_outside_git_the_build_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Config:
        config_file_path = str(tmp_path / "mkdocs.yml")

    monkeypatch.delenv(ENV, raising=False)
    with pytest.raises(reproducible.PluginError, match=r"not a git checkout with a commit, so there is no build"):
        reproducible.on_config(Config())  # type: ignore[arg-type]
