"""The one result type every check returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, located like a compiler message.

    ``path`` is relative to the project root (``snippets/k8s/x.yaml`` or
    ``docs/x.md``); ``line`` and ``col`` are 1-based, 0 when unknown.
    ``rule`` names the check, e.g. ``hadolint/DL3006`` or ``k8s/schema``.
    ``included_from`` lists ``docs/page.md:LINE`` places that show the snippet;
    the runner fills it in, checks leave it empty.
    """

    path: str
    line: int
    col: int
    rule: str
    message: str
    included_from: tuple[str, ...] = field(default=(), compare=False)

    # `path:line:col: message [rule]`, then one indented line per including page.
    def format(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        text = f"{where}: {self.message} [{self.rule}]"
        for place in self.included_from:
            text += f"\n    included from {place}"
        return text

    # GitHub Actions workflow command, shown as an annotation on the line.
    def github_annotation(self) -> str:
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (
            f"::error file={self.path},line={max(self.line, 1)},col={max(self.col, 1)},"
            f"title={self.rule}::{message}"
        )
