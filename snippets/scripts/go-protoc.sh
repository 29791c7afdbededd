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

# module=... 会从 go_package 中去掉模块路径，因此文件生成在
# snippets/go/grpcdemo/gen（包名 catalogv1）。
.venv/bin/python -m grpc_tools.protoc \
  -I snippets/proto \
  --go_out=snippets/go --go_opt=module=example.com/cnig \
  --go-grpc_out=snippets/go --go-grpc_opt=module=example.com/cnig \
  snippets/proto/catalog.proto
# --8<-- [end:protoc]
