"""The benchmark script runs end to end on a tiny synthetic guide and prints a well-formed table.

It is a smoke test, not a benchmark: the numbers are not checked, only that
every configuration was built and reported.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import gen_site

# A row of the build table: | pages | configuration | runs | 3 timings | pages/s | RSS | site MB |
BUILD_ROW = re.compile(
    r"""(?x)
    ^\|\s(?P<pages>\d+)\s\|\s(?P<config>[abcd]:[^|]+)\|\s(?P<runs>\d+)\s
    \|\s[\d.]+\s\|\s[\d.]+\s\|\s[\d.]+\s    # median, min, max seconds
    \|\s[\d.]+\s\|\s\d+\s\|\s\d+\s\|$        # pages/s, peak RSS MB, site MB
    """,
    re.MULTILINE,
)
# | pages | a/b | a/d | b/d | d/c | a/c |
RATIO_ROW = re.compile(r"(?m)^\| (?P<pages>[24]) (?:\| [\d.]+ ){5}\|$")
# | configuration | time per page | bytes per page |, from 2 to 4 pages
SCALING_ROW = re.compile(r"(?m)^\| (?P<config>[abcd]):[^|]+\| [\d.]+ \| [\d.]+ \|$")


# Same seed, same bytes: the synthetic guide is reproducible.
def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = gen_site.generate(4, 42, tmp_path / "one")
    second = gen_site.generate(4, 42, tmp_path / "two")
    for rel in (
        "docs/bench/page-00003.md",
        "mkdocs.yml",
        "snippets/k8s/bench/page-00002.yaml",
    ):
        assert (first / rel).read_bytes() == (second / rel).read_bytes()
    page = (first / "docs/bench/page-00003.md").read_text(encoding="utf-8")
    assert "```mermaid" in page
    assert page.count("--8<--") == 2
    assert 'data-level="' in page


def test_quick_run_prints_a_table_for_every_configuration(tmp_path: Path) -> None:
    out = tmp_path / "bench.md"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench/run.py"),
            "--pages",
            "2",
            "4",
            "--runs",
            "1",
            "--quick",
            "--work",
            str(tmp_path / "work"),
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1200,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    assert "load average (1/5/15 min) at start" in report
    assert "load average (1/5/15 min) at end" in report
    rows = BUILD_ROW.findall(report)
    assert sorted((pages, config[0]) for pages, config, _ in rows) == [
        (pages, c) for pages in ("2", "4") for c in "abcd"
    ]
    assert all(runs == "1" for _, _, runs in rows)
    assert [m["pages"] for m in RATIO_ROW.finditer(report)] == ["2", "4"], report
    assert "Scaling 2 → 4 pages" in report
    assert sorted(m["config"] for m in SCALING_ROW.finditer(report)) == list("abcd")
