"""The home page's download links and the question-body cutting, without a build."""

from __future__ import annotations

from pathlib import Path

import yaml

from hooks.practice import blocks, home
from tests.conftest import ROOT

PAGE = """<h1 id="t">2.1 镜像</h1>
<h2 data-level="初级" id="docker-a">A？<a class="headerlink" href="#docker-a">¶</a></h2>
<div class="admonition tldr">
<p class="admonition-title">30 秒回答</p>
<p>简答 <code>x</code>。</p>
</div>
<p><strong>深入解析</strong></p>
<div class="highlight"><pre><span></span><code>&lt;h2&gt;not a heading&lt;/h2&gt;
</code></pre></div>
<p><strong>面试官追问</strong></p>
<ul>
<li>追问一？（<code>y</code>）</li>
</ul>
<p><strong>常见错误回答</strong></p>
<ul>
<li>错。</li>
</ul>
<details class="answer">
<summary>参考答案</summary>
<p>答。<br>换行</p>
</details>
<h2 id="other">不是题目</h2>
<p>尾。</p>
"""


def test_question_parts_cut_at_the_next_heading() -> None:
    parts = blocks.question_parts(PAGE, {"docker-a"})
    assert [p.id for p in parts] == ["docker-a"]
    part = parts[0]
    body = PAGE[part.body_start:part.body_end]
    assert body.lstrip().startswith('<div class="admonition tldr">')
    assert body.rstrip().endswith("</details>")
    assert part.answer_html.startswith('<div class="admonition tldr">') and "<code>x</code>" in part.answer_html
    assert part.followups_html == "<ul>\n<li>追问一？（<code>y</code>）</li>\n</ul>"
    wrapped = blocks.wrap_bodies(PAGE, parts)
    assert '<div class="cnig-qbody" id="docker-a--body" data-cnig-body="docker-a">' in wrapped
    assert wrapped.index("</details></div>") < wrapped.index('<h2 id="other">')


def test_no_download_link_without_the_files() -> None:
    assert home.downloads("", pdf=False, repo_url="https://github.com/o/r") == ""
    links = home.downloads("", pdf=True, repo_url="https://github.com/o/r")
    assert f'href="{home.PDF_PATH}"' in links
    assert f'href="https://github.com/o/r/releases/latest/download/{home.OFFLINE_ZIP}"' in links
    assert "zip" not in home.downloads("", pdf=True, repo_url="")


# The published build is the one that makes the PDF, and its release carries
# the zip under the name the home page links to.
def test_publishing_workflow_makes_what_the_home_page_links() -> None:
    flow = yaml.safe_load((ROOT / ".github/workflows/main.yml").read_text(encoding="utf-8"))
    steps = flow["jobs"]["build"]["steps"]
    build = next(s for s in steps if "mkdocs build" in s.get("run", ""))
    assert build["env"]["PDF_EXPORT"] == "1"
    assert f"site/{home.PDF_PATH}" in build["run"]
    assert f"release/{home.OFFLINE_ZIP}" in build["run"]
    release = next(s for s in flow["jobs"]["release"]["steps"] if "files" in s.get("with", {}))
    assert f"release/{home.OFFLINE_ZIP}" in release["with"]["files"]
    assert release["with"].get("make_latest", "true") != "false"
    assert Path(ROOT / "mkdocs.yml").read_text(encoding="utf-8").count("repo_url:") == 1
