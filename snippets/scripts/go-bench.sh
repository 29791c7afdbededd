#!/usr/bin/env bash
# Runs the protobuf-vs-JSON and gRPC-vs-HTTP/JSON benchmarks in
# snippets/go/grpcbench. Absolute numbers depend on the machine, its load and
# the Go version: compare the ratios within one run, never across machines.
set -euo pipefail

cd "$(dirname "$0")/../go"

# --8<-- [start:bench]
# -count=5 让每个基准测试重复运行，噪声一目了然（benchstat 可以
# 汇总）；-benchmem 额外给出每次操作的内存分配。
go test -run '^TestEncodingsRoundTrip$' -v ./grpcbench
go test -run '^$' -bench . -benchmem -count=5 ./grpcbench
# --8<-- [end:bench]
