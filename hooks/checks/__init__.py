"""Checks for every code snippet and page of the guide, runnable without MkDocs.

``python -m hooks.checks [paths]`` runs them from the command line (pre-commit,
CI); ``hooks/snippet_checks.py`` runs them once per ``mkdocs build``. Each
kind of snippet file has its own module (see ``kinds.py``); ``runner.py``
ties them together, ``cache.py`` skips unchanged files and ``pages.py`` holds
the rules for ``docs/``.
"""
