"""MkDocs hooks of the guide and the check package they call (hooks.checks)."""
