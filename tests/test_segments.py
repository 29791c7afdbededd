"""hooks/common/segments.py: jieba's cuts come from the file when they can, and only then."""

from __future__ import annotations

import json
from pathlib import Path

import jieba
import pytest

from hooks.common import segments
from hooks.common.segments import Segmenter

TERMS = ["节点亲和性", "Node Affinity"]
TEXTS = ["配置节点亲和性", "调度器为 Pod 选择节点", "容器镜像"]


# jieba's dictionary is one per process: words a test adds are taken out again.
@pytest.fixture(autouse=True)
def own_jieba(monkeypatch: pytest.MonkeyPatch) -> None:
    jieba.initialize()
    monkeypatch.setattr(jieba.dt, "FREQ", dict(jieba.dt.FREQ))
    monkeypatch.setattr(jieba.dt, "total", jieba.dt.total)


# jieba.cut made to fail, to prove an answer came from the file.
def forbid_jieba(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("jieba was asked")

    monkeypatch.setattr(jieba, "cut", refuse)
    monkeypatch.setattr(jieba, "add_word", refuse)


def test_cuts_are_jiebas_with_the_guides_terms(tmp_path: Path) -> None:
    segmenter = Segmenter(TERMS, tmp_path)
    assert segmenter.cut("配置节点亲和性") == ["配置", "节点亲和性"]
    assert segmenter.cut("配置节点亲和性".encode()) == ["配置", "节点亲和性"]  # Material passes bytes
    for text in TEXTS:
        assert segmenter.cut(text) == jieba.lcut(text)


def test_a_second_build_cuts_from_the_file_without_jieba(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Segmenter(TERMS, tmp_path)
    expected = [first.cut(text) for text in TEXTS]
    first.save()
    forbid_jieba(monkeypatch)
    second = Segmenter(TERMS, tmp_path)
    assert [second.cut(text) for text in TEXTS] == expected
    assert second.misses == 0 and not second.jieba_ready


def test_other_terms_start_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Segmenter(TERMS, tmp_path)
    first.cut("配置节点亲和性")
    first.save()
    assert Segmenter(TERMS, tmp_path).known
    assert Segmenter([*TERMS, "调度器"], tmp_path).known == {}
    monkeypatch.setattr(jieba, "__version__", "0.0.1")
    assert Segmenter(TERMS, tmp_path).known == {}


def test_the_file_keeps_what_the_last_build_asked_for(tmp_path: Path) -> None:
    first = Segmenter(TERMS, tmp_path)
    for text in TEXTS:
        first.cut(text)
    first.save()
    second = Segmenter(TERMS, tmp_path)
    second.cut(TEXTS[0])
    second.save()
    data = json.loads((tmp_path / segments.FILE_NAME).read_text(encoding="utf-8"))
    assert list(data["cuts"]) == [TEXTS[0]]


def test_an_unchanged_build_does_not_rewrite_the_file(tmp_path: Path) -> None:
    first = Segmenter(TERMS, tmp_path)
    first.cut(TEXTS[0])
    first.save()
    path = tmp_path / segments.FILE_NAME
    before = path.stat().st_mtime_ns
    second = Segmenter(TERMS, tmp_path)
    second.cut(TEXTS[0])
    second.save()
    assert path.stat().st_mtime_ns == before


@pytest.mark.parametrize("content", ["{not json", "[]", '{"key": "x", "cuts": {}}', '{"cuts": 3}'])
def test_a_broken_or_foreign_file_is_ignored_and_replaced(tmp_path: Path, content: str) -> None:
    (tmp_path / segments.FILE_NAME).write_text(content, encoding="utf-8")
    segmenter = Segmenter(TERMS, tmp_path)
    assert segmenter.known == {}
    assert segmenter.cut("配置节点亲和性") == ["配置", "节点亲和性"]
    segmenter.save()
    assert Segmenter(TERMS, tmp_path).known == {"配置节点亲和性": ["配置", "节点亲和性"]}


def test_no_folder_keeps_nothing(tmp_path: Path) -> None:
    segmenter = Segmenter(TERMS, None)
    assert segmenter.cut("配置节点亲和性") == ["配置", "节点亲和性"]
    segmenter.save()
    assert list(tmp_path.iterdir()) == []
