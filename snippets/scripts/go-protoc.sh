#!/usr/bin/env bash
# Regenerates snippets/go/grpcdemo/gen/*.pb.go from snippets/proto/catalog.proto.
# protoc comes from PyPI (grpcio-tools, in the project's .venv); the two Go
# plugins are installed at the versions pinned below (protoc-gen-go must match
# google.golang.org/protobuf in snippets/go/go.sum).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

# --8<-- [start:protoc]
go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2
PATH="$(go env GOPATH)/bin:$PATH"

# module=... strips the module path from go_package, so the files land in
# snippets/go/grpcdemo/gen (package catalogv1).
.venv/bin/python -m grpc_tools.protoc \
  -I snippets/proto \
  --go_out=snippets/go --go_opt=module=example.com/cnig \
  --go-grpc_out=snippets/go --go-grpc_opt=module=example.com/cnig \
  snippets/proto/catalog.proto
# --8<-- [end:protoc]
