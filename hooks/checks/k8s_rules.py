"""Kubernetes API rules that the OpenAPI schema cannot express.

Each rule is a small pure function `rule(obj, siblings) -> Iterator[Finding]`: `obj` is one
decoded manifest (already a mapping), `siblings` every object of the same file (some rules,
like Service -> container port, need the pods of the same file). A Finding carries the
JSON path it is about; hooks/checks/kubernetes.py turns that path into a line and column.
Rules never assume the input is well typed (the schema check reports wrong types), so they
read through `as_map`/`as_list`, which turn anything unexpected into "absent".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

Path = tuple[str | int, ...]

# A map key that prints plainly in a dotted path; others (label keys) print as ["a.b/c"].
PLAIN_KEY = re.compile(r"""(?x)
    ^ [A-Za-z_$] [A-Za-z0-9_$-]* $   # identifier-like: spec, matchLabels, x-kubernetes-foo
""")


@dataclass(frozen=True)
class Finding:
    """One violation inside a document: located at `path`, reported as "<shown>: <message>"
    (`shown` defaults to `path`; an unknown field is located at its key but reported
    under its parent, like the API server does)."""

    path: Path
    rule: str
    message: str
    shown: Path | None = None

    # "spec.replicas: expected integer, got string", or just the message at the root.
    def text(self) -> str:
        return at(self.path if self.shown is None else self.shown, self.message)

    # The same finding about an object embedded at `prefix`, seen from that object.
    def relative_to(self, prefix: Path) -> Finding:
        def cut(path: Path) -> Path:
            return path[len(prefix) :] if path[: len(prefix)] == prefix else ()

        return Finding(cut(self.path), self.rule, self.message, None if self.shown is None else cut(self.shown))


Rule = Callable[[dict[str, Any], Sequence[dict[str, Any]]], Iterator[Finding]]


# `spec.containers[0].name`, the way kubectl and the API server print field paths.
def dotted(path: Path) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif PLAIN_KEY.match(part):
            text += f".{part}" if text else part
        else:
            text += f'["{part}"]'
    return text


# "path: message", or just the message for the document root.
def at(path: Path, message: str) -> str:
    return f"{dotted(path)}: {message}" if path else message


# Read a mapping field, treating a wrongly typed value as absent.
def as_map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# Read a list field, treating a wrongly typed value as absent.
def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


# ---------------------------------------------------------------------------------------
# Pod templates: where each kind keeps its pod, so pod rules are written once.

# Kinds whose pod template lives at spec.template (with its labels at metadata.labels).
TEMPLATE_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"})


@dataclass(frozen=True)
class PodTemplate:
    """A pod spec inside an object, with the labels its pods get and where it sits."""

    owner: str  # `Deployment "web"`, for messages
    labels: dict[str, Any]
    spec: dict[str, Any]
    spec_path: Path


# Every pod spec an object carries (Pod, workload templates, CronJob, PodTemplate).
def pod_templates(obj: dict[str, Any]) -> Iterator[PodTemplate]:
    kind = obj.get("kind")
    owner = f'{kind} "{as_map(obj.get("metadata")).get("name", "")}"'
    spec = as_map(obj.get("spec"))
    if kind == "Pod":
        yield PodTemplate(owner, as_map(as_map(obj.get("metadata")).get("labels")), spec, ("spec",))
        return
    if kind in TEMPLATE_KINDS:
        template, base = as_map(spec.get("template")), ("spec", "template")
    elif kind == "CronJob":
        template = as_map(as_map(as_map(spec.get("jobTemplate")).get("spec")).get("template"))
        base = ("spec", "jobTemplate", "spec", "template")
    elif kind == "PodTemplate":
        template, base = as_map(obj.get("template")), ("template",)
    else:
        return
    labels = as_map(as_map(template.get("metadata")).get("labels"))
    yield PodTemplate(owner, labels, as_map(template.get("spec")), (*base, "spec"))


# (path, container) for every container of a pod spec, init and ephemeral ones included.
def pod_containers(spec: dict[str, Any], spec_path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    for field in ("initContainers", "containers", "ephemeralContainers"):
        for index, container in enumerate(as_list(spec.get(field))):
            if isinstance(container, dict):
                yield (*spec_path, field, index), container


# ---------------------------------------------------------------------------------------
# CustomResourceDefinition (apiextensions.k8s.io/v1)


# Every served version needs a schema: apiextensions/v1 rejects a version without one.
def crd_versions_have_schema(obj: dict[str, Any], siblings: Sequence[dict[str, Any]]) -> Iterator[Finding]:
    for index, version in enumerate(as_list(as_map(obj.get("spec")).get("versions"))):
        if isinstance(version, dict) and not as_map(as_map(version.get("schema")).get("openAPIV3Schema")):
            path: Path = ("spec", "versions", index)
            name = version.get("name", "?")
            yield Finding(path, "k8s/crd-schema", f'version "{name}" has no schema.openAPIV3Schema')


# The API server stores each object in exactly one version.
def crd_one_storage_version(obj: dict[str, Any], siblings: Sequence[dict[str, Any]]) -> Iterator[Finding]:
    versions = [v for v in as_list(as_map(obj.get("spec")).get("versions")) if isinstance(v, dict)]
    stored = [str(v.get("name", "?")) for v in versions if v.get("storage") is True]
    if versions and len(stored) != 1:
        path: Path = ("spec", "versions")
        listed = ", ".join(f'"{name}"' for name in stored) or "none"
        yield Finding(
            path,
            "k8s/crd-storage",
            f"exactly one version must have storage: true, found {len(stored)} ({listed})",
        )


# The API server only accepts a CRD named <plural>.<group>.
def crd_name_matches(obj: dict[str, Any], siblings: Sequence[dict[str, Any]]) -> Iterator[Finding]:
    spec = as_map(obj.get("spec"))
    plural, group = as_map(spec.get("names")).get("plural"), spec.get("group")
    name = as_map(obj.get("metadata")).get("name")
    if plural and group and name != f"{plural}.{group}":
        path: Path = ("metadata", "name")
        yield Finding(
            path,
            "k8s/crd-name",
            f'must be "{plural}.{group}" (<spec.names.plural>.<spec.group>), got "{name}"',
        )


# Structural schema: the root, every property, additionalProperties and items schema
# declares a type, unless it is int-or-string or keeps unknown fields.
def crd_structural_schema(obj: dict[str, Any], siblings: Sequence[dict[str, Any]]) -> Iterator[Finding]:
    for index, version in enumerate(as_list(as_map(obj.get("spec")).get("versions"))):
        schema = as_map(as_map(as_map(version).get("schema")).get("openAPIV3Schema"))
        if schema:
            yield from _untyped_nodes(schema, ("spec", "versions", index, "schema", "openAPIV3Schema"))


UNTYPED_NODE = (
    'structural schema needs a "type" here (or x-kubernetes-int-or-string / x-kubernetes-preserve-unknown-fields)'
)


# Walk the structural part of a schema (not allOf/anyOf/oneOf/not, which only add checks).
def _untyped_nodes(node: dict[str, Any], path: Path) -> Iterator[Finding]:
    exempt = node.get("x-kubernetes-int-or-string") is True or node.get("x-kubernetes-preserve-unknown-fields") is True
    if not node.get("type") and not exempt:
        yield Finding(path, "k8s/crd-structural", UNTYPED_NODE)
    for name, child in as_map(node.get("properties")).items():
        if isinstance(child, dict):
            yield from _untyped_nodes(child, (*path, "properties", name))
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            yield from _untyped_nodes(node[key], (*path, key))


# ---------------------------------------------------------------------------------------
# Workloads


# A workload whose selector does not match its own template is rejected by the API server.
def selector_matches_template(obj: dict[str, Any], siblings: Sequence[dict[str, Any]]) -> Iterator[Finding]:
    spec = as_map(obj.get("spec"))
    match_labels = as_map(as_map(spec.get("selector")).get("matchLabels"))
    labels = as_map(as_map(as_map(spec.get("template")).get("metadata")).get("labels"))
    for key, value in match_labels.items():
        path: Path = ("spec", "selector", "matchLabels", key)
        if key not in labels:
            message = f'label "{key}" is missing from the pod template\'s labels'
            yield Finding(path, "k8s/selector-match", message)
        elif labels[key] != value:
            message = f'"{value}" does not match the pod template\'s label "{labels[key]}"'
            yield Finding(path, "k8s/selector-match", message)


# A house rule, not an API one: serviceName is optional since Kubernetes 1.33 (required
# before), but the governing headless Service is what gives each replica its stable DNS name
# (db-0.<service>), the reason to use a StatefulSet at all; an example without it misleads.
def statefulset_has_service_name(obj: dict[str, Any], siblings: Sequence[dict[str, Any]]) -> Iterator[Finding]:
    if not as_map(obj.get("spec")).get("serviceName"):
        message = (
            "set serviceName to the StatefulSet's headless Service: optional in the API since 1.33, "
            "but it is what gives each pod a stable DNS name"
        )
        yield Finding(("spec",), "k8s/statefulset-service-name", message)


# ---------------------------------------------------------------------------------------
# Pods


# The kubelet and the API server key containers by name, across all three lists.
def container_names_unique(obj: dict[str, Any], siblings: Sequence[dict[str, Any]]) -> Iterator[Finding]:
    for template in pod_templates(obj):
        seen: set[str] = set()
        for path, container in pod_containers(template.spec, template.spec_path):
            name = container.get("name")
            if isinstance(name, str) and name in seen:
                yield Finding((*path, "name"), "k8s/container-names", f'duplicate container name "{name}"')
            seen.add(name)


# A liveness or startup probe succeeds after one success; the API server rejects any other value.
def probe_success_threshold(obj: dict[str, Any], siblings: Sequence[dict[str, Any]]) -> Iterator[Finding]:
    for template in pod_templates(obj):
        for path, container in pod_containers(template.spec, template.spec_path):
            for probe, what in (("livenessProbe", "liveness"), ("startupProbe", "startup")):
                threshold = as_map(container.get(probe)).get("successThreshold")
                # Only whole numbers: anything else is already a schema error.
                if isinstance(threshold, int) and not isinstance(threshold, bool) and threshold != 1:
                    where = (*path, probe, "successThreshold")
                    yield Finding(
                        where,
                        "k8s/probe-success-threshold",
                        f"must be 1 for a {what} probe, got {threshold}",
                    )


# ---------------------------------------------------------------------------------------
# Services


# With more than one port, each needs a unique name (Endpoints and targetPort refer to it).
def service_port_names(obj: dict[str, Any], siblings: Sequence[dict[str, Any]]) -> Iterator[Finding]:
    ports = as_list(as_map(obj.get("spec")).get("ports"))
    if len(ports) < 2:
        return
    seen: set[str] = set()
    for index, port in enumerate(ports):
        name, path = as_map(port).get("name"), ("spec", "ports", index)
        if not name:
            yield Finding(path, "k8s/service-port-names", "port name is required when a Service has more than one port")
        elif name in seen:
            yield Finding((*path, "name"), "k8s/service-port-names", f'duplicate port name "{name}"')
        seen.add(name)


# A named targetPort must be a container port name of the pods the Service selects. Only
# checked when those pods are defined in the same file; otherwise we cannot know them.
def service_target_port_names(obj: dict[str, Any], siblings: Sequence[dict[str, Any]]) -> Iterator[Finding]:
    spec = as_map(obj.get("spec"))
    selector = as_map(spec.get("selector"))
    if not selector:
        return
    selected = [t for s in siblings for t in pod_templates(s) if selector.items() <= t.labels.items()]
    for index, port in enumerate(as_list(spec.get("ports"))):
        target = as_map(port).get("targetPort")
        if not isinstance(target, str):
            continue
        path: Path = ("spec", "ports", index, "targetPort")
        for template in selected:
            if target not in _container_port_names(template):
                message = f'{template.owner} (selected by spec.selector) has no container port named "{target}"'
                yield Finding(path, "k8s/service-target-port", message)


# Names of the ports a pod serves on: its containers and sidecars (restartable init containers).
def _container_port_names(template: PodTemplate) -> set[str]:
    names = set()
    for path, container in pod_containers(template.spec, template.spec_path):
        serves = path[-2] == "containers" or container.get("restartPolicy") == "Always"
        if serves:
            names |= {as_map(p).get("name") for p in as_list(container.get("ports"))}
    return names


# ---------------------------------------------------------------------------------------
# Ingress

# Path types the API server accepts (the schema only says "string").
INGRESS_PATH_TYPES = ("Exact", "Prefix", "ImplementationSpecific")


# pathType must be a known value, and Exact/Prefix paths must be absolute.
# (A missing pathType is already a schema error: the schema marks it required.)
def ingress_paths(obj: dict[str, Any], siblings: Sequence[dict[str, Any]]) -> Iterator[Finding]:
    for r, rule in enumerate(as_list(as_map(obj.get("spec")).get("rules"))):
        for p, item in enumerate(as_list(as_map(as_map(rule).get("http")).get("paths"))):
            path: Path = ("spec", "rules", r, "http", "paths", p)
            kind, url = as_map(item).get("pathType"), as_map(item).get("path")
            if kind is not None and kind not in INGRESS_PATH_TYPES:
                allowed = ", ".join(INGRESS_PATH_TYPES)
                yield Finding(
                    (*path, "pathType"),
                    "k8s/ingress-path",
                    f'must be one of {allowed}, got "{kind}"',
                )
            elif kind in ("Exact", "Prefix") and not (isinstance(url, str) and url.startswith("/")):
                yield Finding(
                    (*path, "path"),
                    "k8s/ingress-path",
                    f'pathType {kind} needs an absolute path starting with "/", got "{url}"',
                )


# ---------------------------------------------------------------------------------------
# RBAC


# A rule with no verbs grants nothing, and the API server rejects it.
def rbac_rules_have_verbs(obj: dict[str, Any], siblings: Sequence[dict[str, Any]]) -> Iterator[Finding]:
    for index, rule in enumerate(as_list(obj.get("rules"))):
        if isinstance(rule, dict) and not as_list(rule.get("verbs")):
            path: Path = ("rules", index, "verbs")
            yield Finding(path, "k8s/rbac-verbs", "must list at least one verb")


# A RoleBinding grants a Role or ClusterRole; a ClusterRoleBinding only a ClusterRole.
def binding_role_ref(obj: dict[str, Any], siblings: Sequence[dict[str, Any]]) -> Iterator[Finding]:
    allowed = ("Role", "ClusterRole") if obj.get("kind") == "RoleBinding" else ("ClusterRole",)
    kind = as_map(obj.get("roleRef")).get("kind")
    if isinstance(kind, str) and kind not in allowed:  # absent or not a string: a schema error
        path: Path = ("roleRef", "kind")
        yield Finding(
            path,
            "k8s/binding-role-ref",
            f'must be {" or ".join(allowed)} in a {obj.get("kind")}, got "{kind}"',
        )


# ---------------------------------------------------------------------------------------
# Which rules apply to which (group, kind). Group "" is the core API group.

POD_RULES: tuple[Rule, ...] = (container_names_unique, probe_success_threshold)
WORKLOAD_RULES: tuple[Rule, ...] = (selector_matches_template, *POD_RULES)
RBAC_GROUP = "rbac.authorization.k8s.io"

RULES: dict[tuple[str, str], tuple[Rule, ...]] = {
    ("apiextensions.k8s.io", "CustomResourceDefinition"): (
        crd_versions_have_schema,
        crd_one_storage_version,
        crd_name_matches,
        crd_structural_schema,
    ),
    ("", "Pod"): POD_RULES,
    ("", "PodTemplate"): POD_RULES,
    ("", "ReplicationController"): POD_RULES,
    ("apps", "Deployment"): WORKLOAD_RULES,
    ("apps", "ReplicaSet"): WORKLOAD_RULES,
    ("apps", "DaemonSet"): WORKLOAD_RULES,
    ("apps", "StatefulSet"): (*WORKLOAD_RULES, statefulset_has_service_name),
    ("batch", "Job"): WORKLOAD_RULES,
    ("batch", "CronJob"): POD_RULES,
    ("", "Service"): (service_port_names, service_target_port_names),
    ("networking.k8s.io", "Ingress"): (ingress_paths,),
    (RBAC_GROUP, "Role"): (rbac_rules_have_verbs,),
    (RBAC_GROUP, "ClusterRole"): (rbac_rules_have_verbs,),
    (RBAC_GROUP, "RoleBinding"): (binding_role_ref,),
    (RBAC_GROUP, "ClusterRoleBinding"): (binding_role_ref,),
}


# The rules for one decoded object, chosen by its API group and kind.
def rules_for(obj: dict[str, Any]) -> tuple[Rule, ...]:
    api_version = obj.get("apiVersion")
    if not isinstance(api_version, str):
        return ()
    group = api_version.rpartition("/")[0]
    return RULES.get((group, str(obj.get("kind"))), ())


# ---------------------------------------------------------------------------------------
# Partial objects ("# schema: <definition>" snippets) the rules understand: the definition,
# and the kind and path where such a part sits in a whole object.

PARTIAL_PLACES: dict[str, tuple[str, str, Path]] = {
    "io.k8s.api.core.v1.PodSpec": ("v1", "Pod", ("spec",)),
    "io.k8s.api.core.v1.Container": ("v1", "Pod", ("spec", "containers", 0)),
    "io.k8s.api.core.v1.PodTemplateSpec": ("v1", "PodTemplate", ("template",)),
    "io.k8s.api.apps.v1.DeploymentSpec": ("apps/v1", "Deployment", ("spec",)),
    "io.k8s.api.apps.v1.StatefulSetSpec": ("apps/v1", "StatefulSet", ("spec",)),
    "io.k8s.api.apps.v1.DaemonSetSpec": ("apps/v1", "DaemonSet", ("spec",)),
    "io.k8s.api.core.v1.ServiceSpec": ("v1", "Service", ("spec",)),
    "io.k8s.api.networking.v1.IngressSpec": ("networking.k8s.io/v1", "Ingress", ("spec",)),
}


# The API rules for a partial object, run on a whole object built around it; the findings
# are located in the partial. Definitions not in PARTIAL_PLACES get the schema check only.
def partial_rule_findings(definition: str, data: Any) -> list[Finding]:
    place = PARTIAL_PLACES.get(definition)
    if place is None or not isinstance(data, dict):
        return []
    api_version, kind, prefix = place
    embedded: Any = data
    for part in reversed(prefix):
        embedded = [embedded] if isinstance(part, int) else {part: embedded}
    obj = {"apiVersion": api_version, "kind": kind, **embedded}
    return [f.relative_to(prefix) for rule in rules_for(obj) for f in rule(obj, [obj])]
