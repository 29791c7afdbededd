"""What the hooks, the tests and the benchmarks share: the build date, Chromium, a local server."""
