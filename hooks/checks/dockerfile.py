"""Dockerfile snippets: BuildKit's own parser, hadolint, and the project's stage rules.

hadolint lints each instruction; what it cannot see is how the stages of a
multi-stage build fit together, so the project rules below check that:
`dockerfile/stage-ref`, `dockerfile/from-tag`, `dockerfile/cgo` (a cgo binary
copied into a stage whose libc differs from the builder's, or that has none)
and `dockerfile/go-version`. `dockerfile/instruction` says in plain words what
BuildKit's parser lets through and hadolint words cryptically: an unknown
instruction, COPY/ADD with one argument, an instruction with no argument, ENV
without a value, an unknown or valueless flag. `dockerfile/encoding` reports a
file that is not UTF-8. Each file is checked in isolation: a crash on one file
is that file's `dockerfile/internal` Problem and never loses another's findings.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from .context import Context
from .problem import Problem
from .tools import (
    PIP_HINT,
    ToolError,
    find_tool,
    missing_tool,
    package_version,
    run_tool,
    version_lines,
)

KIND = "dockerfile"
GRANULARITY = "file"

# The repository's hadolint config: which rules are off, and why.
HADOLINT_CONFIG = ".hadolint.yaml"
HADOLINT_TIMEOUT = 120
# One hadolint call covers every Dockerfile, so its limit grows with their count.
HADOLINT_SECONDS_PER_FILE = 2
# Where extra.versions.go is written, named in go-version messages.
GO_VERSION_SOURCE = "extra.versions.go in mkdocs.yml"

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

# Images with no libc at all: scratch and distroless `static`. A cgo binary is
# dynamically linked, so it cannot start there whatever libc it was built with.
NO_LIBC_IMAGE = re.compile(
    r"""(?x)
    ^ (?: scratch
        | (?:.*/)? distroless/static (?:-[A-Za-z0-9_.-]+)?
        | (?:.*/)? chainguard/static
      ) $
    """
)

# Alpine and its derivatives use musl: the `alpine` image itself, or any image
# whose tag names an Alpine variant (`golang:1.27-alpine3.22`, `node:22-alpine`).
# Everything else (Debian, Ubuntu, distroless base/cc, ...) is taken to be glibc.
MUSL_IMAGE = re.compile(r"(?x) ^ (?: (?:.*/)? alpine (?: :.* )? | [^:@]+ : [^@]* alpine [^@]* ) (?: @.* )? $")

# Instructions BuildKit knows; anything else is an unknown instruction.
INSTRUCTIONS = (
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
)

# Flags each instruction accepts (BuildKit's Dockerfile frontend, labs included);
# True when the flag may stand alone (`--link`), False when it needs `=value`.
FLAGS: dict[str, dict[str, bool]] = {
    "FROM": {"--platform": False},
    "COPY": {"--from": False, "--chown": False, "--chmod": False, "--link": True, "--parents": True,
             "--exclude": False},
    "ADD": {"--chown": False, "--chmod": False, "--link": True, "--checksum": False,
            "--keep-git-dir": True, "--exclude": False, "--unpack": True},
    "RUN": {"--mount": False, "--network": False, "--security": False, "--device": False},
    "HEALTHCHECK": {"--interval": False, "--timeout": False, "--start-period": False,
                    "--start-interval": False, "--retries": False},
}

# Instructions that mean nothing without an argument, and what the argument is.
NEEDS_ARGUMENT = {
    "FROM": "a base image", "WORKDIR": "a directory", "USER": "a user", "EXPOSE": "a port",
    "ARG": "a name", "LABEL": "a key=value pair", "ENV": "a name and a value (ENV NAME=value)",
    "STOPSIGNAL": "a signal", "VOLUME": "a path", "SHELL": "a JSON array", "RUN": "a command",
    "ONBUILD": "an instruction", "MAINTAINER": "a name",
}

# `ENV NAME` alone on its line: BuildKit says only "ENV must have two arguments".
ENV_WITHOUT_VALUE = re.compile(r"(?ix) ^ \s* ENV \s+ (?P<name>[^\s=]+) \s* $")

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
# then apply the stage rules to each file that parsed. Each file is checked in
# isolation: an exception on one file becomes that file's Problem, and every
# other file keeps its findings.
def check(paths: list[Path], ctx: Context) -> list[Problem]:
    if not paths:
        return []
    problems: list[Problem] = []
    parser = import_parser()
    if parser is None:
        problems.append(tool_problem(ctx, paths[0], "the `dockerfile` Python package"))
    parsed: dict[Path, tuple[Any, ...]] = {}
    plain: dict[Path, list[Problem]] = {}
    texts: dict[Path, str] = {}
    for path in paths:
        try:
            text, encoding_problem = read_dockerfile(path, ctx)
        except OSError as error:
            problems.append(Problem(ctx.rel(path), 0, 0, f"{KIND}/parse", f"cannot read file: {error}"))
            continue
        texts[path] = text
        if encoding_problem is not None:
            problems.append(encoding_problem)
        if parser is None:
            continue
        try:
            commands, parse_problem = parse_dockerfile(parser, path, text, ctx)
        except Exception as crash:  # noqa: BLE001 - one file's crash never loses another's findings
            problems.append(crash_problem(ctx, path, "parse", crash))
            continue
        if parse_problem is not None:
            problems.append(parse_problem)
            if parse_problem.rule == f"{KIND}/instruction":
                plain[path] = [parse_problem]
        else:
            parsed[path] = commands
    for path, commands in parsed.items():
        plain[path] = guarded(ctx, path, "instruction rules", check_instructions, path, commands, texts[path], ctx)
        problems += plain[path]
    problems += run_hadolint(paths, parsed, plain, ctx)
    for path, commands in parsed.items():
        problems += guarded(ctx, path, "stage rules", check_stages, path, commands, texts[path], ctx)
    return sorted(problems)


# The rules' findings for one file; a crash is that file's Problem, not the run's.
def guarded(ctx: Context, path: Path, what: str, rule: Any, *args: Any) -> list[Problem]:
    try:
        return list(rule(*args))
    except Exception as crash:  # noqa: BLE001 - one file's crash never loses another's findings
        return [crash_problem(ctx, path, what, crash)]


# A check that raised on one file, reported on that file.
def crash_problem(ctx: Context, path: Path, what: str, crash: Exception) -> Problem:
    message = f"the {what} crashed on this file ({type(crash).__name__}: {crash}); please report it"
    return Problem(ctx.rel(path), 0, 0, f"{KIND}/internal", message)


# The file's text, and a Problem if it is not UTF-8 (then undecodable bytes are
# replaced, so the rest of the checks still run on the file).
def read_dockerfile(path: Path, ctx: Context) -> tuple[str, Problem | None]:
    data = path.read_bytes()
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return data.decode("utf-8", errors="replace"), not_utf8(ctx.rel(path), data, error, KIND)


# `not UTF-8 (byte 0xe9 at offset 21)`, at the line and column of that byte.
def not_utf8(rel: str, data: bytes, error: UnicodeDecodeError, kind: str) -> Problem:
    offset = error.start
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    message = f"not UTF-8 (byte 0x{data[offset]:02x} at offset {offset}); save the file as UTF-8"
    return Problem(rel, line, col, f"{kind}/encoding", message)


# BuildKit's parser, imported late so that a missing package is a Problem.
def import_parser() -> ModuleType | None:
    try:
        return importlib.import_module("dockerfile")
    except ImportError:
        return None


# BuildKit's parse of one file, or the Problem its parse error becomes.
def parse_dockerfile(
    parser: ModuleType, path: Path, text: str, ctx: Context
) -> tuple[tuple[Any, ...], Problem | None]:
    try:
        return parser.parse_string(text), None
    except (parser.GoParseError, parser.GoIOError) as error:
        # The Go binding drops the error's location: find it again where we can.
        match = ERROR_LINE.search(str(error))
        line = int(match["line"]) if match else 0
        if not line and "unterminated heredoc" in str(error):
            line = unterminated_heredoc_line(text)
        if not line and (plain := plain_parse_error(str(error), text)) is not None:
            line, col, message = plain
            return (), Problem(ctx.rel(path), line, col, f"{KIND}/instruction", message)
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


# hadolint over all files in one run, its JSON findings as Problems. If that
# run gives no usable answer (one unreadable file makes hadolint print a
# backtrace instead of JSON), each file is linted alone, so only the file at
# fault gets the tool Problem. A DL1000 ("missing whitespace", ...) on a line
# the instruction rules already explain in plain words is left out.
def run_hadolint(
    paths: list[Path],
    parsed: dict[Path, tuple[Any, ...]],
    plain: dict[Path, list[Problem]],
    ctx: Context,
) -> list[Problem]:
    hadolint = find_tool("hadolint")
    if hadolint is None:
        return [tool_problem(ctx, paths[0], "hadolint")]
    findings, failure = hadolint_findings(hadolint, paths, parsed, ctx)
    if failure is not None and len(paths) > 1:
        problems = []
        for path in paths:
            alone, failure = hadolint_findings(hadolint, [path], parsed, ctx)
            problems += [hadolint_failed(ctx, path, failure)] if failure is not None else alone
    else:
        problems = [hadolint_failed(ctx, paths[0], failure)] if failure is not None else findings
    explained = {(p.path, p.line) for found in plain.values() for p in found}
    return [p for p in problems if not (p.rule == "hadolint/DL1000" and (p.path, p.line) in explained)]


# One hadolint call: its findings as Problems, or the message saying why it
# gave no usable answer.
def hadolint_findings(
    hadolint: str, paths: list[Path], parsed: dict[Path, tuple[Any, ...]], ctx: Context
) -> tuple[list[Problem], str | None]:
    command = [hadolint, "--format", "json", "--no-fail"]
    config = ctx.root / HADOLINT_CONFIG
    if config.is_file():
        command += ["--config", str(config)]
    by_name = {str(path): path for path in paths}
    try:
        done = run_tool(command + list(by_name), timeout=HADOLINT_TIMEOUT + HADOLINT_SECONDS_PER_FILE * len(by_name))
    except ToolError as error:
        return [], str(error)
    try:
        findings = json.loads(done.stdout)
    except ValueError:
        findings = None
    if not isinstance(findings, list):
        lines = done.stderr.strip().splitlines()
        return [], f"hadolint failed: {lines[0] if lines else 'no JSON output'}"
    return [hadolint_problem(f, by_name, parsed, ctx) for f in findings], None


# hadolint gave no usable answer; `failure` says why.
def hadolint_failed(ctx: Context, path: Path, failure: str) -> Problem:
    return Problem(ctx.rel(path), 0, 0, f"{KIND}/tool", failure)


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
def check_stages(path: Path, commands: tuple[Any, ...], text: str, ctx: Context) -> list[Problem]:
    walk = Walk(ctx.rel(path), text.splitlines())
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
        reason = (
            f"ARG {unresolved} has no default before the first FROM"
            if not unresolved.startswith("(")
            else f"{unresolved[1:-1]} (BuildKit rejects it)"
        )
        walk.problem(command, raw, "from-tag", f'base image "{raw}" cannot be resolved: {reason}')
    elif image.lower() != "scratch":
        shown = f'"{image}"' if image == raw else f'"{raw}" (= "{image}")'
        if (unpinned := unpinned_reason(image)) is not None:
            walk.problem(command, raw, "from-tag", f"base image {shown} {unpinned}")
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


# Replace ARG references by their defaults the way BuildKit's shell lexer does
# (frontend/dockerfile/shell/lex.go): $A, ${A}, ${A:-w}, ${A-w}, ${A:+w}, ${A+w},
# ${A:?msg}, ${A?msg}, ${A#p}, ${A##p}, ${A%p}, ${A%%p}, ${A/p/r}, ${A//p/r},
# nested references inside a word and `\$` escapes. Also names the first ARG that
# has no default where its value is needed.
def substitute_args(text: str, args: dict[str, str | None]) -> tuple[str, str | None]:
    expander = ArgExpander(text, args)
    try:
        result = expander.word(stop="")
    except ValueError as error:
        return text, f"({error})"
    return result, (expander.unresolved[0] if expander.unresolved else None)


class ArgExpander:
    """One pass over a FROM word, expanding ARG references like BuildKit."""

    def __init__(self, text: str, args: dict[str, str | None]) -> None:
        self.text, self.args, self.pos = text, args, 0
        self.unresolved: list[str] = []

    # Characters up to (not including) `stop`, with references expanded; `raw`
    # keeps backslash escapes (patterns), as BuildKit does for # % and /.
    def word(self, stop: str, raw: bool = False) -> str:
        out: list[str] = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if stop and char == stop:
                return "".join(out)
            if char == "\\" and self.pos + 1 < len(self.text):
                out.append(self.text[self.pos : self.pos + 2] if raw else self.text[self.pos + 1])
                self.pos += 2
            elif char == "$":
                out.append(self.reference())
            else:
                out.append(char)
                self.pos += 1
        if stop:
            raise ValueError(f"the substitution misses its closing {stop!r}")
        return "".join(out)

    # The value of an ARG, recording it as unresolved when it has no default.
    def value(self, name: str, required: bool) -> tuple[str, bool]:
        value = self.args.get(name)
        if value is None and required:
            self.unresolved.append(name)
        return (value or ""), value is not None

    # `$NAME` or `${...}` at self.pos.
    def reference(self) -> str:
        self.pos += 1
        if self.pos < len(self.text) and self.text[self.pos] == "{":
            self.pos += 1
            return self.braced()
        match = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(self.text, self.pos)
        if match is None:
            return "$"
        self.pos = match.end()
        return self.value(match[0], required=True)[0]

    def braced(self) -> str:
        match = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(self.text, self.pos)
        if match is None:
            raise ValueError("bad substitution")  # `${}`, `${1}`, `${:-x}`
        name, self.pos = match[0], match.end()
        op = self.text[self.pos : self.pos + 1]
        self.pos += 1
        if not op:
            raise ValueError("the substitution misses its closing '}'")
        if op == "}":
            return self.value(name, required=True)[0]
        null_is_unset = op == ":"
        if null_is_unset:
            op = self.text[self.pos : self.pos + 1]
            self.pos += 1
        if op in ("-", "+", "?"):
            word = self.word("}")
            self.pos += 1
            value, is_set = self.value(name, required=False)
            present = is_set and not (null_is_unset and value == "")
            if op == "-":
                return value if present else word
            if op == "+":
                return word if present else ""
            if not present:
                self.unresolved.append(name)
            return value
        if op in ("#", "%"):
            pattern = self.word("}", raw=True)
            self.pos += 1
            greedy = pattern.startswith(op)
            pattern = pattern[1:] if greedy else pattern
            value, _ = self.value(name, required=True)
            return trim(value, pattern, greedy, suffix=op == "%")
        if op == "/" and not null_is_unset:
            replace_all = self.text[self.pos : self.pos + 1] == "/"
            self.pos += replace_all
            pattern = self.word("/", raw=True)
            self.pos += 1
            replacement = self.word("}", raw=True)
            self.pos += 1
            value, _ = self.value(name, required=True)
            regex = shell_pattern(pattern, greedy=True)
            return regex.sub(replacement.replace("\\", "\\\\"), value, count=0 if replace_all else 1)
        raise ValueError(f"unsupported modifier {op!r} in the substitution")


# A shell wildcard pattern (`*`, `?`, backslash escapes) as a regular expression.
def shell_pattern(pattern: str, greedy: bool, anchored: str = "") -> re.Pattern[str]:
    out, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if char == "*":
            out.append(".*" if greedy else ".*?")
        elif char == "?":
            out.append(".")
        elif char == "\\" and index + 1 < len(pattern):
            index += 1
            out.append(re.escape(pattern[index]))
        else:
            out.append(re.escape(char))
        index += 1
    body = "".join(out)
    return re.compile({"start": "^", "end": ""}.get(anchored, "") + body + ("$" if anchored == "end" else ""))


# ${A#p} / ${A##p} (prefix) and ${A%p} / ${A%%p} (suffix): shortest or longest match.
def trim(value: str, pattern: str, greedy: bool, suffix: bool) -> str:
    regex = shell_pattern(pattern, greedy=True, anchored="end" if suffix else "start")
    cuts = [i for i in range(len(value) + 1) if regex.fullmatch(value[i:] if suffix else value[:i])]
    if not cuts:
        return value
    if suffix:
        cut = min(cuts) if greedy else max(cuts)
        return value[:cut]
    cut = max(cuts) if greedy else min(cuts)
    return value[cut:]


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


# The C library an image provides: "glibc", "musl", or None (no libc at all).
def libc_of(image: str) -> str | None:
    lowered = image.lower()
    match = IMAGE_REFERENCE.match(lowered)
    name = match["name"] if match else lowered
    if NO_LIBC_IMAGE.match(name):
        return None
    return "musl" if MUSL_IMAGE.match(lowered) else "glibc"


# A cgo-enabled go build whose output is copied into a stage whose libc differs
# from the builder's (musl to musl and glibc to glibc run fine).
def check_cgo(walk: Walk) -> None:
    reported: set[tuple[int, int]] = set()
    for copy in walk.copies:
        base = copy.target.root_image()
        built_with = libc_of(copy.source.root_image())
        if built_with is None or libc_of(base) == built_with:
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
                    f"otherwise the binary links {built_with} and fails to start there",
                )
            )


# Errors BuildKit's parser lets through (or reports without a line), in plain
# words: an unknown instruction, COPY/ADD with one argument, an instruction
# with no argument, ENV without a value, an unknown or valueless flag.
def check_instructions(path: Path, commands: tuple[Any, ...], text: str, ctx: Context) -> list[Problem]:
    lines = text.splitlines()
    problems: list[Problem] = []

    def report(command: Any, needle: str, message: str) -> None:
        line, col = locate(lines, command.start_line, command.end_line, needle)
        problems.append(Problem(ctx.rel(path), line, col, f"{KIND}/instruction", message))

    for command in commands:
        name = command.cmd.upper()
        values = [v for v in command.value if v]
        if name not in INSTRUCTIONS:
            close = difflib.get_close_matches(name, INSTRUCTIONS, n=1, cutoff=0.6)
            hint = f'; did you mean {close[0]}?' if close else f" (instructions are {', '.join(INSTRUCTIONS)})"
            report(command, command.cmd, f'unknown instruction "{command.cmd}"{hint}')
            continue
        for flag in command.flags:
            if (problem := flag_problem(name, flag)) is not None:
                report(command, flag.split("=", 1)[0], problem)
        if command.heredocs:
            continue
        if name in ("COPY", "ADD") and len(values) < 2:
            got = f', but has only "{values[0]}"' if values else ""
            report(command, command.cmd, f"{name} needs at least one source and a destination{got}")
        elif name == "ENV" and values and len(values) % 2:
            report(command, values[-1], f"ENV {values[-1]} has no value; write ENV {values[-1]}=<value>")
        elif name in NEEDS_ARGUMENT and not values:
            report(command, command.cmd, f"{name} needs {NEEDS_ARGUMENT[name]}, but has none")
    return problems


# Why a flag is wrong for an instruction (unknown, misspelt, missing its value), or None.
def flag_problem(instruction: str, flag: str) -> str | None:
    known = FLAGS.get(instruction, {})
    name, has_value, _ = flag.partition("=")
    name = name.lower()
    if name not in known:
        if not known:
            return f"{instruction} takes no flags, but has {name}"
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else f"{instruction} flags are {', '.join(known)}"
        return f"{instruction} has no flag {name}; {hint}"
    if not has_value and not known[name]:
        return f"{instruction} {name} needs a value: write {name}=<value>, with no space"
    return None


# A parse error BuildKit gives without a line, said plainly at its line: (line, col, message).
def plain_parse_error(error: str, text: str) -> tuple[int, int, str] | None:
    if "ENV must have two arguments" not in error:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if match := ENV_WITHOUT_VALUE.match(line):
            message = f"ENV {match['name']} has no value; write ENV {match['name']}=<value>"
            return number, match.start("name") + 1, message
    return None


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
    return missing_tool(ctx.rel(path), f"{KIND}/tool", tool, "Dockerfiles cannot be checked", PIP_HINT)


# First line of `tool --version` (cached by tools.version_lines).
def tool_version(tool: str) -> str:
    return version_lines(tool)[0]


# hadolint and parser versions, the config, the Go version and these rules.
def fingerprint(ctx: Context) -> str:
    hadolint = find_tool("hadolint")
    parser_version = package_version("dockerfile")
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
