"""Shared fixtures: real builds of the guide, a local HTTP server, Chromium.

Builds are session-scoped: the real guide is built once (served and offline
variants) and every test reads the result.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from hooks.common import browser as chromium
from hooks.common.static_server import serve_directory

ROOT = Path(__file__).resolve().parent.parent
# Debian's Chromium, started as the build starts it (hooks/common/browser.py).
CHROMIUM_ARGS = chromium.CHROMIUM_ARGS


# Run `mkdocs build --strict` for `config` into `site_dir`; returns the process.
def run_mkdocs_build(
    config: Path, site_dir: Path, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if check and proc.returncode != 0:
        pytest.fail(f"mkdocs build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real guide, built once with --strict, as served on the web."""
    site = tmp_path_factory.mktemp("site")
    run_mkdocs_build(ROOT / "mkdocs.yml", site)
    return site


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real guide built for file:// (OFFLINE=true), copied to a fresh folder."""
    site = tmp_path_factory.mktemp("offline-build")
    run_mkdocs_build(ROOT / "mkdocs.yml", site, env={"OFFLINE": "true"})
    # "Copied anywhere": move it away from the build location before use.
    moved = tmp_path_factory.mktemp("offline-copy") / "guide"
    shutil.copytree(site, moved)
    return moved


# Serve `directory` on 127.0.0.1 on a free port until the session ends (the
# server the PDF export and the benchmarks use too).
@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    with ExitStack() as servers:
        yield lambda directory: servers.enter_context(serve_directory(directory))


@pytest.fixture(scope="session")
def site_url(built_site: Path, serve) -> str:
    """Base URL of the real guide served from a local server."""
    return serve(built_site)


# Path to a Chromium binary, or a failure that says how to get one. Never a skip:
# a skipped browser test is a test that was not written.
def find_chromium() -> str:
    try:
        return chromium.find_chromium("The browser tests")
    except chromium.ChromiumMissing as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        yield b
        b.close()


# Opens every shadow root, so tests can see the SVG Material draws into a
# closed one for each Mermaid diagram.
OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, { ...init, mode: "open" });
  };
})();
"""


@pytest.fixture
def page(browser):
    """A fresh browser page that records every request, the ones that failed, and sees shadow roots."""
    context = browser.new_context()
    context.add_init_script(OPEN_SHADOW_ROOTS)
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda request: pg.requests.append(request.url))
    pg.missing = []  # URLs answered with an HTTP error
    pg.on("response", lambda response: response.status >= 400 and pg.missing.append(response.url))
    yield pg
    context.close()
