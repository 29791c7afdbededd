"""The Kubernetes API server's own validation, as a small Go program built once and cached.

`main.go` here (its own Go module, pinned to k8s.io/kubernetes with `replace` directives
for the k8s.io/* staging modules) decodes each object, applies defaults, converts it to
the internal type and runs the resource's registry strategy (PrepareForCreate, then
rest.ValidateCreate: the hand-written Validate*, the common ObjectMeta rules and
declarative validation); custom resources go through the apiextensions-apiserver
validators (structural defaulting, OpenAPI schema, CEL rules). CRDs through the CRD
strategy.

The binary is built on first use into `<project>/.cache/k8svalidate/<key>/`, where the
key hashes go.mod, go.sum, main.go and `go version`: a new pin or a new toolchain
builds again, nothing else does. One process receives every document of a run.
A missing Go toolchain or a failed build is a ValidatorError with a message a
contributor can act on, never a traceback.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..tools import (
    GO_HINT,
    ToolError,
    find_tool,
    not_installed,
    run_tool,
    version_lines,
)

SOURCE_DIR = Path(__file__).resolve().parent
# The binary belongs to the checker's own checkout (hooks/checks/k8svalidate/ -> the
# project root), whatever project root a check is run for (tests use temporary ones).
PROJECT_ROOT = SOURCE_DIR.parents[2]
SOURCES = ("go.mod", "go.sum", "main.go")
CACHE_DIR = ".cache/k8svalidate"
BINARY = "k8svalidate"
# Seconds. A cold build compiles k8s.io/kubernetes' API, validation and registry
# packages (~1,000 packages) on two shared cores; warm runs start in well under a second.
BUILD_TIMEOUT = 2400
RUN_TIMEOUT = 600


class ValidatorError(Exception):
    """The validator could not be built or run; the message says why and what to do."""


@dataclass(frozen=True)
class FieldError:
    """One error of the API server's validation: its field path and full message."""

    field: str  # "spec.template.spec.containers[0].name", "" for the object
    type: str  # field.ErrorType: "FieldValueInvalid", "FieldValueRequired", ..., or "Decode"
    bad: str | None  # the offending value when it is a string (e.g. a label key)
    message: str  # field.Error.Error(): "spec.replicas: Invalid value: -1: must be ..."


@dataclass(frozen=True)
class Result:
    """The validation of one object: known is False when no validator covers its kind."""

    known: bool
    errors: tuple[FieldError, ...]


# The key of the cached binary: the module's files and the toolchain that builds them.
def build_key(go: str) -> str:
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update(name.encode() + b"\0" + (SOURCE_DIR / name).read_bytes() + b"\0")
    digest.update("\n".join(version_lines(go, "version")).encode())
    return digest.hexdigest()[:20]


# The validator binary, built first if the cache (under `root`, the checker's checkout by
# default) has none.
def ensure_binary(root: Path = PROJECT_ROOT) -> Path:
    go = find_tool("go")
    if go is None:
        raise ValidatorError(
            not_installed("Go", "the API server's validation (hooks/checks/k8svalidate) cannot be built", GO_HINT)
        )
    folder = root / CACHE_DIR / build_key(go)
    binary = folder / BINARY
    if binary.is_file():
        return binary
    folder.mkdir(parents=True, exist_ok=True)
    # One build at a time; whoever waited finds the binary ready.
    with open(folder / "build.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not binary.is_file():
                build(go, binary)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return binary


# `go build` of the validator into `binary` (atomically: a half-written file never counts).
def build(go: str, binary: Path) -> None:
    env = dict(os.environ)
    env.update(GOFLAGS="-mod=readonly -buildvcs=false", GOTOOLCHAIN="local", GOWORK="off", CGO_ENABLED="0")
    with tempfile.TemporaryDirectory(dir=binary.parent) as scratch:
        output = Path(scratch) / BINARY
        try:
            done = run_tool([go, "build", "-trimpath", "-o", str(output), "."], cwd=SOURCE_DIR, env=env,
                            timeout=BUILD_TIMEOUT)
        except ToolError as error:
            raise ValidatorError(
                f"building the API validator (hooks/checks/k8svalidate) failed: {error}; run the check "
                "again (the Go build cache keeps what was compiled)"
            ) from error
        if done.returncode != 0 or not output.is_file():
            text = done.stderr or done.stdout
            lines = [line for line in text.splitlines() if line.strip() and not line.startswith("# ")]
            detail = "; ".join(lines[-3:]) or f"exit status {done.returncode}"
            if any(word in text for word in ("proxy", "dial tcp", "downloading", "go.sum")):
                detail += " (the first build downloads k8s.io/kubernetes through the Go module proxy)"
            raise ValidatorError(f"the API validator (hooks/checks/k8svalidate) failed to build: {detail}")
        output.replace(binary)


# Validate objects (decoded JSON-compatible data) in one process: a Result per object.
def validate(
    objects: list[dict[str, Any]],
    crds: list[dict[str, Any]],
    schemas: list[dict[str, Any]],
) -> list[Result]:
    if not objects:
        return []
    binary = ensure_binary()
    request = json.dumps({"crds": crds, "schemas": schemas, "objects": objects}, default=str)
    try:
        done = run_tool([str(binary)], input=request, timeout=RUN_TIMEOUT)
    except ToolError as error:
        raise ValidatorError(str(error)) from error
    try:
        results = json.loads(done.stdout)["results"]
    except (ValueError, KeyError, TypeError):
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise ValidatorError(
            f"the API validator gave no answer (exit status {done.returncode}): "
            + ("; ".join(lines[-3:]) or "no output")
        ) from None
    if len(results) != len(objects):
        raise ValidatorError(f"the API validator answered {len(results)} of {len(objects)} objects")
    return [
        Result(
            bool(r.get("known")),
            tuple(
                FieldError(e.get("field", ""), e.get("type", ""), e.get("bad"), e.get("message", ""))
                for e in r.get("errors") or []
            ),
        )
        for r in results
    ]
