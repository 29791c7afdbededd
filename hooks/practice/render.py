"""What practice mode puts into the site: the data file, the index list, the mock form.

Pure functions of the parsed questions and page URLs; the hook only calls them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from mkdocs.utils import get_relative_url as relative_url

from hooks.checks.questions import LEVELS, TOPICS, Question

DATA_VERSION = 1
# Where the data lands in the site. questions.json is everything, for anyone
# who wants the data. The pages read scripts instead (Chromium refuses fetch()
# of a local JSON file under file://), split by who needs what: questions.js,
# on every question page, lists the questions; answers.js, with every answer's
# HTML (twice the size), only on the mock interview page, which shows them.
JSON_PATH = "assets/questions.json"
JS_PATH = "assets/questions.js"
JS_GLOBAL = "window.__CNIG_QUESTIONS__"
ANSWERS_JS_PATH = "assets/answers.js"
ANSWERS_GLOBAL = "window.__CNIG_ANSWERS__"
# The fields of a question that only answers.js carries.
ANSWER_FIELDS = ("answer", "answer_html", "followups_html")
# Page scripts that need answers.js loaded before them.
NEEDS_ANSWERS = {"mock.js"}
SCRIPT_DIR = "assets/javascripts/practice"
CSS_PATH = "assets/stylesheets/practice.css"
# Markers the hook replaces in docs/questions.md and docs/practice.md.
INDEX_MARKER = "<!-- cnig:questions -->"
MOCK_MARKER = "<!-- cnig:practice -->"
# localStorage key of the reader's practice settings (core.js uses the same).
SETTINGS_KEY = "cnig.settings.v1"
MARK_LABELS = {"known": "已掌握", "review": "需复习", "none": "未标记"}


# The site-wide data: settings, every question with its URL, per-page counts.
def build_data(questions: list[Question], urls: dict[str, str], settings: dict,
               html: dict[str, dict[str, str]] | None = None) -> dict:
    items: list[dict] = []
    pages: dict[str, dict] = {}
    for q in questions:
        page_url = urls[q.path]
        parts = (html or {}).get(q.id, {})
        items.append({**q.to_data(), "url": f"{page_url}#{q.id}", "page": page_url,
                      "answer_html": parts.get("answer_html", ""),
                      "followups_html": parts.get("followups_html", "")})
        entry = pages.setdefault(page_url, {"chapter": q.chapter, "ids": []})
        entry["ids"].append(q.id)
    return {"version": DATA_VERSION, "settings": settings, "questions": items, "pages": pages}


@dataclass(frozen=True)
class DataFiles:
    json: str  # questions.json: the whole data
    questions_js: str  # questions.js: the same without the answer fields
    answers_js: str  # answers.js: the answer fields by question id


def data_files(data: dict) -> DataFiles:
    questions = [{k: v for k, v in q.items() if k not in ANSWER_FIELDS} for q in data["questions"]]
    answers = {q["id"]: {k: q[k] for k in ANSWER_FIELDS if k in q} for q in data["questions"]}
    return DataFiles(
        json=_json(data),
        questions_js=f"{JS_GLOBAL}={_json({**data, 'questions': questions})};\n",
        answers_js=f"{ANSWERS_GLOBAL}={_json(answers)};\n",
    )


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# A tiny script for the <head> of a question page: in self-test mode the
# question bodies are hidden before the first paint (practice.css keys on the
# class). Without JavaScript nothing is hidden. The key and the default are
# the ones core.js reads.
def selftest_head_script(settings: dict) -> str:
    default = "true" if settings.get("hide_answers_by_default") else "false"
    return (
        "<script>(function(){var h=" + default + ";try{var s=JSON.parse(localStorage.getItem("
        f'"{SETTINGS_KEY}"));if(s&&typeof s.hide==="boolean")h=s.hide}}catch(e){{}}'
        'if(h)document.documentElement.classList.add("cnig-selftest")})()</script>'
    )


# <link> for the head and <script>s for the end of body on a practice page.
def page_tags(page_url: str, scripts: list[str]) -> tuple[str, str]:
    css = f'<link rel="stylesheet" href="{escape(relative_url(CSS_PATH, page_url))}">'
    data = [JS_PATH, *([ANSWERS_JS_PATH] if NEEDS_ANSWERS & set(scripts) else [])]
    srcs = [*data, f"{SCRIPT_DIR}/core.js", *(f"{SCRIPT_DIR}/{s}" for s in scripts)]
    js = "".join(f'<script src="{escape(relative_url(s, page_url))}"></script>' for s in srcs)
    return css, js


# <option>s of a filter <select>, "all" first.
def _options(values: list[tuple[str, str]], all_label: str = "全部") -> str:
    opts = [f'<option value="">{all_label}</option>']
    opts += [f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in values]
    return "".join(opts)


# Topics that have questions, in the fixed order, with their counts.
def _topic_options(questions: list[Question]) -> list[tuple[str, str]]:
    counts = {t: sum(t in q.topics for q in questions) for t in TOPICS}
    return [(t, f"{t}（{n}）") for t, n in counts.items() if n]


# Every level with its count (a level with none still shows, as 0).
def _level_options(questions: list[Question]) -> list[tuple[str, str]]:
    return [(lv, f"{lv}（{sum(q.level == lv for q in questions)}）") for lv in LEVELS]


# The filter bar plus every question grouped by topic, then by level.
def render_index(questions: list[Question], urls: dict[str, str], page_url: str) -> str:
    if not questions:
        return '<p class="cnig-empty">还没有题目。</p>'
    marks = [(k, v) for k, v in MARK_LABELS.items()]
    out = [
        '<form class="cnig-filters" data-cnig-filters hidden>',
        f'<label>主题 <select name="topic">{_options(_topic_options(questions))}</select></label>',
        f'<label>难度 <select name="level">{_options(_level_options(questions))}</select></label>',
        f'<label>标记 <select name="mark">{_options(marks)}</select></label>',
        '<output class="cnig-count" data-cnig-count aria-live="polite"></output>',
        "</form>",
        '<div class="cnig-tools" data-cnig-tools hidden>',
        '<button type="button" class="md-button" data-cnig-export>导出进度</button>',
        '<button type="button" class="md-button" data-cnig-import>导入进度</button>',
        '<input type="file" accept=".json,application/json" data-cnig-file hidden>',
        '<button type="button" class="md-button" data-cnig-reset>重置进度</button>',
        # A text code for browsers that cannot download or pick files (WeChat's in-app browser).
        '<button type="button" class="md-button" data-cnig-code-export>复制进度码</button>',
        '<button type="button" class="md-button" data-cnig-code-import>粘贴进度码</button>',
        '<div class="cnig-code" data-cnig-code hidden>',
        '<label for="cnig-code-text">进度码（在另一台设备的本页点“粘贴进度码”，粘贴后导入）</label>',
        '<textarea id="cnig-code-text" rows="3" spellcheck="false" autocomplete="off" data-cnig-code-text></textarea>',
        '<button type="button" class="md-button md-button--primary" data-cnig-code-apply>导入进度码</button>',
        "</div>",
        '<p class="cnig-message" data-cnig-message role="status" aria-live="polite"></p>',
        "</div>",
        "",
    ]
    for t_index, topic in enumerate(TOPICS):
        in_topic = [q for q in questions if topic in q.topics]
        if not in_topic:
            continue
        out += [f'<div class="cnig-group" data-topic="{escape(topic)}" markdown="1">', "",
                f"## {topic} {{#topic-{t_index + 1}}}", ""]
        for l_index, level in enumerate(LEVELS):
            at_level = [q for q in in_topic if q.level == level]
            if not at_level:
                continue
            out += [f'<div class="cnig-level" data-level="{level}" markdown="1">', "",
                    f"### {level} {{#topic-{t_index + 1}-{l_index + 1}}}", "",
                    '<ul class="cnig-qlist">']
            out += [_index_item(q, urls, page_url) for q in at_level]
            out += ["</ul>", "", "</div>", ""]
        out += ["</div>", ""]
    return "\n".join(out)


# One <li> of the index, with the data the filters read.
def _index_item(q: Question, urls: dict[str, str], page_url: str) -> str:
    href = relative_url(urls[q.path], page_url) + "#" + q.id
    return (
        f'<li data-id="{escape(q.id)}" data-level="{escape(q.level)}" '
        f'data-topics="{escape(",".join(q.topics))}">'
        f'<a href="{escape(href)}">{escape(q.title)}</a> '
        f'<span class="cnig-meta">{escape(q.chapter)} · {escape(q.level)}</span> '
        '<span class="cnig-badge" data-cnig-badge></span></li>'
    )


# The set-up form of the mock interview; mock.js runs it.
def render_mock(questions: list[Question]) -> str:
    timers = [("60", "每题 1 分钟"), ("120", "每题 2 分钟"), ("180", "每题 3 分钟"), ("300", "每题 5 分钟")]
    return "\n".join([
        '<noscript><p>模拟面试需要启用 JavaScript。</p></noscript>',
        '<form class="cnig-mock-setup" data-cnig-mock-setup hidden>',
        ('<label>来源 <select name="source"><option value="">全部题目（随机）</option>'
         '<option value="review">到期的复习题（按到期日）</option></select></label>'),
        (f'<label>题数 <input type="number" name="n" min="1" max="{max(len(questions), 1)}" '
         f'value="{min(5, max(len(questions), 1))}"></label>'),
        f'<label>主题 <select name="topic">{_options(_topic_options(questions))}</select></label>',
        f'<label>难度 <select name="level">{_options(_level_options(questions))}</select></label>',
        f'<label>计时 <select name="timer">{_options(timers, "不计时")}</select></label>',
        '<button type="submit" class="md-button md-button--primary">开始</button>',
        '<p class="cnig-message" data-cnig-message role="status" aria-live="polite"></p>',
        "</form>",
        '<section class="cnig-mock" data-cnig-mock hidden aria-label="模拟面试"></section>',
    ])
