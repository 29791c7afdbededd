"""Kubernetes manifests under snippets/: yamllint, strict schema validation, API rules.

Every document of every `*.yaml`/`*.yml` snippet is checked three ways:

1. yamllint, with the repo's `.yamllint.yaml`, one run over all files (`yamllint/<rule>`).
2. Strict schema validation (`k8s/schema`: unknown fields are errors) for the pinned
   Kubernetes version, against the JSON schemas bundled with kubernetes-validate. The kind's
   schema is found by group/version/kind (`x-kubernetes-group-version-kind`), every error is
   reported, each at the line and column of the offending field. A kind with no built-in
   schema is validated against, in order:
   - the `openAPIV3Schema` of a CustomResourceDefinition in any snippet file;
   - a vendored schema `hooks/checks/schemas/<group>/<version>/<kind, lowercase>.json`
     (core group: `core`), holding one CRD version's `openAPIV3Schema` as JSON, e.g. the
     HTTPRoute v1 schema cut from the Gateway API's released CRD YAML;
   and is a Problem (`k8s/no-schema`) when neither exists: it never passes unchecked.
   CRD schemas are made strict the way server-side field validation is (unknown fields are
   errors unless x-kubernetes-preserve-unknown-fields); CEL rules (x-kubernetes-validations)
   are not evaluated. A file whose first line is `# schema: <definition>` holds a partial
   object and is validated against that definition (a list document: each item is).
3. The API server's own validation for the pinned version (`k8s/api`): every document of a
   run goes to one process of hooks/checks/k8svalidate (a Go program pinned to
   k8s.io/kubernetes, built once and cached under .cache/k8svalidate/), which decodes,
   defaults, converts to the internal type and runs the resource's registry strategy
   (rest.ValidateCreate: Validate*, ObjectMeta, declarative validation), exactly as a
   create request does. Custom resources are validated with the apiextensions-apiserver
   validators against their CRD's structural schema, CEL rules (x-kubernetes-validations)
   included; CRDs with the CRD strategy. Each error's field path is mapped back to its
   line and column (a bad label key: to the key). A partial object in
   k8s_rules.PARTIAL_PLACES is validated inside a whole object built around it, and only
   errors inside the partial are reported. `kind: List` items are validated one by one.
4. The rules that code does not cover (hooks/checks/k8s_rules.py): across objects of a
   file, e.g. a Service's named targetPort must name a port of the pods it selects.

Each file is checked in isolation: a crash on one file is that file's `k8s/internal`
Problem, a file that is not UTF-8 is its `k8s/encoding` Problem, and every other file
keeps its findings. yamllint's syntax check yields to the Kubernetes decoder: a file the
decoder reads (sigs.k8s.io/yaml semantics, e.g. `\\'` inside double quotes) has no
syntax error, and one it cannot read is reported once, as `k8s/parse`.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import yaml

from hooks.checks import k8s_rules, k8svalidate
from hooks.checks.context import Context
from hooks.checks.k8s_rules import Finding
from hooks.checks.problem import Problem

from .tools import (
    PIP_HINT,
    ToolError,
    find_tool,
    missing_tool,
    not_installed,
    package_version,
    run_tool,
    version_lines,
)

# jsonschema and referencing load in a noticeable part of a second: they are
# imported where a file is validated, so a build whose results all come from
# the cache never loads them.
if TYPE_CHECKING:
    import jsonschema
    from referencing import Registry

KIND = "k8s"
GRANULARITY = "file"

SUFFIXES = (".yaml", ".yml")
YAMLLINT_CONFIG = ".yamllint.yaml"
YAMLLINT_TIMEOUT = 300
VENDORED_SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"

# First line of a partial-object snippet, e.g. "# schema: io.k8s.api.core.v1.Affinity".
PARTIAL_HEADER = re.compile(r"""(?x)
    \A \# \s* schema: \s*
    (?P<definition> [A-Za-z0-9_.-]+ )   # an OpenAPI definition name from the bundled schemas
    [ \t]* (?: \r?\n | \Z )
""")

# One line of `yamllint -f parsable`: "path:3:5: [error] too many spaces (colons)".
YAMLLINT_LINE = re.compile(r"""(?x)
    ^ (?P<path> .+? ) : (?P<line> \d+ ) : (?P<col> \d+ ) :
    \s \[ (?P<level> error | warning ) \] \s
    (?P<desc> .*? )
    (?: \s \( (?P<rule> [a-z-]+ ) \) )? $   # syntax errors carry "(syntax)" in the text
""")

# Cheap test for "this file may define a CRD", used by fingerprint() without parsing.
CRD_KIND_LINE = re.compile(r"""(?xm)
    ^ kind: \s* ["']? CustomResourceDefinition ["']? \s* $
""")


# ---------------------------------------------------------------------------------------
# The check-package interface.


# Every YAML file under snippets/ is a Kubernetes manifest or a partial object.
def select(path: Path, ctx: Context) -> bool:
    return path.suffix in SUFFIXES and ctx.snippets_dir.resolve() in path.resolve().parents


# yamllint over all files at once, then schemas and API rules document by document.
# Each file is checked in isolation: a crash on one file is that file's Problem.
def check(paths: list[Path], ctx: Context) -> list[Problem]:
    if not paths:
        return []
    # yamllint crashes on a file that is not UTF-8 (losing every file's findings): such a
    # file gets its k8s/encoding Problem from load_documents instead.
    lintable = [p for p in paths if _is_utf8(p)]
    problems = run_yamllint(lintable, ctx) if lintable else []
    try:
        schemas = bundled_schemas(ctx.kubernetes_version)
    except SchemaVersionError as error:
        return sorted({*problems, Problem(ctx.rel(paths[0]), 0, 0, "k8s/tool", str(error))})
    crds = crd_index([*yaml_files(ctx.snippets_dir), *paths], ctx)
    loaded: dict[Path, list[Document]] = {}
    decoded: set[str] = set()
    for path in paths:
        try:
            documents, parse_problem = load_documents(path, ctx)
        except Exception as error:  # noqa: BLE001 - one file's crash never loses another's findings
            problems.append(crash_problem(ctx, path, "YAML loader", error))
            continue
        if parse_problem:
            problems.append(parse_problem)
        else:
            decoded.add(ctx.rel(path))
        loaded[path] = documents
    # yamllint's syntax check yields to the Kubernetes decoder: what it decodes is valid,
    # and what it cannot decode is reported once, by k8s/parse.
    problems = [
        p for p in problems
        if not (p.rule == "yamllint/syntax" and (p.path in decoded or _has_parse_problem(problems, p.path)))
    ]
    expanded = {path: expand_lists(documents) for path, documents in loaded.items()}
    api, tool_problem = run_api_validation([d for ds in expanded.values() for d in ds], paths, schemas, ctx)
    if tool_problem is not None:
        problems.append(tool_problem)
    for path, documents in expanded.items():
        try:
            problems += check_documents(documents, schemas, crds, ctx, api)
        except Exception as error:  # noqa: BLE001 - one file's crash never loses another's findings
            problems.append(crash_problem(ctx, path, "manifest check", error))
    return sorted(set(problems))


# True if the problems already hold a k8s/parse or k8s/encoding Problem for this file.
def _has_parse_problem(problems: list[Problem], rel: str) -> bool:
    return any(p.path == rel and p.rule in ("k8s/parse", "k8s/encoding") for p in problems)


# A check that raised on one file, reported on that file.
def crash_problem(ctx: Context, path: Path, what: str, error: Exception) -> Problem:
    message = f"the {what} crashed on this file ({type(error).__name__}: {error}); please report it"
    return Problem(ctx.rel(path), 0, 0, "k8s/internal", message)


# `kind: List` (v1): its items, each a document of its own at its own lines; other
# documents as they are. The API server never stores a List: kubectl sends each item.
def expand_lists(documents: list[Document]) -> list[Document]:
    out: list[Document] = []
    for document in documents:
        data, node = document.data, document.node
        is_list = (
            not document.partial
            and isinstance(data, dict)
            and data.get("kind") == "List"
            and data.get("apiVersion") == "v1"
            and isinstance(data.get("items"), list)
            and isinstance(node, yaml.MappingNode)
        )
        if not is_list:
            out.append(document)
            continue
        items_node = next((v for k, v in node.value if k.value == "items"), None)
        if not isinstance(items_node, yaml.SequenceNode):
            out.append(document)
            continue
        out += [Document(document.path, n, d, None) for n, d in zip(items_node.value, data["items"])]
    return out


# Tool versions, configs, the CRDs and vendored schemas every file is checked against.
def fingerprint(ctx: Context) -> str:
    digest = hashlib.sha256()
    files = [ctx.root / YAMLLINT_CONFIG, Path(__file__), Path(k8s_rules.__file__)]
    files += [f for f in yaml_files(ctx.snippets_dir) if CRD_KIND_LINE.search(_read(f))]
    files += sorted(VENDORED_SCHEMAS_DIR.rglob("*.json"))
    for file in files:
        digest.update(f"{file.name}\0{_read(file)}\0".encode())
    go = find_tool("go")
    tools = [
        f"kubernetes {ctx.kubernetes_version}",
        f"k8svalidate {k8svalidate.build_key(go) if go else 'go missing'}",
        _yamllint_version(),
        f"kubernetes-validate {package_version('kubernetes-validate')}",
        f"jsonschema {package_version('jsonschema')}",
        f"PyYAML {package_version('PyYAML')}",
    ]
    return "; ".join(tools) + f"; sha256:{digest.hexdigest()}"


# ---------------------------------------------------------------------------------------
# Small helpers.


# Sorted YAML files under a folder (none if it does not exist).
def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file())


# True if the file can be read and is UTF-8.
def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return True


# File text, or "" when it cannot be read (the check itself reports unreadable files).
def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


# ---------------------------------------------------------------------------------------
# 1. yamllint


# "yamllint 1.38.0", as the tool itself reports it.
def _yamllint_version() -> str:
    tool = find_tool("yamllint")
    if tool is None:
        return "yamllint missing"
    return version_lines(tool)[0]


# One yamllint run over all files with the repo config; each finding is a Problem.
def run_yamllint(paths: list[Path], ctx: Context) -> list[Problem]:
    first = ctx.rel(paths[0])
    tool, config = find_tool("yamllint"), ctx.root / YAMLLINT_CONFIG
    if tool is None:
        return [missing_tool(first, "k8s/tool", "yamllint", "Kubernetes manifests cannot be checked", PIP_HINT)]
    if not config.is_file():
        return [Problem(first, 0, 0, "k8s/tool", f"yamllint config {ctx.rel(config)} is missing")]
    command = [tool, "--config-file", str(config), "--format", "parsable", *map(str, paths)]
    try:
        proc = run_tool(command, timeout=YAMLLINT_TIMEOUT, cwd=ctx.root)
    except ToolError as error:
        return [Problem(first, 0, 0, "k8s/tool", str(error))]
    problems = list(parse_yamllint(proc.stdout, ctx))
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not problems):
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        problems.append(Problem(first, 0, 0, "k8s/tool", f"yamllint exited {proc.returncode}: {detail[0]}"))
    return problems


# Problems from yamllint's parsable output (the rule name becomes `yamllint/<rule>`).
def parse_yamllint(output: str, ctx: Context) -> Iterator[Problem]:
    for line in output.splitlines():
        match = YAMLLINT_LINE.match(line)
        if match:
            rule = match["rule"] or "unknown"
            desc = match["desc"]
            yield Problem(ctx.rel(Path(match["path"])), int(match["line"]), int(match["col"]), f"yamllint/{rule}", desc)


# ---------------------------------------------------------------------------------------
# Loading documents with their positions.


class ManifestLoader(yaml.SafeLoader):
    """SafeLoader that decodes like Kubernetes (sigs.k8s.io/yaml, on go-yaml v2): timestamps
    stay strings, "=" is a string, and `\\'` is an escape inside double quotes."""

    ESCAPE_REPLACEMENTS: ClassVar[dict[str, str]] = {**yaml.SafeLoader.ESCAPE_REPLACEMENTS, "'": "'"}


ManifestLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
ManifestLoader.add_constructor("tag:yaml.org,2002:value", yaml.SafeLoader.construct_yaml_str)


@dataclass(frozen=True)
class Document:
    """One YAML document: its decoded data, its node tree (for positions), its file."""

    path: Path
    node: yaml.Node
    data: Any
    partial: str | None  # the "# schema:" definition of a partial-object file


# All non-empty documents of a file, or a Problem for the first YAML error.
def load_documents(path: Path, ctx: Context) -> tuple[list[Document], Problem | None]:
    try:
        data = path.read_bytes()
    except OSError as error:
        return [], Problem(ctx.rel(path), 0, 0, "k8s/parse", f"cannot read file: {error}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return [], not_utf8(ctx.rel(path), data, error)
    header = PARTIAL_HEADER.match(text)
    partial = header["definition"] if header else None
    loader = ManifestLoader(text)
    documents: list[Document] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            content = loader.construct_document(node) if node is not None else None
            if content is not None:  # "---" followed by nothing (or only comments) is no object
                documents.append(Document(path, node, content, partial))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = getattr(error, "problem", None) or str(error)
        return documents, Problem(ctx.rel(path), line, col, "k8s/parse", f"invalid YAML: {problem}")
    finally:
        loader.dispose()
    return documents, None


# `not UTF-8 (byte 0xe9 at offset 21)`, at the line and column of that byte.
def not_utf8(rel: str, data: bytes, error: UnicodeDecodeError) -> Problem:
    offset = error.start
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    message = f"not UTF-8 (byte 0x{data[offset]:02x} at offset {offset}); save the file as UTF-8"
    return Problem(rel, line, col, "k8s/encoding", message)


# Line and column (1-based) of a JSON path: the key of a map entry, the start of a list
# item; the nearest existing ancestor when the path does not exist (a missing field).
def locate(node: yaml.Node, path: Iterable[str | int]) -> tuple[int, int]:
    mark = node.start_mark
    for part in path:
        if isinstance(node, yaml.MappingNode):
            entry = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if entry is None:
                break
            mark, node = entry[0].start_mark, entry[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1


# A Finding inside a document as a compiler-style Problem.
def to_problem(document: Document, finding: Finding, ctx: Context) -> Problem:
    line, col = locate(document.node, finding.path)
    return Problem(ctx.rel(document.path), line, col, finding.rule, finding.text())


# ---------------------------------------------------------------------------------------
# 2. Schemas bundled with kubernetes-validate.


class SchemaVersionError(Exception):
    """The installed kubernetes-validate has no schemas for the pinned Kubernetes version."""


@dataclass(frozen=True)
class BundledSchemas:
    """The strict definitions of one Kubernetes version, indexed by group/version/kind."""

    version: str  # the bundled patch version, e.g. "1.37.0"
    definitions: dict[str, Any]
    registry: Registry
    by_gvk: dict[tuple[str, str, str], str]  # (group, version, kind) -> definition name

    # A strict validator for one definition (or, many=True, for a list of them).
    def validator(self, definition: str, many: bool = False) -> jsonschema.protocols.Validator:
        import jsonschema

        schema: dict[str, Any] = {"$ref": f"{DEFINITIONS_ID}#/$defs/{definition}"}
        if many:
            schema = {"type": "array", "items": schema}
        return jsonschema.Draft202012Validator(schema, registry=self.registry)

    # "apps/v1" for every built-in version of a kind, to suggest when a version is wrong.
    def api_versions_of(self, kind: str) -> list[str]:
        return sorted(f"{g}/{v}" if g else v for g, v, k in self.by_gvk if k == kind)


DEFINITIONS_ID = "https://kubernetes.io/api/_definitions.json"


# The bundled schemas for the pinned version: "1.37" means the newest bundled 1.37.x.
@functools.lru_cache(maxsize=4)
def bundled_schemas(kubernetes_version: str) -> BundledSchemas:
    try:
        from kubernetes_validate import utils as kv_utils
        from packaging.version import Version
    except ImportError as error:
        message = not_installed("kubernetes-validate", "Kubernetes manifests cannot be checked", PIP_HINT)
        raise SchemaVersionError(message) from error
    minor = ".".join(kubernetes_version.lstrip("v").split(".")[:2])
    patches = [v for v in kv_utils.all_versions() if v.split(".")[:2] == minor.split(".")]
    if not patches:
        installed = package_version("kubernetes-validate")
        raise SchemaVersionError(
            f"kubernetes-validate {installed} bundles no schemas for Kubernetes {minor}; "
            "pin a kubernetes-validate release that does in requirements.txt"
        )
    version = max(patches, key=Version)
    folder = resources.files("kubernetes_validate") / "kubernetes-json-schema" / f"v{version}-local-strict"
    document = json.loads((folder / "_definitions.json").read_text(encoding="utf-8"))
    from referencing import Registry, Resource

    registry = Registry().with_resource(DEFINITIONS_ID, Resource.from_contents(document))
    definitions = document["$defs"]
    return BundledSchemas(version, definitions, registry, _index_gvk(definitions))


# (group, version, kind) -> definition name, from each definition's x-kubernetes-group-version-kind.
def _index_gvk(definitions: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    index = {}
    for name, definition in definitions.items():
        gvks = definition.get("x-kubernetes-group-version-kind") or []
        if len(gvks) == 1:  # several: shared types such as DeleteOptions, not objects
            gvk = gvks[0]
            index[(gvk["group"], gvk["version"], gvk["kind"])] = name
    return index


# ---------------------------------------------------------------------------------------
# Custom resources: CRDs in the snippets, vendored schemas.


@dataclass(frozen=True)
class CustomSchema:
    """Where a custom kind's schema comes from, and the openAPIV3Schema per version."""

    source: str  # `CustomResourceDefinition "widgets.example.com" (snippets/k8s/x.yaml)`
    versions: dict[str, dict[str, Any] | None]


# (group, kind) -> CustomSchema, for every apiextensions.k8s.io/v1 CRD in these files.
def crd_index(files: Iterable[Path], ctx: Context) -> dict[tuple[str, str], CustomSchema]:
    index = {}
    for file in dict.fromkeys(p.resolve() for p in files):
        for document in expand_lists(load_documents(file, ctx)[0]):
            crd = document.data
            if not (isinstance(crd, dict) and crd.get("kind") == "CustomResourceDefinition"):
                continue
            if crd.get("apiVersion") != "apiextensions.k8s.io/v1" or not isinstance(crd.get("spec"), dict):
                continue
            spec = crd["spec"]
            kind = k8s_rules.as_map(spec.get("names")).get("kind")
            versions = {
                str(v.get("name")): k8s_rules.as_map(k8s_rules.as_map(v.get("schema")).get("openAPIV3Schema")) or None
                for v in k8s_rules.as_list(spec.get("versions"))
                if isinstance(v, dict)
            }
            name = k8s_rules.as_map(crd.get("metadata")).get("name")
            source = f'CustomResourceDefinition "{name}" ({ctx.rel(file)})'
            index[(str(spec.get("group")), str(kind))] = CustomSchema(source, versions)
    return index


# A CRD schema made strict like server-side field validation: objects with properties reject
# unknown fields (unless x-kubernetes-preserve-unknown-fields), nullable allows null,
# int-or-string allows both.
def strict_openapi(node: dict[str, Any], root: bool = False) -> dict[str, Any]:
    out = {k: v for k, v in node.items() if not k.startswith("x-kubernetes-") and k != "nullable"}
    for key in ("properties", "patternProperties"):
        if isinstance(node.get(key), dict):
            out[key] = {n: strict_openapi(s) for n, s in node[key].items() if isinstance(s, dict)}
    for key in ("items", "additionalProperties", "not"):
        if isinstance(node.get(key), dict):
            out[key] = strict_openapi(node[key])
    for key in ("allOf", "anyOf", "oneOf"):
        if isinstance(node.get(key), list):
            out[key] = [strict_openapi(s) for s in node[key] if isinstance(s, dict)]
    if root or node.get("x-kubernetes-embedded-resource") is True:
        out["properties"] = {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"type": "object"},
            **out.get("properties", {}),
        }
    if node.get("x-kubernetes-int-or-string") is True:
        out.pop("type", None)
        out = {"allOf": [out, {"anyOf": [{"type": "integer"}, {"type": "string"}]}]}
    elif node.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    keeps_unknown = node.get("x-kubernetes-preserve-unknown-fields") is True
    if "properties" in out and "additionalProperties" not in node and not keeps_unknown:
        out["additionalProperties"] = False
    return out


# ---------------------------------------------------------------------------------------
# Validating documents.


# Schema findings, the API server's validation and the remaining rules for each document,
# as Problems. `api` holds the validator's Result for each document it was sent.
def check_documents(
    documents: list[Document],
    schemas: BundledSchemas,
    crds: dict[tuple[str, str], CustomSchema],
    ctx: Context,
    api: dict[int, k8svalidate.Result] | None = None,
) -> list[Problem]:
    objects = [d.data for d in documents if isinstance(d.data, dict) and not d.partial]
    problems = []
    for document in documents:
        findings = list(schema_findings(document, schemas, crds, ctx))
        result = (api or {}).get(id(document))
        if result is not None and result.known and is_custom(document, schemas):
            # The apiextensions validators check the CRD schema and its CEL rules; the
            # strict schema here adds only what the API server prunes: unknown fields.
            findings = [
                f for f in findings
                if f.rule != "k8s/schema" or f.message.startswith("unknown field") or f.path[:1] == ("metadata",)
            ]
        if document.partial:
            findings += guarded(k8s_rules.partial_rule_findings, document.partial, document.data)
        elif isinstance(document.data, dict):
            findings += rule_findings(document.data, objects)
        found = [to_problem(document, f, ctx) for f in findings]
        if result is not None:
            found += api_problems(document, result, found, ctx)
        problems += found
    return problems


# True for a whole object whose kind is not built in (a custom resource).
def is_custom(document: Document, schemas: BundledSchemas) -> bool:
    data = document.data
    if document.partial or not isinstance(data, dict):
        return False
    group, _, version = str(data.get("apiVersion")).rpartition("/")
    return (group, version, data.get("kind")) not in schemas.by_gvk


# ---------------------------------------------------------------------------------------
# 3. The API server's own validation (hooks/checks/k8svalidate).

# `spec.containers[0].name`, `metadata.labels[app.kubernetes.io/name]`: a field.Path's parts.
FIELD_PART = re.compile(r"""(?x) \.? (?P<name> [^.\[\]]+ ) | \[ (?P<index> [^\]]* ) \] """)


# A field.Path string as a JSON path (list indexes as ints).
def field_path(text: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for match in FIELD_PART.finditer(text):
        if match["name"] is not None:
            parts.append(match["name"])
        else:
            index = match["index"]
            parts.append(int(index) if index.isdigit() else index)
    return tuple(parts)


# What the validator is sent for a document: the object itself, or for a partial object
# (`# schema: <definition>` in k8s_rules.PARTIAL_PLACES) a whole object built around it,
# with the JSON path where the partial sits. None when it cannot be validated whole.
def api_object(document: Document) -> tuple[dict[str, Any], tuple[str | int, ...]] | None:
    data = document.data
    if not document.partial:
        if isinstance(data, dict) and isinstance(data.get("apiVersion"), str) and isinstance(data.get("kind"), str):
            return data, ()
        return None
    place = k8s_rules.PARTIAL_PLACES.get(document.partial)
    if place is None or not isinstance(data, dict):
        return None
    api_version, kind, prefix = place
    embedded: Any = data
    for part in reversed(prefix):
        embedded = [embedded] if isinstance(part, int) else {part: embedded}
    return {"apiVersion": api_version, "kind": kind, "metadata": {"name": "partial"}, **embedded}, prefix


# The validator's errors as Problems at their fields. Errors the strict schema already
# reported at the same place (a required field, a wrong type) are not repeated, and a
# decode error only shows when the schema found nothing (it says the same, less precisely).
def api_problems(document: Document, result: k8svalidate.Result, found: list[Problem], ctx: Context) -> list[Problem]:
    sent = api_object(document)
    prefix = sent[1] if sent else ()
    schema_places = {(p.line, p.col) for p in found if p.rule == "k8s/schema"}
    has_schema_problem = any(p.rule == "k8s/schema" for p in found)
    problems = []
    for error in result.errors:
        if error.type == "Decode":
            if not has_schema_problem:
                problems.append(Problem(ctx.rel(document.path), document.node.start_mark.line + 1,
                                        document.node.start_mark.column + 1, "k8s/api",
                                        f"the API server cannot decode this object: {error.message}"))
            continue
        path = field_path(error.field)
        if path[:1] == ("status",) and "status" not in k8s_rules.as_map(document.data):
            continue  # the server sets status itself; its error repeats one about the spec
        if path[: len(prefix)] != prefix:
            continue  # about the placeholder around a partial object, not the partial
        relative = written_path(document.data, path[len(prefix):])
        line, col = locate_value(document.node, relative, error.bad)
        if (line, col) in schema_places:
            continue
        message = error.message
        if prefix and message.startswith(error.field):
            message = (k8s_rules.dotted(relative) or "<root>") + message[len(error.field):]
        problems.append(Problem(ctx.rel(document.path), line, col, "k8s/api", message))
    return problems


# Like locate(), but when the value at the path is a mapping with `bad` as a key (a label
# key, an annotation key), the place of that key.
def locate_value(node: yaml.Node, path: tuple[str | int, ...], bad: str | None) -> tuple[int, int]:
    target: yaml.Node | None = node
    for part in path:
        if isinstance(target, yaml.MappingNode):
            target = next((v for k, v in target.value if k.value == str(part)), None)
        elif isinstance(target, yaml.SequenceNode) and isinstance(part, int) and part < len(target.value):
            target = target.value[part]
        else:
            target = None
        if target is None:
            break
    if bad is not None and isinstance(target, yaml.MappingNode):
        # A bad key (a label key) or a bad value (a label value, a quantity) of the map.
        key = next((k for k, _ in target.value if k.value == bad), None)
        key = key or next((k for k, v in target.value if isinstance(v, yaml.ScalarNode) and v.value == bad), None)
        if key is not None:
            return key.start_mark.line + 1, key.start_mark.column + 1
    if bad is not None and isinstance(target, yaml.SequenceNode):
        item = next((i for i in target.value if isinstance(i, yaml.ScalarNode) and i.value == bad), None)
        if item is not None:
            return item.start_mark.line + 1, item.start_mark.column + 1
    return locate(node, path)


# The API server validates fields the REST storage fills in from others (a Service's
# clusterIPs from clusterIP): an error there belongs to the field the file has.
FILLED_FROM = {("spec", "clusterIPs"): ("spec", "clusterIP")}


# The path as written in the document: a filled-in field not in the file becomes its source;
# a CRD schema the server hoisted to spec.validation (all versions share it) is the first
# version's.
def written_path(data: Any, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    spec = k8s_rules.as_map(k8s_rules.as_map(data).get("spec"))
    for filled, source in FILLED_FROM.items():
        if path[: len(filled)] == filled and "clusterIPs" not in spec:
            return source
    if path[:2] == ("spec", "validation") and "validation" not in spec:
        return ("spec", "versions", 0, "schema", *path[2:])
    return path


# The CRD objects of every file (for the validator: CRDs elsewhere in snippets/ count).
def crd_objects(files: Iterable[Path], ctx: Context) -> list[dict[str, Any]]:
    found = []
    for file in dict.fromkeys(p.resolve() for p in files):
        if not CRD_KIND_LINE.search(_read(file)):
            continue
        for document in expand_lists(load_documents(file, ctx)[0]):
            data = document.data
            if isinstance(data, dict) and data.get("kind") == "CustomResourceDefinition":
                found.append(data)
    return found


# Vendored openAPIV3Schemas for the custom kinds among these documents.
def vendored_for(documents: Iterable[Document], schemas: BundledSchemas) -> list[dict[str, Any]]:
    out, seen = [], set()
    for document in documents:
        data = document.data
        if document.partial or not isinstance(data, dict) or not is_custom(document, schemas):
            continue
        group, _, version = str(data.get("apiVersion")).rpartition("/")
        gvk = (group, version, str(data.get("kind")))
        file = vendored_schema_file(gvk)
        if gvk in seen or not file.is_file():
            continue
        seen.add(gvk)
        try:
            schema = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        out.append({"group": gvk[0], "version": gvk[1], "kind": gvk[2], "namespaced": True, "schema": schema})
    return out


# One validator process for every document of the run: {id(document): Result}, or the
# k8s/tool Problem that says why the API server's validation could not run.
def run_api_validation(
    documents: list[Document], files: list[Path], schemas: BundledSchemas, ctx: Context
) -> tuple[dict[int, k8svalidate.Result], Problem | None]:
    sent = [(d, o[0]) for d in documents if (o := api_object(d)) is not None]
    if not sent:
        return {}, None
    crds = crd_objects([*yaml_files(ctx.snippets_dir), *files], ctx)
    try:
        results = k8svalidate.validate([o for _, o in sent], crds, vendored_for(documents, schemas))
    except k8svalidate.ValidatorError as error:
        return {}, Problem(ctx.rel(files[0]), 0, 0, "k8s/tool", str(error))
    return {id(d): r for (d, _), r in zip(sent, results)}, None


# The API rules for one object.
def rule_findings(obj: dict[str, Any], siblings: list[dict[str, Any]]) -> list[Finding]:
    return [f for rule in k8s_rules.rules_for(obj) for f in guarded(rule, obj, siblings)]


# A rule's findings; a rule that crashes on odd input is reported, not raised.
def guarded(rule: Callable[..., Iterable[Finding]], *args: Any) -> list[Finding]:
    try:
        return list(rule(*args))
    except Exception as error:  # noqa: BLE001 - a check must never raise on bad input
        message = f"rule {rule.__name__} failed on this object ({error!r}); please report it"
        return [Finding((), "k8s/internal", message)]


# Schema findings for one document: partial object, built-in kind or custom resource.
def schema_findings(
    document: Document, schemas: BundledSchemas, crds: dict[tuple[str, str], CustomSchema], ctx: Context
) -> Iterator[Finding]:
    data = document.data
    if document.partial:
        yield from partial_findings(data, document.partial, schemas)
        return
    if not isinstance(data, dict):
        message = 'a manifest must be a mapping; a partial object starts with "# schema: <definition>"'
        yield Finding((), "k8s/object", message)
        return
    api_version, kind = data.get("apiVersion"), data.get("kind")
    if not (isinstance(api_version, str) and isinstance(kind, str) and api_version and kind):
        message = 'apiVersion and kind are required; a partial object starts with "# schema: <definition>"'
        yield Finding((), "k8s/object", message)
        return
    group, _, version = api_version.rpartition("/")
    definition = schemas.by_gvk.get((group, version, kind))
    if definition:
        yield from error_findings(schemas.validator(definition).iter_errors(data))
    else:
        yield from custom_findings(data, (group, version, kind), schemas, crds, ctx)


# A partial object (or a list of them) against the definition its header names.
def partial_findings(data: Any, definition: str, schemas: BundledSchemas) -> Iterator[Finding]:
    if definition not in schemas.definitions:
        close = difflib.get_close_matches(definition, schemas.definitions, n=1)
        hint = f'; did you mean "{close[0]}"?' if close else ""
        message = f'unknown schema definition "{definition}" in Kubernetes {schemas.version}{hint}'
        yield Finding((), "k8s/partial-schema", message)
        return
    validator = schemas.validator(definition, many=isinstance(data, list))
    yield from error_findings(validator.iter_errors(data))


# A kind with no built-in schema: a CRD from the snippets, a vendored schema, or a Problem.
def custom_findings(
    data: dict[str, Any],
    gvk: tuple[str, str, str],
    schemas: BundledSchemas,
    crds: dict[tuple[str, str], CustomSchema],
    ctx: Context,
) -> Iterator[Finding]:
    source, schema = custom_schema(gvk, crds, ctx)
    if schema is None:
        yield Finding(("apiVersion",), "k8s/no-schema", source or no_schema_message(gvk, schemas, ctx))
        return
    assert source is not None  # custom_schema names where a schema it found came from
    yield from custom_schema_findings(data, strict_openapi(schema, root=True), source)
    if data.get("metadata") is not None:  # a CRD schema never describes metadata itself
        meta_validator = schemas.validator("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
        yield from error_findings(meta_validator.iter_errors(data["metadata"]), prefix=("metadata",))


# Validate against a (converted) CRD or vendored schema, which may itself be broken:
# then the object is not checked, and that is the Problem.
def custom_schema_findings(data: dict[str, Any], schema: dict[str, Any], source: str) -> Iterator[Finding]:
    import jsonschema

    try:
        jsonschema.Draft4Validator.check_schema(schema)
        findings = list(error_findings(jsonschema.Draft4Validator(schema).iter_errors(data)))
    except jsonschema.SchemaError as error:
        where = k8s_rules.dotted(tuple(error.absolute_path)) or "its root"
        message = f"cannot validate: the schema from {source} is invalid at {where}: {error.message}"
        findings = [Finding(("apiVersion",), "k8s/no-schema", message)]
    except Exception as error:  # noqa: BLE001 - a broken schema must not crash the build
        message = f"cannot validate against the schema from {source}: {error!r}"
        findings = [Finding(("apiVersion",), "k8s/no-schema", message)]
    yield from findings


# (where from, openAPIV3Schema) for a custom kind; the schema is None with a reason as
# `source`, or with source None when nothing defines the kind at all.
def custom_schema(
    gvk: tuple[str, str, str], crds: dict[tuple[str, str], CustomSchema], ctx: Context
) -> tuple[str | None, dict[str, Any] | None]:
    group, version, kind = gvk
    crd = crds.get((group, kind))
    if crd is not None and version in crd.versions:
        schema = crd.versions[version]
        return (crd.source, schema) if schema else (f'{crd.source} gives version "{version}" no openAPIV3Schema', None)
    vendored = vendored_schema_file(gvk)
    if vendored.is_file():
        try:
            return ctx.rel(vendored), json.loads(vendored.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            return f"vendored schema {ctx.rel(vendored)} is not readable JSON: {error}", None
    if crd is not None:
        known = ", ".join(f'"{v}"' for v in crd.versions)
        return f'{crd.source} has no version "{version}" (it has {known})', None
    return None, None


# Where a vendored openAPIV3Schema for a group/version/kind lives (the core group is "core").
def vendored_schema_file(gvk: tuple[str, str, str]) -> Path:
    group, version, kind = gvk
    return VENDORED_SCHEMAS_DIR / (group or "core") / version / f"{kind.lower()}.json"


# Why a kind has no schema, and what would give it one.
def no_schema_message(gvk: tuple[str, str, str], schemas: BundledSchemas, ctx: Context) -> str:
    group, version, kind = gvk
    api_version = f"{group}/{version}" if group else version
    built_in = schemas.api_versions_of(kind)
    if built_in:
        return f"{api_version} {kind} does not exist in Kubernetes {schemas.version} (use {' or '.join(built_in)})"
    return (
        f"no schema for {api_version} {kind}: not built into Kubernetes {schemas.version}, and neither "
        f"a CustomResourceDefinition under {ctx.rel(ctx.snippets_dir)}/ nor a vendored schema "
        f"{ctx.rel(vendored_schema_file(gvk))} defines it"
    )


# ---------------------------------------------------------------------------------------
# jsonschema errors as readable findings.

JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object"}


# JSON type name of a decoded value, with the value itself when it is a short scalar.
def describe(value: Any) -> str:
    if value is None:
        return "null"
    name = JSON_TYPES.get(type(value), type(value).__name__)
    if isinstance(value, (list, dict)):
        return name
    shown = json.dumps(value, ensure_ascii=False)
    return f"{name} {shown}" if len(shown) <= 40 else name


# Findings for every jsonschema error, phrased like the API server's field errors.
def error_findings(
    errors: Iterable[jsonschema.ValidationError], prefix: tuple[str | int, ...] = ()
) -> Iterator[Finding]:
    for error in errors:
        path = (*prefix, *error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = error.schema.get("properties", {})
            patterns = error.schema.get("patternProperties", {})
            for key in error.instance:
                if key not in known and not any(re.search(p, str(key)) for p in patterns):
                    yield Finding((*path, key), "k8s/schema", f'unknown field "{key}"', shown=path)
        elif error.validator == "required" and isinstance(error.instance, dict):
            for key in error.validator_value:
                if key not in error.instance:
                    yield Finding(path, "k8s/schema", f'missing required field "{key}"')
        else:
            yield Finding(path, "k8s/schema", error_text(error))


# The message for one error that is not about a field being unknown or missing.
def error_text(error: jsonschema.ValidationError) -> str:
    if error.validator == "type":
        return f"expected {_types(error.validator_value)}, got {describe(error.instance)}"
    if error.validator == "enum":
        allowed = ", ".join(json.dumps(v, ensure_ascii=False) for v in error.validator_value)
        return f"must be one of {allowed}, got {describe(error.instance)}"
    if error.validator in ("oneOf", "anyOf"):
        types = [s.get("type") for s in error.validator_value if isinstance(s, dict) and set(s) == {"type"}]
        if types and len(types) == len(error.validator_value):
            return f"expected {_types(types)}, got {describe(error.instance)}"
    return error.message


# "integer", "string or integer": JSON types without the "null" the schemas allow everywhere.
def _types(value: Any) -> str:
    flat: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        flat += item if isinstance(item, list) else [item]
    names = list(dict.fromkeys(t for t in flat if t != "null")) or ["null"]
    return " or ".join(names)
