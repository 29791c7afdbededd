"""Practice mode in headless Chromium: served from a local server and from file://.

Every flow runs twice: on the real guide as served (`site_url`) and on the
offline build opened from disk (`offline_site`). After each flow the test
asserts that no request left the local server or file://.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_mkdocs_build

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURE_SITE = ROOT / "tests" / "fixtures" / "practice" / "site"
PROGRESS_KEY = "cnig.progress.v1"
MOCK_SIZE = 5


@dataclass
class Site:
    """A built site and the address it is opened from."""

    root: Path
    base: str  # ends with "/"
    file_urls: bool  # True for the file:// build (pages are x.html, not x/)

    @property
    def data(self) -> dict:
        return json.loads((self.root / "assets" / "questions.json").read_text(encoding="utf-8"))

    # Address of a top-level page such as "questions".
    def page(self, name: str) -> str:
        return self.base + (f"{name}.html" if self.file_urls else f"{name}/")

    # Address of a site-relative URL from questions.json.
    def url(self, rel: str) -> str:
        return self.base + rel

    # Requests that went anywhere but this site.
    def outside(self, requests: list[str]) -> list[str]:
        return [u for u in requests if not u.startswith((self.base, "data:", "blob:", "about:"))]


def _real_site(request: pytest.FixtureRequest, kind: str) -> Site:
    if kind == "served":
        return Site(request.getfixturevalue("built_site"), request.getfixturevalue("site_url") + "/", False)
    root = request.getfixturevalue("offline_site")
    return Site(root, root.as_uri() + "/", True)


@pytest.fixture(params=["served", "file"])
def guide(request: pytest.FixtureRequest) -> Site:
    """The real guide, served over HTTP and opened from file://."""
    return _real_site(request, request.param)


@pytest.fixture(params=["served", "file"])
def mock_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, serve) -> Site:
    """The real guide when it has enough questions for a mock interview, else the fixture site."""
    real = _real_site(request, request.param)
    if len(real.data["questions"]) >= MOCK_SIZE:
        return real
    out = tmp_path_factory.mktemp(f"practice-fixture-{request.param}")
    file_urls = request.param == "file"
    run_mkdocs_build(FIXTURE_SITE / "mkdocs.yml", out, env={"DIRECTORY_URLS": "false"} if file_urls else None)
    return Site(out, out.as_uri() + "/" if file_urls else serve(out) + "/", file_urls)


@pytest.fixture
def no_outside_requests(page):
    """Checks, after the test, that every request stayed on the site under test."""
    sites: list[Site] = []
    yield sites.append
    for site in sites:
        assert site.outside(page.requests) == []


def _first_question_page(site: Site) -> tuple[str, list[str]]:
    url, entry = next(iter(site.data["pages"].items()))
    return site.url(url), entry["ids"]


def _marks(page) -> dict:
    saved = page.evaluate(f"localStorage.getItem('{PROGRESS_KEY}')")
    return json.loads(saved)["marks"] if saved else {}


def _answers(page, qid: str):
    bar = page.locator(f'.cnig-bar[data-for="{qid}"]')
    # Everything under a question heading is wrapped in its body <div>.
    section = f"#{qid}--body "
    return bar, page.locator(f"{section}.admonition.tldr").first, page.locator(f"{section}details.answer").first


def test_self_test_hides_then_reveals_answers(guide: Site, page, no_outside_requests) -> None:
    no_outside_requests(guide)
    url, ids = _first_question_page(guide)
    page.goto(url)
    switch = page.locator("[data-cnig-selftest]")
    if switch.get_attribute("aria-pressed") != "true":
        switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    # Every 30-second answer and every model answer on the page is hidden.
    assert page.locator(".md-content .admonition.tldr:visible").count() == 0
    assert page.locator(".md-content details.answer:visible").count() == 0

    bar, tldr, answer = _answers(page, ids[0])
    reveal = bar.locator("button[data-cnig-reveal]")
    assert reveal.inner_text() == "显示答案"
    reveal.click()
    assert tldr.is_visible() and answer.is_visible()
    assert answer.get_attribute("open") is not None
    assert reveal.get_attribute("aria-expanded") == "true"
    if len(ids) > 1:
        _, other_tldr, _ = _answers(page, ids[1])
        assert not other_tldr.is_visible()
        # The keyboard works too: a focused reveal button answers Enter.
        page.locator(f'.cnig-bar[data-for="{ids[1]}"] button[data-cnig-reveal]').focus()
        page.keyboard.press("Enter")
        assert other_tldr.is_visible()

    # The switch is remembered across pages and reloads.
    page.reload()
    assert page.locator("[data-cnig-selftest]").get_attribute("aria-pressed") == "true"
    assert page.locator(".md-content .admonition.tldr:visible").count() == 0

    # On paper: every answer shown and expanded, no practice buttons.
    page.emulate_media(media="print")
    assert page.locator(".cnig-bar:visible, .cnig-switch:visible").count() == 0
    _, tldr, answer = _answers(page, ids[0])
    assert tldr.is_visible()
    assert answer.locator("p").last.is_visible()


def test_mark_is_kept_and_chapter_progress_updates(guide: Site, page, no_outside_requests) -> None:
    no_outside_requests(guide)
    url, ids = _first_question_page(guide)
    page.goto(url)
    nav = page.locator(".md-nav--primary a.md-nav__link--active .cnig-nav-progress").first
    assert nav.inner_text() == f"0/{len(ids)} 已掌握"
    known = page.locator(f'.cnig-bar[data-for="{ids[0]}"] button[data-mark="known"]')
    known.click()
    assert known.get_attribute("aria-pressed") == "true"
    assert page.locator(".cnig-page-progress").inner_text().startswith(f"本页 1/{len(ids)} 已掌握")

    page.reload()
    known = page.locator(f'.cnig-bar[data-for="{ids[0]}"] button[data-mark="known"]')
    assert known.get_attribute("aria-pressed") == "true"
    assert nav.inner_text() == f"1/{len(ids)} 已掌握"
    # Other chapters are pruned to one link to their first page: no count
    # there, since it would be that page's count under the chapter's name.
    pruned = page.locator(".md-nav--primary .md-nav__item--pruned")
    assert pruned.count() >= 3
    assert pruned.locator(".cnig-nav-progress").count() == 0
    assert _marks(page) == {ids[0]: "known"}
    saved = json.loads(page.evaluate(f"localStorage.getItem('{PROGRESS_KEY}')"))
    assert saved["version"] == 1

    # 需复习 replaces 已掌握, and a second press clears the mark.
    review = page.locator(f'.cnig-bar[data-for="{ids[0]}"] button[data-mark="review"]')
    review.click()
    assert _marks(page) == {ids[0]: "review"}
    assert nav.inner_text() == f"0/{len(ids)} 已掌握"
    review.click()
    assert _marks(page) == {}


def test_index_filters_by_topic_level_and_mark(guide: Site, page, no_outside_requests) -> None:
    no_outside_requests(guide)
    questions = guide.data["questions"]
    first = questions[0]
    page.goto(guide.page("questions"))
    assert page.locator("[data-cnig-filters]").is_visible()
    assert sum(u.endswith("/practice/index.js") for u in page.requests) == 1
    page.evaluate(f"localStorage.setItem('{PROGRESS_KEY}', JSON.stringify({{version: 1, marks: {{'{first['id']}': 'known'}}}}))")
    page.reload()
    count = page.locator("[data-cnig-count]")
    assert count.inner_text() == f"显示 {len(questions)} / {len(questions)} 题"

    def visible_ids() -> set[str]:
        return set(page.locator(".cnig-qlist li:visible").evaluate_all("els => els.map(e => e.dataset.id)"))

    topic = first["topics"][0]
    page.select_option("select[name=topic]", topic)
    assert visible_ids() == {q["id"] for q in questions if topic in q["topics"]}
    assert page.locator(".cnig-group:visible").count() == 1

    page.select_option("select[name=level]", first["level"])
    expected = {q["id"] for q in questions if topic in q["topics"] and q["level"] == first["level"]}
    assert visible_ids() == expected
    assert count.inner_text() == f"显示 {len(expected)} / {len(questions)} 题"

    page.select_option("select[name=topic]", "")
    page.select_option("select[name=level]", "")
    page.select_option("select[name=mark]", "known")
    assert visible_ids() == {first["id"]}
    badge = page.locator(f'.cnig-qlist li[data-id="{first["id"]}"] [data-cnig-badge]').first
    assert badge.inner_text() == "已掌握"
    page.select_option("select[name=mark]", "none")
    assert visible_ids() == {q["id"] for q in questions} - {first["id"]}

    # Links go to the question anchors on the chapter pages.
    page.select_option("select[name=mark]", "known")
    page.locator(f'.cnig-qlist li[data-id="{first["id"]}"] a').first.click()
    page.wait_for_load_state()
    assert page.url == guide.url(first["url"])


def test_mock_interview_of_five_questions(mock_site: Site, page, no_outside_requests) -> None:
    no_outside_requests(mock_site)
    by_title = {q["title"]: q for q in mock_site.data["questions"]}
    page.goto(mock_site.page("practice"))
    start_url = page.url
    page.fill("input[name=n]", str(MOCK_SIZE))
    page.select_option("select[name=timer]", "60")
    page.get_by_role("button", name="开始").click()
    assert not page.locator("[data-cnig-mock-setup]").is_visible()
    seen = []
    for i in range(1, MOCK_SIZE + 1):
        assert page.locator(".cnig-mock-progress").inner_text().startswith(f"第 {i} / {MOCK_SIZE} 题")
        assert re.search(r"剩余 [01]:\d\d", page.locator(".cnig-timer").inner_text())
        q = by_title[page.locator(".cnig-mock-title").inner_text()]
        seen.append(q["id"])
        answer = page.locator(".cnig-mock-answer")
        assert not answer.is_visible()
        page.keyboard.press("Space")
        assert answer.is_visible()
        # The 30-second answer as HTML: its text is the plain answer's text.
        shown = answer.locator(".admonition.tldr p:not(.admonition-title)").all_inner_texts()
        assert re.sub(r"\s+", "", "".join(shown)) == re.sub(r"\s+", "", q["answer"])
        href = answer.locator("a").last.get_attribute("href")
        assert href == mock_site.url(q["url"])
        if i == 1:
            page.keyboard.press("k")
            assert _marks(page) == {q["id"]: "known"}
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowLeft")
            assert page.locator(".cnig-mock-title").inner_text() == q["title"]
            assert page.locator('[data-act="known"]').get_attribute("aria-pressed") == "true"
        page.keyboard.press("n")  # Material's own N (next page) must not fire here
    assert page.url == start_url
    assert len(set(seen)) == MOCK_SIZE
    assert page.locator(".cnig-mock-progress").inner_text() == f"本次共 {MOCK_SIZE} 题：已掌握 1，需复习 0。"
    page.get_by_role("button", name="再来一次").click()
    assert page.locator("[data-cnig-mock-setup]").is_visible()


def test_export_import_and_broken_file(guide: Site, page, tmp_path: Path, no_outside_requests) -> None:
    no_outside_requests(guide)
    ids = [q["id"] for q in guide.data["questions"]]
    page.goto(guide.page("questions"))
    marks = {ids[0]: "known", ids[-1]: "review"}
    page.evaluate(f"localStorage.setItem('{PROGRESS_KEY}', JSON.stringify({{version: 1, marks: {json.dumps(marks)}}}))")
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("button", name="导出进度").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert re.fullmatch(r"cnig-progress-\d{4}-\d\d-\d\d\.json", exported.name)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["marks"]) == ("cnig-progress", 1, marks)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="重置进度").click()
    assert _marks(page) == {}
    message = page.locator("[data-cnig-message]")
    assert message.inner_text() == "进度已重置。"

    def import_file(path: Path) -> None:
        with page.expect_file_chooser() as chooser:
            page.get_by_role("button", name="导入进度").click()
        chooser.value.set_files(str(path))

    import_file(exported)
    page.wait_for_function("document.querySelector('[data-cnig-message]').textContent.startsWith('已导入')")
    assert message.inner_text() == "已导入 2 个标记。"
    assert _marks(page) == marks
    assert page.locator(f'.cnig-qlist li[data-id="{ids[0]}"] [data-cnig-badge]').first.inner_text() == "已掌握"

    broken = {
        "broken.json": ('{"format": "cnig-progress", "version": 1, "marks": {', "导入失败：文件不是有效的 JSON。当前进度未改变。"),
        "other.json": ('{"hello": "world"}', "导入失败：这不是本书导出的进度文件。当前进度未改变。"),
        "version.json": ('{"format": "cnig-progress", "version": 2, "marks": {}}',
                         "导入失败：不支持的进度文件版本 2（需要 1）。当前进度未改变。"),
        "shape.json": ('{"format": "cnig-progress", "version": 1, "marks": {"x": "maybe"}}',
                       '导入失败：题目 x 的标记 "maybe" 无法识别。当前进度未改变。'),
    }
    for name, (text, expected) in broken.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        import_file(path)
        page.wait_for_function(
            "t => document.querySelector('[data-cnig-message]').textContent === t", arg=expected)
        assert "cnig-error" in (message.get_attribute("class") or "")
        assert _marks(page) == marks, name


def test_without_javascript_the_index_is_a_plain_list(browser, site_url: str, built_site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/questions/")
        questions = json.loads((built_site / "assets" / "questions.json").read_text(encoding="utf-8"))["questions"]
        assert not page.locator("[data-cnig-filters]").is_visible()
        assert not page.locator("[data-cnig-tools]").is_visible()
        visible = page.locator(".cnig-qlist li:visible").evaluate_all("els => els.map(e => e.dataset.id)")
        assert set(visible) == {q["id"] for q in questions}
    finally:
        context.close()


def test_instant_navigation_does_not_break_practice(tmp_path: Path, serve, page, no_outside_requests) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # Material's instant loading only follows links listed in the sitemap, which
    # must name the same origin (port included): serve first, then build for it.
    base = serve(out) + "/"
    src = tmp_path / "src"
    shutil.copytree(FIXTURE_SITE, src)
    config = src / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      .replace("../../../../hooks/practice_mode.py", str(ROOT / "hooks" / "practice_mode.py"))
                      .replace("  font: false\n", "  font: false\n  features: [navigation.instant]\n")
                      .replace("docs_dir: docs\n", f"docs_dir: docs\nsite_url: {base}\n"), encoding="utf-8")
    run_mkdocs_build(config, out)
    site = Site(out, base, False)
    no_outside_requests(site)
    page.goto(site.url("docker/images/"))
    assert page.locator(".cnig-bar").count() == 3

    def follow(href: str) -> None:
        # Material's instant loading swaps the page without a reload.
        page.locator(f"a.md-nav__link[href$='{href}']").first.evaluate("a => a.click()")
        page.wait_for_url(f"**/{href}")

    page.evaluate("window.__same_document = true")
    follow("go/concurrency/")
    page.wait_for_selector('.cnig-bar[data-for="go-waitgroup"]')
    assert page.evaluate("window.__same_document") is True
    assert page.locator(".cnig-switch").count() == 1
    follow("questions/")
    page.wait_for_selector("[data-cnig-filters]:visible")
    follow("practice/")
    page.wait_for_selector("[data-cnig-mock-setup]:visible")
    page.get_by_role("button", name="开始").click()
    assert page.locator(".cnig-mock-progress").inner_text().startswith("第 1 / 5 题")
