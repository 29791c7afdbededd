"""MkDocs hook: run hooks.checks once per build (stub until the check runner lands)."""
