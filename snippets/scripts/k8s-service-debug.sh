#!/usr/bin/env bash
# Follow a Service from its name to the Pods behind it.
# Usage: k8s-service-debug.sh <namespace> <service>
set -euo pipefail

ns=${1:?namespace}
svc=${2:?service name}

# --8<-- [start:endpoints]
# The VIP and the ports clients dial.
kubectl -n "$ns" get service "$svc" -o wide
# The slices behind it: an empty list means the selector matches no Pod;
# endpoints with ready=false mean the Pods fail their readiness probe.
kubectl -n "$ns" get endpointslices -l "kubernetes.io/service-name=$svc" -o yaml
# --8<-- [end:endpoints]

# --8<-- [start:dns]
# Resolve the name from inside the cluster with a throw-away Pod.
kubectl -n "$ns" run "dns-check-$RANDOM" --rm -i --restart=Never \
  --image=busybox:1.37 -- \
  nslookup "$svc.$ns.svc.cluster.local"
# --8<-- [end:dns]

# --8<-- [start:proxymode]
# On a node (for example through `kubectl debug node/<name> -it --image=...`):
#   curl -s http://127.0.0.1:10249/proxyMode       # iptables | ipvs | nftables
#   iptables-save -t nat | grep -e KUBE-SVC -e KUBE-SEP   # iptables mode
#   nft list table ip kube-proxy                   # nftables mode
#   ipvsadm -Ln                                    # ipvs mode
# In iptables mode a Service with three endpoints becomes one KUBE-SVC chain
# that jumps to per-endpoint KUBE-SEP chains with "-m statistic --mode random
# --probability" 0.333, then 0.5, then the rest; each KUBE-SEP chain DNATs to
# one Pod IP:port.
# --8<-- [end:proxymode]
