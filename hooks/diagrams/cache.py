"""Drawings kept on disk by content, so an unchanged diagram is never drawn twice."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from .figure import Drawing

# Bump when the drawing code changes what it stores.
FORMAT = "4"


# The key of one drawing: everything that can change the SVG.
def drawing_key(source: str, theme: str, settings: dict, mermaid_version: str, browser: str) -> str:
    data = json.dumps([FORMAT, source, theme, settings, mermaid_version, browser], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


class DrawingCache:
    """A folder of `<key>.json` drawings; None as the folder keeps nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, key: str) -> Drawing | None:
        if self.folder is None:
            return None
        try:
            return Drawing(**json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    # Written to a temporary file and renamed, so a killed build leaves no half drawing.
    def put(self, key: str, drawing: Drawing) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(drawing), out, ensure_ascii=False)
        os.replace(tmp, self.folder / f"{key}.json")
