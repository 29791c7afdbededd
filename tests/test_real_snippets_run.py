"""The real guide's example programs really run: `go test -race` for every Go
package with tests, every golden `main.out` compared, Python snippet tests run.

`mkdocs build` never runs snippet programs (a build must be safe on untrusted
changes); this test is where they run, each with the time limit the checks set.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_every_example_program_passes() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "hooks.checks", "--run"],
        cwd=ROOT,
        env={**os.environ, "PATH": f"{ROOT / '.venv/bin'}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("hooks.checks: no problems"), proc.stdout
