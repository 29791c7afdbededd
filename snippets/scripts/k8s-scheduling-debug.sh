#!/usr/bin/env bash
# Why is a Pod Pending? Usage: k8s-scheduling-debug.sh <namespace> <pod> [node]
# Read-only except for the commented taint example at the end.
set -euo pipefail

ns=${1:?namespace}
pod=${2:?pod name}
node=${3:-}

# --8<-- [start:pending]
# The scheduler writes its verdict as a FailedScheduling event, e.g.
# "0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu},
#  3 node(s) didn't match Pod's node affinity/selector."
kubectl -n "$ns" get events --field-selector "involvedObject.name=$pod,reason=FailedScheduling"
# The PodScheduled condition and nominatedNodeName (set while it preempts).
kubectl -n "$ns" get pod "$pod" \
  -o jsonpath='{.status.conditions[?(@.type=="PodScheduled")]}{"\n"}{.status.nominatedNodeName}{"\n"}'
# What every node offers: labels, taints, and room left for requests.
kubectl get nodes -L topology.kubernetes.io/zone,disktype
kubectl get nodes -o custom-columns='NAME:.metadata.name,TAINTS:.spec.taints[*].key'
# --8<-- [end:pending]

if [[ -n "$node" ]]; then
  # --8<-- [start:node]
  # "Allocated resources" sums requests, not usage: this is what Filter sees.
  kubectl describe node "$node" | sed -n '/Allocated resources/,/Events/p'
  # --8<-- [end:node]
fi

# --8<-- [start:taint]
# Dedicate a node to GPU jobs, then remove the taint again (trailing "-"):
#   kubectl taint nodes gpu-node-1 dedicated=gpu:NoSchedule
#   kubectl taint nodes gpu-node-1 dedicated=gpu:NoSchedule-
# Cordon = the built-in node.kubernetes.io/unschedulable:NoSchedule taint:
#   kubectl cordon gpu-node-1
# --8<-- [end:taint]
