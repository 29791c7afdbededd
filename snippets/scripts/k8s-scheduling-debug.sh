#!/usr/bin/env bash
# Why is a Pod Pending? Usage: k8s-scheduling-debug.sh <namespace> <pod> [node]
# Read-only except for the commented taint example at the end.
set -euo pipefail

ns=${1:?namespace}
pod=${2:?pod name}
node=${3:-}

# --8<-- [start:pending]
# 调度器把结论写成一条 FailedScheduling 事件，例如：
# "0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu},
#  3 node(s) didn't match Pod's node affinity/selector."
kubectl -n "$ns" get events --field-selector "involvedObject.name=$pod,reason=FailedScheduling"
# PodScheduled condition 和 nominatedNodeName（抢占进行中时设置）。
kubectl -n "$ns" get pod "$pod" \
  -o jsonpath='{.status.conditions[?(@.type=="PodScheduled")]}{"\n"}{.status.nominatedNodeName}{"\n"}'
# 每个节点能提供什么：标签、污点，以及还能容纳多少 requests。
kubectl get nodes -L topology.kubernetes.io/zone,disktype
kubectl get nodes -o custom-columns='NAME:.metadata.name,TAINTS:.spec.taints[*].key'
# --8<-- [end:pending]

if [[ -n "$node" ]]; then
  # --8<-- [start:node]
  # "Allocated resources" 汇总的是 requests 而不是实际用量：这正是 Filter 看到的。
  kubectl describe node "$node" | sed -n '/Allocated resources/,/Events/p'
  # --8<-- [end:node]
fi

# --8<-- [start:taint]
# 把一个节点专用于 GPU 任务，再把污点去掉（末尾加 "-"）：
#   kubectl taint nodes gpu-node-1 dedicated=gpu:NoSchedule
#   kubectl taint nodes gpu-node-1 dedicated=gpu:NoSchedule-
# Cordon 等同于内置污点 node.kubernetes.io/unschedulable:NoSchedule：
#   kubectl cordon gpu-node-1
# --8<-- [end:taint]
