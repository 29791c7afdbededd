#!/usr/bin/env bash
# Where is this Pod in its lifecycle, and why did its containers restart?
# Usage: k8s-pod-debug.sh <namespace> <pod> [container]
set -euo pipefail

ns=${1:?namespace}
pod=${2:?pod name}
container=${3:-}

# --8<-- [start:status]
# 阶段（Pending/Running/Succeeded/Failed/Unknown）和各项 condition。
kubectl -n "$ns" get pod "$pod" \
  -o jsonpath='{.status.phase}{"\n"}{range .status.conditions[*]}{.type}={.status}{" "}{end}{"\n"}'
# 每个容器：当前状态、上次终止（原因、退出码）、重启次数。
kubectl -n "$ns" get pod "$pod" -o jsonpath='{range .status.containerStatuses[*]}{.name}{": "}{.state}{" last="}{.lastState.terminated.reason}{"/"}{.lastState.terminated.exitCode}{" restarts="}{.restartCount}{"\n"}{end}'
# 探针失败、back-off 和 kill 事件，带时间戳。
kubectl -n "$ns" get events --field-selector "involvedObject.name=$pod" --sort-by=.lastTimestamp
# --8<-- [end:status]

# --8<-- [start:previous]
# 处于 CrashLoopBackOff 的容器：看崩溃那一次运行的日志。
if [[ -n "$container" ]]; then
  kubectl -n "$ns" logs "$pod" -c "$container" --previous
else
  kubectl -n "$ns" logs "$pod" --previous
fi
# --8<-- [end:previous]
