#!/usr/bin/env bash
# Commands used in section 2.5 (troubleshooting). Needs a Linux host with
# Docker Engine; nsenter and the cgroup reads need root.
#   snippets/scripts/docker-debug.sh <group> [container]
# Groups: observe exec oom nsenter sidecar image-mount desktop-debug cpu unreachable
set -euo pipefail

APP=${2:-app}

observe() {
  # --8<-- [start:observe]
  # 一次性取 CPU、内存（不含页缓存）、网络、块 I/O 和 PID 数的快照。
  docker stats --no-stream \
    --format 'table {{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}'
  # 状态、退出码、OOM 标记和重启次数，一行看完。
  docker inspect --format \
    '{{.State.Status}} exit={{.State.ExitCode}} oom={{.State.OOMKilled}} restarts={{.RestartCount}} err={{.State.Error}}' \
    "${APP}"
  # 最近 15 分钟内的最后 200 行日志，带时间戳。
  docker logs --since 15m --tail 200 --timestamps "${APP}"
  # 守护进程记录下的事件：die、oom、kill、restart、health_status……
  docker events --since 1h --until 0s --filter container="${APP}"
  # 镜像、容器、卷和构建缓存各占多少磁盘。
  docker system df
  # --8<-- [end:observe]
}

exec_shell() {
  # --8<-- [start:exec]
  # docker exec 要先写容器名或 ID，再写要执行的命令。
  docker exec -it "${APP}" sh
  # 即使镜像的 USER 不是 root，也以 root 执行一条命令。
  docker exec --user 0 "${APP}" cat /etc/os-release
  # 镜像里根本没有 shell？那就把文件复制出来看。
  docker cp "${APP}:/etc/passwd" ./app-passwd
  # --8<-- [end:exec]
}

oom() {
  # --8<-- [start:oom]
  # 复现：限制 64 MiB，再让一个进程不停地分配内存。
  docker run --name oom-demo --memory 64m --memory-swap 64m alpine:3.24 \
    sh -c 'x=a; while true; do x="$x$x"; done' || true
  docker inspect --format 'exit={{.State.ExitCode}} oom={{.State.OOMKilled}}' oom-demo
  # 内核自己对这次查杀的记录。
  sudo dmesg --level=err,warn | grep -i 'killed process' | tail -n 3
  # --8<-- [end:oom]
}

enter_ns() {
  # --8<-- [start:nsenter]
  # 从宿主机看到的容器 1 号进程的 PID。
  pid=$(docker inspect --format '{{.State.Pid}}' "${APP}")
  # 只进入网络命名空间：在里面运行的是【宿主机】的 ss 和 tcpdump。
  sudo nsenter --target "${pid}" --net ss -tlnp
  sudo nsenter --target "${pid}" --net tcpdump -ni eth0 -c 20 port 8080
  # 再进入挂载和 PID 命名空间：看到的路径和 PID 就都是容器的了。
  sudo nsenter --target "${pid}" --mount --pid --net ps
  # --8<-- [end:nsenter]
}

sidecar() {
  # --8<-- [start:sidecar]
  # 一个用完即删的工具容器，共享应用的 PID 和网络命名空间；
  # 有了 SYS_PTRACE 才能读应用进程的 /proc/<pid>/root。
  docker run --rm -it \
    --pid "container:${APP}" --network "container:${APP}" \
    --cap-add SYS_PTRACE \
    busybox:1.37 sh
  # 进去以后："ps" 看应用的进程，"netstat -tln" 看它的套接字，
  # "ls /proc/1/root/" 看它的文件系统。
  # --8<-- [end:sidecar]
}

image_mount() {
  # --8<-- [start:image-mount]
  # 需要 containerd 镜像存储：用应用【自己的】镜像起一个容器，把 busybox
  # 只读挂到 /dbg，并加入应用的 PID 命名空间。
  image=$(docker inspect --format '{{.Config.Image}}' "${APP}")
  docker run --rm -it --pid "container:${APP}" \
    --mount type=image,source=busybox:1.37,destination=/dbg \
    --entrypoint /dbg/bin/sh "${image}"
  # --8<-- [end:image-mount]
}

desktop_debug() {
  # --8<-- [start:desktop-debug]
  # 只有 Docker Desktop 有（Linux 服务器上的 Docker Engine 没有）：
  # 给任何容器或镜像开一个带工具箱的 shell，镜像里没有 shell 也行。
  docker debug "${APP}"
  # --8<-- [end:desktop-debug]
}

cpu() {
  # --8<-- [start:cpu]
  # --cpus=1.5 在 cgroup v2 里就是 "cpu.max = 150000 100000"：
  # 每 100 ms 周期内，所有线程合计最多 150 ms CPU 时间。
  docker update --cpus 1.5 "${APP}"
  cg=/sys/fs/cgroup/system.slice/docker-$(docker inspect --format '{{.Id}}' "${APP}").scope
  cat "${cg}/cpu.max"
  # 周期内配额用完时，nr_throttled 和 throttled_usec 会增长。
  cat "${cg}/cpu.stat"
  # --8<-- [end:cpu]
}

unreachable() {
  # --8<-- [start:unreachable]
  # 1. 在运行吗？运行了多久？是不是在反复重启？
  docker ps --all --filter name="${APP}" --format '{{.Status}}\t{{.Ports}}'
  # 2. 端口发布了吗？发布在宿主机的哪个地址上？
  docker port "${APP}"
  # 3. 进程监听的是 0.0.0.0，而不只是容器里的 127.0.0.1 吗？
  sudo nsenter --target "$(docker inspect --format '{{.State.Pid}}' "${APP}")" --net ss -tln
  # 4. 同一网络里的另一个容器按它的 IP 访问，能得到响应吗？
  # （取容器接入的第一个网络。）
  net=$(docker inspect --format '{{range $name, $v := .NetworkSettings.Networks}}{{println $name}}{{end}}' "${APP}" | head -n 1)
  ip=$(docker inspect --format "{{(index .NetworkSettings.Networks \"${net}\").IPAddress}}" "${APP}")
  docker run --rm --network "${net}" busybox:1.37 wget -qO- -T 3 "http://${ip}:8080/"
  # 5. 有没有宿主机防火墙规则挡住？
  sudo iptables -S DOCKER-USER
  # --8<-- [end:unreachable]
}

main() {
  case "${1:-}" in
    observe) observe ;;
    exec) exec_shell ;;
    oom) oom ;;
    nsenter) enter_ns ;;
    sidecar) sidecar ;;
    image-mount) image_mount ;;
    desktop-debug) desktop_debug ;;
    cpu) cpu ;;
    unreachable) unreachable ;;
    *)
      echo "usage: $0 <observe|exec|oom|nsenter|sidecar|image-mount|desktop-debug|cpu|unreachable> [container]" >&2
      exit 2
      ;;
  esac
}

main "$@"
