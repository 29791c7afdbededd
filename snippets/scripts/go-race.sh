#!/usr/bin/env bash
# Shows the race detector catching snippets/go/racedemo. A -race binary exits
# with status 66 when a race was found (GORACE exitcode default); `go run`
# prints "exit status 66" and itself exits with 1, and `go test -race` fails
# the test (exit 1). Either way the run fails, so the script treats success as
# the failure here.
set -euo pipefail

cd "$(dirname "$0")/../go"

# --8<-- [start:race]
# -race 给每次内存访问插桩（按 Go 文档，内存约 5-10 倍、CPU 时间约 2-20 倍），
# 所以用在测试和 CI 里，不用在生产构建。
if go run -race ./racedemo; then
  echo "expected the race detector to report a race" >&2
  exit 1
fi
# 测试同样可以加这个标志，竞争通常就是在测试里被抓到的：
go test -race ./syncdemo/...
# --8<-- [end:race]
