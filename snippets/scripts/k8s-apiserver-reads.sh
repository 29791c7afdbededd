#!/usr/bin/env bash
# Read-only probes of the API server's read semantics, watch streams and flow control.
# Usage: k8s-apiserver-reads.sh <namespace>
set -euo pipefail

ns=${1:?namespace}

# --8<-- [start:reads]
# 不带 resourceVersion：一致性读，结果不旧于请求到达时 etcd 的最新状态
kubectl get --raw "/api/v1/namespaces/$ns/pods?limit=5" | jq -r '.metadata.resourceVersion'
# resourceVersion=0：任意版本，直接用 API Server 缓存里的数据，可能稍旧
kubectl get --raw "/api/v1/namespaces/$ns/pods?resourceVersion=0&limit=5" | jq -r '.metadata.resourceVersion'
# --8<-- [end:reads]

# --8<-- [start:watch]
# 流式列表：先以 ADDED 事件发送当前全部对象，再发一个带
# k8s.io/initial-events-end 注解的 BOOKMARK，之后才是增量事件（10 秒后断开）
timeout 10 kubectl get --raw \
  "/api/v1/namespaces/$ns/pods?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true" \
  | jq -c '{type, rv: .object.metadata.resourceVersion, annotations: .object.metadata.annotations}' || true
# --8<-- [end:watch]

# --8<-- [start:apf]
# 每个响应都带着它命中的 FlowSchema 和优先级 UID
kubectl get --raw "/api/v1/namespaces/$ns/pods?limit=1" -v=8 2>&1 | grep -i 'X-Kubernetes-Pf-' || true
# 各优先级的席位、排队和拒绝情况（需要对该非资源 URL 有权限）
kubectl get --raw /debug/api_priority_and_fairness/dump_priority_levels
# --8<-- [end:apf]
