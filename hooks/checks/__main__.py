"""Command line: ``python -m hooks.checks [paths] [--run] [--no-cache] [--root DIR]``.

Without paths every snippet and page is checked. With paths (pre-commit passes
the changed files) only those are: snippet files by their kind (the whole Go
module if one of its files changed), pages by the page rules and Mermaid.
Prints one compiler-style message per problem, GitHub annotations when
GITHUB_ACTIONS=true, a summary line, and exits 1 if anything is wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .context import load_context
from .problem import Problem
from .runner import check_project


# Parse arguments, check, print, and return the exit status.
def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = Path(args.root).resolve()
    started = time.monotonic()
    ctx = load_context(root)
    paths = [Path(p) for p in args.paths] if args.paths else None
    problems = check_project(ctx, paths=paths, run_programs=args.run, use_cache=not args.no_cache)
    print_problems(problems, github=os.environ.get("GITHUB_ACTIONS") == "true")
    print(_summary(problems, time.monotonic() - started))
    return 1 if problems else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m hooks.checks", description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", help="check only these files (default: everything)")
    parser.add_argument("--run", action="store_true",
                        help="also run the example programs (Go golden output, go test -race)")
    parser.add_argument("--no-cache", action="store_true", help="ignore and do not write .cache/checks")
    parser.add_argument("--root", default=".", help="project root holding mkdocs.yml (default: .)")
    return parser


# Each problem as a compiler message; on GitHub Actions also as an annotation.
def print_problems(problems: list[Problem], github: bool) -> None:
    for problem in problems:
        print(problem.format())
        if github:
            print(problem.github_annotation())


# `hooks.checks: 3 problems in 2 files (1.2 s)`.
def _summary(problems: list[Problem], seconds: float) -> str:
    if not problems:
        return f"hooks.checks: no problems ({seconds:.1f} s)"
    files = len({p.path for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    return f"hooks.checks: {len(problems)} {noun} in {files} file{'s' if files != 1 else ''} ({seconds:.1f} s)"


if __name__ == "__main__":
    sys.exit(main())
