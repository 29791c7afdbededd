"""Protocol Buffers snippets: compiled by protoc (from grpcio-tools) into a throwaway
descriptor set, so every syntax, type and import error fails the build.

protoc stops at the first input file that has errors, so after a failure it
runs again over the files it did not reach; with no broken file it runs once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
import tempfile
from pathlib import Path

from .context import Context
from .problem import Problem
from .tools import PIP_HINT, ToolError, missing_tool, package_version, run_tool

KIND = "proto"
GRANULARITY = "group"  # a .proto may import its neighbours, so they are checked together

PROTOC_TIMEOUT = 120

# `name.proto:4:46: "Foo" is not defined.` or `...:3:1: warning: Import x is unused.`
PROTOC_LOCATED = re.compile(
    r"""(?x)
    ^ (?P<file>[^:]+\.proto) : (?P<line>\d+) : (?P<col>\d+) : \s*
      (?P<warning>warning: \s*)?
      (?P<message>.*) $
    """
)

# `missing.proto: File not found.`: a file-level message with no line.
PROTOC_UNLOCATED = re.compile(r"(?x) ^ (?P<file>[^:\s]+\.proto) : \s+ (?P<message>.*) $")

# absl log lines (`W0000 00:00:1795736815.04 22491 parser.cc:659] ...`) carry a
# clock and a pid; the one they report (no syntax line) is proto/syntax below.
ABSL_LOG = re.compile(r"(?x) ^ (?: WARNING:\ All\ log\ messages | [IWEF]\d{4}\ ) ")

# The first statement names the language: `syntax = "proto3";` or `edition = "2023";`.
SYNTAX_STATEMENT = re.compile(r"""(?xm) ^ \s* (?:syntax|edition) \s* = \s* ["'][^"']+["'] \s* ; """)


# Proto snippets are the `*.proto` files.
def select(path: Path, ctx: Context) -> bool:
    return path.suffix == ".proto"


# Compile every file with protoc (one import root per folder) and check syntax lines.
def check(paths: list[Path], ctx: Context) -> list[Problem]:
    if not paths:
        return []
    problems = [p for path in paths if (p := check_syntax_line(path, ctx)) is not None]
    protoc = find_protoc()
    if protoc is None:
        return sorted(problems + [tool_problem(ctx, paths[0])])
    folders: dict[Path, list[Path]] = {}
    for path in paths:
        folders.setdefault(path.parent, []).append(path)
    # One folder is one import root: two folders may each hold an `api.proto`.
    for folder, files in sorted(folders.items()):
        problems += compile_folder(protoc, folder, sorted(files), ctx)
    return sorted(dict.fromkeys(problems))


# protoc reads a file with no syntax line as proto2, and says so only in a log line.
def check_syntax_line(path: Path, ctx: Context) -> Problem | None:
    if SYNTAX_STATEMENT.search(path.read_text(encoding="utf-8", errors="replace")):
        return None
    return Problem(
        ctx.rel(path),
        1,
        1,
        f"{KIND}/syntax",
        "no syntax or edition declared, so protoc reads the file as proto2; start it with "
        'syntax = "proto3";',
    )


# The protoc command (grpc_tools in this Python) and the well-known types' folder.
def find_protoc() -> tuple[list[str], Path] | None:
    spec = importlib.util.find_spec("grpc_tools")
    if spec is None or spec.origin is None:
        return None
    return [sys.executable, "-m", "grpc_tools.protoc"], Path(spec.origin).parent / "_proto"


# protoc over one folder's files, rerun past each file that stops it.
def compile_folder(
    protoc: tuple[list[str], Path], folder: Path, files: list[Path], ctx: Context
) -> list[Problem]:
    command, well_known = protoc
    problems: list[Problem] = []
    pending = [path.name for path in files]
    with tempfile.TemporaryDirectory(prefix="cnig-protoc-") as out:
        while pending:
            try:
                done = run_tool(
                    [
                        *command,
                        f"--proto_path={folder}",
                        f"--proto_path={well_known}",
                        f"--descriptor_set_out={Path(out) / 'set.pb'}",
                        *pending,
                    ],
                    cwd=folder,
                    timeout=PROTOC_TIMEOUT,
                )
            except ToolError as error:
                return problems + [Problem(ctx.rel(folder / pending[0]), 0, 0, f"{KIND}/tool", str(error))]
            found, named, unplaced = parse_protoc_output(done.stderr, folder, ctx)
            stopped_at = [i for i, name in enumerate(pending) if name in named]
            # Unplaced lines (`missing.proto: File not found.`) belong to the file
            # protoc stopped at, the one whose import failed.
            culprit = folder / pending[max(stopped_at) if stopped_at else 0]
            problems += found
            problems += [Problem(ctx.rel(culprit), 0, 0, "protoc/error", t) for t in unplaced]
            if done.returncode == 0:
                break
            if not stopped_at:
                if not found and not unplaced:
                    problems.append(protoc_failed(ctx, culprit, done.stderr))
                break
            pending = pending[max(stopped_at) + 1 :]
    return problems


# protoc's messages as Problems, the file names they place, and unplaced lines.
def parse_protoc_output(
    stderr: str, folder: Path, ctx: Context
) -> tuple[list[Problem], set[str], list[str]]:
    problems: list[Problem] = []
    named: set[str] = set()
    unplaced: list[str] = []
    for text in stderr.splitlines():
        located = PROTOC_LOCATED.match(text)
        whole_file = PROTOC_UNLOCATED.match(text)
        if not text.strip() or ABSL_LOG.match(text):
            continue
        if located is not None:
            named.add(input_name(located["file"], folder))
            rule = "protoc/warning" if located["warning"] else "protoc/error"
            where = ctx.rel(folder / located["file"])
            line, col = int(located["line"]), int(located["col"])
            problems.append(Problem(where, line, col, rule, located["message"]))
        elif whole_file is not None and (folder / whole_file["file"]).is_file():
            named.add(input_name(whole_file["file"], folder))
            where = ctx.rel(folder / whole_file["file"])
            problems.append(Problem(where, 0, 0, "protoc/error", whole_file["message"]))
        else:
            unplaced.append(text.strip())
    return problems, named, unplaced


# The name a file was passed under: protoc sometimes prints it as an absolute path.
def input_name(printed: str, folder: Path) -> str:
    path = Path(printed)
    if path.is_absolute() and path.is_relative_to(folder):
        return path.relative_to(folder).as_posix()
    return printed


# protoc ran but gave no message we can place.
def protoc_failed(ctx: Context, path: Path, detail: str) -> Problem:
    return Problem(ctx.rel(path), 0, 0, f"{KIND}/tool", f"protoc failed: {detail.strip()}")


# The `proto/tool` Problem for a missing protoc, located at the first file.
def tool_problem(ctx: Context, path: Path) -> Problem:
    tool = "protoc (the grpcio-tools Python package)"
    return missing_tool(ctx.rel(path), f"{KIND}/tool", tool, ".proto files cannot be checked", PIP_HINT)


# grpcio-tools (which bundles protoc and the well-known types) and these rules.
def fingerprint(ctx: Context) -> str:
    version = package_version("grpcio-tools")
    rules = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"grpcio-tools {version}; rules {rules}"
