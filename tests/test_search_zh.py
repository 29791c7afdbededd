"""hooks/search_zh.py: the glossary feeds jieba, and the index is rewritten as UTF-8."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jieba
import pytest
from mkdocs.exceptions import PluginError

from hooks import search_zh
from tests.conftest import ROOT

FIXTURE = ROOT / "tests/fixtures/search"


def test_glossary_terms_become_dictionary_words(tmp_path: Path) -> None:
    shutil.copy(FIXTURE / "glossary.md", tmp_path / "glossary.md")
    terms = search_zh.load_terms(tmp_path)
    glossary_terms = terms[: terms.index("控制器")]  # the extra list follows the glossary
    assert glossary_terms == [
        "节点亲和性", "Node Affinity", "协程", "goroutine", "镜像索引", "Image Index", "Manifest List",
    ]


def test_a_whole_term_is_one_token_after_loading() -> None:
    assert "节点亲和性" not in jieba.lcut("配置节点亲和性")  # jieba alone splits it
    for term in search_zh.load_terms(FIXTURE):
        jieba.add_word(term, freq=200000)
    assert "节点亲和性" in jieba.lcut("配置节点亲和性")


def test_index_is_rewritten_without_escapes(tmp_path: Path) -> None:
    data = {"docs": [{"title": "调度", "text": "节点亲和性"}]}
    index = tmp_path / "search_index.json"
    index.write_text(json.dumps(data), encoding="utf-8")
    escaped = index.stat().st_size
    search_zh.rewrite_index_as_utf8(index)
    text = index.read_text(encoding="utf-8")
    assert "节点亲和性" in text and "\\u" not in text
    assert json.loads(text) == data
    assert index.stat().st_size < escaped


def test_offline_variant_keeps_its_javascript_prefix(tmp_path: Path) -> None:
    index = tmp_path / "search_index.js"
    index.write_text("var __index = " + json.dumps({"docs": [{"text": "污点"}]}), encoding="utf-8")
    search_zh.rewrite_index_as_utf8(index, prefix=search_zh.OFFLINE_PREFIX)
    assert index.read_text(encoding="utf-8") == 'var __index = {"docs":[{"text":"污点"}]}'


def test_missing_index_is_left_alone(tmp_path: Path) -> None:
    search_zh.rewrite_index_as_utf8(tmp_path / "absent.json")
    assert not (tmp_path / "absent.json").exists()


# ---------------------------------------------------------------------------
# Synonyms: each rule and its message.

SYNONYM_FIXTURES = FIXTURE / "synonyms"


def synonym_errors(name: str) -> list[str]:
    rows = search_zh.load_glossary_rows(FIXTURE)
    return search_zh.load_synonyms(SYNONYM_FIXTURES / name, rows)[1]


def test_a_valid_synonyms_file_has_no_errors() -> None:
    rows = search_zh.load_glossary_rows(FIXTURE)
    entries, errors = search_zh.load_synonyms(SYNONYM_FIXTURES / "ok.txt", rows)
    assert errors == []
    assert [(e.line, e.word, e.targets) for e in entries] == [(1, "瘦身", ["精简"]), (2, "无根", ["rootless"])]


def test_a_line_without_equals_sign_is_rejected() -> None:
    assert synonym_errors("syntax.txt") == [
        "syntax.txt:1: expected \"读者的词 = 本书的词, 本书的词\", got '瘦身 精简'"
    ]


def test_a_word_listed_twice_is_rejected() -> None:
    assert synonym_errors("duplicate.txt") == ["duplicate.txt:3: 瘦身 is already listed on line 1"]


def test_a_glossary_term_on_the_left_is_rejected() -> None:
    assert synonym_errors("glossary-term.txt") == [
        ("glossary-term.txt:1: 节点亲和性 is a glossary term, so the guide already uses it; "
        "the left side is for words readers type that the guide does not use")
    ]


def test_a_word_leading_to_itself_is_rejected() -> None:
    assert synonym_errors("itself.txt") == ["itself.txt:1: 瘦身 leads to itself"]


def test_a_target_missing_from_the_index_is_rejected(monkeypatch) -> None:
    monkeypatch.setattr(search_zh, "SYNONYMS", SYNONYM_FIXTURES / "unknown-target.txt")
    rows = search_zh.load_glossary_rows(FIXTURE)
    entries, _ = search_zh.load_synonyms(search_zh.SYNONYMS, rows)
    assert search_zh.check_synonym_targets(entries, {"精简", "镜像"}) == [
        "unknown-target.txt:1: 瘦身 = 苗条: 苗条 does not occur in the guide's search index"
    ]


# The words synonym targets are checked against: split as the worker splits,
# lowered, from titles, texts and tags, without the HTML.
def test_index_words_are_the_workers_words() -> None:
    data = {"docs": [
        {"title": "Pod \u200b亲和性", "text": "<p>RoleBinding 和 <code>nodeSelector</code></p>", "tags": ["调度"]},
        {"title": "", "text": "HTTP/2 多路\u200b复用", "location": "x/"},
    ]}
    assert search_zh.index_words(data, SEPARATOR) == {
        "pod", "亲和性", "role", "binding", "和", "node", "selector", "调度", "http", "2", "多路", "复用"}


def test_the_guides_synonyms_file_is_valid() -> None:
    rows = search_zh.load_glossary_rows(ROOT / "docs")
    entries, errors = search_zh.load_synonyms(search_zh.SYNONYMS, rows)
    assert errors == [] and len(entries) >= 10


def test_glossary_rows_lead_both_ways() -> None:
    rows = search_zh.load_glossary_rows(FIXTURE)
    mapping = search_zh.synonym_map([], rows, r"[\s\-]+")
    assert mapping["节点亲和性"] == ["node", "affinity"]
    assert mapping["goroutine"] == ["协程"]
    assert "node affinity" not in mapping  # only one-word names lead back


# ---------------------------------------------------------------------------
# Material's worker: the one patched call.

MINIFIED_CALL = (
    'search(e){if(e=e.replace(new RegExp("\\\\p{sc=Han}+","gu"),'
    's=>[...fe(s,this.index.invertedIndex)].join("* ")),e=ce(e),!e)return{items:[]};'
)


def test_installed_material_worker_is_patched_in_exactly_one_place() -> None:
    name, original = search_zh.material_worker()
    patched = search_zh.patch_worker(original, {"瘦身": ["精简"]}, {"rolebinding": ["role", "binding"]})
    assert search_zh.WORKER_NAME.fullmatch(name)
    assert "this.index.invertedIndex)].join" not in patched
    assert patched.count("=self.searchZh.query(") == 1
    assert 'var SYNONYMS = {"瘦身": ["精简"]}' in patched
    assert 'var COMPOUNDS = {"rolebinding": ["role", "binding"]}' in patched
    assert "sourceMappingURL" not in patched
    # Everything after the guide's prelude is Material's worker, byte for byte,
    # except the one call.
    call = search_zh.WORKER_SEGMENT_CALL.search(original)
    assert call is not None
    tail = original[: call.start()] + "e=self.searchZh.query(e,this.index)" + original[call.end():]
    assert patched.endswith(search_zh.SOURCE_MAP.sub("\n", tail))


def test_renamed_variables_still_match() -> None:
    renamed = MINIFIED_CALL.replace("e=e.replace", "q=q.replace").replace("s=>[...fe(s", "x=>[...zz(x")
    patched = search_zh.patch_worker("x;" + renamed, {})
    assert "q=self.searchZh.query(q,this.index)" in patched


def test_a_changed_worker_stops_the_build() -> None:
    with pytest.raises(PluginError, match="no longer contains the one call"):
        search_zh.patch_worker("search(e){return e}", {})


def test_a_prelude_without_a_placeholder_stops_the_build(tmp_path: Path) -> None:
    prelude = tmp_path / "prelude.js"
    prelude.write_text("var SYNONYMS = {} /* @SYNONYMS@ */\n", encoding="utf-8")
    with pytest.raises(PluginError) as caught:
        search_zh.patch_worker(MINIFIED_CALL, {}, {}, prelude=prelude)
    assert str(caught.value) == f"{prelude}: the COMPOUNDS placeholder is missing"


def test_compounds_are_words_the_pages_write_joined_and_in_camel_case(tmp_path: Path) -> None:
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s/rbac.md").write_text(
        "用 `kubectl create rolebinding` 创建 RoleBinding，再看 ClusterRoleBinding。\n", encoding="utf-8"
    )
    (tmp_path / "go.md").write_text(
        "调用 cancel 函数；WithCancel 返回它。Pod 进入 CrashLoopBackOff。gpus 与 GPUs。\n", encoding="utf-8"
    )
    # clusterrolebinding and crashloopbackoff are never written joined, withcancel
    # neither; cancel is never written in CamelCase; GPUs splits into gp + us,
    # parts too short to search.
    assert search_zh.compound_map(tmp_path, SEPARATOR) == {"rolebinding": ["role", "binding"]}


def test_the_guides_compounds_include_its_api_kinds() -> None:
    compounds = search_zh.compound_map(ROOT / "docs", SEPARATOR)
    assert compounds["rolebinding"] == ["role", "binding"]
    assert compounds["statefulset"] == ["stateful", "set"]
    assert "cancel" not in compounds


def test_pages_point_at_the_patched_worker_and_bundle(monkeypatch) -> None:
    monkeypatch.setattr(search_zh.STATE, "material_name", "search.a7633da7.min.js")
    monkeypatch.setattr(search_zh.STATE, "worker_name", "search.0123abcd.min.js")
    monkeypatch.setattr(search_zh.STATE, "material_bundle", "bundle.a5f9d56c.min.js")
    monkeypatch.setattr(search_zh.STATE, "bundle_name", "bundle.89abcdef.min.js")
    html = ('"search": "../assets/javascripts/workers/search.a7633da7.min.js"'
            '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>')
    assert search_zh.use_patched_scripts(html) == (
        '"search": "../assets/javascripts/workers/search.0123abcd.min.js"'
        '<script src="../assets/javascripts/bundle.89abcdef.min.js"></script>')


def test_materials_replaced_scripts_and_their_maps_are_not_shipped(tmp_path: Path, monkeypatch) -> None:
    workers, scripts = tmp_path / search_zh.WORKERS_DIR, tmp_path / "assets/javascripts"
    workers.mkdir(parents=True)
    names = ["search.a7633da7.min.js", "search.a7633da7.min.js.map", "search.0123abcd.min.js"]
    for name in names:
        (workers / name).write_text("x")
    for name in ["bundle.a5f9d56c.min.js", "bundle.a5f9d56c.min.js.map", "bundle.89abcdef.min.js"]:
        (scripts / name).write_text("x")
    monkeypatch.setattr(search_zh.STATE, "material_name", "search.a7633da7.min.js")
    monkeypatch.setattr(search_zh.STATE, "worker", "patched worker")
    monkeypatch.setattr(search_zh.STATE, "material_bundle", "bundle.a5f9d56c.min.js")
    monkeypatch.setattr(search_zh.STATE, "bundle", "")  # not patched: the original stays
    search_zh.remove_replaced_scripts(tmp_path)
    assert sorted(p.name for p in workers.iterdir()) == ["search.0123abcd.min.js"]
    assert sorted(p.name for p in scripts.iterdir() if p.is_file()) == [
        "bundle.89abcdef.min.js", "bundle.a5f9d56c.min.js", "bundle.a5f9d56c.min.js.map"]


# Material's bundle as minified: the index fetch and the search set-up.
MINIFIED_BUNDLE = (
    'function ks(){return location.protocol==="file:"?_t(`${new URL("search/search_index.js",Or.base)}`)'
    '.pipe(m(()=>__index),Z(1)):ze(new URL("search/search_index.json",Or.base))}'
    'function Ei(e,t){let r=Mn(e);return L($(location.protocol!=="file:"),Je("search")).pipe(Re(o=>o),b(()=>t))}'
)


def test_installed_material_bundle_fetches_the_index_on_demand() -> None:
    name, original = search_zh.material_file(search_zh.MATERIAL_JAVASCRIPTS, search_zh.BUNDLE_NAME)
    patched = search_zh.patch_bundle(original)
    assert search_zh.BUNDLE_NAME.fullmatch(name)
    assert patched.startswith(search_zh.BUNDLE_PRELUDE.read_text(encoding="utf-8"))
    assert patched.count("cnigSearchIndex(new URL(\"search/search_index.json\"") == 1
    assert "sourceMappingURL" not in patched
    # The file:// branch (search_index.js, for the offline build) is Material's own.
    assert 'new URL("search/search_index.js",' in patched


def test_bundle_patch_with_renamed_variables() -> None:
    renamed = MINIFIED_BUNDLE.replace("ze(new", "q$(new").replace("Or.base))}", "Cf.base))}").replace("L($(", "M1($(")
    prelude = search_zh.BUNDLE_PRELUDE.read_text(encoding="utf-8") + "\n"
    body = search_zh.patch_bundle(renamed).removeprefix(prelude)
    assert ':M1(cnigSearchIndex(new URL("search/search_index.json",Cf.base)))}' in body
    assert "search_index.json\",Cf.base))" in body and "q$(" not in body


def test_a_changed_bundle_stops_the_build() -> None:
    with pytest.raises(PluginError) as error:
        search_zh.patch_bundle(MINIFIED_BUNDLE.replace('"search")', '"find")'))
    assert str(error.value) == (
        "hooks/search_zh.py: Material's bundle no longer fetches the search index in one known place "
        "(index fetches 1, search set-ups 0); update BUNDLE_INDEX_FETCH and BUNDLE_MERGE for this "
        "Material release (see tests/test_search_zh.py)")


def test_a_missing_material_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PluginError) as error:
        search_zh.material_file(tmp_path, search_zh.BUNDLE_NAME)
    assert str(error.value) == f"hooks/search_zh.py: expected one bundle.<hash>.min.js in {tmp_path}, found []"


# ---------------------------------------------------------------------------
# The query side, run in Node with a small index.

NODE = shutil.which("node") or "/usr/bin/node"
SEPARATOR = r'[\s\u200b\-_,:!=\[\]()"`/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])'
INDEX_WORDS = [
    "informer", "原理", "原生", "云原生", "亲和性", "节点亲和性", "crash", "loop", "back", "off",
    "node", "selector", "精简", "缩小", "镜像", "一直", "pending", "pod", "http", "2", "多路复用",
    "references", "owner", "resource", "version", "rolebinding", "role", "binding", "ldflags", "s", "w",
    "cancel", "can", "cel",
]


def run_worker(code: str, synonyms: dict | None = None, compounds: dict | None = None) -> list[str]:
    assert Path(NODE).is_file(), "Node.js is needed to test hooks/search_zh_worker.js"
    prelude = search_zh.WORKER_PRELUDE.read_text(encoding="utf-8").replace(
        "var SYNONYMS = {} /* @SYNONYMS@ */", "var SYNONYMS = " + json.dumps(synonyms or {}, ensure_ascii=False)
    ).replace("var COMPOUNDS = {} /* @COMPOUNDS@ */", "var COMPOUNDS = " + json.dumps(compounds or {}))
    script = (
        "globalThis.self = globalThis; self.addEventListener = () => {}; self.postMessage = () => {};\n"
        f"globalThis.lunr = {{ tokenizer: {{ separator: new RegExp({json.dumps(SEPARATOR)}) }} }};\n"
        + prelude
        + f"\nconst index = {{ invertedIndex: Object.fromEntries({json.dumps(INDEX_WORDS)}.map(w => [w, {{}}])) }};\n"
        + code
    )
    proc = subprocess.run([NODE, "-e", script], check=False, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def run_queries(queries: list[str], synonyms: dict | None = None, compounds: dict | None = None) -> list[str]:
    code = f"for (const q of {json.dumps(queries, ensure_ascii=False)}) console.log(self.searchZh.query(q, index));\n"
    return run_worker(code, synonyms, compounds)


# The words each result of `query` lacks, as Material's result message lists
# them (`terms`, word -> found) after the worker's postMessage has shown them.
def shown_terms(query: str, results: list[dict], synonyms: dict | None = None, compounds: dict | None = None) -> list[dict]:
    message = {"type": 3, "data": {"items": [[{"terms": terms}] for terms in results]}}
    code = (
        f"self.searchZh.query({json.dumps(query, ensure_ascii=False)}, index);\n"
        f"const message = {json.dumps(message, ensure_ascii=False)};\n"
        "self.searchZh.present(message.data);\n"
        "console.log(JSON.stringify(message.data.items.map((item) => item[0].terms)));\n"
    )
    return json.loads(run_worker(code, synonyms, compounds)[0])


def test_query_side_keeps_words_whole_and_splits_identifiers() -> None:
    assert run_queries([
        "Informer 原理",
        "亲和性",
        "节点亲和性",
        "crashloopbackoff",
        "CrashLoopBackOff",
        "nodeselector",
        "pod 一直 pending",
        "HTTP/2 多路复用",
        "ldflags -s -w",
        "ownerreference",
        "原理和云原生",
        "镜像苗条",
        "怎么",
        "+informer -pod",
    ]) == [
        "informer 原理",
        "亲和性",
        "节点亲和性",
        "+crash* +loop* +back* +off*",
        "crash loop back off",
        "+node* +selector*",
        "pod 一直 pending",
        "http 多路复用",
        "ldflags",
        "+owner* +reference*",
        "原理 云原生",
        "镜像 苗条",
        "怎么",
        "+informer -pod",
    ]


def test_query_side_expands_readers_words() -> None:
    assert run_queries(["镜像瘦身", "瘦身镜像", "瘦身"], {"瘦身": ["精简", "缩小"]}) == [
        "镜像*^3 精简 缩小",
        "精简 缩小 镜像*^3",
        "精简 缩小",
    ]


def test_query_side_searches_joined_identifiers_both_ways() -> None:
    # "rolebinding" is a word of the index, but RoleBinding is indexed as role + binding.
    compounds = {"rolebinding": ["role", "binding"]}
    assert run_queries(["rolebinding", "RoleBinding", "binding"], compounds=compounds) == [
        "rolebinding*^3 role binding",
        "role binding",
        "binding",
    ]


def test_query_side_keeps_a_word_whole_that_the_pages_never_write_in_camel_case() -> None:
    # can and cel are words of the index too (CEL is Kubernetes' expression
    # language), but no page writes CanCel: the reader is not told "missing: cel".
    assert run_queries(["cancel 函数", "cancel"], compounds={"rolebinding": ["role", "binding"]}) == [
        "cancel 函数",
        "cancel",
    ]


def test_results_list_the_typed_word_not_the_parts_searched_for_it() -> None:
    compounds = {"rolebinding": ["role", "binding"]}
    assert shown_terms(
        "rolebinding",
        [
            {"rolebinding": False, "role": True, "binding": True},  # the page writes RoleBinding
            {"rolebinding": True, "role": False, "binding": False},  # kubectl create rolebinding
            {"rolebinding": False, "role": True, "binding": False},  # a Role, no binding
            {"rolebinding": False, "role": False, "binding": False},
        ],
        compounds=compounds,
    ) == [
        # Parts it has stay listed as found: the result's link highlights them.
        {"rolebinding": True, "role": True, "binding": True},
        {"rolebinding": True},
        {"rolebinding": False, "role": True},
        {"rolebinding": False},
    ]
    # A typed word is always listed, even when it is also a part of another.
    assert shown_terms(
        "role rolebinding", [{"role": False, "rolebinding": False, "binding": True}], compounds=compounds
    ) == [{"role": False, "rolebinding": False, "binding": True}]


def test_results_list_the_typed_word_not_its_synonyms() -> None:
    # 瘦身 is no word of the index: only its synonyms were searched.
    synonyms = {"瘦身": ["精简", "缩小"], "变小": ["缩小"]}
    assert shown_terms("镜像瘦身", [{"镜像": True, "精简": True, "缩小": False}], synonyms) == [
        {"镜像": True, "瘦身": True, "精简": True}
    ]
    assert shown_terms("镜像瘦身", [{"镜像": True, "精简": False, "缩小": False}], synonyms) == [
        {"镜像": True, "瘦身": False}
    ]
    # Two typed words sharing a synonym are both listed.
    assert shown_terms("瘦身 变小", [{"精简": False, "缩小": True}], synonyms) == [
        {"瘦身": True, "变小": True, "缩小": True}
    ]


def test_results_of_a_plain_query_are_left_as_material_lists_them() -> None:
    assert shown_terms("pod 一直 pending", [{"pod": True, "一直": False, "pending": True}]) == [
        {"pod": True, "一直": False, "pending": True}
    ]


def test_query_side_searches_parts_only_when_the_index_holds_them_all() -> None:
    # "bindings" is no word of this index: rolebinding stays one word.
    assert run_queries(["rolebinding"], compounds={"rolebinding": ["role", "bindings"]}) == ["rolebinding"]

