#!/usr/bin/env bash
# Runs the protobuf-vs-JSON and gRPC-vs-HTTP/JSON benchmarks in
# snippets/go/grpcbench. Absolute numbers depend on the machine, its load and
# the Go version: compare the ratios within one run, never across machines.
set -euo pipefail

cd "$(dirname "$0")/../go"

# --8<-- [start:bench]
# -count=5 repeats each benchmark so noise is visible (benchstat can
# summarise it); -benchmem adds allocations per operation.
go test -run '^TestEncodingsRoundTrip$' -v ./grpcbench
go test -run '^$' -bench . -benchmem -count=5 ./grpcbench
# --8<-- [end:bench]
