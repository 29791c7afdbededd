"""Practice mode as a reader meets it: on a 1366 px desktop and a 390 px touch
phone, in the light and the dark palette (issue #15).

Every test runs in all four configurations against the real guide, built once
(`built_site`) and served locally (`site_url`). The axe-core scan uses the
pinned npm package (package.json).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import FloatRect, Locator, Page

from tests.conftest import OPEN_SHADOW_ROOTS, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROGRESS_KEY = "cnig.progress.v1"
SETTINGS_KEY = "cnig.settings.v1"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CONFIGS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
}
SCHEMES = {"light": "default", "dark": "slate"}

# WCAG contrast of a text colour over the first opaque background behind an
# element (alpha blended as painted). Returns [ratio, fg, bg].
CONTRAST = """
(el) => {
  const parse = c => { const v = (c.match(/[\\d.]+/g) || [0, 0, 0, 0]).map(Number); return [v.slice(0, 3), v.length > 3 ? v[3] : 1]; };
  const layers = [];
  for (let n = el; n; n = n.parentElement) {
    const [rgb, a] = parse(getComputedStyle(n).backgroundColor);
    if (a > 0) layers.push([rgb, a]);
    if (a >= 1) break;
  }
  let back = [255, 255, 255];
  if (layers.length && layers[layers.length - 1][1] >= 1) back = layers.pop()[0];
  else back = parse(getComputedStyle(document.body).backgroundColor)[0];
  for (const [rgb, a] of layers.reverse()) back = rgb.map((v, i) => v * a + back[i] * (1 - a));
  const [front, alpha] = parse(getComputedStyle(el).color);
  const painted = front.map((v, i) => v * alpha + back[i] * (1 - alpha));
  const lum = rgb => {
    const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [x, y] = [lum(painted), lum(back)].sort((p, q) => q - p);
  return [(x + 0.05) / (y + 0.05), getComputedStyle(el).color, `rgb(${back.map(Math.round).join(", ")})`];
}
"""


# The box of a visible element (None only for elements that are not rendered).
def _box(locator: Locator) -> FloatRect:
    box = locator.bounding_box()
    assert box is not None, locator
    return box


@dataclass
class Reader:
    page: Page
    device: str
    scheme: str
    base: str
    data: dict
    site: Path

    def go(self, rel: str) -> None:
        self.page.goto(self.base + rel)
        palette = self.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert palette == SCHEMES[self.scheme], palette

    def store(self, marks: dict, review: dict | None = None, settings: dict | None = None) -> None:
        saved = json.dumps({"version": 1, "marks": marks, "review": review or {}})
        self.page.evaluate("([k, v]) => localStorage.setItem(k, v)", [PROGRESS_KEY, saved])
        if settings is not None:
            self.page.evaluate("([k, v]) => localStorage.setItem(k, v)", [SETTINGS_KEY, json.dumps(settings)])

    def progress(self) -> dict:
        saved = self.page.evaluate(f"localStorage.getItem('{PROGRESS_KEY}')")
        return json.loads(saved) if saved else {}

    def contrast(self, locator) -> list:
        return locator.evaluate(CONTRAST)


@pytest.fixture(params=[(d, s) for d in CONFIGS for s in SCHEMES], ids=lambda p: f"{p[0]}-{p[1]}")
def reader(request, browser, built_site: Path, site_url: str):
    device, scheme = request.param
    context = browser.new_context(color_scheme=scheme, **CONFIGS[device])
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    data = json.loads((built_site / "assets" / "questions.json").read_text(encoding="utf-8"))
    yield Reader(page, device, scheme, site_url + "/", data, built_site)
    context.close()


def _page_with_followups(data: dict) -> tuple[str, list[dict]]:
    pages: dict[str, list[dict]] = {}
    for q in data["questions"]:
        pages.setdefault(q["page"], []).append(q)
    page = next(p for p, qs in pages.items() if len(qs) >= 3 and all(q["followups_html"] for q in qs))
    return page, pages[page]


# Every element of a question's body (all that follows its heading up to the next one).
BODY_PARTS = """
(id) => {
  const out = [];
  const h = document.getElementById(id);
  const body = document.getElementById(id + "--body");
  for (const el of body.querySelectorAll(":scope > *")) out.push(el);
  return out.map(el => ({tag: el.tagName, cls: el.className, visible: !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)}));
}
"""


# 1. Self-test hides everything under a question, before the first paint; no JavaScript shows all.
def test_self_test_hides_every_part_until_shown(reader: Reader) -> None:
    page_url, questions = _page_with_followups(reader.data)
    first, second = questions[0], questions[1]
    reader.go(page_url)
    reader.store({}, settings={"hide": True})
    # The practice scripts never arrive (a stalled 3G connection): the head
    # script alone must hide the answers.
    reader.page.route(re.compile(r".*(practice/core\.js|questions\.js)$"), lambda route: route.abort())
    reader.go(page_url)
    assert reader.page.evaluate("document.documentElement.classList.contains('cnig-selftest')")
    assert reader.page.evaluate("typeof window.CNIG") == "undefined"
    for q in questions:
        parts = reader.page.evaluate(BODY_PARTS, q["id"])
        assert len(parts) >= 5, parts  # tldr, 深入解析…, 追问, 常见错误回答, 参考答案
        assert not any(p["visible"] for p in parts), (q["id"], parts)
    reader.page.unroute(re.compile(r".*(practice/core\.js|questions\.js)$"))

    reader.go(page_url)
    body = reader.page.locator(f"#{first['id']}--body")
    assert not body.is_visible()
    for text in ("深入解析", "面试官追问", "常见错误回答", "30 秒回答", "参考答案"):
        assert not body.get_by_text(text, exact=True).first.is_visible(), text
    reveal = reader.page.locator(f'.cnig-bar[data-for="{first["id"]}"] [data-cnig-reveal]')
    reveal.click()
    assert all(p["visible"] for p in reader.page.evaluate(BODY_PARTS, first["id"]))
    assert body.locator("details.answer").first.get_attribute("open") is not None
    assert not reader.page.locator(f"#{second['id']}--body").is_visible()
    # Turning self-test off shows every question again.
    reader.page.locator("[data-cnig-selftest]").click()
    assert reader.page.locator(f"#{second['id']}--body").is_visible()


def test_without_javascript_every_answer_shows(browser, site_url: str, built_site: Path) -> None:
    data = json.loads((built_site / "assets" / "questions.json").read_text(encoding="utf-8"))
    page_url, questions = _page_with_followups(data)
    for config in CONFIGS.values():
        context = browser.new_context(java_script_enabled=False, **config)
        try:
            page = context.new_page()
            page.goto(f"{site_url}/{page_url}")
            for q in questions:
                assert page.locator(f"#{q['id']}--body").is_visible()
                assert page.locator(f"#{q['id']}--body .admonition.tldr").is_visible()
        finally:
            context.close()


# 2. The review loop: 1, 3, 7 and 14 days; the home page and the mock interview use it.
def test_review_schedule_and_queue(reader: Reader) -> None:
    page_url, questions = _page_with_followups(reader.data)
    start = datetime(2026, 3, 2, 9, 0)
    reader.page.clock.set_fixed_time(start)
    reader.go(page_url)
    q = questions[0]
    review = reader.page.locator(f'.cnig-bar[data-for="{q["id"]}"] [data-mark="review"]')
    review.click()
    dues = [reader.progress()["review"][q["id"]]["due"]]
    day = start
    for _ in range(4):
        day = datetime.fromisoformat(dues[-1]) + timedelta(hours=9)
        reader.page.clock.set_fixed_time(day)
        reader.page.reload()
        review = reader.page.locator(f'.cnig-bar[data-for="{q["id"]}"] [data-mark="review"]')
        review.click()  # a due question: one review, not a toggle
        assert review.get_attribute("aria-pressed") == "true"
        dues.append(reader.progress()["review"][q["id"]]["due"])
    gaps = [(datetime.fromisoformat(b) - datetime.fromisoformat(a)).days for a, b in pairwise(dues)]
    assert (datetime.fromisoformat(dues[0]) - datetime(2026, 3, 2)).days == 1
    assert gaps == [3, 7, 14, 14]
    # 已掌握 takes it out of the queue.
    reader.page.locator(f'.cnig-bar[data-for="{q["id"]}"] [data-mark="known"]').click()
    assert q["id"] not in reader.progress()["review"]


def test_home_continue_review_and_mock_from_the_due_queue(reader: Reader) -> None:
    qs = reader.data["questions"]
    early, late, later = qs[2], qs[0], qs[1]
    reader.go("")
    assert not reader.page.locator("[data-cnig-continue]").is_visible()
    reader.store({early["id"]: "review", late["id"]: "review", later["id"]: "review", qs[3]["id"]: "known"},
                 {early["id"]: {"step": 0, "due": "2020-01-01"}, late["id"]: {"step": 1, "due": "2020-01-05"},
                  later["id"]: {"step": 0, "due": "2999-01-01"}})
    reader.page.evaluate("localStorage.setItem('cnig.last.v1', JSON.stringify({id: arguments[0], at: ''}))"
                         .replace("arguments[0]", json.dumps(qs[3]["id"])))
    reader.go("")
    link = reader.page.locator("[data-cnig-review-link]")
    assert link.is_visible()
    assert link.inner_text().replace(" ", "") == "继续复习(2)"
    last = reader.page.locator("[data-cnig-last-link]")
    assert last.inner_text() == qs[3]["title"]
    assert last.get_attribute("href") == reader.base + qs[3]["url"]
    link.click()
    reader.page.wait_for_selector(".cnig-mock-title:visible")
    assert reader.page.locator(".cnig-mock-progress").inner_text().startswith("第 1 / 2 题")
    assert reader.page.locator(".cnig-mock-title").inner_text() == early["title"]
    reader.page.locator('[data-act="next"]').click()
    assert reader.page.locator(".cnig-mock-title").inner_text() == late["title"]
    # The last question seen is now the one on screen.
    reader.go("")
    assert reader.page.locator("[data-cnig-last-link]").inner_text() == late["title"]


# 3. A touch-first mock interview: one row of controls above the answer, no
# keyboard hints on touch, the answer as HTML with its code, follow-ups after it.
def test_mock_interview_on_touch_and_desktop(reader: Reader) -> None:
    q = next(x for x in reader.data["questions"] if "<code>" in x["answer_html"] and x["followups_html"])
    reader.go("")
    reader.store({q["id"]: "review"}, {q["id"]: {"step": 0, "due": "2020-01-01"}})
    reader.go("practice/#review")
    page = reader.page
    page.wait_for_selector(".cnig-mock-title:visible")
    assert page.locator(".cnig-mock-title").inner_text() == q["title"]
    hints = page.locator(".cnig-keys")
    assert hints.is_visible() == (reader.device == "desktop")
    assert page.locator(".cnig-mock-actions kbd").count() == 0
    page.locator('[data-act="reveal"]').click()
    answer = page.locator(".cnig-mock-answer")
    assert answer.is_visible()
    buttons = page.locator(".cnig-mock-actions button:visible")
    assert buttons.count() == 6
    boxes = [_box(b) for b in buttons.all()]
    tops = {round(b["y"]) for b in boxes}
    assert len(tops) == 1, boxes  # one row
    width = page.evaluate("document.documentElement.clientWidth")
    assert max(b["x"] + b["width"] for b in boxes) <= width
    answer_box = _box(answer)
    assert max(b["y"] + b["height"] for b in boxes) <= answer_box["y"]  # above the answer
    viewport = page.viewport_size
    assert viewport is not None
    assert answer_box["y"] < viewport["height"]  # the answer starts on screen
    # HTML, with the code kept; the follow-ups come after the answer.
    assert answer.locator(".admonition.tldr code").count() == q["answer_html"].count("<code>")
    followups = page.locator(".cnig-mock-followups")
    assert followups.is_visible()
    assert followups.locator("li").count() == q["followups_html"].count("<li>")
    short = _box(page.locator(".cnig-mock-short"))
    assert _box(followups)["y"] >= short["y"] + short["height"]
    # Relative links inside the answer point at the chapter page.
    for href in followups.locator("a[href]").evaluate_all("as => as.map(a => a.href)"):
        assert href.startswith(("http://", "https://")), href
    # The control names say which question they act on.
    for name in ("显示答案", "隐藏答案", "已掌握", "需复习"):
        assert page.get_by_role("button", name=f"{name}：{q['title']}").count() <= 1
    assert page.get_by_role("button", name=f"已掌握：{q['title']}").count() == 1


# 4. Progress as a text code (no download needed), and the messages' contrast.
def test_progress_code_round_trip_and_readable_messages(reader: Reader) -> None:
    ids = [q["id"] for q in reader.data["questions"]]
    reader.go("questions/")
    marks = {ids[0]: "known", ids[1]: "review"}
    schedule = {ids[1]: {"step": 2, "due": "2026-12-24"}}
    reader.store(marks, schedule)
    reader.go("questions/")
    page = reader.page
    page.get_by_role("button", name="复制进度码").click()
    code = page.locator("[data-cnig-code-text]").input_value()
    assert code.startswith("CNIG1.") and "\n" not in code
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="重置进度").click()
    assert reader.progress() == {}
    page.get_by_role("button", name="粘贴进度码").click()
    page.locator("[data-cnig-code-text]").fill(code)
    page.get_by_role("button", name="导入进度码").click()
    message = page.locator("[data-cnig-message]")
    assert message.inner_text() == "已导入 2 个标记。"
    saved = reader.progress()
    assert (saved["marks"], saved["review"]) == (marks, schedule)

    page.get_by_role("button", name="粘贴进度码").click()
    page.locator("[data-cnig-code-text]").fill(code[:-12] + "!!")
    page.get_by_role("button", name="导入进度码").click()
    assert message.inner_text().startswith("导入失败")
    assert reader.progress()["marks"] == marks
    ratio, fg, bg = reader.contrast(message)
    assert ratio >= 4.5, (ratio, fg, bg)


def test_time_out_message_is_readable(reader: Reader) -> None:
    reader.page.clock.install()
    reader.go("practice/")
    page = reader.page
    page.select_option("select[name=timer]", "60")
    page.get_by_role("button", name="开始").click()
    page.clock.run_for(62_000)
    timer = page.locator(".cnig-timer")
    assert timer.inner_text() == "时间到"
    ratio, fg, bg = reader.contrast(timer)
    assert ratio >= 4.5, (ratio, fg, bg)


# 5. The home page is a map: chapters with counts from the pages, the ways in,
# what is new, and no link to a file the build did not make.
def test_home_page_is_a_map(reader: Reader) -> None:
    reader.go("")
    page = reader.page
    chapters = page.locator(".cnig-chapters > li")
    assert chapters.count() == 5
    by_folder: dict[str, list[dict]] = {}
    for q in reader.data["questions"]:
        by_folder.setdefault(q["page"].split("/")[0], []).append(q)
    total = 0
    for li in chapters.all():
        folder = (li.get_attribute("data-folder") or "").removeprefix("docs/").strip("/")
        in_ch = by_folder.get(folder, [])
        total += len(in_ch)
        assert int(li.get_attribute("data-count") or "-1") == len(in_ch)
        text = li.inner_text()
        if in_ch:
            assert f"{len(in_ch)} 题" in text
            for level in ("初级", "中级", "高级"):
                n = sum(q["level"] == level for q in in_ch)
                assert (f"{level} {n}" in text) == bool(n), (text, level, n)
        assert li.locator("a").is_visible()
    assert total == len(reader.data["questions"])
    ways = page.locator(".cnig-ways a")
    names = ways.all_inner_texts()
    assert names[:2] == ["题目索引", "模拟面试"]
    assert page.locator(".cnig-recent li").count() >= 1
    # This build has no PDF: no link may point at one, and every local link resolves.
    hrefs = page.locator(".md-content a[href]").evaluate_all("as => as.map(a => a.href)")
    assert not [h for h in hrefs if h.endswith((".pdf", ".zip"))]
    for href in hrefs:
        if href.startswith(reader.base):
            rel = href[len(reader.base):].split("#")[0]
            target = reader.site / rel
            assert (target / "index.html").is_file() or target.is_file(), href


def test_tags_sort_difficulty_by_level(reader: Reader) -> None:
    reader.go("tags/")
    names = [t.strip().rstrip("¶").strip() for t in reader.page.locator(".md-content h2").all_inner_texts()]
    levels = [n for n in names if n in ("初级", "中级", "高级")]
    assert levels == ["初级", "中级", "高级"], names


# 6. Type and accessibility.
def test_fonts_language_and_answer_size(reader: Reader) -> None:
    page_url, questions = _page_with_followups(reader.data)
    reader.go(page_url)
    page = reader.page
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    family = page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).fontFamily")
    assert '"PingFang SC"' in family and '"Noto Sans CJK SC"' in family, family
    assert family.index("PingFang SC") < family.index("Helvetica"), family
    body_size = page.evaluate("getComputedStyle(document.querySelector('.md-content .md-typeset > p')).fontSize")
    tldr = page.locator(f"#{questions[0]['id']}--body .admonition.tldr p:not(.admonition-title)").first
    assert tldr.evaluate("p => getComputedStyle(p).fontSize") == body_size == "16px"


def test_pressed_marks_differ_and_controls_name_their_question(reader: Reader) -> None:
    page_url, questions = _page_with_followups(reader.data)
    reader.go(page_url)
    reader.store({questions[0]["id"]: "known", questions[1]["id"]: "review"})
    reader.go(page_url)
    page = reader.page
    known = page.locator(f'.cnig-bar[data-for="{questions[0]["id"]}"] [data-mark="known"]')
    review = page.locator(f'.cnig-bar[data-for="{questions[1]["id"]}"] [data-mark="review"]')
    style = "b => { const s = getComputedStyle(b), a = getComputedStyle(b, '::before');" \
            " return [s.backgroundColor, s.borderColor, s.borderStyle, s.color, a.content]; }"
    k, r = known.evaluate(style), review.evaluate(style)
    assert k[0] != r[0] and k[1] != r[1] and k[4] != r[4], (k, r)
    assert k[4] not in ("none", "normal") and r[4] not in ("none", "normal"), (k, r)
    for button in (known, review):
        ratio, fg, bg = reader.contrast(button)
        assert ratio >= 4.5, (ratio, fg, bg)
    # Every control under a question names it; a name is unique on the page.
    reader.page.locator("[data-cnig-selftest]").click()  # show the reveal buttons too
    for q in questions:
        bar = page.locator(f'.cnig-bar[data-for="{q["id"]}"]')
        for button in bar.locator("button:visible").all():
            label = button.evaluate("b => b.getAttribute('aria-label') || b.textContent")
            assert label.endswith("：" + q["title"]), label
            assert label.startswith(button.inner_text().removeprefix("✓ ").removeprefix("↻ ")), label
            assert page.get_by_role("button", name=label, exact=True).count() == 1, label


# 7. axe-core: no serious or critical violation on a question page, the index
# and the mock interview (set-up and a question shown), in every configuration.
def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
          .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " " + (n.failureSummary || "").slice(0, 200))}));
    }""")
    return result


def test_axe_finds_no_serious_violations(reader: Reader) -> None:
    assert AXE.is_file(), "axe-core is missing: npm ci"
    page_url, questions = _page_with_followups(reader.data)
    found = {}
    reader.go(page_url)
    reader.store({questions[0]["id"]: "known", questions[1]["id"]: "review"}, settings={"hide": True})
    for rel, prepare in [
        (page_url, None),  # in self-test
        (page_url, "open"),  # every answer, diagram and code block shown
        ("questions/", None),
        ("practice/", None),
        ("practice/", "start"),
        ("", None),
    ]:
        if prepare == "open":
            reader.page.evaluate(f"localStorage.setItem('{SETTINGS_KEY}', JSON.stringify({{hide: false}}))")
        reader.go(rel)
        if prepare == "start":
            reader.page.get_by_role("button", name="开始").click()
            reader.page.locator('[data-act="reveal"]').click()
        found[f"{rel} {prepare or ''}"] = _axe(reader.page)
    assert all(not v for v in found.values()), json.dumps(found, ensure_ascii=False, indent=1)
