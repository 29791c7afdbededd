"""Shared fixtures: real builds of the guide, a local HTTP server, Chromium.

Builds are session-scoped: the real guide is built once (served and offline
variants) and every test reads the result.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Debian's Chromium; Playwright's own browser download is not reachable here.
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


# Serve `directory` on 127.0.0.1 on a free port until the fixture ends.
@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    servers: list[socketserver.TCPServer] = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site: Path, serve) -> str:
    """Base URL of the real guide served from a local server."""
    return serve(built_site)


# Path to a Chromium binary, or a failure that says how to get one. Never a skip:
# a skipped browser test is a test that was not written.
def find_chromium() -> str:
    candidates = [os.environ.get("CHROMIUM"), DEFAULT_CHROMIUM, shutil.which("chromium"),
                  shutil.which("chromium-browser"), shutil.which("google-chrome")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(
        "No Chromium found. Install Debian's browser with `sudo apt-get install -y chromium` "
        "or point the CHROMIUM environment variable at a Chromium/Chrome binary."
    )


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
    """A fresh browser page that records every request and sees shadow roots."""
    context = browser.new_context()
    context.add_init_script(OPEN_SHADOW_ROOTS)
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda request: pg.requests.append(request.url))
    yield pg
    context.close()
