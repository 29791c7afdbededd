"""MkDocs hook: check every snippet and page once per build; fail with messages.

Runs ``hooks.checks.runner.check_project`` before the build (results cached in
``extra.checks.cache_dir``, default ``.cache/checks``, so unchanged snippets
cost nothing), logs each problem as an error line naming the snippet
``path:line:col`` and every ``docs/page.md:LINE`` that includes it, prints
GitHub annotations when ``GITHUB_ACTIONS=true``, then stops the build with
one PluginError (no traceback). Example programs are never run here: that is
``python -m hooks.checks --run``.

Environment:
- ``SNIPPET_CHECKS=0`` turns the hook off (to measure the build without it).
- ``SNIPPET_CHECKS_CACHE_DIR=DIR`` keeps the cache in DIR instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from hooks.checks.cache import cache_dir_for
from hooks.checks.context import Context
from hooks.checks.runner import check_project

log = get_plugin_logger("snippet_checks")
# The MkDocs command this process runs ("build", "serve", "gh-deploy").
_command = "build"


# Remember whether this is `mkdocs serve`: its rebuilds skip the Markdown style
# linter (seconds per edited page); `mkdocs build`, pre-commit and CI run it.
def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


# Check everything once, before any page is read; fail the build if anything is wrong.
def on_pre_build(config: MkDocsConfig) -> None:
    if os.environ.get("SNIPPET_CHECKS") == "0":
        return
    ctx = context_from_config(config)
    problems = check_project(
        ctx,
        cache_dir=cache_dir_for(ctx.root, config.extra.get("checks") or {}),
        markdown_style=_command != "serve",
    )
    for problem in problems:
        log.error(problem.format())
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(problem.github_annotation(), flush=True)
    if problems:
        raise PluginError(f"{len(problems)} snippet problem(s); see above")


# The same Context as load_context(root), from the config MkDocs has already
# parsed (parsing mkdocs.yml again costs a rebuild a noticeable moment).
def context_from_config(config: MkDocsConfig) -> Context:
    versions = config.extra.get("versions") or {}
    return Context(
        # Absolute: `mkdocs build -f mkdocs.yml` gives a relative path, and the
        # tools run from other folders (protoc from the .proto's own).
        root=Path(config.config_file_path).resolve().parent,
        kubernetes_version=str(versions["kubernetes"]),
        go_version=str(versions["go"]),
    )


# `mkdocs serve` watches docs/ only; a snippet edit must rebuild (and re-check) too.
def on_serve(server, config: MkDocsConfig, builder):
    if os.environ.get("SNIPPET_CHECKS") != "0":
        snippets = context_from_config(config).snippets_dir
        if snippets.is_dir():
            server.watch(str(snippets))
    return server
