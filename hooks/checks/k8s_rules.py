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
    base: tuple[str, ...]
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
# Workloads


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


# ---------------------------------------------------------------------------------------
# Services


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
    names: set[str] = set()
    for path, container in pod_containers(template.spec, template.spec_path):
        serves = path[-2] == "containers" or container.get("restartPolicy") == "Always"
        if serves:
            names |= {name for p in as_list(container.get("ports")) if isinstance(name := as_map(p).get("name"), str)}
    return names


# ---------------------------------------------------------------------------------------
# Which rules apply to which (group, kind). Group "" is the core API group.

# Only what the API server's own validation (hooks/checks/k8svalidate, rule k8s/api) does
# not cover is left here: relations between objects of one file, and house rules. The
# rules it made redundant (selector vs template labels, unique container names, probe
# successThreshold, Service port names, Ingress paths, RBAC verbs, roleRef, CRD versions,
# storage version, name and structural schema) are gone: the API server reports them itself.
RULES: dict[tuple[str, str], tuple[Rule, ...]] = {
    ("apps", "StatefulSet"): (statefulset_has_service_name,),
    ("", "Service"): (service_target_port_names,),
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
