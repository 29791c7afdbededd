#!/usr/bin/env bash
# Follow a Service from its name to the Pods behind it.
# Usage: k8s-service-debug.sh <namespace> <service>
set -euo pipefail

ns=${1:?namespace}
svc=${2:?service name}

# --8<-- [start:endpoints]
# VIP 以及客户端连接的端口。
kubectl -n "$ns" get service "$svc" -o wide
# 背后的 EndpointSlice：列表为空说明 selector 没有匹配到任何 Pod；
# endpoint 为 ready=false 说明这些 Pod 没通过 readiness 探针。
kubectl -n "$ns" get endpointslices -l "kubernetes.io/service-name=$svc" -o yaml
# --8<-- [end:endpoints]

# --8<-- [start:dns]
# 用一个临时 Pod 在集群内部解析这个名字。
kubectl -n "$ns" run "dns-check-$RANDOM" --rm -i --restart=Never \
  --image=busybox:1.37 -- \
  nslookup "$svc.$ns.svc.cluster.local"
# --8<-- [end:dns]

# --8<-- [start:proxymode]
# 在节点上（例如通过 `kubectl debug node/<name> -it --image=...`）：
#   curl -s http://127.0.0.1:10249/proxyMode       # iptables | ipvs | nftables
#   iptables-save -t nat | grep -e KUBE-SVC -e KUBE-SEP   # iptables 模式
#   nft list table ip kube-proxy                   # nftables 模式
#   ipvsadm -Ln                                    # ipvs 模式
# 在 iptables 模式下，一个有三个 endpoint 的 Service 变成一条 KUBE-SVC 链，
# 它以 "-m statistic --mode random --probability" 依次按 0.333、0.5
# 和剩余概率跳转到每个 endpoint 各自的 KUBE-SEP 链；每条 KUBE-SEP 链
# 再 DNAT 到一个 Pod IP:port。
# --8<-- [end:proxymode]
