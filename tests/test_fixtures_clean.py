"""Fixture folders hold only what a person wrote: no binaries, nothing a check left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.checks import golang
from hooks.checks.context import Context

from .conftest import ROOT

FIXTURES = ROOT / "tests/fixtures"
GO_FIXTURES = FIXTURES / "checks/golang"
CTX = Context(root=ROOT, kubernetes_version="1.37", go_version="1.26")
# Magic numbers of executables and archives nobody writes by hand.
BINARY_MAGIC = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"PK\x03\x04", b"\x1f\x8b")


# Every file under `folder` with its size and modification time.
def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_no_fixture_is_a_binary() -> None:
    binaries = [
        str(path.relative_to(ROOT))
        for path in FIXTURES.rglob("*")
        if path.is_file() and path.open("rb").read(4).startswith(BINARY_MAGIC)
    ]
    assert binaries == []


# Checking and running every Go fixture module leaves its folder as it was:
# no binary, no cache, no golden file rewritten.
@pytest.mark.parametrize("case", sorted(p.name for p in GO_FIXTURES.iterdir() if (p / "go.mod").is_file()))
def test_go_checks_leave_the_fixture_as_it_was(case: str) -> None:
    before = snapshot(GO_FIXTURES / case)
    golang.check_module(GO_FIXTURES / case, CTX)
    golang.run_module_programs(GO_FIXTURES / case, CTX)
    assert snapshot(GO_FIXTURES / case) == before
