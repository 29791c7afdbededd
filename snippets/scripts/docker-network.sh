#!/usr/bin/env bash
# Commands used in section 2.2 (container networking). Needs a Linux host
# with Docker Engine; the iptables/nft/nsenter lines need root.
#   snippets/scripts/docker-network.sh <bridge-dns|publish|firewall|modes|macvlan|overlay|netns>
set -euo pipefail

bridge_dns() {
  # --8<-- [start:bridge-dns]
  # 自定义 bridge 网络带有 Docker 的内置 DNS（127.0.0.11）：
  # 网络里的容器可以按名字和别名互相解析。
  docker network create --driver bridge --subnet 172.28.0.0/24 appnet
  docker run -d --name web --network appnet --network-alias frontend nginx:1.29-alpine
  docker run --rm --network appnet busybox:1.37 nslookup web
  docker run --rm --network appnet busybox:1.37 wget -qO- http://frontend/
  # 在默认的 "bridge" 网络上同样的解析会失败：那里没有内置 DNS。
  docker run --rm busybox:1.37 cat /etc/resolv.conf
  # --8<-- [end:bridge-dns]
}

publish() {
  # --8<-- [start:publish]
  # 只把容器的 80 端口发布到宿主机的回环地址；不写地址时，
  # -p 会发布到宿主机的所有接口（0.0.0.0 和 [::]）。
  docker run -d --name api --network appnet -p 127.0.0.1:8080:80 nginx:1.29-alpine
  docker port api
  # --8<-- [end:publish]
}

firewall() {
  # --8<-- [start:firewall]
  # iptables 后端（默认）：发布端口对应的 DNAT 规则……
  sudo iptables -t nat -S DOCKER
  # ……以及放你自己规则的链，Docker 从不清空它。
  sudo iptables -S DOCKER-USER
  # nftables 后端（Engine 29 起实验性提供，firewall-backend=nftables）：
  sudo nft list table ip docker-bridges
  # --8<-- [end:firewall]
}

modes() {
  # --8<-- [start:modes]
  # host：没有自己的网络命名空间，进程直接绑定宿主机端口。
  docker run -d --name edge --network host nginx:1.29-alpine
  # none：只有回环接口，适合不允许联网的批处理任务。
  docker run --rm --network none busybox:1.37 ip addr
  # container:<名字>：加入另一个容器的网络命名空间（边车模式）。
  docker run --rm --network container:web busybox:1.37 netstat -tln
  # --8<-- [end:modes]
}

macvlan() {
  # --8<-- [start:macvlan]
  # 容器拿到自己的 MAC 和物理局域网（eth0）上的地址；
  # 父网卡（或交换机端口）必须允许多个 MAC 地址。
  docker network create --driver macvlan \
    --subnet 192.168.10.0/24 --gateway 192.168.10.1 \
    --ip-range 192.168.10.192/27 \
    -o parent=eth0 lan
  docker run -d --name printer-proxy --network lan --ip 192.168.10.200 nginx:1.29-alpine
  # --8<-- [end:macvlan]
}

overlay() {
  # --8<-- [start:overlay]
  # overlay 网络需要 Swarm 模式：由它的控制面把网络定义和
  # “MAC/IP -> 主机”的映射分发到每个节点。
  docker swarm init --advertise-addr 10.0.0.11
  # 在其他每个节点上执行上面打印出的 "docker swarm join" 命令。
  # --attachable 让普通的 "docker run" 容器也能加入，而不只是服务；
  # --opt encrypted 给节点之间的流量加上 IPsec（ESP）加密。
  docker network create --driver overlay --attachable --opt encrypted overnet
  docker run -d --name web-overlay --network overnet nginx:1.29-alpine
  # 节点之间要放行：2377/tcp（集群管理）、7946/tcp+udp（gossip）、
  # 4789/udp（VXLAN 数据）、IP 协议 50（ESP）。
  # --8<-- [end:overlay]
}

netns() {
  # --8<-- [start:netns]
  # 容器的网络命名空间就是 CNM 的“沙箱”；用 nsenter 进去，
  # 就能在里面使用宿主机的工具（ip、ss、tcpdump）。
  sandbox=$(docker inspect --format '{{.NetworkSettings.SandboxKey}}' web)
  sudo nsenter --net="${sandbox}" ip addr
  sudo nsenter --net="${sandbox}" ss -tlnp
  # 容器 veth 对的宿主机一端接在网桥上。
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
