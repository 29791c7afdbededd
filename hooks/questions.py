"""MkDocs hook: the guide's questions (stub until practice mode lands)."""
