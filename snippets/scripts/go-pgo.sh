#!/usr/bin/env bash
# Shows the profile-guided optimization loop on snippets/go/profiling: take a
# CPU profile from a representative load, build with it, compare. The
# profile is written to a temporary directory, never into the repository.
set -euo pipefail

cd "$(dirname "$0")/../go"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# --8<-- [start:pgo]
# 1. 从有代表性的负载采集 CPU profile（生产环境最好，这里用基准测试代替）。
go test -run '^$' -bench BenchmarkParseLabels -benchtime 3s -count 1 \
  -o "$out/profiling.test" -cpuprofile "$out/cpu.pprof" ./profiling
# 2. 对比：不用 PGO 与使用这份 profile，各跑 5 次。
go test -run '^$' -bench BenchmarkParseLabels -count 5 -pgo off ./profiling | tee "$out/off.txt"
go test -run '^$' -bench BenchmarkParseLabels -count 5 -pgo "$out/cpu.pprof" ./profiling | tee "$out/on.txt"
# 3. 真正发布时：把 profile 命名为 default.pgo 放进 main 包目录并提交，
#    go build 默认的 -pgo=auto 会自动使用它；go version -m 能看到 -pgo 构建设置。
# cp "$out/cpu.pprof" ./cmd/server/default.pgo && go build ./cmd/server
# --8<-- [end:pgo]
