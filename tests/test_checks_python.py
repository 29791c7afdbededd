"""hooks.checks.python: py_compile and Ruff in check(), a snippet's tests in run_programs()."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.checks import python
from hooks.checks.context import Context

from .conftest import ROOT

CTX = Context(root=ROOT, kubernetes_version="1.37", go_version="1.26")
FIXTURES = ROOT / "tests/fixtures/checks/python"
PREFIX = "tests/fixtures/checks/python"
INSTALL = "install the pinned tools with `.venv/bin/pip install -r requirements.txt`"

# Fixture folder -> the exact formatted problems check() reports for it.
# check() never runs a test: the folders with failing tests pass here.
CHECK_CASES: dict[str, list[str]] = {
    "ok": [],
    "failing-test": [],
    "test-import-error": [],
    "no-tests-collected": [],
    "slow-test": [],
    "syntax-error": [
        f"{PREFIX}/syntax-error/snippet.py:5:12: invalid syntax [py_compile/SyntaxError]",
        (
            f"{PREFIX}/syntax-error/snippet.py:5:12: Expected a parameter or the end of the "
            "parameter list [ruff/invalid-syntax]"
        ),
        (
            f"{PREFIX}/syntax-error/snippet.py:5:13: Expected `)`, found newline "
            "[ruff/invalid-syntax]"
        ),
    ],
    # The guide's Python is 3.11 (ruff.toml's target-version, the venv's Python).
    "newer-syntax": [
        (
            f"{PREFIX}/newer-syntax/snippet.py:2:1: Cannot use `type` alias statement on Python "
            "3.11 (syntax was added in Python 3.12) [ruff/invalid-syntax]"
        ),
        f"{PREFIX}/newer-syntax/snippet.py:2:6: invalid syntax [py_compile/SyntaxError]",
    ],
    "ruff-finding": [
        f"{PREFIX}/ruff-finding/snippet.py:1:8: `os` imported but unused [ruff/F401]",
    ],
}

# Fixture folder -> the exact formatted problems run_programs() reports for it.
RUN_CASES: dict[str, list[str]] = {
    "ok": [],
    "ruff-finding": [],  # no test_*.py beside it: nothing to run
    "failing-test": [
        f"{PREFIX}/failing-test/test_calc.py:5: test_add failed: assert -1 == 3 [python/test]",
    ],
    "test-import-error": [
        (
            f"{PREFIX}/test-import-error/test_calc.py: the tests could not run: "
            "ModuleNotFoundError: No module named 'yaml_that_is_not_installed' [python/test]"
        ),
    ],
    "no-tests-collected": [
        (
            f"{PREFIX}/no-tests-collected/test_calc.py: pytest collected no tests; name the test "
            "functions test_* [python/test]"
        ),
    ],
}


# The Python files of one fixture case, as the runner would pass them.
def case_files(case: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / case).rglob("*") if python.select(p, CTX))


@pytest.mark.parametrize("case", sorted(CHECK_CASES))
def test_check_reports_exactly(case: str) -> None:
    problems = python.check(case_files(case), CTX)
    assert [p.format() for p in problems] == CHECK_CASES[case]


@pytest.mark.parametrize("case", sorted(RUN_CASES))
def test_run_programs_reports_exactly(case: str) -> None:
    problems = python.run_programs(case_files(case), CTX)
    assert [p.format() for p in problems] == RUN_CASES[case]


# Both directions: every fixture folder is a check case and every case has a folder.
def test_every_fixture_is_a_case() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(CHECK_CASES)
    assert set(RUN_CASES) <= set(CHECK_CASES)


# One Ruff run over every file maps each diagnostic back to its own file.
def test_one_run_over_all_fixtures_matches_per_case_runs() -> None:
    everything = [path for case in sorted(CHECK_CASES) for path in case_files(case)]
    problems = python.check(everything, CTX)
    assert sorted(p.format() for p in problems) == sorted(
        line for expected in CHECK_CASES.values() for line in expected
    )


# Running tests leaves no __pycache__ or .pytest_cache behind in snippets.
def test_run_programs_leaves_no_files() -> None:
    before = sorted(p.name for p in (FIXTURES / "failing-test").iterdir())
    python.run_programs(case_files("failing-test"), CTX)
    assert sorted(p.name for p in (FIXTURES / "failing-test").iterdir()) == before


def test_slow_tests_hit_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(python, "PYTEST_TIMEOUT", 3)
    problems = python.run_programs(case_files("slow-test"), CTX)
    assert [p.format() for p in problems] == [
        f"{PREFIX}/slow-test/test_wait.py: `python -m pytest -q …` timed out after 3 s [python/timeout]"
    ]


@pytest.mark.parametrize(
    "name, selected", [("client.py", True), ("test_client.py", True), ("client.pyi", False)]
)
def test_select(name: str, selected: bool) -> None:
    assert python.select(CTX.snippets_dir / "python" / name, CTX) is selected


def test_missing_ruff_is_a_tool_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(python, "find_tool", lambda name: None)
    problems = python.check(case_files("ok"), CTX)
    assert [p.format() for p in problems] == [
        (
            f"{PREFIX}/ok/calc.py: ruff is not installed, so Python snippets cannot be checked; "
            f"{INSTALL} [python/tool]"
        )
    ]


def test_missing_pytest_is_a_tool_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(python, "pytest_installed", lambda: False)
    problems = python.run_programs(case_files("ok"), CTX)
    assert [p.format() for p in problems] == [
        (
            f"{PREFIX}/ok/test_calc.py: pytest is not installed, so Python snippets cannot be "
            "checked; install the test tools with `.venv/bin/pip install -r requirements-test.txt` "
            "[python/tool]"
        )
    ]


def test_fingerprint_names_python_ruff_and_config() -> None:
    text = python.fingerprint(CTX)
    assert text.startswith("python 3.11.")
    assert "; ruff 0.17.6; ruff.toml " in text


def test_no_files_runs_nothing() -> None:
    assert python.check([], CTX) == []
    assert python.run_programs([], CTX) == []
