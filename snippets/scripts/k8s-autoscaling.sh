#!/usr/bin/env bash
# Inspect an HPA's decisions, and resize a running Pod in place (Kubernetes 1.35+).
# Usage: k8s-autoscaling.sh <namespace> <hpa> <pod>
set -euo pipefail

ns=${1:?namespace}
hpa=${2:?hpa name}
pod=${3:?pod name}

# --8<-- [start:hpa]
# 当前值与目标值、条件（AbleToScale、ScalingActive、ScalingLimited）和最近的扩缩事件
kubectl -n "$ns" describe hpa "$hpa"
# CPU 利用率的数据来源：metrics-server 提供的 metrics.k8s.io
kubectl -n "$ns" top pod -l app=api
kubectl get apiservice v1beta1.metrics.k8s.io
# --8<-- [end:hpa]

# --8<-- [start:resize]
# 通过 resize 子资源修改运行中 Pod 的 CPU，不重建 Pod
kubectl -n "$ns" patch pod "$pod" --subresource resize --patch \
  '{"spec":{"containers":[{"name":"api","resources":{"requests":{"cpu":"800m"}}}]}}'
# 期望值在 spec 里，节点实际生效的值在 status.containerStatuses[].resources；
# 进行中或做不到时看 PodResizePending / PodResizeInProgress 条件
kubectl -n "$ns" get pod "$pod" \
  -o jsonpath='{.status.containerStatuses[0].resources}{"\n"}{.status.conditions}{"\n"}'
# --8<-- [end:resize]
