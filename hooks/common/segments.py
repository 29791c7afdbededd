"""jieba's segmentation of the guide, remembered on disk between builds.

Material cuts every run of Chinese characters of every page with jieba, and
hooks/search_zh.py cuts the synonyms the same way. Loading jieba's dictionary
takes about 0.6 s and cutting the guide about as long again, on every build,
though the text of a warm build has hardly changed. ``Segmenter`` answers a
cut it has seen from its file and starts jieba only for text it has not seen,
so a build that changes nothing never loads the dictionary.

The file is only valid for the jieba that wrote it: its key holds jieba's
version, a digest of its dictionary and the words the guide adds. Any change
of these starts over. After a build the file keeps exactly the cuts that build
asked for, so text that left the guide leaves the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import jieba

from hooks.checks.jsonfile import write_json

# Bump when what is stored changes.
FORMAT = "1"
# The frequency each guide term is added with: high enough that jieba keeps it whole.
TERM_FREQ = 200000
FILE_NAME = "segments.json"


# Everything besides the text that decides jieba's cut.
def segmenter_key(terms: Iterable[str]) -> str:
    with jieba.dt.get_dict_file() as dictionary:
        digest = hashlib.sha256(dictionary.read()).hexdigest()
    data = json.dumps(
        [FORMAT, jieba.__version__, digest, TERM_FREQ, sorted(terms)],
        ensure_ascii=False,
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


class Segmenter:
    """``cut`` as jieba's (with the guide's terms added), answered from a file where it can be.

    ``folder`` None keeps nothing on disk. Material's search plugin calls
    ``cut`` with UTF-8 bytes; both bytes and str are taken.
    """

    def __init__(self, terms: list[str], folder: Path | None) -> None:
        self.terms = terms
        self.path = folder / FILE_NAME if folder is not None else None
        self.key = segmenter_key(terms)
        self.known: dict[str, list[str]] = self._load()
        self.used: dict[str, list[str]] = {}
        self.misses = 0
        self.jieba_ready = False

    def cut(self, text: str | bytes) -> list[str]:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        words = self.used.get(text)
        if words is None:
            words = self.known.get(text)
            if words is None:
                words = self._jieba_cut(text)
                self.misses += 1
            self.used[text] = words
        return words

    # Written when a cut was new or one went unused, whole or not at all.
    def save(self) -> None:
        if self.path is None or (not self.misses and self.used.keys() == self.known.keys()):
            return
        write_json(self.path, {"key": self.key, "cuts": self.used})
        self.known, self.used, self.misses = self.used, {}, 0

    def _load(self) -> dict[str, list[str]]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("key") != self.key or not isinstance(data.get("cuts"), dict):
            return {}
        return data["cuts"]

    # Loads jieba's dictionary (the slow part) and adds the guide's terms.
    def teach_jieba(self) -> None:
        if not self.jieba_ready:
            for term in self.terms:
                jieba.add_word(term, freq=TERM_FREQ)
            self.jieba_ready = True

    def _jieba_cut(self, text: str) -> list[str]:
        self.teach_jieba()
        return list(jieba.cut(text))
