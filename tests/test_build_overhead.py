"""A warm strict build of the guide with every hook costs at most MAX_RATIO
times the same guide built by plain Material (no hooks, no mermaid2), both
timed in this run, interleaved, median of RUNS (issue #12, item 9).

What the hooks add is measured against what they save: the checks, the
diagrams and jieba's cuts come from their caches when nothing changed
(hooks/common/segments.py), while plain Material loads jieba's dictionary and
cuts every page on every build. bench/run.py --sections overhead shows the
same cases with each cache cold in turn.
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import time
from pathlib import Path

import pytest

from hooks.common.build_date import ENV, build_epoch

from .conftest import ROOT, run_mkdocs_build

sys.path.insert(0, str(ROOT / "bench"))
from run import plain_material_config

MAX_RATIO = 1.15
RUNS = 3
# Not part of the guide: what a checkout, a venv or a run leaves beside it.
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "site", "site-offline", "__pycache__", ".pytest_cache", "test-results", ".cache"
)


@pytest.mark.slow
def test_hooks_cost_at_most_15_percent_over_plain_material(tmp_path: Path) -> None:
    guide = tmp_path / "guide"
    shutil.copytree(ROOT, guide, ignore=NOT_COPIED)
    (guide / "node_modules").symlink_to(ROOT / "node_modules")
    plain = guide / "mkdocs-plain.yml"
    plain.write_text(plain_material_config((guide / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    assert not re.search(r"(?m)^hooks:|^  - mermaid2:", plain.read_text(encoding="utf-8"))
    env = {ENV: str(build_epoch(ROOT))}
    run_mkdocs_build(guide / "mkdocs.yml", tmp_path / "site", env=env)  # fills the caches
    seconds: dict[Path, list[float]] = {guide / "mkdocs.yml": [], plain: []}
    for _ in range(RUNS):
        for config, times in seconds.items():
            started = time.monotonic()
            run_mkdocs_build(config, tmp_path / "site", env=env)
            times.append(time.monotonic() - started)
    hooks, material = (statistics.median(times) for times in seconds.values())
    print(f"\nbuild with every hook {hooks:.2f} s, plain Material {material:.2f} s: {hooks / material:.2f}x")
    assert hooks / material <= MAX_RATIO, seconds
