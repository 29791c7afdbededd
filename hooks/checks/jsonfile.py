"""Small JSON files that are written whole or not at all: cache entries, tool versions."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


# Write `data` to a temporary file beside `path`, then rename it over `path`, so
# a crash never leaves half a file. A read-only or full disk costs speed, never
# correctness: then nothing is written.
def write_json(path: Path, data: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False) as out:
            json.dump(data, out, ensure_ascii=False, sort_keys=True)
        os.replace(out.name, path)
    except OSError:
        try:
            os.unlink(out.name)
        except (OSError, UnboundLocalError):
            pass
