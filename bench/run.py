"""Benchmark the guide's build, check cache, serve loop, reader cost and PDF export.

Every figure is measured in ONE run of this script, side by side, and reported
as medians with min and max; compare ratios within a run, never absolute
seconds across machines. The load average is recorded at start and end.

    .venv/bin/python bench/run.py                       # everything, as in bench/README.md
    .venv/bin/python bench/run.py --sections build --pages 50 500 --runs 5
    .venv/bin/python bench/run.py --pages 5 --runs 1 --quick   # smoke test (tests/test_bench.py)

Sections: build (synthetic guides, hooks on / hooks off / plain Material),
cache (python -m hooks.checks cold / warm / one snippet edited), serve
(mkdocs serve edit-to-reload), reader (bytes, search index, diagrams, search
latency in headless Chromium), pdf (PDF_EXPORT=1 against a plain build).
The "real guide" is a copy of the last commit (`git archive HEAD`), so the
edits other engineers are making in the working tree cannot break a run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import itertools
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_site

from hooks.common.browser import CHROMIUM_ARGS, find_chromium
from hooks.common.build_date import ENV, build_epoch
from hooks.common.static_server import Traffic, serve_counting, site_pages

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
MKDOCS = str(VENV_BIN / "mkdocs")
GNU_TIME = "/usr/bin/time"
# The copies measured are git archives and generated guides, not checkouts: they
# build with the date of the project's last commit (hooks/common/build_date.py).
BASE_ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    ENV: str(build_epoch(ROOT)),
}
# `/usr/bin/time -v` line with the peak resident set size.
MAX_RSS = re.compile(r"(?m)^\s*Maximum resident set size \(kbytes\):\s*(?P<kb>\d+)")
SEARCH_QUERY = "节点亲和性"
# One line in the real guide that the serve benchmark edits.
SERVE_PAGE_REAL = "docker/storage.md"
SERVE_PAGE_SYNTH = "bench/page-00001.md"


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    failures: int = 0
    site_bytes: int = 0


# ---------------------------------------------------------------- measuring


# Run a command; return (wall seconds, peak RSS in kB or 0, exit status, output).
def timed(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, int, int, str]:
    env = {**BASE_ENV, **(env or {})}
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        use_gnu = Path(GNU_TIME).exists()
        full = [GNU_TIME, "-v", "-o", report.name, *cmd] if use_gnu else cmd
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        proc = subprocess.run(
            full, cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        seconds = time.perf_counter() - start
        if use_gnu:
            match = MAX_RSS.search(Path(report.name).read_text())
            rss = int(match["kb"]) if match else 0
        else:
            # Only the running maximum over all children is known here.
            rss = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return seconds, rss, proc.returncode, proc.stdout + proc.stderr


def stats(values: Sequence[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def fmt(values: Sequence[float], digits: int = 2) -> str:
    if not values:
        return "n/a | n/a | n/a"
    med, lo, hi = stats(values)
    return f"{med:.{digits}f} | {lo:.{digits}f} | {hi:.{digits}f}"


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mkdocs_build(
    site: Path, config: str, out: Path, env: dict[str, str]
) -> tuple[float, int, int, str]:
    return timed(
        [MKDOCS, "build", "--strict", "-q", "-f", config, "-d", str(out)], site, env
    )


def check_build(label: str, rc: int, output: str) -> None:
    if rc != 0:
        raise SystemExit(f"{label}: build failed (exit {rc}):\n{output[-3000:]}")


# ---------------------------------------------------------------- real guide


# A copy of the last commit, with node_modules linked: other engineers'
# unfinished edits in the working tree never reach the benchmark.
def real_guide_copy(dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    COPIED_COMMITS.add(head_commit())
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


PREPARED: set[Path] = set()
# The commit(s) copied as "the real guide" (HEAD moves while we measure).
COPIED_COMMITS: set[str] = set()


# Build the copy once and return it with the environment it builds in. A
# benchmark of a commit that does not build measures nothing: refuse it.
# The first call prepares work/guide-prepared; later calls copy it.
def buildable_guide(dest: Path, env: dict[str, str]) -> tuple[Path, dict[str, str]]:
    prepared = dest.parent / "guide-prepared"
    if prepared not in PREPARED:
        guide = real_guide_copy(prepared)
        _, _, rc, out = mkdocs_build(guide, "mkdocs.yml", dest.parent / "guide-prepared-probe", env)
        if rc != 0:
            raise SystemExit(f"real guide at {head_commit()} does not build; fix it first:\n{out[-3000:]}")
        PREPARED.add(prepared)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(prepared, dest, symlinks=True)
    return dest, env


def head_commit() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()


# ---------------------------------------------------------------- 1. build

CONFIGS = [
    ("a: all project hooks (warm check cache)", "mkdocs.yml", {}),
    ("b: SNIPPET_CHECKS=0, no hooks", "mkdocs-nohooks.yml", {"SNIPPET_CHECKS": "0"}),
    ("c: plain Material", "mkdocs-plain.yml", {"SNIPPET_CHECKS": "0"}),
    ("d: no hooks but mermaid2_linear", "mkdocs-linear.yml", {"SNIPPET_CHECKS": "0"}),
]
# At 2,000 pages (b) is left out unless asked for: mkdocs-mermaid2's own pass
# re-parses every page with its whole nav, about 0.6 s a page at 500 pages and
# four times that at 2,000, so five runs would take hours.
LARGE = 2000
DEFAULT_CONFIGS_LARGE = ["a", "c", "d"]


def bench_build(
    sizes: list[int],
    runs: int,
    runs_large: int,
    quick: bool,
    work: Path,
    progress: Path | None = None,
    configs: list[str] | None = None,
    configs_large: list[str] | None = None,
) -> str:
    configs_large = configs_large or DEFAULT_CONFIGS_LARGE
    results: dict[tuple[int, str], Sample] = {}
    warmups: dict[int, float] = {}
    used_runs: dict[int, int] = {}
    for size in sizes:
        site = gen_site.generate(size, 42, work / f"synth-{size}")
        cache = {"SNIPPET_CHECKS_CACHE_DIR": str(work / f"cache-{size}")}
        n = runs_large if size >= LARGE else runs
        used_runs[size] = n
        wanted = configs_large if size >= LARGE else configs
        chosen = [c for c in CONFIGS if wanted is None or c[0][0] in wanted]
        if not quick and any(label.startswith("a") for label, _, _ in chosen):
            log(f"build {size}: warming the check cache")
            seconds, _, rc, out = mkdocs_build(site, "mkdocs.yml", work / "out", cache)
            check_build(f"warm-up {size}", rc, out)
            warmups[size] = seconds
            log(f"build {size}: warm-up (cold cache) took {seconds:.1f} s")
        for run in range(n):
            # Interleaved, so a burst of load from other builds hits all three.
            for label, config, env in chosen:
                seconds, rss, rc, out = mkdocs_build(
                    site, config, work / "out", {**cache, **env}
                )
                check_build(f"{size} pages, {label}", rc, out)
                sample = results.setdefault((size, label), Sample())
                sample.seconds.append(seconds)
                sample.rss_kb.append(rss)
                sample.site_bytes = sample.site_bytes or tree_bytes(work / "out")
                log(f"build {size} run {run + 1}/{n} {label}: {seconds:.1f} s")
                if progress:
                    progress.write_text(
                        _build_table(results, warmups, used_runs) + "\n(partial)\n",
                        encoding="utf-8",
                    )
    return _build_table(results, warmups, used_runs)


def _build_table(
    results: dict[tuple[int, str], Sample],
    warmups: dict[int, float],
    used_runs: dict[int, int],
) -> str:
    sizes = sorted({size for size, _ in results})
    lines = [
        "### 1. Build throughput and scaling (synthetic guides)",
        "",
        (
            "| pages | configuration | runs | median s | min s | max s "
            "| pages/s (median) | peak RSS MB (max) | site MB |"
        ),
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        for label, _, _ in CONFIGS:
            s = results.get((size, label))
            if not s:
                continue
            med = statistics.median(s.seconds)
            lines.append(
                f"| {size} | {label} | {len(s.seconds)} | {fmt(s.seconds)} | "
                f"{size / med:.1f} | {max(s.rss_kb) / 1024:.0f} | "
                f"{s.site_bytes / 1e6:.0f} |"
            )
    if warmups:
        lines += [
            "",
            "Warm-up build (all hooks, EMPTY check cache; one run, not part of the medians):",
            "",
            "| pages | seconds |",
            "|---:|---:|",
            *(
                f"| {size} | {seconds:.1f} |"
                for size, seconds in sorted(warmups.items())
            ),
        ]
    pairs = [
        ("a", "b", "hooks on / hooks off (a/b)"),
        ("a", "d", "hooks on / only mermaid2_linear (a/d)"),
        ("b", "d", "mermaid2's own pass / mermaid2_linear (b/d)"),
        ("d", "c", "mermaid2 with the hook / plain Material (d/c)"),
        ("a", "c", "hooks on / plain (a/c)"),
    ]
    lines += [
        "",
        "Ratios of medians (lower is faster for the first configuration):",
        "",
        "| pages | " + " | ".join(title for _, _, title in pairs) + " |",
        "|---:|" + "---:|" * len(pairs),
    ]
    for size in sizes:
        medians = {
            label[0]: statistics.median(results[(size, label)].seconds)
            for label, _, _ in CONFIGS
            if (size, label) in results
        }
        cells = [
            f"{medians[x] / medians[y]:.2f}" if x in medians and y in medians else "n/a"
            for x, y, _ in pairs
        ]
        lines.append(f"| {size} | " + " | ".join(cells) + " |")
    for lo, hi in itertools.pairwise(sizes):
        lines += [
            "",
            (
                f"Scaling {lo} → {hi} pages: per-page time at {hi} / per-page time "
                f"at {lo} (linear = 1.00), and the same for the bytes written:"
            ),
            "",
            "| configuration | time per page | site bytes per page |",
            "|---|---:|---:|",
        ]
        for label, _, _ in CONFIGS:
            if (lo, label) not in results or (hi, label) not in results:
                continue
            small, large = results[(lo, label)], results[(hi, label)]
            time_ratio = (statistics.median(large.seconds) / hi) / (
                statistics.median(small.seconds) / lo
            )
            bytes_ratio = (large.site_bytes / hi) / (small.site_bytes / lo)
            lines.append(f"| {label} | {time_ratio:.2f} | {bytes_ratio:.2f} |")
    missing = [
        f"{label} at {size} pages"
        for size in sizes
        for label, _, _ in CONFIGS
        if (size, label) not in results
    ]
    if missing:
        lines += ["", "Not measured in this run: " + ", ".join(missing) + "."]
    fewer = [s for s, n in used_runs.items() if n < 5]
    if fewer:
        lines += [
            "",
            "Fewer than 5 runs for: "
            + ", ".join(f"{s} pages ({used_runs[s]} run(s))" for s in fewer)
            + ".",
        ]
    return "\n".join(lines)


# Bytes of every file under `folder`.
def tree_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


# ---------------------------------------------------------------- 2. check cache


def bench_cache(runs: int, work: Path) -> str:
    guide = real_guide_copy(work / "guide-cache")
    checks = [sys.executable, "-m", "hooks.checks", "--root", str(guide)]
    yamls = sorted((guide / "snippets").rglob("*.yaml"))
    target = yamls[0]
    original = target.read_text(encoding="utf-8")
    samples: dict[str, list[float]] = {"cold (empty cache dir)": [], "warm": [], "one YAML comment edited": []}
    rss: dict[str, list[int]] = {k: [] for k in samples}
    for run in range(runs):
        cache = {"SNIPPET_CHECKS_CACHE_DIR": str(work / f"cache-real-{run}")}
        for key, before in (
            ("cold (empty cache dir)", None),
            ("warm", None),
            ("one YAML comment edited", f"# bench edit {run}\n"),
        ):
            if before is not None:
                target.write_text(before + original, encoding="utf-8")
            seconds, peak, _, _ = timed(checks, guide, cache)
            samples[key].append(seconds)
            rss[key].append(peak)
            log(f"cache run {run + 1}/{runs} {key}: {seconds:.1f} s")
        target.write_text(original, encoding="utf-8")
    warm = statistics.median(samples["warm"])
    lines = [
        "### 2. Check cache (`python -m hooks.checks` on the real guide)",
        "",
        f"Edited file: `{target.relative_to(guide)}` (a comment line added at the top).",
        "",
        "| case | runs | median s | min s | max s | ratio to warm | peak RSS MB (max) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for key, values in samples.items():
        lines.append(
            f"| {key} | {len(values)} | {fmt(values)} | "
            f"{statistics.median(values) / warm:.2f} | {max(rss[key]) / 1024:.0f} |"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- 2b. hook overhead

# The real guide's mkdocs.yml as plain Material: no `hooks:` and no mermaid2
# plugin (its fence stays, so pages keep their <pre class="mermaid">).
def plain_material_config(text: str) -> str:
    text = re.sub(r"(?m)^hooks:\n(?:  - .*\n)+", "", text)
    return re.sub(r"(?m)^  - mermaid2:\n(?:(?:      .*)?\n)+", "", text)


def bench_overhead(runs: int, work: Path) -> str:
    guide, env = buildable_guide(work / "guide-overhead", {})
    (guide / "mkdocs-plain.yml").write_text(
        plain_material_config((guide / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8"
    )
    warm = {**env, "SNIPPET_CHECKS_CACHE_DIR": str(work / "cache-overhead"),
            "DIAGRAM_CACHE_DIR": str(work / "diagrams-overhead"),
            "SEARCH_CACHE_DIR": str(work / "search-overhead")}
    seconds, _, rc, out = mkdocs_build(guide, "mkdocs.yml", work / "out-overhead", warm)
    check_build("overhead warm-up", rc, out)
    log(f"overhead: warm-up (cold caches) took {seconds:.1f} s")
    # (config, environment, the one cache that starts empty in each run)
    cases: dict[str, tuple[str, dict[str, str], str]] = {
        "a: every hook, warm caches": ("mkdocs.yml", warm, ""),
        "a, diagrams drawn cold (empty diagram cache)": ("mkdocs.yml", warm, "DIAGRAM_CACHE_DIR"),
        "a, Chinese cut cold (empty search cache: jieba loads)": ("mkdocs.yml", warm, "SEARCH_CACHE_DIR"),
        "c: plain Material": ("mkdocs-plain.yml", env, ""),
    }
    samples: dict[str, list[float]] = {key: [] for key in cases}
    for run in range(runs):
        for key, (config, case_env, cold) in cases.items():
            if cold:
                case_env = {**case_env, cold: str(work / f"{cold.lower()}-{run}")}
            seconds, _, rc, out = mkdocs_build(guide, config, work / "out-overhead", case_env)
            check_build(f"overhead {key}", rc, out)
            samples[key].append(seconds)
            log(f"overhead run {run + 1}/{runs} {key}: {seconds:.1f} s")
    plain = statistics.median(samples["c: plain Material"])
    lines = [
        "### 2b. Hook overhead on the real guide (`mkdocs build --strict`, interleaved)",
        "",
        "| case | runs | median s | min s | max s | ratio to plain Material |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, values in samples.items():
        lines.append(f"| {key} | {len(values)} | {fmt(values)} | {statistics.median(values) / plain:.2f} |")
    return "\n".join(lines)


# ---------------------------------------------------------------- 3. serve loop


def _base_path(site: Path) -> str:
    text = (site / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"(?m)^site_url:\s*(\S+)", text)
    path = urlparse(match[1]).path if match else "/"
    return path if path.endswith("/") else path + "/"


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def serve_loop(
    site: Path, page: str, runs: int, env: dict[str, str], label: str
) -> list[float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}{_base_path(site)}{page.removesuffix('.md')}/"
    proc = subprocess.Popen(
        [MKDOCS, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=site,
        env={**BASE_ENV, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    source = site / "docs" / page
    original = source.read_text(encoding="utf-8")
    times: list[float] = []
    try:
        deadline = time.monotonic() + 900
        while _get(url) is None:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"serve {label}: mkdocs serve did not come up")
            time.sleep(0.5)
        for run in range(runs):
            marker = f"基准标记{run}x{time.time_ns()}"
            time.sleep(1.5)  # let the watcher settle after the previous rebuild
            start = time.perf_counter()
            source.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
            while True:
                body = _get(url)
                if body and marker in body:
                    break
                if time.perf_counter() - start > 900:
                    raise SystemExit(f"serve {label}: edit never appeared")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
            log(f"serve {label} run {run + 1}/{runs}: {times[-1]:.1f} s")
    finally:
        source.write_text(original, encoding="utf-8")
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return times


def bench_serve(runs: int, work: Path, synth_pages: int) -> str:
    cache = {"SNIPPET_CHECKS_CACHE_DIR": str(work / "cache-real-guide")}
    guide, cache = buildable_guide(work / "guide-serve", cache)  # also warms the cache
    rows = [
        (
            "real guide",
            SERVE_PAGE_REAL,
            serve_loop(guide, SERVE_PAGE_REAL, runs, cache, "real"),
        )
    ]
    # --serve-pages 0: the real guide only.
    if synth_pages > 0:
        synth = gen_site.generate(synth_pages, 42, work / f"serve-synth-{synth_pages}")
        cache = {"SNIPPET_CHECKS_CACHE_DIR": str(work / f"cache-{synth_pages}")}
        # Warm the cache with the project's own check package (the synthetic
        # guide has no hooks/ folder; its mkdocs.yml points at ROOT's hooks).
        _, _, rc, out = timed(
            [sys.executable, "-m", "hooks.checks", "--root", str(synth)], ROOT, cache
        )
        if rc != 0:
            raise SystemExit(f"the checks fail on the {synth_pages}-page guide; fix them first:\n{out[-3000:]}")
        rows.append(
            (
                f"synthetic, {synth_pages} pages",
                SERVE_PAGE_SYNTH,
                serve_loop(
                    synth, SERVE_PAGE_SYNTH, runs, cache, f"synth-{synth_pages}"
                ),
            )
        )
    lines = [
        "### 3. `mkdocs serve`: saving a prose edit until the served page shows it",
        "",
        (
            "Project hooks on (see the notes above for SNIPPET_CHECKS), check cache warm; "
            "polled with HTTP GET every 50 ms."
        ),
        "",
        "| guide | edited page | runs | median s | min s | max s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, page, values in rows:
        lines.append(f"| {name} | `docs/{page}` | {len(values)} | {fmt(values)} |")
    return "\n".join(lines)


# ---------------------------------------------------------------- 4. reader cost


@dataclass(frozen=True)
class Load:
    sent: int  # bytes the server sent, headers included
    requests: int
    hosts: int  # hosts Chromium asked (the local server is one)
    seconds: float  # navigation to the load event


# A first load (fresh context, empty cache), counted by the server.
def first_load(browser, url: str, traffic: Traffic) -> Load:
    traffic.reset()
    context = browser.new_context()
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    start = time.perf_counter()
    page.goto(url, wait_until="load")
    seconds = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    context.close()
    return Load(traffic.sent, len(traffic.paths), len({urlparse(u).netloc for u in asked}), seconds)


# Loaded page, then the reader clicks into the box and types: the index is
# fetched on that click (hooks/search_zh_bundle.js), so its time counts here.
def search_time(browser, url: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    start = time.perf_counter()
    box.click()
    box.fill(SEARCH_QUERY)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=60_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def _index_sizes(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()
    return len(raw), len(gzip.compress(raw, compresslevel=6))


def bench_reader(runs: int, work: Path) -> str:
    from playwright.sync_api import sync_playwright

    cache = {"SNIPPET_CHECKS_CACHE_DIR": str(work / "cache-real-guide")}
    guide, cache = buildable_guide(work / "guide-reader", cache)
    site = work / "reader-site"
    _, _, rc, out = mkdocs_build(guide, "mkdocs.yml", site, cache)
    check_build("reader: real guide", rc, out)
    # The same content without the UTF-8 rewrite: mkdocs.yml minus search_zh.py.
    text = (guide / "mkdocs.yml").read_text(encoding="utf-8")
    (guide / "mkdocs-nosearchzh.yml").write_text(
        re.sub(r"(?m)^  - hooks/search_zh.py\n", "", text), encoding="utf-8"
    )
    default_site = work / "reader-site-default"
    _, _, rc, out = mkdocs_build(guide, "mkdocs-nosearchzh.yml", default_site, cache)
    check_build("reader: without search_zh", rc, out)

    urls = [f"/{page}" for page in site_pages(site)]
    lines = [
        "### 4. Reader cost (real guide, headless Chromium, gzip-compressing local server)",
        "",
    ]
    with serve_counting(site) as (base, traffic), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium("The benchmarks"), args=CHROMIUM_ARGS)
        loads = {u: first_load(browser, base + u, traffic) for u in urls}
        heavy = max(loads, key=lambda u: loads[u].sent)
        light = min(loads, key=lambda u: loads[u].sent)
        repeat = {u: [loads[u], *(first_load(browser, base + u, traffic) for _ in range(runs - 1))]
                  for u in (heavy, light)}
        searched = [search_time(browser, base + "/") for _ in range(runs)]
        browser.close()
    lines += [
        (
            "Bytes of a first load (empty cache), counted by the server as they leave it "
            "(gzip bodies + response headers), over every request of the page, its "
            f"scripts and its search worker; {len(loads)} pages measured."
        ),
        "",
        "| page | role | bytes transferred | requests | hosts | navigation → load, median s | min s | max s |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for url, role in ((heavy, "heaviest"), (light, "lightest")):
        first = loads[url]
        times = [load.seconds for load in repeat[url]]
        lines.append(
            f"| `{url}` | {role} | {first.sent} | {first.requests} | {first.hosts} | {fmt(times)} |"
        )
    raw_u, gz_u = _index_sizes(site / "search/search_index.json")
    raw_d, gz_d = _index_sizes(default_site / "search/search_index.json")
    lines += [
        "",
        "| search_index.json | raw bytes | gzip bytes |",
        "|---|---:|---:|",
        f"| with hooks/search_zh.py (UTF-8) | {raw_u} | {gz_u} |",
        f"| Material default (\\uXXXX escapes) | {raw_d} | {gz_d} |",
        f"| ratio UTF-8 / default | {raw_u / raw_d:.2f} | {gz_u / gz_d:.2f} |",
        "",
        "| browser timing | page | runs | median s | min s | max s |",
        "|---|---|---:|---:|---:|---:|",
        (f"| click in the box, type “{SEARCH_QUERY}” → first result (index fetched on the click) "
         f"| `/` | {runs} | {fmt(searched)} |"),
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- 5. PDF


def bench_pdf(runs: int, work: Path) -> str:
    title = "### 5. PDF export (real guide)"
    if not (ROOT / "hooks/pdf.py").exists():
        return f"{title}\n\nhooks/pdf.py does not exist; not measured."
    cache = {"SNIPPET_CHECKS_CACHE_DIR": str(work / "cache-real-guide")}
    guide, cache = buildable_guide(
        work / "guide-pdf", cache
    )  # also warms the check cache
    plain: list[float] = []
    pdf: list[float] = []
    rss: dict[str, list[int]] = {"plain": [], "pdf": []}
    for run in range(runs):
        for key, env, into in (("plain", {}, plain), ("pdf", {"PDF_EXPORT": "1"}, pdf)):
            seconds, peak, rc, out = mkdocs_build(
                guide, "mkdocs.yml", work / "pdf-site", {**cache, **env}
            )
            if rc != 0:
                return f"{title}\n\n`PDF_EXPORT=1` build failed (exit {rc}); not measured:\n\n```text\n{out[-1500:]}\n```"
            into.append(seconds)
            rss[key].append(peak)
            log(f"pdf run {run + 1}/{runs} {key}: {seconds:.1f} s")
    pdf_file = next((work / "pdf-site").rglob("*.pdf"), None)
    size = (
        f"{pdf_file.stat().st_size / 1e6:.1f} MB" if pdf_file else "no PDF file found"
    )
    return "\n".join(
        [
            title,
            "",
            (
                f"Output: {size}. Peak RSS is the largest single process (mkdocs or a child such "
                "as Chromium) as reported by `/usr/bin/time -v`."
            ),
            "",
            "| build | runs | median s | min s | max s | peak RSS MB (max) |",
            "|---|---:|---:|---:|---:|---:|",
            f"| plain build | {runs} | {fmt(plain)} | {max(rss['plain']) / 1024:.0f} |",
            f"| `PDF_EXPORT=1` build | {runs} | {fmt(pdf)} | {max(rss['pdf']) / 1024:.0f} |",
            "",
            f"Ratio PDF / plain (medians): **{statistics.median(pdf) / statistics.median(plain):.2f}**",
        ]
    )


# ---------------------------------------------------------------- main

SECTIONS = ["build", "cache", "overhead", "serve", "reader", "pdf"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sections",
        nargs="+",
        choices=SECTIONS,
        default=None,
        help="default: all (with --quick: build only)",
    )
    parser.add_argument("--pages", nargs="+", type=int, default=[50, 500, 2000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--runs-large",
        type=int,
        default=None,
        help="runs for the 2,000-page size (default: --runs)",
    )
    parser.add_argument("--serve-pages", type=int, default=500)
    parser.add_argument(
        "--configs",
        nargs="+",
        choices=["a", "b", "c", "d"],
        default=None,
        help="build configurations to measure below 2,000 pages (default: all)",
    )
    parser.add_argument(
        "--configs-large",
        nargs="+",
        choices=["a", "b", "c", "d"],
        default=None,
        help=f"configurations at 2,000 pages and more (default: {' '.join(DEFAULT_CONFIGS_LARGE)})",
    )
    parser.add_argument(
        "--quick", action="store_true", help="skip the warm-up build (smoke test)"
    )
    parser.add_argument(
        "--work", type=Path, default=None, help="scratch folder (default: a temp dir)"
    )
    parser.add_argument(
        "--output", type=Path, default=None, help="also write the Markdown here"
    )
    args = parser.parse_args(argv)
    sections = args.sections or (["build"] if args.quick else SECTIONS)
    work = args.work or Path(tempfile.mkdtemp(prefix="cnig-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    start_load, started = load(), dt.datetime.now(dt.UTC)
    parts = []
    for name in sections:
        log(f"section {name}")
        if name == "build":
            parts.append(
                bench_build(
                    args.pages,
                    args.runs,
                    args.runs_large or args.runs,
                    args.quick,
                    work,
                    args.output,
                    args.configs,
                    args.configs_large,
                )
            )
        elif name == "cache":
            parts.append(bench_cache(args.runs, work))
        elif name == "overhead":
            parts.append(bench_overhead(args.runs, work))
        elif name == "serve":
            parts.append(bench_serve(args.runs, work, args.serve_pages))
        elif name == "reader":
            parts.append(bench_reader(args.runs, work))
        elif name == "pdf":
            parts.append(bench_pdf(args.runs, work))
    finished = dt.datetime.now(dt.UTC)
    header = "\n".join(
        [
            f"## Benchmark run {started:%Y-%m-%d %H:%M} – {finished:%H:%M} UTC",
            "",
            "| | |",
            "|---|---|",
            f"| cores | {os.cpu_count()} |",
            f"| load average (1/5/15 min) at start | {start_load} |",
            f"| load average (1/5/15 min) at end | {load()} |",
            f"| commit measured (real guide) | {', '.join(sorted(COPIED_COMMITS)) or 'none'} |",
            f"| runs per measurement | {args.runs} |",
            f"| sections | {', '.join(sections)} |",
        ]
    )
    report = "\n\n".join([header, *parts]) + "\n"
    print(report)
    if args.output:
        args.output.write_text(report, encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
