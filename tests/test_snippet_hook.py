"""hooks/snippet_checks.py: `mkdocs serve` rebuilds skip only the Markdown style linter."""

from __future__ import annotations

import pytest
from mkdocs.config.defaults import MkDocsConfig

from hooks import snippet_checks
from tests.conftest import ROOT


@pytest.mark.parametrize("command,style", [("build", True), ("serve", False), ("gh-deploy", True)])
def test_markdown_style_runs_except_under_serve(monkeypatch, command: str, style: bool) -> None:
    seen = {}

    def fake_check_project(ctx, **kwargs):
        seen.update(kwargs)
        return []

    monkeypatch.setattr(snippet_checks, "check_project", fake_check_project)
    monkeypatch.delenv("SNIPPET_CHECKS", raising=False)
    # A real (unvalidated) config holding only what the hook reads.
    config = MkDocsConfig(config_file_path=str(ROOT / "mkdocs.yml"))
    config.load_dict({"extra": {"versions": {"kubernetes": "1.37", "go": "1.26"}, "checks": {}}})
    snippet_checks.on_startup(command=command, dirty=False)
    try:
        snippet_checks.on_pre_build(config)
    finally:
        snippet_checks.on_startup(command="build", dirty=False)
    assert seen["markdown_style"] is style
