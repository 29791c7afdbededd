"""The home page as a map: chapters with their question counts, the ways in, what is new.

Every number comes from the parsed pages at build time; nothing is typed by hand.
The downloads (PDF, offline zip) are only linked by a build that makes them.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url as relative_url

from hooks.checks.questions import CHAPTER_PREFIXES, LEVELS, Question
from hooks.pdfbook.plan import PDF_PATH

MARKER = "<!-- cnig:home -->"
# Replaced in the HTML, after link validation, by the download links (or nothing).
DOWNLOADS_MARKER = "<!-- cnig:downloads -->"
# .github/workflows/main.yml attaches the PDF (written at PDF_PATH) and the
# zip of the offline build to every release of main.
OFFLINE_ZIP = "cloud-native-interview-guide-offline.zip"
RECENT = 5


@dataclass(frozen=True)
class Chapter:
    title: str
    folder: str  # docs/docker/
    url: str  # the chapter's first page


# Top-level nav sections whose pages live in a chapter folder, in nav order.
def chapters(nav: Navigation, prefix: str) -> list[Chapter]:
    out = []
    for item in nav.items:
        if not isinstance(item, Section):
            continue
        pages = _pages(item)
        if not pages:
            continue
        folder = pages[0].file.src_uri.split("/")[0]
        if folder in CHAPTER_PREFIXES:
            out.append(Chapter(item.title or folder, f"{prefix}{folder}/", pages[0].file.url))
    return out


def _pages(section: Section) -> list[Page]:
    out = []
    for child in section.children:
        if isinstance(child, Page):
            out.append(child)
        elif isinstance(child, Section):
            out += _pages(child)
    return out


# (date, docs path, title) of the most recently committed chapter pages, newest first; [] outside git.
def recent_pages(root: Path, docs_dir: Path, titles: dict[str, str], prefix: str) -> list[tuple[str, str, str]]:
    git = shutil.which("git")
    if git is None:
        return []
    try:
        rel = docs_dir.resolve().relative_to(root.resolve()).as_posix()
        proc = subprocess.run([git, "log", "--format=@%ct", "--name-only", "--", rel], cwd=root,
                              capture_output=True, text=True, timeout=60, check=False)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return []
    if proc.returncode != 0:
        return []
    seen: dict[str, str] = {}
    when = ""
    for line in proc.stdout.splitlines():
        if line.startswith("@"):
            when = datetime.fromtimestamp(int(line[1:]), UTC).strftime("%Y-%m-%d")
        elif line.strip():
            inside = line.strip()[len(rel) + 1:]
            path = prefix + inside
            # Only the chapters' pages are news; the home page and the appendix are not.
            in_chapter = inside.split("/")[0] in CHAPTER_PREFIXES and "/" in inside
            if in_chapter and path in titles and path not in seen and titles[path]:
                seen[path] = when
        if len(seen) >= RECENT:
            break
    return [(date, path, titles[path]) for path, date in seen.items()]


def _mix(questions: list[Question]) -> str:
    counts = [(lv, sum(q.level == lv for q in questions)) for lv in LEVELS]
    return " · ".join(f"{lv} {n}" for lv, n in counts if n)


# The home page's HTML: review entry, chapters, ways in, downloads marker, what is new.
def render_home(chapters_: list[Chapter], questions: list[Question], urls: dict[str, str],
                page_url: str, recent: list[tuple[str, str, str]], prefix: str) -> str:
    def href(docs_path: str, anchor: str = "") -> str:
        return escape(relative_url(urls[docs_path], page_url) + anchor)

    out = ['<div class="cnig-home" data-cnig-home>']
    # Filled by core.js from the reader's own progress; hidden without it.
    practice = f"{prefix}practice.md"
    if practice in urls:
        out += [
            '<p class="cnig-continue" data-cnig-continue hidden>',
            (f'<a class="md-button md-button--primary" data-cnig-review-link href="{href(practice, "#review")}">'
             '继续复习 (<span data-cnig-due>0</span>)</a> '),
            '<span class="cnig-last" data-cnig-last hidden>上次看到：<a data-cnig-last-link href="#"></a></span>',
            "</p>",
        ]
    out += ['<h2 id="chapters">五章内容</h2>', '<ul class="cnig-chapters">']
    for ch in chapters_:
        in_ch = [q for q in questions if q.path.startswith(ch.folder)]
        count = f"{len(in_ch)} 题" if in_ch else "导读"
        mix = _mix(in_ch)
        out.append(
            f'<li data-folder="{escape(ch.folder)}" data-count="{len(in_ch)}">'
            f'<a href="{escape(relative_url(ch.url, page_url))}"><strong>{escape(ch.title)}</strong></a>'
            f'<span class="cnig-chapter-count">{count}</span>'
            + (f'<span class="cnig-chapter-mix">{escape(mix)}</span>' if mix else "")
            + "</li>"
        )
    out.append("</ul>")
    ways = [(f"{prefix}questions.md", "题目索引", f"全部 {len(questions)} 题，按主题和难度筛选"),
            (f"{prefix}practice.md", "模拟面试", "随机抽题或复习到期的题，计时作答")]
    out += ['<h2 id="start">从这里开始</h2>', '<ul class="cnig-ways">']
    for path, name, note in ways:
        if path in urls:
            out.append(f'<li><a href="{href(path)}"><strong>{name}</strong></a><span>{escape(note)}</span></li>')
    out += [DOWNLOADS_MARKER, "</ul>"]
    if recent:
        out += ['<h2 id="recent">最近更新</h2>', '<ul class="cnig-recent">']
        for date, path, title in recent:
            if path in urls:
                out.append(f'<li><time datetime="{date}">{date}</time> <a href="{href(path)}">{escape(title)}</a></li>')
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out)


# The download entries for a build that makes them: the PDF in the site, the
# offline zip on the repository's latest release (main.yml attaches it).
def downloads(page_url: str, pdf: bool, repo_url: str) -> str:
    if not pdf:
        return ""
    items = [(f'<li><a href="{escape(relative_url(PDF_PATH, page_url))}" download><strong>PDF</strong></a>'
              "<span>整本书一个文件，带目录和书签，适合打印</span></li>")]
    if repo_url:
        zip_url = f"{repo_url.rstrip('/')}/releases/latest/download/{OFFLINE_ZIP}"
        items.append(f'<li><a href="{escape(zip_url)}"><strong>离线版 zip</strong></a>'
                     "<span>解压后打开 index.html，无需联网</span></li>")
    return "\n".join(items)
