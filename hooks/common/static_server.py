"""A quiet static HTTP server on 127.0.0.1, for the PDF export, the tests and the benchmarks."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


# Serve `directory` on a free port of 127.0.0.1 until the block ends; yields the base URL.
@contextmanager
def serve_directory(
    directory: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler
) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class GzipHandler(QuietHandler):
    """Serves files gzip-compressed when the browser accepts it, as a web host does,
    so that page weights and slow-network timings are what readers get."""

    def do_GET(self) -> None:
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            super().do_GET()
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                super().do_GET()  # the redirect to the folder's URL with a slash
                return
            path = path / "index.html"
        if not path.is_file():
            super().do_GET()
            return
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@functools.lru_cache(maxsize=1024)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


# The pages of a built site as URL paths relative to its root ("" for the home
# page, "docker/" for a chapter), without the folders of assets, search and PDF.
def site_pages(site: Path) -> list[str]:
    pages = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        if not rel.startswith(("assets", "search", "pdf")):
            pages.append("" if rel == "." else f"{rel}/")
    return pages


class Traffic:
    """What a server sent since the last reset: bytes on the wire (headers
    included) and the paths it was asked for."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent = 0
        self.paths: list[str] = []

    def reset(self) -> None:
        with self.lock:
            self.sent = 0
            self.paths = []

    def add(self, sent: int = 0, path: str | None = None) -> None:
        with self.lock:
            self.sent += sent
            if path is not None:
                self.paths.append(path)


class _CountingWriter:
    def __init__(self, raw: io.BufferedIOBase, traffic: Traffic) -> None:
        self.raw = raw
        self.traffic = traffic

    def write(self, data: bytes) -> int:
        self.traffic.add(sent=len(data))
        return self.raw.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


class _CountingGzipHandler(GzipHandler):
    traffic: Traffic

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile, self.traffic)  # type: ignore[assignment]

    def do_GET(self) -> None:
        self.traffic.add(path=self.path.split("?")[0])
        super().do_GET()


# Serve `directory` gzip-compressed and count what goes out: page weights are
# measured on the server's side of the socket, so every request counts,
# including a worker's script, which Chromium's per-request sizes leave out.
@contextmanager
def serve_counting(directory: Path) -> Iterator[tuple[str, Traffic]]:
    traffic = Traffic()
    handler = type("CountingHandler", (_CountingGzipHandler,), {"traffic": traffic})
    with serve_directory(directory, handler) as url:
        yield url, traffic
