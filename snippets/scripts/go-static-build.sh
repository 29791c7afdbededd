#!/usr/bin/env bash
# Builds snippets/go/staticserver three ways and shows what each flag changes:
# whether the binary is statically linked, and its size. Sizes depend on the
# Go version and platform; compare the ratios, not the bytes.
set -euo pipefail

cd "$(dirname "$0")/../go"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# --8<-- [start:build]
# 1. 默认：有 C 编译器时 cgo 是开启的，因此 net、os/user 等包
#    可能动态链接系统 libc。
go build -o "$out/default" ./staticserver
# 2. 纯 Go：不用 cgo，链接器产出完全静态的二进制。
CGO_ENABLED=0 go build -o "$out/static" ./staticserver
# 3. 发布构建：再去掉符号表和 DWARF（-s -w），以及构建机器上的
#    文件路径（-trimpath，这也有助于可复现构建）。
CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$out/release" ./staticserver
# --8<-- [end:build]

# --8<-- [start:inspect]
for b in default static release; do
  printf '%-8s %9d bytes  %s\n' "$b" "$(stat -c %s "$out/$b")" \
    "$(file -b "$out/$b" | grep -oE 'statically linked|dynamically linked')"
done
# 构建设置记录在二进制文件本身中（使用 -trimpath 时不记录 -ldflags，
# 因为它可能包含本地路径）：
go version -m "$out/release" | grep -E 'CGO_ENABLED|trimpath|GOOS|GOARCH='
# --8<-- [end:inspect]
