"""Dockerfile snippets: BuildKit's own parser, hadolint, and the project's stage rules.

hadolint lints each instruction; what it cannot see is how the stages of a
multi-stage build fit together, so the project rules below check that:
`dockerfile/stage-ref`, `dockerfile/from-tag`, `dockerfile/cgo` and
`dockerfile/go-version`.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from .context import Context
from .problem import Problem
from .tools import find_tool, version_lines

KIND = "dockerfile"
GRANULARITY = "file"

# The repository's hadolint config: which rules are off, and why.
HADOLINT_CONFIG = ".hadolint.yaml"
HADOLINT_TIMEOUT = 120
# One hadolint call covers every Dockerfile, so its limit grows with their count.
HADOLINT_SECONDS_PER_FILE = 2
INSTALL_HINT = "install the pinned tools with `.venv/bin/pip install -r requirements.txt`"
# Where extra.versions.go is written, named in go-version messages.
GO_VERSION_SOURCE = "extra.versions.go in mkdocs.yml"

# `$NAME`, `${NAME}` and `${NAME:-default}` / `${NAME:+alternative}` in FROM.
ARG_REFERENCE = re.compile(
    r"""(?x)
    \$ (?:
        \{ (?P<braced>[A-Za-z_][A-Za-z0-9_]*)
           (?: :(?P<op>[-+]) (?P<word>[^}]*) )?
        \}
      | (?P<bare>[A-Za-z_][A-Za-z0-9_]*)
    )
    """
)

# An image reference: name (may hold a registry port), optional tag, optional digest.
IMAGE_REFERENCE = re.compile(
    r"""(?x)
    ^ (?P<name>[^@]+?)
      (?: : (?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) )?     # a tag has no "/"
      (?: @ (?P<digest>[A-Za-z0-9_+.-]+ : [A-Fa-f0-9]{32,}) )?
    $
    """
)

# The official Go image, with or without its registry and library/ prefix.
GOLANG_IMAGE = re.compile(r"(?x) ^ (?:docker\.io/)? (?:library/)? golang $")

# A golang tag: the Go version, then an optional variant (`1.26.6-alpine3.24`).
GOLANG_TAG = re.compile(
    r"""(?x)
    ^ (?P<version> \d+ (?: \.\d+ ){0,2} (?: (?:rc|beta) \d+ )? )
      (?: - (?P<variant> [A-Za-z0-9_.-]+ ) )?
    $
    """
)

# Runtime bases with no glibc: Alpine (musl), scratch (nothing) and distroless
# `static` (no libc at all). Distroless base/cc/java/python images do ship
# glibc, so a cgo binary from a Debian builder runs there and is not flagged.
NO_GLIBC_IMAGE = re.compile(
    r"""(?x)
    ^ (?: (?:.*/)? alpine
        | scratch
        | (?:.*/)? distroless/static (?:-[A-Za-z0-9_.-]+)?
      ) $
    """
)

# A RUN that compiles a Go binary.
GO_BUILD = re.compile(r"(?x) \b go \s+ (?:build|install) \b")

# CGO_ENABLED assigned in a RUN's shell text (`CGO_ENABLED=0 go build`, `export ...`).
CGO_ASSIGNMENT = re.compile(r"""(?x) \b CGO_ENABLED = (?P<quote>['"]?) (?P<value>\w*) (?P=quote)""")

# A heredoc opener on an instruction line: `<<EOF`, `<<-EOT`, `<<"EOF"`.
HEREDOC_OPENER = re.compile(
    r"""(?x) << -? (?P<quote>["']?) (?P<word>[A-Za-z_][A-Za-z0-9_]*) (?P=quote)"""
)

# `line 12` inside a parser error message, should BuildKit ever include one.
ERROR_LINE = re.compile(r"(?x) \b line \s+ (?P<line>\d+) \b")


@dataclass
class Stage:
    """One FROM ... section of the Dockerfile, as far as the stage rules need it."""

    index: int
    name: str | None  # the `AS name`, lowercased like BuildKit does
    image: str  # the base after ARG substitution: an image, "scratch" or a stage name
    line: int
    parent: Stage | None = None  # the earlier stage this one is built FROM
    env: dict[str, str] = field(default_factory=dict)  # ENV so far, inherited by child stages
    args: dict[str, str] = field(default_factory=dict)  # ARG defaults, this stage only
    cgo_builds: list[tuple[int, int]] = field(default_factory=list)  # RUN lines, cgo on

    # How messages name the stage: `stage "build"` or `stage 0`.
    @property
    def label(self) -> str:
        return f'stage "{self.name}"' if self.name else f"stage {self.index}"

    # The image this stage finally runs on, following FROM <earlier stage>.
    def root_image(self) -> str:
        return self.parent.root_image() if self.parent else self.image


@dataclass
class StageCopy:
    """A COPY --from / RUN --mount from= that reads an earlier stage."""

    source: Stage
    target: Stage
    line: int


@dataclass
class Walk:
    """State of one pass over a Dockerfile's instructions."""

    rel: str
    lines: list[str]
    stage_lines: dict[str, int] = field(default_factory=dict)  # every `AS name`, any order
    global_args: dict[str, str | None] = field(default_factory=dict)
    stages: list[Stage] = field(default_factory=list)
    copies: list[StageCopy] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    # A Problem at the first place `needle` appears in the instruction's lines.
    def problem(self, command: Any, needle: str, rule: str, message: str) -> None:
        line, col = locate(self.lines, command.start_line, command.end_line, needle)
        self.problems.append(Problem(self.rel, line, col, f"{KIND}/{rule}", message))

    # The stage named `name` (case-insensitive) among those defined so far.
    def stage_named(self, name: str) -> Stage | None:
        return next((s for s in self.stages if s.name == name.lower()), None)


# Dockerfiles are files named `Dockerfile` or `<something>.Dockerfile`.
def select(path: Path, ctx: Context) -> bool:
    return path.name == "Dockerfile" or path.name.endswith(".Dockerfile")


# Parse every file with BuildKit, lint all of them with one hadolint run,
# then apply the stage rules to each file that parsed.
def check(paths: list[Path], ctx: Context) -> list[Problem]:
    if not paths:
        return []
    problems: list[Problem] = []
    parser = import_parser()
    if parser is None:
        problems.append(tool_problem(ctx, paths[0], "the `dockerfile` Python package"))
    parsed: dict[Path, tuple[Any, ...]] = {}
    for path in paths:
        if parser is not None:
            commands, error = parse_dockerfile(parser, path, ctx)
            if error is not None:
                problems.append(error)
            else:
                parsed[path] = commands
    problems += run_hadolint(paths, parsed, ctx)
    for path, commands in parsed.items():
        problems += check_stages(path, commands, ctx)
    return sorted(problems)


# BuildKit's parser, imported late so that a missing package is a Problem.
def import_parser() -> ModuleType | None:
    try:
        return importlib.import_module("dockerfile")
    except ImportError:
        return None


# BuildKit's parse of one file, or the Problem its parse error becomes.
def parse_dockerfile(
    parser: ModuleType, path: Path, ctx: Context
) -> tuple[tuple[Any, ...], Problem | None]:
    try:
        return parser.parse_file(str(path)), None
    except (parser.GoParseError, parser.GoIOError) as error:
        # The Go binding drops the error's location: find it again where we can.
        match = ERROR_LINE.search(str(error))
        line = int(match["line"]) if match else 0
        if not line and "unterminated heredoc" in str(error):
            line = unterminated_heredoc_line(path.read_text(encoding="utf-8", errors="replace"))
        message = f"BuildKit cannot parse this Dockerfile: {error}"
        return (), Problem(ctx.rel(path), line, 0, f"{KIND}/parse", message)


# The line of the first heredoc whose closing word never comes (0 if none).
def unterminated_heredoc_line(text: str) -> int:
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        opener = HEREDOC_OPENER.search(lines[number])
        number += 1
        if opener is None:
            continue
        rest = [line.strip() for line in lines[number:]]
        if opener["word"] not in rest:
            return number
        number += rest.index(opener["word"]) + 1
    return 0


# hadolint over all files in one run, its JSON findings as Problems.
def run_hadolint(
    paths: list[Path], parsed: dict[Path, tuple[Any, ...]], ctx: Context
) -> list[Problem]:
    hadolint = find_tool("hadolint")
    if hadolint is None:
        return [tool_problem(ctx, paths[0], "hadolint")]
    command = [hadolint, "--format", "json", "--no-fail"]
    config = ctx.root / HADOLINT_CONFIG
    if config.is_file():
        command += ["--config", str(config)]
    by_name = {str(path): path for path in paths}
    try:
        done = subprocess.run(
            command + list(by_name),
            check=False,
            capture_output=True,
            text=True,
            timeout=HADOLINT_TIMEOUT + HADOLINT_SECONDS_PER_FILE * len(by_name),
        )
    except (subprocess.TimeoutExpired, OSError) as error:
        return [hadolint_failed(ctx, paths[0], str(error))]
    try:
        findings = json.loads(done.stdout)
    except ValueError:
        findings = None
    if not isinstance(findings, list):
        # e.g. an unreadable file: hadolint prints a Haskell backtrace, no JSON.
        lines = done.stderr.strip().splitlines()
        return [hadolint_failed(ctx, paths[0], lines[0] if lines else "no JSON output")]
    return [hadolint_problem(f, by_name, parsed, ctx) for f in findings]


# hadolint ran but gave no usable answer.
def hadolint_failed(ctx: Context, path: Path, detail: str) -> Problem:
    return Problem(ctx.rel(path), 0, 0, f"{KIND}/tool", f"hadolint failed: {detail}")


# One hadolint finding as a Problem (`hadolint/DL3008`, `hadolint/SC2086`).
def hadolint_problem(
    finding: dict[str, Any],
    by_name: dict[str, Path],
    parsed: dict[Path, tuple[Any, ...]],
    ctx: Context,
) -> Problem:
    path = by_name.get(finding["file"], Path(finding["file"]))
    line = int(finding.get("line") or 0)
    message = " ".join(str(finding["message"]).split())
    if finding["code"] == "DL1000" and follows_heredoc(parsed.get(path, ()), line):
        # hadolint/hadolint#1137: its parser rejects an instruction right after a
        # heredoc's closing word, although BuildKit accepts it.
        message += (
            "; hadolint needs a blank line after a heredoc's closing delimiter "
            "(hadolint/hadolint#1137), add one"
        )
    col = int(finding.get("column") or 0)
    return Problem(ctx.rel(path), line, col, f"hadolint/{finding['code']}", message)


# True if the instruction before `line` ends with a heredoc on the line above it.
def follows_heredoc(commands: tuple[Any, ...], line: int) -> bool:
    return any(c.heredocs and c.end_line == line - 1 for c in commands)


# The project rules, applied to one parsed Dockerfile.
def check_stages(path: Path, commands: tuple[Any, ...], ctx: Context) -> list[Problem]:
    walk = Walk(ctx.rel(path), path.read_text(encoding="utf-8", errors="replace").splitlines())
    for command in commands:
        if command.cmd.upper() == "FROM" and (name := stage_name(command.value)):
            walk.stage_lines.setdefault(name, command.start_line)
    for command in commands:
        instruction = command.cmd.upper()
        if instruction == "FROM":
            start_stage(walk, command, ctx)
        elif not walk.stages:
            if instruction == "ARG":
                walk.global_args.update(parse_args(command.value))
        elif instruction in ("ENV", "ARG"):
            record_env(walk.stages[-1], instruction, command.value)
        elif instruction == "RUN":
            check_run(walk, command)
        elif instruction == "COPY":
            for flag in command.flags:
                if flag.lower().startswith("--from="):
                    check_stage_ref(walk, command, "COPY --from", flag.split("=", 1)[1])
    check_cgo(walk)
    return walk.problems


# FROM: record the stage, check its base image's tag and Go version.
def start_stage(walk: Walk, command: Any, ctx: Context) -> None:
    values = list(command.value)
    raw = values[0] if values else ""
    name = stage_name(command.value)
    image, unresolved = substitute_args(raw, walk.global_args)
    stage = Stage(len(walk.stages), name, image, command.start_line)
    parent = walk.stage_named(image) if image else None
    if parent is not None:
        stage.parent = parent
        stage.env = dict(parent.env)
    elif unresolved:
        walk.problem(
            command,
            raw,
            "from-tag",
            f'base image "{raw}" cannot be resolved: ARG {unresolved} has no default '
            "before the first FROM",
        )
    elif image.lower() != "scratch":
        shown = f'"{image}"' if image == raw else f'"{raw}" (= "{image}")'
        if (reason := unpinned_reason(image)) is not None:
            walk.problem(command, raw, "from-tag", f"base image {shown} {reason}")
        elif (mismatch := go_version_mismatch(image, ctx)) is not None:
            walk.problem(command, raw, "go-version", f"golang image {shown} {mismatch}")
    walk.stages.append(stage)


# `FROM image AS Build` -> "build" (BuildKit lowercases stage names).
def stage_name(values: tuple[str, ...]) -> str | None:
    if len(values) >= 3 and values[1].lower() == "as":
        return values[2].lower()
    return None


# `ARG A=1 B` -> {"A": "1", "B": None}.
def parse_args(values: tuple[str, ...]) -> dict[str, str | None]:
    args: dict[str, str | None] = {}
    for item in values:
        key, sep, default = item.partition("=")
        args[key] = strip_quotes(default) if sep else None
    return args


# Replace ARG references by their defaults; also name the first ARG with none.
def substitute_args(text: str, args: dict[str, str | None]) -> tuple[str, str | None]:
    unresolved: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match["braced"] or match["bare"]
        value = args.get(name)
        if match["op"] == "-" and not value:
            return match["word"]
        if match["op"] == "+":
            return match["word"] if value else ""
        if value is None:
            unresolved.append(name)
            return match[0]
        return value

    result = ARG_REFERENCE.sub(replace, text)
    return result, (unresolved[0] if unresolved else None)


# Why an image reference is not pinned (no tag, or "latest"), or None if it is.
def unpinned_reason(image: str) -> str | None:
    match = IMAGE_REFERENCE.match(image)
    if match is None:
        return "is not a valid image reference"
    if match["digest"]:
        return None
    if match["tag"] is None:
        return "has no explicit tag or digest; pin a version tag (or a digest)"
    if match["tag"] == "latest":
        return 'uses the moving "latest" tag; pin a version tag (or a digest)'
    return None


# For golang images: why the tag disagrees with the guide's Go version, or None.
def go_version_mismatch(image: str, ctx: Context) -> str | None:
    match = IMAGE_REFERENCE.match(image)
    if match is None or not GOLANG_IMAGE.match(match["name"]):
        return None
    tag = GOLANG_TAG.match(match["tag"] or "")
    wanted = ctx.go_version
    if tag is None:
        return f"does not name a Go version; the guide uses Go {wanted} ({GO_VERSION_SOURCE})"
    version = tag["version"]
    if version == wanted or version.startswith(wanted + "."):
        return None
    return f"is Go {version}, but the guide uses Go {wanted} ({GO_VERSION_SOURCE})"


# ENV and ARG set variables that every later RUN of the stage sees.
def record_env(stage: Stage, instruction: str, values: tuple[str, ...]) -> None:
    if instruction == "ARG":
        stage.args.update({k: v for k, v in parse_args(values).items() if v is not None})
        return
    # The parser gives ENV as alternating names and values.
    for key, value in zip(values[::2], values[1::2]):
        stage.env[key] = strip_quotes(value)


# RUN: check --mount from= references and remember go builds with cgo on.
def check_run(walk: Walk, command: Any) -> None:
    for flag in command.flags:
        if not flag.lower().startswith("--mount="):
            continue
        for option in flag.split("=", 1)[1].split(","):
            key, _, value = option.partition("=")
            if key.strip().lower() == "from":
                check_stage_ref(walk, command, "RUN --mount from", value.strip())
    text = " ".join(command.value) + "".join("\n" + h.content for h in command.heredocs)
    if GO_BUILD.search(text) and cgo_enabled(walk.stages[-1], text):
        walk.stages[-1].cgo_builds.append((command.start_line, command.end_line))


# True unless CGO_ENABLED=0 is set in this RUN (last assignment wins) or the stage.
def cgo_enabled(stage: Stage, run_text: str) -> bool:
    assignments = [m["value"] for m in CGO_ASSIGNMENT.finditer(run_text)]
    # In a RUN, ENV wins over an ARG of the same name.
    inherited = stage.env.get("CGO_ENABLED", stage.args.get("CGO_ENABLED"))
    value = assignments[-1] if assignments else inherited
    return value != "0"


# A --from reference must name an earlier stage or a pinned image.
def check_stage_ref(walk: Walk, command: Any, what: str, ref: str) -> None:
    current = walk.stages[-1]
    needle = f"from={ref}"
    if ref.isdigit():
        if int(ref) >= current.index:
            walk.problem(
                command,
                needle,
                "stage-ref",
                f"{what}={ref} names stage {ref}, which is not an earlier stage "
                f"(this is stage {current.index})",
            )
        else:
            walk.copies.append(StageCopy(walk.stages[int(ref)], current, command.start_line))
        return
    source = walk.stage_named(ref)
    if source is not None and source is not current:
        walk.copies.append(StageCopy(source, current, command.start_line))
    elif ref.lower() in walk.stage_lines:
        walk.problem(
            command,
            needle,
            "stage-ref",
            f'{what}={ref} names stage "{ref.lower()}" (line {walk.stage_lines[ref.lower()]}), '
            "which is not an earlier stage",
        )
    elif ":" not in ref and "@" not in ref:
        walk.problem(
            command,
            needle,
            "stage-ref",
            f"{what}={ref} names no earlier stage and is not an image reference "
            "with a tag or digest",
        )
    elif (reason := unpinned_reason(ref)) is not None:
        walk.problem(command, needle, "stage-ref", f"{what}={ref} {reason}")


# A cgo-enabled go build whose output is copied into a stage without glibc.
def check_cgo(walk: Walk) -> None:
    reported: set[tuple[int, int]] = set()
    for copy in walk.copies:
        base = copy.target.root_image()
        name_match = IMAGE_REFERENCE.match(base)
        name = name_match["name"] if name_match else base
        if not NO_GLIBC_IMAGE.match(name.lower()):
            continue
        for start, end in copy.source.cgo_builds:
            if (start, copy.target.index) in reported:
                continue
            reported.add((start, copy.target.index))
            line, col = locate(walk.lines, start, end, GO_BUILD)
            walk.problems.append(
                Problem(
                    walk.rel,
                    line,
                    col,
                    f"{KIND}/cgo",
                    f"Go binary built in {copy.source.label} is copied into {copy.target.label} "
                    f'(line {copy.line}) based on "{base}", so it must be built with '
                    f"CGO_ENABLED=0 (in this RUN, or ENV CGO_ENABLED=0 in {copy.source.label}); "
                    "otherwise the binary links glibc and fails to start there",
                )
            )


# (line, col) of the first `needle` in lines start..end (1-based), else (start, 1).
def locate(
    lines: list[str], start: int, end: int, needle: str | re.Pattern[str]
) -> tuple[int, int]:
    pattern = needle if isinstance(needle, re.Pattern) else re.compile(re.escape(needle))
    for number in range(start, min(end, len(lines)) + 1):
        match = pattern.search(lines[number - 1])
        if match:
            return number, match.start() + 1
    return start, 1


# `"0"` -> `0`: ENV and ARG values keep their quotes in the parse tree.
def strip_quotes(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


# The `<kind>/tool` Problem for a missing tool, located at the first file.
def tool_problem(ctx: Context, path: Path, tool: str) -> Problem:
    return Problem(
        ctx.rel(path),
        0,
        0,
        f"{KIND}/tool",
        f"{tool} is not installed, so Dockerfiles cannot be checked; {INSTALL_HINT}",
    )


# First line of `tool --version` (cached by tools.version_lines).
def tool_version(tool: str) -> str:
    return version_lines(tool)[0]


# hadolint and parser versions, the config, the Go version and these rules.
def fingerprint(ctx: Context) -> str:
    hadolint = find_tool("hadolint")
    try:
        parser_version = importlib.metadata.version("dockerfile")
    except importlib.metadata.PackageNotFoundError:
        parser_version = "missing"
    config = ctx.root / HADOLINT_CONFIG
    config_text = config.read_bytes() if config.is_file() else b""
    rules = Path(__file__).read_bytes()
    return "; ".join(
        [
            f"hadolint {tool_version(hadolint) if hadolint else 'missing'}",
            f"dockerfile {parser_version}",
            f"{HADOLINT_CONFIG} {hashlib.sha256(config_text).hexdigest()[:16]}",
            f"go {ctx.go_version}",
            f"rules {hashlib.sha256(rules).hexdigest()[:16]}",
        ]
    )
