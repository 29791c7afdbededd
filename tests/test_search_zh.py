"""hooks/search_zh.py: the glossary feeds jieba, and the index is rewritten as UTF-8."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jieba

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
