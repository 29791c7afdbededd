"""hooks.common.build_date: SOURCE_DATE_EPOCH, else the last commit; never file times or the clock."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from hooks.common.build_date import BuildDateError, build_date, build_epoch

# A commit made years before any day the tests run on.
OLD_DATE = "2019-03-04T05:06:07+00:00"
OLD_EPOCH = 1551675967


def make_repo(folder: Path) -> Path:
    env = {**os.environ, "GIT_COMMITTER_DATE": OLD_DATE, "GIT_AUTHOR_DATE": OLD_DATE}
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    (folder / "a.txt").write_text("a\n")
    for command in (["add", "a.txt"], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "a"]):
        subprocess.run(["git", *command], cwd=folder, check=True, env=env)
    return folder


def test_source_date_epoch_wins(tmp_path: Path) -> None:
    assert build_epoch(make_repo(tmp_path), {"SOURCE_DATE_EPOCH": "1763424000"}) == 1763424000
    assert build_date(tmp_path, {"SOURCE_DATE_EPOCH": "1763424000"}) == dt.date(2025, 11, 18)


def test_last_commit_time_else(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    # A file touched now must not move the date.
    (repo / "a.txt").touch()
    assert build_epoch(repo, {}) == OLD_EPOCH
    assert build_date(repo, {}) == dt.date(2019, 3, 4)


def test_outside_git_is_an_error_not_a_guess(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# x\n")
    with pytest.raises(BuildDateError) as caught:
        build_epoch(tmp_path, {})
    assert str(caught.value) == (
        f"{tmp_path}: not a git checkout with a commit, so there is no build date; "
        "set SOURCE_DATE_EPOCH (seconds since 1970) to the date the build should carry"
    )


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5"])
def test_bad_source_date_epoch(tmp_path: Path, value: str) -> None:
    with pytest.raises(BuildDateError) as caught:
        build_epoch(tmp_path, {"SOURCE_DATE_EPOCH": value})
    assert str(caught.value) == f"SOURCE_DATE_EPOCH={value!r}: not a Unix timestamp (whole seconds since 1970)"
