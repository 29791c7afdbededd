"""Practice mode: the guide's interview questions as data (pure, no MkDocs)."""
