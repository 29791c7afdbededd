"""Vendor the Gateway API's official schemas for the Kubernetes snippet check.

Gateway API kinds (Gateway, HTTPRoute, ...) are CRDs, so kubernetes-validate has
no schema for them and the check would reject them. Their official CRD YAMLs
ship inside the Go module sigs.k8s.io/gateway-api, which the Go module proxy
serves; this script takes each served version's openAPIV3Schema from the
standard channel and writes it to hooks/checks/schemas/<group>/<version>/<kind>.json.

Run: .venv/bin/python scripts/vendor_gateway_api.py   (needs `go` and the proxy)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

# The release whose standard-channel CRDs are vendored (written only here).
GATEWAY_API_MODULE = "sigs.k8s.io/gateway-api@v1.6.3"
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "hooks/checks/schemas"


# Download the module (or find it in the module cache) and return its folder.
def module_dir() -> Path:
    out = subprocess.run(
        ["go", "mod", "download", "-json", GATEWAY_API_MODULE],
        capture_output=True, text=True, check=True, timeout=600,
    )
    return Path(json.loads(out.stdout)["Dir"])


def main() -> int:
    crd_dir = module_dir() / "config/crd/standard"
    written = []
    for crd_file in sorted(crd_dir.glob("gateway.networking.k8s.io_*.yaml")):
        for crd in yaml.safe_load_all(crd_file.read_text(encoding="utf-8")):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            spec = crd["spec"]
            for version in spec["versions"]:
                if not version.get("served"):
                    continue
                out = TARGET / spec["group"] / version["name"] / f"{spec['names']['kind'].lower()}.json"
                out.parent.mkdir(parents=True, exist_ok=True)
                schema = version["schema"]["openAPIV3Schema"]
                out.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n", encoding="utf-8")
                written.append(out.relative_to(ROOT).as_posix())
    (TARGET / "gateway.networking.k8s.io" / "SOURCE").write_text(
        f"{GATEWAY_API_MODULE} config/crd/standard, written by scripts/vendor_gateway_api.py\n",
        encoding="utf-8",
    )
    print("\n".join(written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
