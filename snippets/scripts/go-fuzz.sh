#!/usr/bin/env bash
# Fuzzes ParseLabels in snippets/go/profiling for a short, fixed time. A
# failing input is written to profiling/testdata/fuzz/FuzzParseLabels/ and
# then replayed by every plain `go test`.
set -euo pipefail

cd "$(dirname "$0")/../go"

# --8<-- [start:fuzz]
# 普通 go test 只跑种子语料和 testdata/fuzz 里已保存的用例（回归测试）。
go test -run FuzzParseLabels ./profiling
# -fuzz 一次只能针对一个包里的一个目标；-fuzztime 限制时长，CI 里常用。
go test -run '^$' -fuzz '^FuzzParseLabels$' -fuzztime 30s ./profiling
# 复现某个失败用例：-run 指向 testdata 里的文件名。
# go test -run 'FuzzParseLabels/<文件名>' ./profiling
# --8<-- [end:fuzz]
