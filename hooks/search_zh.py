"""Chinese search: teach jieba the guide's terms, and write the index as UTF-8.

Material segments Chinese text with jieba when it is installed. Without the
guide's own terms jieba splits 节点亲和性 into 节点/亲和性, and a search for the
whole term ranks badly. The glossary page is the dictionary: every term in its
tables is added here, so whatever the glossary explains, search finds.

Material writes search_index.json with ``\\uXXXX`` escapes, which roughly
doubles it for Chinese text. After the build it is rewritten as UTF-8.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jieba
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)

# The page whose tables define the dictionary, relative to docs_dir.
GLOSSARY = Path("glossary.md")
# Terms that matter for search but are no glossary entry of their own.
EXTRA_TERMS = Path(__file__).with_name("search_terms.txt")

# A glossary table row: | 中文术语 | English term | explanation |
GLOSSARY_ROW = re.compile(
    r"""(?x)
    ^\|\s*(?P<zh>[^|]+?)\s*      # first cell: the Chinese term
    \|\s*(?P<en>[^|]+?)\s*\|     # second cell: the English name
    """,
    re.MULTILINE,
)
# Table header and divider rows are not terms.
NOT_A_TERM = {"中文", "术语", "中文术语", "English", "English term", "英文"}
# One cell may hold several names: "协程 / goroutine", "Image Index (Manifest List)".
CELL_NAMES = re.compile(r"\s*(?:/|\(|\)|（|）|、)\s*")
# Material's offline plugin wraps the same index in this JavaScript prefix.
OFFLINE_PREFIX = "var __index = "


def on_config(config: MkDocsConfig) -> None:
    terms = load_terms(Path(config.docs_dir))
    for term in terms:
        jieba.add_word(term, freq=200000)
    jieba.initialize()
    log.debug("added %d guide terms to jieba", len(terms))


def on_post_build(config: MkDocsConfig) -> None:
    search_dir = Path(config.site_dir) / "search"
    rewrite_index_as_utf8(search_dir / "search_index.json")
    rewrite_index_as_utf8(search_dir / "search_index.js", prefix=OFFLINE_PREFIX)


# Every term of the glossary tables plus the extra list, without duplicates.
def load_terms(docs_dir: Path) -> list[str]:
    terms: dict[str, None] = {}
    glossary = docs_dir / GLOSSARY
    if glossary.is_file():
        for match in GLOSSARY_ROW.finditer(glossary.read_text(encoding="utf-8")):
            for cell in (match["zh"], match["en"]):
                for name in CELL_NAMES.split(cell.replace("`", "")):
                    term = name.strip()
                    if term and term not in NOT_A_TERM and not set(term) <= set("-: "):
                        terms[term] = None
    if EXTRA_TERMS.is_file():
        for line in EXTRA_TERMS.read_text(encoding="utf-8").splitlines():
            term = line.split("#", 1)[0].strip()
            if term:
                terms[term] = None
    return list(terms)


# Re-serialise a search index without ASCII escapes; a missing file is skipped
# because the .js variant only exists in the offline build.
def rewrite_index_as_utf8(path: Path, prefix: str = "") -> None:
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    body = text[len(prefix):] if prefix and text.startswith(prefix) else text
    data = json.loads(body.rstrip().rstrip(";"))
    out = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(prefix + out if prefix and text.startswith(prefix) else out, encoding="utf-8")
