#!/usr/bin/env bash
# Where is this Pod in its lifecycle, and why did its containers restart?
# Usage: k8s-pod-debug.sh <namespace> <pod> [container]
set -euo pipefail

ns=${1:?namespace}
pod=${2:?pod name}
container=${3:-}

# --8<-- [start:status]
# Phase (Pending/Running/Succeeded/Failed/Unknown) and the conditions.
kubectl -n "$ns" get pod "$pod" \
  -o jsonpath='{.status.phase}{"\n"}{range .status.conditions[*]}{.type}={.status}{" "}{end}{"\n"}'
# Per container: current state, last termination (reason, exit code), restarts.
kubectl -n "$ns" get pod "$pod" -o jsonpath='{range .status.containerStatuses[*]}{.name}{": "}{.state}{" last="}{.lastState.terminated.reason}{"/"}{.lastState.terminated.exitCode}{" restarts="}{.restartCount}{"\n"}{end}'
# Probe failures, back-off and kill events, with timestamps.
kubectl -n "$ns" get events --field-selector "involvedObject.name=$pod" --sort-by=.lastTimestamp
# --8<-- [end:status]

# --8<-- [start:previous]
# A container in CrashLoopBackOff: the logs of the run that crashed.
if [[ -n "$container" ]]; then
  kubectl -n "$ns" logs "$pod" -c "$container" --previous
else
  kubectl -n "$ns" logs "$pod" --previous
fi
# --8<-- [end:previous]
