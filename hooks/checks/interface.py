"""What a check module must define, written down for the type checker.

The kind modules (dockerfile, kubernetes, golang, proto, shell, python), mermaid
and markdown are plain modules, not classes. These Protocols name the
attributes the runner and the cache use, so mypy checks every module listed in
kinds.py against them, and checks the tests' fakes (types.ModuleType objects
with the same attributes) against the same contract. Nothing here runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .context import Context
from .problem import Problem

if TYPE_CHECKING:
    from .cache import ResultCache


class CheckModule(Protocol):
    """Any check module: problems about the module itself name it by
    ``__name__``, and the cache digests its source and the sibling modules it
    uses (found below ``__package__``)."""

    __name__: str
    __package__: str | None


class FingerprintedModule(CheckModule, Protocol):
    """A module whose results the cache keys by its tools' versions and config."""

    def fingerprint(self, ctx: Context) -> str: ...


class KindModule(FingerprintedModule, Protocol):
    """One kind of snippet file. KIND names it in rules (``<KIND>/...``) and cache
    folders; GRANULARITY is "file" (checked one by one) or "group" (all of its
    files as one unit). select() says whether a file is this kind's; check()
    returns every problem of the given files and never raises. A kind may also
    define ``run_programs(paths, ctx) -> list[Problem]`` (the CLI's --run);
    the runner looks it up with getattr, so it is not part of this Protocol."""

    KIND: str
    GRANULARITY: str

    def select(self, path: Path, ctx: Context) -> bool: ...

    def check(self, paths: list[Path], ctx: Context) -> list[Problem]: ...


class MermaidModule(FingerprintedModule, Protocol):
    """hooks/checks/mermaid.py: parses every diagram of the given pages."""

    def check_docs(self, pages: list[Path], ctx: Context) -> list[Problem]: ...


class MarkdownModule(CheckModule, Protocol):
    """hooks/checks/markdown.py: the page rules, caching per page itself."""

    def check_docs(
        self, pages: dict[Path, str], ctx: Context, cache: ResultCache | None = None, style: bool = True
    ) -> list[Problem]: ...
