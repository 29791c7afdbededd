"""What a newcomer meets: README command 1 on a fresh clone, with a venv made
from requirements.txt alone, serves the guide, and serving writes nothing into
the sources.

This is the slowest test (a fresh venv and `npm ci`, from the local caches),
and the one that catches a package only requirements-test.txt installs.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT

SERVING = re.compile(r"Serving on (?P<url>http://127\.0\.0\.1:\d+/\S*)")
SETUP_TIMEOUT = 900  # seconds for venv + pip + npm on a busy 2-core machine
SERVE_TIMEOUT = 600  # seconds for the first build of `mkdocs serve`


# Every file under docs/ and snippets/, ignored ones included: bytes and mtime.
def source_tree(clone: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(clone)): (path.read_bytes(), path.stat().st_mtime_ns)
        for folder in ("docs", "snippets")
        for path in sorted((clone / folder).rglob("*"))
        if path.is_file()
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The page at `url` once it answers 200, or a failure with the server's output.
def fetch(url: str, deadline: float, log: Path) -> str:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(1)
    pytest.fail(f"{url} did not answer in time; serve.sh said:\n{log.read_text()[-4000:]}")


# The address `mkdocs serve` says it serves on (site_url's path included).
def served_url(log: Path, deadline: float, server: subprocess.Popen[bytes]) -> str:
    while time.monotonic() < deadline:
        found = SERVING.search(log.read_text())
        if found:
            return found["url"]
        if server.poll() is not None:
            pytest.fail(f"serve.sh stopped (exit {server.returncode}):\n{log.read_text()[-4000:]}")
        time.sleep(1)
    pytest.fail(f"serve.sh never said where it serves:\n{log.read_text()[-4000:]}")


@pytest.mark.slow
def test_readme_command_1_on_a_fresh_clone(tmp_path: Path) -> None:
    clone = tmp_path / "guide"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    assert not (clone / ".venv").exists()
    before = source_tree(clone)
    port = free_port()
    log = tmp_path / "serve.log"
    # The environment of a newcomer's shell: no venv on PATH, no test settings.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTEST", "SNIPPET", "PDF_"))}
    env["PATH"] = ":".join(p for p in env.get("PATH", "").split(":") if "/.venv/" not in p)
    with log.open("w") as out:
        server = subprocess.Popen(
            ["bash", "scripts/serve.sh", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=clone, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + SETUP_TIMEOUT + SERVE_TIMEOUT
        base = served_url(log, deadline, server)
        home = fetch(base, deadline, log)
        chapter = fetch(f"{base}kubernetes/scheduling/", deadline, log)
        assert "<title>云原生面试指南</title>" in home
        assert "3.1 调度、亲和性与污点" in chapter
        # Only what requirements.txt installs (no pytest), and this project, editable.
        installed = subprocess.run([str(clone / ".venv/bin/python"), "-m", "pip", "list", "--format=freeze"],
                                   capture_output=True, text=True, check=True).stdout
        assert "pytest==" not in installed
        assert "cloud-native-interview-guide==" in installed
        # A rebuild (the config changed) writes nothing under docs/ or snippets/ either.
        builds = log.read_text().count("Documentation built in")
        config = clone / "mkdocs.yml"
        config.write_text(config.read_text() + "\n# touched by the test\n")
        while log.read_text().count("Documentation built in") == builds:
            assert server.poll() is None, log.read_text()[-4000:]
            assert time.monotonic() < deadline, log.read_text()[-4000:]
            time.sleep(1)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    assert source_tree(clone) == before
