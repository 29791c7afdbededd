"""Gateway API objects are checked against the official schemas vendored from
sigs.k8s.io/gateway-api (scripts/vendor_gateway_api.py), not waved through."""

from __future__ import annotations

import pytest

from hooks.checks import kubernetes
from hooks.checks.context import Context
from tests.conftest import ROOT

FIXTURES = ROOT / "tests/fixtures/gateway-api"
CTX = Context(root=ROOT, kubernetes_version="1.37", go_version="1.26")


@pytest.mark.parametrize(
    "name,expected",
    [
        ("httproute-ok.yaml", []),
        (
            "httproute-typo.yaml",
            [
                ("tests/fixtures/gateway-api/httproute-typo.yaml:12:11: "
                'spec.rules[0].backendRefs[0]: unknown field "wieght" [k8s/schema]')
            ],
        ),
    ],
)
def test_httproute_is_validated_against_the_vendored_schema(name: str, expected: list[str]) -> None:
    problems = kubernetes.check([FIXTURES / name], CTX)
    assert [p.format() for p in problems] == expected


def test_every_standard_gateway_kind_is_vendored() -> None:
    vendored = {p.stem for p in (ROOT / "hooks/checks/schemas/gateway.networking.k8s.io/v1").glob("*.json")}
    assert {"gatewayclass", "gateway", "httproute", "grpcroute", "referencegrant"} <= vendored
