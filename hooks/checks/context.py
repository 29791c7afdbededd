"""What every check needs to know about the project: its root and versions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

# Directories, relative to the project root.
SNIPPETS_DIR = "snippets"
DOCS_DIR = "docs"
CONFIG_FILE = "mkdocs.yml"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing anything its !!python tags name."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


@dataclass(frozen=True)
class Context:
    """Project root plus the pinned versions, read once from mkdocs.yml."""

    root: Path
    kubernetes_version: str
    go_version: str

    @property
    def snippets_dir(self) -> Path:
        return self.root / SNIPPETS_DIR

    @property
    def docs_dir(self) -> Path:
        return self.root / DOCS_DIR

    # Project-relative POSIX path, as printed in every Problem.
    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


# Build a Context from the mkdocs.yml in `root` (extra.versions is the one
# place the Kubernetes and Go versions are written).
def load_context(root: Path) -> Context:
    config = yaml.load((root / CONFIG_FILE).read_text(encoding="utf-8"), Loader=_TolerantLoader)
    versions = (config.get("extra") or {}).get("versions") or {}
    return Context(
        root=root,
        kubernetes_version=str(versions["kubernetes"]),
        go_version=str(versions["go"]),
    )
