"""Question parsing and validation (hooks/practice), the hook's outputs, and the budget.

Each rule has a tiny fixture page in tests/fixtures/practice/pages/ named after
the case, checked as if it were docs/docker/<case>.md, with its exact message.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hooks.checks.questions import check_questions, collect_questions, parse_questions
from tests.conftest import ROOT, run_mkdocs_build

FIXTURES = ROOT / "tests" / "fixtures" / "practice"
PAGES = FIXTURES / "pages"
FIXTURE_SITE = FIXTURES / "site"
SCRIPTS = ROOT / "docs" / "assets" / "javascripts" / "practice"
STYLESHEET = ROOT / "docs" / "assets" / "stylesheets" / "practice.css"
# The brief's budget for practice mode's own code, gzip-compressed.
GZIP_BUDGET = 15 * 1024
TOPIC_LIST = (
    "镜像构建, 容器网络, 存储, 容器安全, 性能排障, 调度, 服务网络, 工作负载, 访问控制, 扩展 API, "
    "并发, 内存模型, 构建发布, client-go, gRPC, 面试策略, 容器运行时, 弹性伸缩, 网络策略, 准入控制, "
    "控制平面, 运行时, 语言特性, 标准库, 性能分析"
)


# Problems for one fixture page, formatted like the build prints them.
def problems_of(case: str) -> list[str]:
    path = f"docs/docker/{case}.md"
    text = (PAGES / f"{case}.md").read_text(encoding="utf-8")
    return [p.format() for p in check_questions(path, text, parse_questions(path, text))]


FAILING = {
    "bad-anchor-format": 'docs/docker/bad-anchor-format.md:9: anchor "Docker_Multi": must be '
    "<chapter>-<slug> in lowercase ASCII letters, digits and hyphens, chapter one of overview, "
    "docker, k8s, go, strategy [questions/anchor]",
    "anchor-wrong-chapter": 'docs/docker/anchor-wrong-chapter.md:9: anchor "go-multistage": '
    'questions in docs/docker/ must start with "docker-" [questions/anchor]',
    "missing-anchor": 'docs/docker/missing-anchor.md:9: question "标题": heading has no {#anchor} '
    "[questions/anchor]",
    "bad-level": 'docs/docker/bad-level.md:9: question "docker-multistage": data-level "专家" is not '
    "one of 初级, 中级, 高级 [questions/level]",
    "missing-level": 'docs/docker/missing-level.md:9: question "docker-multistage": missing '
    "data-level (one of 初级, 中级, 高级) [questions/level]",
    "unknown-topic": 'docs/docker/unknown-topic.md:9: question "docker-multistage": unknown topic '
    f'"网络" (allowed: {TOPIC_LIST}) [questions/topics]',
    "missing-topics": 'docs/docker/missing-topics.md:9: question "docker-multistage": missing '
    "data-topics [questions/topics]",
    "heading-level-3": 'docs/docker/heading-level-3.md:9: question "docker-multistage": must be a '
    "level-2 heading (##), not level 3 [questions/heading]",
    "missing-tldr": 'docs/docker/missing-tldr.md:9: question "docker-multistage": missing the '
    '!!! tldr "30 秒回答" block [questions/parts]',
    "empty-tldr": 'docs/docker/empty-tldr.md:11: question "docker-multistage": the !!! tldr '
    '"30 秒回答" block is empty [questions/parts]',
    "missing-answer": 'docs/docker/missing-answer.md:9: question "docker-multistage": missing the '
    '??? answer "参考答案" block [questions/parts]',
    "answer-before-tldr": 'docs/docker/answer-before-tldr.md:11: question "docker-multistage": '
    '!!! tldr "30 秒回答" must come before ??? answer "参考答案" [questions/parts]',
    "missing-tag": 'docs/docker/missing-tag.md:2: front matter tags: missing "初级" (used by '
    '"docker-multistage") [questions/tags]',
    "no-front-matter": "docs/docker/no-front-matter.md:1: page has questions but no front matter "
    "with tags [questions/tags]",
}


@pytest.mark.parametrize("case", sorted(FAILING), ids=sorted(FAILING))
def test_failing_page_reports_exact_message(case: str) -> None:
    assert problems_of(case) == [FAILING[case]]


@pytest.mark.parametrize("case", ["pass", "heading-in-code-fence", "plain-h2-section"])
def test_passing_page_has_no_problem(case: str) -> None:
    assert problems_of(case) == []


def test_every_fixture_page_is_a_tested_case() -> None:
    tested = set(FAILING) | {"pass", "heading-in-code-fence", "plain-h2-section", "duplicate-a", "duplicate-b"}
    assert {p.stem for p in PAGES.glob("*.md")} == tested


def test_duplicate_anchor_across_pages() -> None:
    pages = [(f"docs/docker/{n}.md", (PAGES / f"{n}.md").read_text(encoding="utf-8"))
             for n in ("duplicate-a", "duplicate-b")]
    _, problems = collect_questions(pages)
    assert [p.format() for p in problems] == [
        ('docs/docker/duplicate-b.md:9: anchor "docker-multistage" is already used at '
        "docs/docker/duplicate-a.md:9 [questions/unique]")
    ]


def test_passing_page_parses_every_field() -> None:
    [q] = parse_questions("docs/docker/pass.md", (PAGES / "pass.md").read_text(encoding="utf-8"))
    assert (q.id, q.title, q.level, q.topics, q.chapter, q.line) == (
        "docker-multistage", "多阶段构建为什么能缩小镜像？", "初级", ("镜像构建",), "2.9 测试页", 9)
    assert q.answer == "最终镜像只含最后一个阶段的层，编译工具链留在前面的阶段。"


def test_short_answer_is_plain_text() -> None:
    text = ("---\ntags: [并发, 初级]\n---\n# 4.1 x\n\n## 题 {#go-x data-level=\"初级\" data-topics=\"并发\"}\n\n"
            '!!! tldr "30 秒回答"\n\n    用 **`sync.WaitGroup`**，见 [文档](https://go.dev/ref/mem)。\n\n'
            "    第二段 `CGO_ENABLED=0`。\n\n" '??? answer "参考答案"\n\n    答。\n')
    [q] = parse_questions("docs/go/x.md", text)
    assert q.answer == "用 sync.WaitGroup，见 文档。\n第二段 CGO_ENABLED=0。"


# --- The hook, end to end on the fixture site ------------------------------------------


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("practice-fixture-site")
    run_mkdocs_build(FIXTURE_SITE / "mkdocs.yml", site)
    return site


@pytest.mark.slow
def test_fixture_site_writes_questions_json_and_js(fixture_site: Path) -> None:
    data = json.loads((fixture_site / "assets" / "questions.json").read_text(encoding="utf-8"))
    # questions.js is the data without the answers; answers.js holds them by id.
    listed, answers = _page_scripts(fixture_site)
    assert listed == {**data, "questions": [
        {k: v for k, v in q.items() if k not in ("answer", "answer_html", "followups_html")}
        for q in data["questions"]]}
    assert answers == {q["id"]: {k: q[k] for k in ("answer", "answer_html", "followups_html")}
                       for q in data["questions"]}
    assert data["version"] == 1
    assert data["settings"] == {"hide_answers_by_default": True}
    assert [q["id"] for q in data["questions"]] == [
        "docker-layers", "docker-multistage", "docker-rootless",
        "go-channel-send", "go-waitgroup", "go-happens-before"]
    assert data["questions"][2] == {
        "id": "docker-rootless", "title": "rootless 模式限制了什么？", "chapter": "2.1 镜像",
        "topics": ["容器安全", "镜像构建"], "level": "高级", "answer": "rootless 模式限制了什么？ 的简答。",
        "url": "docker/images/#docker-rootless", "page": "docker/images/",
        # The rendered 30-second answer and follow-ups, for the mock interview.
        "answer_html": '<div class="admonition tldr">\n<p class="admonition-title">30 秒回答</p>\n'
                       "<p>rootless 模式限制了什么？ 的简答。</p>\n</div>",
        "followups_html": ""}
    assert data["pages"]["go/concurrency/"] == {
        "chapter": "4.1 并发", "ids": ["go-channel-send", "go-waitgroup", "go-happens-before"]}


# The objects questions.js and answers.js set, from their exact text.
def _page_scripts(site: Path) -> tuple[dict, dict]:
    found = []
    for name, prefix in (("questions.js", "window.__CNIG_QUESTIONS__="), ("answers.js", "window.__CNIG_ANSWERS__=")):
        text = (site / "assets" / name).read_text(encoding="utf-8")
        assert text.startswith(prefix) and text.endswith(";\n"), name
        found.append(json.loads(text.removeprefix(prefix).removesuffix(";\n")))
    return found[0], found[1]


@pytest.mark.slow
def test_scripts_only_on_practice_pages(fixture_site: Path) -> None:
    def scripts(page: str) -> list[str]:
        return re.findall(r'<script src="([^"]*(?:questions\.js|answers\.js|/practice/[^"]*))"',
                          (fixture_site / page).read_text(encoding="utf-8"))

    assert scripts("index.html") == []
    assert scripts("docker/images/index.html") == [
        "../../assets/questions.js", "../../assets/javascripts/practice/core.js"]
    assert scripts("questions/index.html")[-1] == "../assets/javascripts/practice/index.js"
    assert scripts("questions/index.html")[0] == "../assets/questions.js"
    # Only the mock interview shows answers, so only it loads them.
    assert scripts("practice/index.html") == [
        "../assets/questions.js", "../assets/answers.js", "../assets/javascripts/practice/core.js",
        "../assets/javascripts/practice/mock.js"]
    assert all("answers.js" not in src for page in ("docker/images/index.html", "questions/index.html")
               for src in scripts(page))


@pytest.mark.slow
def test_index_groups_by_topic_then_level(fixture_site: Path) -> None:
    html = (fixture_site / "questions" / "index.html").read_text(encoding="utf-8")
    groups = re.findall(r'<div class="cnig-group" data-topic="([^"]+)"', html)
    assert groups == ["镜像构建", "容器安全", "并发", "内存模型"]
    first = html.split('data-topic="镜像构建"')[1].split('class="cnig-group"')[0]
    assert re.findall(r'<div class="cnig-level" data-level="([^"]+)"', first) == ["初级", "中级", "高级"]
    assert '<a href="../docker/images/#docker-rootless">rootless 模式限制了什么？</a>' in html


@pytest.mark.slow
def test_bad_question_fails_build_with_every_message_and_no_traceback(tmp_path: Path) -> None:
    site = tmp_path / "src"
    shutil.copytree(FIXTURE_SITE, site)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "../../../../hooks/practice_mode.py", str(ROOT / "hooks" / "practice_mode.py")), encoding="utf-8")
    shutil.copy(PAGES / "bad-level.md", site / "docs" / "docker" / "bad-level.md")
    shutil.copy(PAGES / "missing-tag.md", site / "docs" / "docker" / "missing-tag.md")
    # The fixture site has no snippet-checks hook, which reports these in a
    # normal build; with the checks off, the practice hook still refuses them.
    proc = run_mkdocs_build(site / "mkdocs.yml", tmp_path / "out", env={"SNIPPET_CHECKS": "0"}, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "Traceback" not in output
    assert FAILING["bad-level"] in output
    assert 'docs/docker/missing-tag.md:2: front matter tags: missing "初级"' in output
    # Both added pages reuse the anchor docker-multistage; pages are read in name order.
    assert ('ERROR   -  questions: docs/docker/missing-tag.md:9: anchor "docker-multistage" is '
            "already used at docs/docker/bad-level.md:9 [questions/unique]") in output
    assert "4 problem(s) in the interview questions, listed above" in output


# --- The real guide -------------------------------------------------------------------------


class _QuestionHeadings(HTMLParser):
    """Collects the id of every <h2 data-level> the build rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        anchor = found.get("id")
        if tag == "h2" and "data-level" in found and anchor:
            self.ids.append(anchor)


@pytest.mark.slow
def test_generated_list_matches_the_real_pages(built_site: Path) -> None:
    data = json.loads((built_site / "assets" / "questions.json").read_text(encoding="utf-8"))
    on_pages: dict[str, list[str]] = {}
    for html in sorted(built_site.rglob("*.html")):
        parser = _QuestionHeadings()
        parser.feed(html.read_text(encoding="utf-8"))
        if parser.ids:
            url = html.relative_to(built_site).as_posix().removesuffix("index.html")
            on_pages[url] = parser.ids
    listed = [q["id"] for q in data["questions"]]
    assert len(listed) == sum(len(ids) for ids in on_pages.values())
    assert sorted(listed) == sorted(i for ids in on_pages.values() for i in ids)
    assert len(set(listed)) == len(listed)
    for q in data["questions"]:
        assert q["id"] in on_pages[q["page"]], q["url"]
        assert q["url"] == f'{q["page"]}#{q["id"]}'
    assert {page: entry["ids"] for page, entry in data["pages"].items()} == on_pages
    without_answers, answers = _page_scripts(built_site)
    assert [q["id"] for q in without_answers["questions"]] == [q["id"] for q in data["questions"]]
    assert set(answers) == {q["id"] for q in data["questions"]}
    assert all(a["answer_html"] for a in answers.values())


@pytest.mark.slow
def test_index_page_links_every_question(built_site: Path) -> None:
    data = json.loads((built_site / "assets" / "questions.json").read_text(encoding="utf-8"))
    html = (built_site / "questions" / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'<li data-id="([^"]+)"', html))
    assert linked == {q["id"] for q in data["questions"]}
    for q in data["questions"]:
        assert f'href="../{q["url"]}"' in html


def test_practice_code_is_within_the_gzip_budget() -> None:
    files = sorted(SCRIPTS.glob("*.js")) + [STYLESHEET]
    raw = b"".join(f.read_bytes() for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert {f.name for f in files} == {"core.js", "index.js", "mock.js", "practice.css"}
    assert packed < GZIP_BUDGET, f"{packed} bytes gzip ({len(raw)} raw) over {GZIP_BUDGET}"
