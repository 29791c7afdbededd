#!/usr/bin/env bash
# Commands used in section 2.2 (container networking). Needs a Linux host
# with Docker Engine; the iptables/nft/nsenter lines need root.
#   snippets/scripts/docker-network.sh <bridge-dns|publish|firewall|modes|macvlan|overlay|netns>
set -euo pipefail

bridge_dns() {
  # --8<-- [start:bridge-dns]
  # A user-defined bridge gets Docker's embedded DNS server (127.0.0.11):
  # containers on it resolve each other by name and by alias.
  docker network create --driver bridge --subnet 172.28.0.0/24 appnet
  docker run -d --name web --network appnet --network-alias frontend nginx:1.29-alpine
  docker run --rm --network appnet busybox:1.37 nslookup web
  docker run --rm --network appnet busybox:1.37 wget -qO- http://frontend/
  # On the default "bridge" network the same lookup fails: no embedded DNS.
  docker run --rm busybox:1.37 cat /etc/resolv.conf
  # --8<-- [end:bridge-dns]
}

publish() {
  # --8<-- [start:publish]
  # Publish container port 80 on the host's loopback only; without an
  # address, -p publishes on every host interface (0.0.0.0 and [::]).
  docker run -d --name api --network appnet -p 127.0.0.1:8080:80 nginx:1.29-alpine
  docker port api
  # --8<-- [end:publish]
}

firewall() {
  # --8<-- [start:firewall]
  # iptables backend (the default): the DNAT rule for the published port ...
  sudo iptables -t nat -S DOCKER
  # ... and the chain where your own rules go; Docker never flushes it.
  sudo iptables -S DOCKER-USER
  # nftables backend (experimental since Engine 29, firewall-backend=nftables):
  sudo nft list table ip docker-bridges
  # --8<-- [end:firewall]
}

modes() {
  # --8<-- [start:modes]
  # host: no network namespace of its own; the process binds host ports directly.
  docker run -d --name edge --network host nginx:1.29-alpine
  # none: only a loopback interface, e.g. for batch jobs that must not talk.
  docker run --rm --network none busybox:1.37 ip addr
  # container:<name>: join another container's namespace (sidecar pattern).
  docker run --rm --network container:web busybox:1.37 netstat -tln
  # --8<-- [end:modes]
}

macvlan() {
  # --8<-- [start:macvlan]
  # Containers get their own MAC and an address on the physical LAN (eth0).
  # The parent NIC (or the switch port) must accept several MAC addresses.
  docker network create --driver macvlan \
    --subnet 192.168.10.0/24 --gateway 192.168.10.1 \
    --ip-range 192.168.10.192/27 \
    -o parent=eth0 lan
  docker run -d --name printer-proxy --network lan --ip 192.168.10.200 nginx:1.29-alpine
  # --8<-- [end:macvlan]
}

overlay() {
  # --8<-- [start:overlay]
  # Overlay networks need Swarm mode: it provides the control plane that
  # distributes the network and the MAC/IP -> host mappings to every node.
  docker swarm init --advertise-addr 10.0.0.11
  # On each other node, run the "docker swarm join" command printed above.
  # --attachable lets plain "docker run" containers join, not only services;
  # --opt encrypted adds IPsec (ESP) encryption between nodes.
  docker network create --driver overlay --attachable --opt encrypted overnet
  docker run -d --name web-overlay --network overnet nginx:1.29-alpine
  # Ports to open between nodes: 2377/tcp (cluster management),
  # 7946/tcp+udp (gossip), 4789/udp (VXLAN data), IP protocol 50 (ESP).
  # --8<-- [end:overlay]
}

netns() {
  # --8<-- [start:netns]
  # The container's network namespace is the CNM "sandbox"; enter it with
  # nsenter to use the host's tools (ip, ss, tcpdump) inside it.
  sandbox=$(docker inspect --format '{{.NetworkSettings.SandboxKey}}' web)
  sudo nsenter --net="${sandbox}" ip addr
  sudo nsenter --net="${sandbox}" ss -tlnp
  # The host side of the container's veth pair is attached to the bridge.
  ip link show master "br-$(docker network inspect --format '{{.Id}}' appnet | cut -c1-12)"
  # --8<-- [end:netns]
}

main() {
  case "${1:-}" in
    bridge-dns) bridge_dns ;;
    publish | firewall | modes | macvlan | overlay | netns) "$1" ;;
    *)
      echo "usage: $0 <bridge-dns|publish|firewall|modes|macvlan|overlay|netns>" >&2
      exit 2
      ;;
  esac
}

main "$@"
