#!/usr/bin/env bash
# Prints the compiler's escape-analysis decisions for snippets/go/runtimedemo.
# The exact wording of -m output changes between Go releases.
set -euo pipefail

cd "$(dirname "$0")/../go"

# --8<-- [start:escape]
# -gcflags=-m 打印逃逸分析和内联的决定；-m=2 会给出更详细的原因。
go build -gcflags=-m -o /dev/null ./runtimedemo 2>&1 | grep 'escape.go'
# --8<-- [end:escape]
