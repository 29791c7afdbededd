#!/usr/bin/env bash
# Shows the race detector catching snippets/go/racedemo. A -race binary exits
# with status 66 when a race was found (GORACE exitcode default); `go run`
# prints "exit status 66" and itself exits with 1, and `go test -race` fails
# the test (exit 1). Either way the run fails, so the script treats success as
# the failure here.
set -euo pipefail

cd "$(dirname "$0")/../go"

# --8<-- [start:race]
# -race instruments every memory access (about 5-10x memory and 2-20x CPU,
# per the Go docs), so use it in tests and CI, not in production builds.
if go run -race ./racedemo; then
  echo "expected the race detector to report a race" >&2
  exit 1
fi
# The same flag works for tests, which is where races are usually caught:
go test -race ./syncdemo/...
# --8<-- [end:race]
