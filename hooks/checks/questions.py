"""Parse and validate the interview questions of a page (the format in CONTRIBUTING.md, section 2).

A question is a level-2 heading whose attribute list carries ``data-level`` or
``data-topics``::

    ## 标题 {#docker-slug data-level="初级" data-topics="镜像构建"}

followed by a ``!!! tldr "30 秒回答"`` block and, later, a
``??? answer "参考答案"`` block. Everything here is a pure function of the page
text, so tests and ``python -m`` tools can call it without MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import yaml

from hooks.checks.problem import Problem

LEVELS = ("初级", "中级", "高级")
TOPICS = (
    "镜像构建", "容器网络", "存储", "容器安全", "性能排障", "调度", "服务网络", "工作负载",
    "访问控制", "扩展 API", "并发", "内存模型", "构建发布", "client-go", "gRPC", "面试策略",
    "容器运行时", "弹性伸缩", "网络策略", "准入控制", "控制平面", "运行时", "语言特性", "标准库",
    "性能分析",
)
# Anchor prefix that each chapter folder under docs/ must use.
CHAPTER_PREFIXES = {
    "overview": "overview",
    "docker": "docker",
    "kubernetes": "k8s",
    "go": "go",
    "strategy": "strategy",
}
TLDR_TITLE = '!!! tldr "30 秒回答"'
ANSWER_TITLE = '??? answer "参考答案"'

# An ATX heading, with an optional trailing attribute list {#id key="value"}.
HEADING = re.compile(
    r"""(?x)
    ^(?P<hashes>\#{1,6})\s+
    (?P<title>.*?)
    (?:\s*\{(?P<attrs>[^{}]*)\})?    # attr_list, as the attr_list extension reads it
    \s*$
    """
)
# One item of an attribute list: #id, .class, key="v", key='v' or key=v.
ATTR = re.compile(
    r"""(?x)
    \#(?P<id>[^\s}]+)
    | \.(?P<cls>[^\s}]+)
    | (?P<key>[\w-]+)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s}]+))
    """
)
# A valid anchor: a known chapter prefix, then a lowercase ASCII slug.
ANCHOR = re.compile(
    r"""(?x)
    ^(?P<chapter>overview|docker|k8s|go|strategy)
    -[a-z0-9]+(?:-[a-z0-9]+)*$
    """
)
# Opening or closing line of a fenced code block (also indented, inside admonitions).
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
# The two required blocks, written exactly as the format says.
TLDR_LINE = re.compile(r'^!!!\s+tldr\s+"30 秒回答"\s*$')
ANSWER_LINE = re.compile(r'^\?\?\?\+?\s+answer\s+"参考答案"\s*$')
# Inline Markdown to strip from the short answer: links keep their text,
# code keeps its content, emphasis markers go.
MD_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\([^)]*\)")
MD_MARKS = re.compile(r"(?x) \*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
# An inline code span: its content is shown as is.
CODE_SPAN = re.compile(r"(`+)(?P<code>.+?)\1")


@dataclass(frozen=True)
class Question:
    """One question as written on a page; raw values, validated separately."""

    id: str
    title: str
    level: str
    topics: tuple[str, ...]
    path: str  # docs/docker/image-build.md, as in every Problem
    line: int
    chapter: str = ""  # the page's H1, e.g. "2.1 镜像构建与多阶段构建"
    answer: str = ""  # the 30-second answer as plain text
    heading_level: int = 2
    has_level: bool = True
    has_topics: bool = True
    tldr_line: int = 0  # 0 when the block is missing
    answer_line: int = 0

    # What questions.json publishes for this question (url is added by the hook).
    def to_data(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "chapter": self.chapter,
            "topics": list(self.topics),
            "level": self.level,
            "answer": self.answer,
        }


@dataclass
class _Section:
    heading: Question
    body: list[tuple[int, str]] = field(default_factory=list)


# Every question of one page, in page order. Never raises on bad input.
def parse_questions(page_path: str, text: str) -> list[Question]:
    lines = text.splitlines()
    start = _front_matter_end(lines)
    chapter = ""
    sections: list[_Section] = []
    current: _Section | None = None
    for number, line in _outside_fences(lines, start):
        match = HEADING.match(line)
        if match:
            level = len(match["hashes"])
            if level == 1 and not chapter:
                chapter = _plain(match["title"])
            if level <= 2:
                current = None
            attrs = _parse_attrs(match["attrs"] or "")
            if "data-level" in attrs or "data-topics" in attrs:
                current = _Section(_heading(page_path, number, level, match, attrs))
                sections.append(current)
                continue
        if current is not None:
            current.body.append((number, line))
    return [_complete(section, chapter, lines) for section in sections]


# Problems of one page: anchors, levels, topics, required parts, front-matter tags.
def check_questions(page_path: str, text: str, questions: list[Question]) -> list[Problem]:
    problems: list[Problem] = []
    for q in questions:
        problems += _check_one(page_path, q)
    problems += _check_tags(page_path, text, questions)
    return sorted(problems)


# Problems for anchors used by more than one question across the site.
def check_unique(questions: Iterable[Question]) -> list[Problem]:
    first: dict[str, Question] = {}
    problems = []
    for q in questions:
        if not q.id:
            continue
        if q.id in first:
            seen = first[q.id]
            problems.append(Problem(q.path, q.line, 0, "questions/unique",
                                    f'anchor "{q.id}" is already used at {seen.path}:{seen.line}'))
        else:
            first[q.id] = q
    return problems


# Parse and check a set of pages: (all questions, all problems), pages in order.
def collect_questions(pages: Iterable[tuple[str, str]]) -> tuple[list[Question], list[Problem]]:
    questions: list[Question] = []
    problems: list[Problem] = []
    for page_path, text in pages:
        found = parse_questions(page_path, text)
        problems += check_questions(page_path, text, found)
        questions += found
    problems += check_unique(questions)
    return questions, problems


# Problems of one question: heading level, anchor, level, topics, required blocks.
def _check_one(path: str, q: Question) -> list[Problem]:
    out = []

    def add(rule: str, message: str, line: int = q.line) -> None:
        out.append(Problem(path, line, 0, f"questions/{rule}", message))

    name = q.id or q.title
    if q.heading_level != 2:
        add("heading", f'question "{name}": must be a level-2 heading (##), not level {q.heading_level}')
    if not q.id:
        add("anchor", f'question "{q.title}": heading has no {{#anchor}}')
    elif not ANCHOR.match(q.id):
        add("anchor", f'anchor "{q.id}": must be <chapter>-<slug> in lowercase ASCII letters, '
                      "digits and hyphens, chapter one of overview, docker, k8s, go, strategy")
    else:
        expected = _expected_prefix(path)
        if expected and not q.id.startswith(expected + "-"):
            add("anchor", f'anchor "{q.id}": questions in {_chapter_dir(path)} must start with "{expected}-"')
    if not q.has_level:
        add("level", f'question "{name}": missing data-level (one of {", ".join(LEVELS)})')
    elif q.level not in LEVELS:
        add("level", f'question "{name}": data-level "{q.level}" is not one of {", ".join(LEVELS)}')
    if not q.has_topics or not q.topics:
        add("topics", f'question "{name}": missing data-topics')
    for topic in q.topics:
        if topic not in TOPICS:
            add("topics", f'question "{name}": unknown topic "{topic}" (allowed: {", ".join(TOPICS)})')
    if not q.tldr_line:
        add("parts", f'question "{name}": missing the {TLDR_TITLE} block')
    elif not q.answer:
        add("parts", f'question "{name}": the {TLDR_TITLE} block is empty', q.tldr_line)
    if not q.answer_line:
        add("parts", f'question "{name}": missing the {ANSWER_TITLE} block')
    if q.tldr_line and q.answer_line and q.answer_line < q.tldr_line:
        add("parts", f'question "{name}": {TLDR_TITLE} must come before {ANSWER_TITLE}', q.answer_line)
    return out


# Every topic and level used on the page must be in the front matter `tags`.
def _check_tags(path: str, text: str, questions: list[Question]) -> list[Problem]:
    if not questions:
        return []
    tags, line, error = _front_matter_tags(text)
    if error:
        return [Problem(path, line, 0, "questions/tags", error)]
    problems = []
    needed: dict[str, Question] = {}
    for q in questions:
        for value in (*q.topics, q.level):
            if value in TOPICS or value in LEVELS:
                needed.setdefault(value, q)
    for value, q in needed.items():
        if value not in tags:
            problems.append(Problem(path, line, 0, "questions/tags",
                                    f'front matter tags: missing "{value}" (used by "{q.id or q.title}")'))
    return problems


# (tags, line of the `tags:` key or 1, error message or "").
def _front_matter_tags(text: str) -> tuple[list[str], int, str]:
    lines = text.splitlines()
    end = _front_matter_end(lines)
    if not end:
        return [], 1, "page has questions but no front matter with tags"
    try:
        meta = yaml.safe_load("\n".join(lines[1:end - 1])) or {}
    except yaml.YAMLError as err:
        return [], 1, f"front matter is not valid YAML: {err}".splitlines()[0]
    line = next((i + 1 for i in range(1, end - 1) if lines[i].startswith("tags:")), 1)
    tags = meta.get("tags") if isinstance(meta, dict) else None
    if not isinstance(tags, list):
        return [], line, "front matter tags: must be a YAML list of topics and levels"
    return [str(t) for t in tags], line, ""


# Index of the first line after the front matter (0 when there is none).
def _front_matter_end(lines: list[str]) -> int:
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return i + 1
    return 0


# (1-based line number, line) for every line outside fenced code blocks.
def _outside_fences(lines: list[str], start: int):
    fence = ""
    for index in range(start, len(lines)):
        line = lines[index]
        match = FENCE.match(line)
        if fence:
            if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence) \
                    and not line.strip()[len(match["fence"]):].strip():
                fence = ""
            continue
        if match:
            fence = match["fence"]
            continue
        yield index + 1, line


# {'#': id, key: value} from the text inside an attribute list's braces.
def _parse_attrs(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for m in ATTR.finditer(text):
        if m["id"]:
            attrs["#"] = m["id"]
        elif m["key"]:
            attrs[m["key"]] = next(v for v in (m["dq"], m["sq"], m["bare"]) if v is not None)
    return attrs


# A Question from its heading; the body fields are filled in by _complete.
def _heading(path: str, number: int, level: int, match: re.Match, attrs: dict[str, str]) -> Question:
    topics = tuple(t.strip() for t in attrs.get("data-topics", "").split(",") if t.strip())
    return Question(
        id=attrs.get("#", ""),
        title=_plain(match["title"]),
        level=attrs.get("data-level", "").strip(),
        topics=topics,
        path=path,
        line=number,
        heading_level=level,
        has_level="data-level" in attrs,
        has_topics="data-topics" in attrs,
    )


# Fill in the chapter, the required blocks and the plain-text short answer.
def _complete(section: _Section, chapter: str, lines: list[str]) -> Question:
    q = section.heading
    tldr = next((n for n, line in section.body if TLDR_LINE.match(line)), 0)
    answer = next((n for n, line in section.body if ANSWER_LINE.match(line)), 0)
    short = _block_text(lines, tldr) if tldr else ""
    return replace(q, chapter=chapter, tldr_line=tldr, answer_line=answer, answer=short)


# Plain text of the indented body of the admonition that starts at `line`.
def _block_text(lines: list[str], line: int) -> str:
    paragraphs: list[list[str]] = [[]]
    for raw in lines[line:]:
        if raw.strip() and not raw.startswith(("    ", "\t")):
            break
        if not raw.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(raw.strip())
    return "\n".join(_plain(" ".join(p)) for p in paragraphs if p)


# Inline Markdown reduced to the text a reader sees.
def _plain(text: str) -> str:
    out, last = [], 0
    for m in CODE_SPAN.finditer(text):
        out += [_strip_marks(text[last:m.start()]), m["code"].strip()]
        last = m.end()
    out.append(_strip_marks(text[last:]))
    return "".join(out).strip()


# Text outside code spans: links become their text, emphasis marks go.
def _strip_marks(text: str) -> str:
    return MD_MARKS.sub("", MD_LINK.sub(lambda m: m["text"], text))


# "docs/docker/" for docs/docker/x.md; "" for a page at the top of docs/.
def _chapter_dir(path: str) -> str:
    parts = path.split("/")
    if parts and parts[0] == "docs":
        parts = parts[1:]
    return f"docs/{parts[0]}/" if len(parts) > 1 else ""


# The anchor prefix a page's folder requires, "" when the folder is no chapter.
def _expected_prefix(path: str) -> str:
    folder = _chapter_dir(path).removeprefix("docs/").rstrip("/")
    return CHAPTER_PREFIXES.get(folder, "")
