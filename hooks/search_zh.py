"""Chinese search: jieba with the guide's terms, a query side that matches it,
synonyms, question-first ranking, and a UTF-8 index.

Material segments Chinese text with jieba when it is installed. Without the
guide's own terms jieba splits 节点亲和性 into 节点/亲和性, and a search for the
whole term ranks badly. The glossary page is the dictionary: every term in its
tables is added here, so whatever the glossary explains, search finds. The
cuts are kept in ``.cache/search`` (or ``$SEARCH_CACHE_DIR``) between builds
(hooks/common/segments.py): a build whose text is unchanged never loads
jieba's dictionary.

Material writes search_index.json with ``\\uXXXX`` escapes, which roughly
doubles it for Chinese text. After the build it is rewritten as UTF-8.

The query side (what the browser does with the words a reader types) is
hooks/search_zh_worker.js. Material's search worker splits a Chinese query
greedily on the words of the index but never keeps a word that ends the query
(原理 is searched as 原). Instead of replacing Material's search, this hook
writes a copy of Material's own worker with exactly one call changed, the one
to that splitter (``WORKER_SEGMENT_CALL``); the copy is content-addressed
(``search.<hash>.min.js``) and every page points at it. If a Material release
changes that call, the build stops with a message naming this file, and
tests/test_search_zh.py fails, rather than search silently falling back.

The index on demand: Material's main bundle fetches search_index.json on
every page load, though most page views never search, and the index is the
heaviest file of the site. The same way as the worker, a content-addressed
copy of the bundle (``bundle.<hash>.min.js``) changes its one fetch of the
index (``BUNDLE_INDEX_FETCH``) to hooks/search_zh_bundle.js, which fetches it
when the reader turns to search. The file:// branch (the offline build's
search_index.js) is Material's own.

Synonyms: each glossary row's Chinese and English names lead to each other
(无根模式 ↔ rootless), and hooks/search_synonyms.txt maps words readers type
to the words the guide uses (瘦身 → 精简, 缩小). The file is checked against the
glossary (on_config) and against the built index (on_post_build); the words
are expanded in the query, so the index does not grow for them.

Ranking (rank_questions, and the field weights in mkdocs.yml): a question
section (``## …？ {#k8s-…}`` opening with its 30-second answer) gets a document
boost and its 30-second answer as a field of its own; a page's own entry and
the listing pages (question index, tags, errata, glossary) are weighed down,
because Material would otherwise show the page, not the question's anchor.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import jieba
import material
import material.plugins.search.plugin as material_search
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from hooks.common.segments import Segmenter

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

# Readers' words and the guide's words they lead to.
SYNONYMS = Path(__file__).with_name("search_synonyms.txt")
# The query side, prepended to Material's worker.
WORKER_PRELUDE = Path(__file__).with_name("search_zh_worker.js")
# Material's worker, as installed, and where the site serves workers.
MATERIAL_WORKERS = Path(material.__file__).parent / "templates/assets/javascripts/workers"
WORKERS_DIR = "assets/javascripts/workers"
WORKER_NAME = re.compile(r"search\.[0-9a-f]{8}\.min\.js")
# Material's one call to its Chinese splitter, in its minified worker:
#   e=e.replace(new RegExp("\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* "))
# Names are captured, so a patch release that only renames variables still matches.
WORKER_SEGMENT_CALL = re.compile(
    r"""(?P<q>\w+)=(?P=q)\.replace\(new RegExp\("\\\\p\{sc=Han\}\+","gu"\),"""
    r"""(?P<s>\w+)=>\[\.\.\.\w+\((?P=s),this\.index\.invertedIndex\)\]\.join\("\* "\)\)"""
)
SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")

# Material's main bundle, and the code prepended to its copy.
MATERIAL_JAVASCRIPTS = Path(material.__file__).parent / "templates/assets/javascripts"
BUNDLE_PRELUDE = Path(__file__).with_name("search_zh_bundle.js")
BUNDLE_NAME = re.compile(r"bundle\.[0-9a-f]{8}\.min\.js")
# The bundle's one fetch of the index over HTTP (file:// loads search_index.js instead):
#   ze(new URL("search/search_index.json",Or.base))
BUNDLE_INDEX_FETCH = re.compile(r"""(?P<json>[\w$]+)\(new URL\("search/search_index\.json",(?P<cfg>[\w$]+)\.base\)\)""")
# RxJS's merge, named in the search set-up, which waits for the index:
#   L($(location.protocol!=="file:"),Je("search"))
BUNDLE_MERGE = re.compile(r"""(?P<merge>[\w$]+)\([\w$]+\(location\.protocol!=="file:"\),[\w$]+\("search"\)\)""")

# Where jieba's cuts are kept between builds (hooks/common/segments.py).
CACHE_ENV = "SEARCH_CACHE_DIR"

# A question section in the index: its anchor has a chapter prefix and its
# text opens with the 30-second answer.
QUESTION_ANCHOR = re.compile(r"#(?:docker|k8s|go|overview|strategy)-[\w-]+$")
TLDR_MARK = re.compile(r"^<p>30\s*\u200b?秒\u200b?回答")


@dataclass
class State:
    material_name: str = ""
    worker_name: str = ""
    worker: str = ""
    material_bundle: str = ""
    bundle_name: str = ""
    bundle: str = ""
    synonyms: list[Synonym] = field(default_factory=list)
    separator: str = r"[\s\-]+"
    # jieba with the guide's terms; None until on_config (tests call tokens() without it).
    segmenter: Segmenter | None = None


STATE = State()


# extra.search.synonyms in mkdocs.yml (relative to it), else hooks/search_synonyms.txt.
def synonyms_file(config: MkDocsConfig) -> Path:
    setting = (config.extra.get("search") or {}).get("synonyms")
    return Path(config.config_file_path).parent / setting if setting else SYNONYMS


def on_config(config: MkDocsConfig) -> None:
    docs_dir = Path(config.docs_dir)
    terms = load_terms(docs_dir)
    # Material cuts each page's Chinese with the module it imported as `jieba`,
    # and only calls its cut(). Material's own dictionary settings would change
    # every cut, so with those set nothing is cached.
    search = config.plugins.get("material/search")
    own_dictionary = search is not None and bool(search.config.jieba_dict or search.config.jieba_dict_user)
    folder = os.environ.get(CACHE_ENV)
    root = Path(config.config_file_path).resolve().parent
    cache = None if own_dictionary else Path(folder) if folder else root / ".cache" / "search"
    STATE.segmenter = Segmenter(terms, cache)
    if own_dictionary:
        STATE.segmenter.teach_jieba()
    elif search is not None:
        material_search.jieba = STATE.segmenter
    log.debug("%d guide terms for jieba, %d cuts on file", len(terms), len(STATE.segmenter.known))

    rows = load_glossary_rows(docs_dir)
    synonyms, errors = load_synonyms(synonyms_file(config), rows)
    if errors:
        raise PluginError("search synonyms:\n" + "\n".join(errors))
    if search is not None and search.config.separator:
        STATE.separator = search.config.separator
    STATE.synonyms = synonyms
    STATE.material_name, original = material_worker()
    STATE.worker = patch_worker(
        original, synonym_map(synonyms, rows, STATE.separator), compound_map(docs_dir, STATE.separator)
    )
    digest = hashlib.sha256(STATE.worker.encode("utf-8")).hexdigest()[:8]
    STATE.worker_name = f"search.{digest}.min.js"
    STATE.material_bundle, original = material_file(MATERIAL_JAVASCRIPTS, BUNDLE_NAME)
    STATE.bundle = patch_bundle(original)
    digest = hashlib.sha256(STATE.bundle.encode("utf-8")).hexdigest()[:8]
    STATE.bundle_name = f"bundle.{digest}.min.js"


# Every page and template names Material's worker in its __config and loads its
# bundle; point them at the patched copies.
def on_post_page(output: str, *, page, config: MkDocsConfig) -> str:
    return use_patched_scripts(output)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    return use_patched_scripts(output_content)


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    search_dir = site_dir / "search"
    index = search_dir / "search_index.json"
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        errors = check_synonym_targets(STATE.synonyms, index_words(data, STATE.separator))
        if errors:
            raise PluginError("search synonyms:\n" + "\n".join(errors))
        rank_questions(data)
        write_index(index, data)
    rewrite_index_as_utf8(search_dir / "search_index.js", prefix=OFFLINE_PREFIX)
    if STATE.worker:
        workers = site_dir / WORKERS_DIR
        workers.mkdir(parents=True, exist_ok=True)
        (workers / STATE.worker_name).write_text(STATE.worker, encoding="utf-8")
    if STATE.bundle:
        (site_dir / "assets/javascripts" / STATE.bundle_name).write_text(STATE.bundle, encoding="utf-8")
    remove_replaced_scripts(site_dir)
    if STATE.segmenter is not None:
        STATE.segmenter.save()
    material_search.jieba = jieba


# A later build in the same process (tests, the bench) may not run this hook.
def on_build_error(error: Exception) -> None:
    material_search.jieba = jieba


# Every page and template names the patched copies, so Material's originals and
# their source maps (1.2 MB, which the copies do not match) are not shipped.
def remove_replaced_scripts(site_dir: Path) -> None:
    replaced = [
        (site_dir / WORKERS_DIR, STATE.material_name, STATE.worker),
        (site_dir / "assets/javascripts", STATE.material_bundle, STATE.bundle),
    ]
    for folder, name, copy in replaced:
        if name and copy:
            (folder / name).unlink(missing_ok=True)
            (folder / f"{name}.map").unlink(missing_ok=True)


def use_patched_scripts(html: str) -> str:
    if STATE.material_name and STATE.worker_name:
        html = html.replace(STATE.material_name, STATE.worker_name)
    if STATE.material_bundle and STATE.bundle_name:
        html = html.replace(STATE.material_bundle, STATE.bundle_name)
    return html


# ---------------------------------------------------------------------------
# The worker


# Material's installed worker: its file name and text.
def material_worker(directory: Path = MATERIAL_WORKERS) -> tuple[str, str]:
    return material_file(directory, WORKER_NAME)


# The one installed Material script in `directory` whose name matches `name`.
def material_file(directory: Path, name: re.Pattern[str]) -> tuple[str, str]:
    found = sorted(p for p in directory.glob("*.min.js") if name.fullmatch(p.name))
    if len(found) != 1:
        pattern = name.pattern.replace("\\.", ".").replace("[0-9a-f]{8}", "<hash>")
        raise PluginError(
            f"hooks/search_zh.py: expected one {pattern} in {directory}, found {[p.name for p in found]}"
        )
    return found[0].name, found[0].read_text(encoding="utf-8")


# Material's worker with its Chinese splitter call replaced by the guide's,
# and the guide's query code (with the synonyms and the CamelCase compounds) in front of it.
def patch_worker(
    original: str,
    synonyms: dict[str, list[str]],
    compounds: dict[str, list[str]] | None = None,
    prelude: Path = WORKER_PRELUDE,
) -> str:
    matches = list(WORKER_SEGMENT_CALL.finditer(original))
    if len(matches) != 1:
        raise PluginError(
            "hooks/search_zh.py: Material's search worker no longer contains the one call "
            f"to its Chinese query splitter (found {len(matches)}); update WORKER_SEGMENT_CALL "
            "for this Material release (see tests/test_search_zh.py)"
        )
    match = matches[0]
    call = f"{match['q']}=self.searchZh.query({match['q']},this.index)"
    body = original[: match.start()] + call + original[match.end():]
    body = SOURCE_MAP.sub("\n", body)
    code = prelude.read_text(encoding="utf-8")
    for name, value in (("SYNONYMS", synonyms), ("COMPOUNDS", compounds or {})):
        placeholder = f"var {name} = {{}} /* @{name}@ */"
        if placeholder not in code:
            raise PluginError(f"{prelude}: the {name} placeholder is missing")
        code = code.replace(placeholder, f"var {name} = " + json.dumps(value, ensure_ascii=False, sort_keys=True))
    return code + "\n" + body


# ---------------------------------------------------------------------------
# The bundle


# Material's main bundle with its fetch of the search index deferred until the
# reader turns to search (hooks/search_zh_bundle.js says when). The index is
# the heaviest file a page loads, and most page views never search.
def patch_bundle(original: str, prelude: Path = BUNDLE_PRELUDE) -> str:
    fetches = list(BUNDLE_INDEX_FETCH.finditer(original))
    merges = list(BUNDLE_MERGE.finditer(original))
    if len(fetches) != 1 or len(merges) != 1:
        raise PluginError(
            "hooks/search_zh.py: Material's bundle no longer fetches the search index in one known "
            f"place (index fetches {len(fetches)}, search set-ups {len(merges)}); update "
            "BUNDLE_INDEX_FETCH and BUNDLE_MERGE for this Material release (see tests/test_search_zh.py)"
        )
    fetch = fetches[0]
    url = f'new URL("search/search_index.json",{fetch["cfg"]}.base)'
    # merge() of one promise is that promise as an observable, which the bundle expects.
    call = f"{merges[0]['merge']}(cnigSearchIndex({url}))"
    body = original[: fetch.start()] + call + original[fetch.end():]
    return prelude.read_text(encoding="utf-8") + "\n" + SOURCE_MAP.sub("\n", body)


# ---------------------------------------------------------------------------
# Synonyms


@dataclass
class Synonym:
    line: int
    word: str
    targets: list[str]


# One glossary row: its Chinese names and its English names.
def load_glossary_rows(docs_dir: Path) -> list[tuple[list[str], list[str]]]:
    rows: list[tuple[list[str], list[str]]] = []
    glossary = docs_dir / GLOSSARY
    if not glossary.is_file():
        return rows
    for match in GLOSSARY_ROW.finditer(glossary.read_text(encoding="utf-8")):
        cells = []
        for cell in (match["zh"], match["en"]):
            names = [n.strip() for n in CELL_NAMES.split(cell.replace("`", ""))]
            cells.append([n for n in names if n and n not in NOT_A_TERM and not set(n) <= set("-: ")])
        if cells[0] or cells[1]:
            rows.append((cells[0], cells[1]))
    return rows


IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]*")


# Identifiers the pages write both joined and in CamelCase (rolebinding and
# RoleBinding): the joined form -> its lowercased parts, as the separator
# (which splits before an inner capital) indexes the CamelCase form. A reader
# who types the joined word is searched for the parts too. Only words the
# pages write both ways: cancel is never CanCel, so it is not searched as can + cel.
# The parts are the index's own (JSONv2 is indexed as jso + nv2), odd or not.
def compound_map(docs_dir: Path, separator: str) -> dict[str, list[str]]:
    split = re.compile(separator)
    joined: set[str] = set()
    camel: dict[str, list[str]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        for word in sorted(set(IDENTIFIER.findall(path.read_text(encoding="utf-8")))):
            parts = [part.lower() for part in split.split(word) if part]
            if len(parts) == 1:
                joined.add(parts[0])
            elif parts:
                camel.setdefault("".join(parts), parts)
    # A part of one or two letters (GPUs -> gp + us) would match far too much.
    return {
        word: parts
        for word, parts in sorted(camel.items())
        if word in joined and all(len(part) > 2 for part in parts)
    }


SYNONYM_LINE = re.compile(r"^(?P<word>[^=,]+?)\s*=\s*(?P<targets>[^=]+)$")


# Parse the synonyms file and check it against the glossary; returns the
# entries and one message per problem ("file:line: message").
def load_synonyms(path: Path, rows: list[tuple[list[str], list[str]]]) -> tuple[list[Synonym], list[str]]:
    entries: list[Synonym] = []
    errors: list[str] = []
    if not path.is_file():
        return entries, errors
    glossary = {name.lower(): (zh, en) for zh, en in rows for name in zh + en}
    seen: dict[str, int] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{path.name}:{number}"
        match = SYNONYM_LINE.match(line)
        targets = [t.strip() for t in match["targets"].split(",")] if match else []
        if not match or not all(targets):
            errors.append(f'{where}: expected "读者的词 = 本书的词, 本书的词", got {raw.strip()!r}')
            continue
        word = match["word"].strip()
        key = word.lower()
        if key in seen:
            errors.append(f"{where}: {word} is already listed on line {seen[key]}")
            continue
        seen[key] = number
        if key in glossary:
            errors.append(
                f"{where}: {word} is a glossary term, so the guide already uses it; "
                "the left side is for words readers type that the guide does not use"
            )
            continue
        if any(t.lower() == key for t in targets):
            errors.append(f"{where}: {word} leads to itself")
            continue
        entries.append(Synonym(number, word, targets))
    return entries, errors


# Each synonym must lead to words the built pages contain.
def check_synonym_targets(entries: list[Synonym], words: set[str]) -> list[str]:
    errors = []
    for entry in entries:
        for target in entry.targets:
            missing = [t for t in tokens(target, STATE.separator) if t not in words]
            if missing:
                errors.append(
                    f"{SYNONYMS.name}:{entry.line}: {entry.word} = {target}: "
                    f"{'、'.join(missing)} does not occur in the guide's search index"
                )
    return errors


# What the worker expands: the synonyms file, plus each glossary row's
# one-word Chinese and English names leading to each other (探针 ↔ probe).
def synonym_map(
    entries: list[Synonym], rows: list[tuple[list[str], list[str]]], separator: str,
    glossary: bool = True,
) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}

    def add(word: str, targets: list[str]) -> None:
        values = out.setdefault(word.lower(), [])
        for target in targets:
            for token in tokens(target, separator):
                if token != word.lower() and token not in values:
                    values.append(token)

    han_word = re.compile(r"[\u4e00-\u9fff]+")
    for zh, en in rows if glossary else []:
        for name in zh:
            if han_word.fullmatch(name):
                add(name, en)
        for name in en:
            if len(tokens(name, separator)) == 1:
                add(name, [z for z in zh if han_word.fullmatch(z)])
    for entry in entries:
        add(entry.word, entry.targets)
    return {k: v for k, v in out.items() if v}


# How the worker tokenises text: lowercase, split at the separator and at
# jieba's word boundaries.
def tokens(text: str, separator: str) -> list[str]:
    out: list[str] = []
    for part in re.split(separator, text.replace("\u200b", " ")):
        if not part:
            continue
        if re.search(r"[\u4e00-\u9fff]", part):
            words = STATE.segmenter.cut(part) if STATE.segmenter is not None else jieba.cut(part)
            out.extend(w.lower() for w in words if w.strip())
        else:
            out.append(part.lower())
    return out


HTML_TAG = re.compile(r"<[^>]+>")


# Every word of the built index, split as the worker splits it (the index's
# Chinese is already segmented with \u200b by Material).
def index_words(data: dict, separator: str) -> set[str]:
    texts: list[str] = []
    for doc in data.get("docs", []):
        texts += [doc.get("title") or "", doc.get("text") or ""]
        texts += [str(tag) for tag in doc.get("tags") or []]
    # One split of everything, joined by a space (a separator, so no two
    # texts run together), then each distinct word lowered once.
    joined = HTML_TAG.sub(" ", " ".join(texts))
    return {w.lower() for w in set(re.split(separator, joined)) if w}


# ---------------------------------------------------------------------------
# Ranking


# Document boosts. Material multiplies a page's own entry (its H1 and intro)
# by up to 2.5 over its sections; a reader wants the question, so the page
# entry is weighed down. Pages that only list or link questions (index,
# tags, errata, practice) and the glossary are passing mentions.
QUESTION_BOOST = 2.0
PAGE_BOOST = 0.25
LISTING_BOOST = 0.1
LISTING_PAGES = ("questions/", "tags/", "errata/", "practice/", "glossary/",
                 "questions.html", "tags.html", "errata.html", "practice.html", "glossary.html")
# The 30-second answer is copied into its own field, weighed between the
# heading (title) and the rest of the section (text).
SUMMARY_FIELD = "summary"
SUMMARY_BOOST = 4.0
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


# A question is found by its heading and its 30-second answer; a page or a
# listing that merely mentions a term ranks below it.
def rank_questions(data: dict) -> None:
    fields = data.setdefault("config", {}).setdefault("fields", {})
    if SUMMARY_BOOST > 0:
        fields[SUMMARY_FIELD] = {"boost": SUMMARY_BOOST}
    for doc in data.get("docs", []):
        location = doc.get("location", "")
        boost = float(doc.get("boost", 1.0))
        if location.startswith(LISTING_PAGES):
            boost *= LISTING_BOOST
        elif "#" not in location:
            boost *= PAGE_BOOST
        elif QUESTION_ANCHOR.search(location) and TLDR_MARK.match(doc.get("text", "")):
            boost *= QUESTION_BOOST
            summary = PARAGRAPH.findall(doc["text"])[1:2]
            if summary and SUMMARY_BOOST > 0:
                doc[SUMMARY_FIELD] = HTML_TAG.sub("", summary[0])
        if boost != 1.0:
            doc["boost"] = boost


def write_index(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


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
