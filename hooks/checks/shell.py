"""Shell script snippets: `bash -n`, ShellCheck, and the guide's bash conventions.

Every script under snippets/scripts/ is bash and starts with strict mode
(`set -euo pipefail`), so a reader who copies it gets a script that stops at
the first failing command instead of ploughing on.
"""

from __future__ import annotations

import hashlib
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .context import Context
from .problem import Problem
from .tools import PIP_HINT, ToolError, find_tool, missing_tool, run_tool, version_lines

KIND = "shell"
GRANULARITY = "file"

BASH_TIMEOUT = 30
SHELLCHECK_TIMEOUT = 120
# One shellcheck call covers every script, so its limit grows with their count
# (500 scripts on a loaded machine overran a flat 120 s).
SHELLCHECK_SECONDS_PER_FILE = 2
# `bash -n` takes one file per run; two cores are shared, so two at a time.
BASH_WORKERS = 2

# A `bash -n` diagnostic: `path: line 4: syntax error near unexpected token `fi'`.
BASH_ERROR = re.compile(r"(?x) ^ (?P<file>.+?) : \s line \s (?P<line>\d+) : \s (?P<message>.*) $")

# bash follows each syntax error with the offending source line, quoted: `fi'.
BASH_ECHOED_SOURCE = re.compile(r"(?x) ^ ` .* ' $")

# The shebangs that make a script bash.
BASH_SHEBANG = re.compile(
    r"(?x) ^ \#! \s* (?: /usr/bin/env \s+ bash | /bin/bash | /usr/bin/bash ) \s* $"
)

# POSIX sh, allowed for a script that runs inside an image (one with a
# Dockerfile beside it): Alpine, busybox and slim images may have no bash.
SH_SHEBANG = re.compile(r"(?x) ^ \#! \s* (?: /bin/sh | /usr/bin/env \s+ sh ) \s* $")

# Strict mode for POSIX sh: -e and -u at least; pipefail where the shell has it.
SH_STRICT_MODE = re.compile(
    r"""(?x)
    ^ \s* set \s+ - (?=[A-Za-z]*e) (?=[A-Za-z]*u) [A-Za-z]+
      (?: \s+ (?:-o \s+)? pipefail )? \s* (?:\#.*)? $
    """
)

# Strict mode: `set -euo pipefail`, other single-letter options allowed (`-Eeuxo`).
STRICT_MODE = re.compile(
    r"""(?x)
    ^ \s* set \s+ -
      (?=[A-Za-z]*e) (?=[A-Za-z]*u) [A-Za-z]*o   # -e, -u and -o in any order, o last
      \s+ pipefail \s* (?:\#.*)? $
    """
)


# Shell snippets are the `*.sh` files.
def select(path: Path, ctx: Context) -> bool:
    return path.suffix == ".sh"


# bash -n on each file, the conventions, then one ShellCheck run over all files.
def check(paths: list[Path], ctx: Context) -> list[Problem]:
    if not paths:
        return []
    problems: list[Problem] = []
    bash = find_tool("bash")
    if bash is None:
        problems.append(tool_problem(ctx, paths[0], "bash"))
    else:
        with ThreadPoolExecutor(max_workers=BASH_WORKERS) as pool:
            for found in pool.map(lambda path: bash_syntax(bash, path, ctx), paths):
                problems += found
    for path in paths:
        problems += check_conventions(path, ctx)
    problems += run_shellcheck(paths, ctx)
    return sorted(problems)


# `bash -n` parses without running; its syntax errors as Problems.
def bash_syntax(bash: str, path: Path, ctx: Context) -> list[Problem]:
    try:
        done = run_tool([bash, "-n", str(path)], timeout=BASH_TIMEOUT)
    except ToolError as error:
        return [Problem(ctx.rel(path), 0, 0, f"{KIND}/tool", str(error))]
    problems = []
    for text in done.stderr.splitlines():
        match = BASH_ERROR.match(text)
        if match is None:
            problems.append(Problem(ctx.rel(path), 0, 0, "bash/syntax", text.strip()))
        elif not BASH_ECHOED_SOURCE.match(match["message"]):
            problems.append(
                Problem(ctx.rel(path), int(match["line"]), 0, "bash/syntax", match["message"])
            )
    if done.returncode != 0 and not problems:
        problems.append(
            Problem(ctx.rel(path), 0, 0, "bash/syntax", f"bash -n exited {done.returncode}")
        )
    return problems


# A bash shebang on line 1 and strict mode as the first command.
def check_conventions(path: Path, ctx: Context) -> list[Problem]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    first_line = lines[0] if lines else ""
    in_image = runs_in_image(path)
    posix = in_image and SH_SHEBANG.match(first_line) is not None
    problems = []
    if not (BASH_SHEBANG.match(first_line) or posix):
        message = 'the first line must be "#!/usr/bin/env bash": the guide\'s scripts are bash'
        if in_image:
            message = (
                'the first line must be "#!/usr/bin/env bash", or "#!/bin/sh" for a script '
                "that runs inside an image without bash"
            )
        problems.append(Problem(ctx.rel(path), 1, 1, f"{KIND}/shebang", message))
    # Strict mode is the first command after the shebang line, if there is one.
    first = 1 if first_line.startswith("#!") else 0
    for number, line in enumerate(lines[first:], start=first + 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not (SH_STRICT_MODE if posix else STRICT_MODE).match(line):
            problems.append(strict_mode_problem(ctx.rel(path), number, posix))
        return problems
    problems.append(strict_mode_problem(ctx.rel(path), len(lines), posix))
    return problems


# A script beside a Dockerfile is part of a build context and runs in the image.
def runs_in_image(path: Path) -> bool:
    return any(
        p.name == "Dockerfile" or p.name.endswith(".Dockerfile") for p in path.parent.iterdir()
    )


# The strict-mode Problem, at the first command (or the end of an empty script).
def strict_mode_problem(rel: str, line: int, posix: bool) -> Problem:
    if posix:
        message = (
            'the first command must be "set -eu", so the script stops at the first failing '
            "command or unset variable"
        )
    else:
        message = (
            'the first command must be "set -euo pipefail", so the script stops at the first '
            "failing command, unset variable or failing pipe"
        )
    return Problem(rel, line, 1 if line else 0, f"{KIND}/strict-mode", message)


# ShellCheck over all files in one run, its json1 comments as Problems.
def run_shellcheck(paths: list[Path], ctx: Context) -> list[Problem]:
    shellcheck = find_tool("shellcheck")
    if shellcheck is None:
        return [tool_problem(ctx, paths[0], "shellcheck")]
    by_name = {str(path): path for path in paths}
    try:
        done = run_tool(
            [shellcheck, "--format=json1", *by_name],
            timeout=SHELLCHECK_TIMEOUT + SHELLCHECK_SECONDS_PER_FILE * len(by_name),
        )
    except ToolError as error:
        return [Problem(ctx.rel(paths[0]), 0, 0, f"{KIND}/tool", str(error))]
    try:
        comments = json.loads(done.stdout)["comments"]
    except (ValueError, KeyError, TypeError):
        return [shellcheck_failed(ctx, paths[0], done.stderr.strip() or "no JSON output")]
    return [shellcheck_problem(comment, by_name, ctx) for comment in comments]


# ShellCheck ran but gave no usable answer (crash, unreadable file).
def shellcheck_failed(ctx: Context, path: Path, detail: str) -> Problem:
    return Problem(ctx.rel(path), 0, 0, f"{KIND}/tool", f"shellcheck failed: {detail}")


# One ShellCheck comment as a Problem (`shellcheck/SC2086`).
def shellcheck_problem(comment: dict[str, Any], by_name: dict[str, Path], ctx: Context) -> Problem:
    path = by_name.get(comment["file"], Path(comment["file"]))
    return Problem(
        ctx.rel(path),
        int(comment["line"]),
        int(comment["column"]),
        f"shellcheck/SC{comment['code']}",
        str(comment["message"]),
    )


# The `shell/tool` Problem for a missing tool, located at the first file.
def tool_problem(ctx: Context, path: Path, tool: str) -> Problem:
    return missing_tool(ctx.rel(path), f"{KIND}/tool", tool, "shell scripts cannot be checked", PIP_HINT)


# ShellCheck's version line (it prints a banner first); cached by tools.version_lines.
def tool_version(tool: str) -> str:
    lines = version_lines(tool)
    return next((line for line in lines if line.startswith("version:")), lines[0])


# bash and ShellCheck versions, and these rules.
def fingerprint(ctx: Context) -> str:
    parts = []
    for name in ("bash", "shellcheck"):
        tool = find_tool(name)
        parts.append(f"{name} {tool_version(tool) if tool else 'missing'}")
    rules = Path(__file__).read_bytes()
    parts.append(f"rules {hashlib.sha256(rules).hexdigest()[:16]}")
    return "; ".join(parts)
