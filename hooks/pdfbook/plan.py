"""What goes into the book, in which order: the data the other modules share."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hooks.common.build_date import BuildDateError
from hooks.common.build_date import build_date as common_build_date

# Where the PDF lands, relative to the site folder; the site links here.
PDF_PATH = "pdf/cloud-native-interview-guide.pdf"


class BookError(Exception):
    """A problem that stops the PDF export; the hook turns it into a PluginError."""


@dataclass(frozen=True)
class PlanPage:
    src: str  # docs-relative source, e.g. "docker/image-build.md"
    url: str  # the page's site URL, relative to the site root
    title: str  # the nav title
    html_path: Path  # the built HTML file to take the article from


@dataclass
class Part:
    """A chapter (a top-level nav section) or a single top-level page."""

    title: str  # the nav title: the running header, and the heading of a part without an opener
    pages: list[PlanPage] = field(default_factory=list)
    # True when the first page is the chapter's own index page: its H1 is then
    # the chapter heading instead of a section heading.
    opener: bool = False
    # Print `title` instead of the opener's own H1 (the home page's H1 repeats the cover).
    retitle: bool = False


@dataclass(frozen=True)
class BookMeta:
    title: str
    subtitle: str
    author: str
    versions: dict[str, str]
    date: dt.date
    site_url: str  # "" when the site has none


# Top-level pages that are not printed, with the reason.
EXCLUDED_PAGES = {
    "practice.md": "the mock interview is an interactive form, nothing to read on paper",
    "tags.md": "Material's tag listing repeats the question index with links only",
}
# Pages printed as a one-page summary with a link to the full page on the site:
# the errata are a long table of URLs that means little on paper.
SUMMARIZED_PAGES = {
    "errata.md": "every correction with its source is a long table of links, read best on the site",
}
# The home page opens the book under this heading: its own H1 repeats the cover.
PREFACE_TITLE = "前言"


# Stable, readable id prefix for a page: "docker/image-build.md" -> "docker-image-build".
def page_key(src: str) -> str:
    stem = src.removesuffix(".md")
    if stem == "index":
        return "home"
    stem = stem.removesuffix("/index")
    return stem.replace("/", "-").replace(".", "-")


# The date printed on the cover: the build's one date (hooks/common/build_date.py),
# never the wall clock, so one commit always gives the same text.
def build_date(root: Path, env: Mapping[str, str] = os.environ) -> dt.date:
    try:
        return common_build_date(root, env)
    except BuildDateError as error:
        raise BookError(str(error)) from error
