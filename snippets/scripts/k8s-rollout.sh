#!/usr/bin/env bash
# Roll out, watch, roll back a Deployment, and drain a node for maintenance.
# Usage: k8s-rollout.sh <namespace> <deployment> [node]
set -euo pipefail

ns=${1:?namespace}
deploy=${2:?deployment name}
node=${3:-}

# --8<-- [start:rollout]
# 改镜像即改 Pod 模板，触发一次新的滚动（生成新的 ReplicaSet 和 revision）
kubectl -n "$ns" set image "deployment/$deploy" web=registry.example.com/shop/web:1.8.1
# 等待滚动完成；超过 progressDeadlineSeconds 没进展时以非 0 退出，适合放在 CI 里
kubectl -n "$ns" rollout status "deployment/$deploy" --timeout=10m
# 每个 revision 对应一个保留下来的 ReplicaSet
kubectl -n "$ns" rollout history "deployment/$deploy"
kubectl -n "$ns" get rs -l app=web
# --8<-- [end:rollout]

# --8<-- [start:undo]
# 回到上一个 revision：把旧 ReplicaSet 的模板拷回 Deployment，本身也是一次滚动
kubectl -n "$ns" rollout undo "deployment/$deploy"
# 或者回到指定的 revision
kubectl -n "$ns" rollout undo "deployment/$deploy" --to-revision=3
# 暂停后可以连续改多处，恢复时只触发一次滚动
kubectl -n "$ns" rollout pause "deployment/$deploy"
kubectl -n "$ns" rollout resume "deployment/$deploy"
# --8<-- [end:undo]

if [[ -n "$node" ]]; then
  # --8<-- [start:drain]
  # 1. 先标记不可调度（加 node.kubernetes.io/unschedulable 污点），新 Pod 不再进来
  kubectl cordon "$node"
  # 2. 通过 Eviction API 逐个驱逐：违反 PDB 的驱逐被拒绝（429），drain 会持续重试
  #    DaemonSet 的 Pod 驱逐了也会被立即重建，所以跳过；emptyDir 数据会丢失，需要显式同意
  kubectl drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout=15m
  # 3. 维护完成后恢复调度
  kubectl uncordon "$node"
  # --8<-- [end:drain]
fi
