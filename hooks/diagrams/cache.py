"""Drawings kept on disk by content, so an unchanged diagram is never drawn twice."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from hooks.checks.jsonfile import write_json

from .figure import Drawing

# Bump when the drawing code changes what it stores.
FORMAT = "6"


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

    # Whole or not at all (jsonfile.write_json), so a killed build leaves no half drawing.
    def put(self, key: str, drawing: Drawing) -> None:
        if self.folder is None:
            return
        write_json(self.folder / f"{key}.json", asdict(drawing))
