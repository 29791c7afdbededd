#!/usr/bin/env bash
# Builds snippets/go/staticserver three ways and shows what each flag changes:
# whether the binary is statically linked, and its size. Sizes depend on the
# Go version and platform; compare the ratios, not the bytes.
set -euo pipefail

cd "$(dirname "$0")/../go"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# --8<-- [start:build]
# 1. Default: cgo is on when a C compiler is present, so packages such as net
#    and os/user may link against the system libc dynamically.
go build -o "$out/default" ./staticserver
# 2. Pure Go: no cgo, so the linker emits a fully static binary.
CGO_ENABLED=0 go build -o "$out/static" ./staticserver
# 3. Release build: also drop the symbol table and DWARF (-s -w) and the
#    build machine's file paths (-trimpath, which also helps reproducibility).
CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$out/release" ./staticserver
# --8<-- [end:build]

# --8<-- [start:inspect]
for b in default static release; do
  printf '%-8s %9d bytes  %s\n' "$b" "$(stat -c %s "$out/$b")" \
    "$(file -b "$out/$b" | grep -oE 'statically linked|dynamically linked')"
done
# The build settings are recorded in the binary itself (with -trimpath,
# -ldflags is left out because it may contain local paths):
go version -m "$out/release" | grep -E 'CGO_ENABLED|trimpath|GOOS|GOARCH='
# --8<-- [end:inspect]
