#!/usr/bin/env bash
# Profiles the label parser in snippets/go/profiling from a benchmark, then
# shows the commands that read the profiles. Profiles land in a temporary
# directory that is removed on exit.
set -euo pipefail

cd "$(dirname "$0")/../go"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# --8<-- [start:bench]
# 基准测试同时写出 CPU 和内存 profile（还有 -blockprofile、-mutexprofile）。
# 写 profile 时 go test 会保留测试二进制，-o 把它放到临时目录而不是当前目录。
go test -run '^$' -bench BenchmarkParseLabels -benchtime 2s -o "$out/profiling.test" \
  -cpuprofile "$out/cpu.pprof" -memprofile "$out/mem.pprof" ./profiling
# flat 排序的前 10 个函数：flat 是函数自身耗时，cum 包含它调用的函数。
go tool pprof -top -nodecount 10 "$out/cpu.pprof"
# 逐行显示某个函数的耗时（正则匹配函数名）。
go tool pprof -list 'ParseLabels' "$out/cpu.pprof"
# 内存：alloc_space 看累计分配（GC 压力），inuse_space 看当前仍存活的对象（泄漏）。
go tool pprof -sample_index alloc_space -top -nodecount 10 "$out/mem.pprof"
# --8<-- [end:bench]

# --8<-- [start:live]
# 线上服务：从 DebugMux 暴露的端口抓取（以本地端口 6060 为例）。
# go tool pprof -http localhost:8080 'http://localhost:6060/debug/pprof/profile?seconds=30'
# go tool pprof 'http://localhost:6060/debug/pprof/heap'
# curl -s 'http://localhost:6060/debug/pprof/goroutine?debug=1' | head -50
# curl -s -o trace.out 'http://localhost:6060/debug/pprof/trace?seconds=5' && go tool trace trace.out
# --8<-- [end:live]
