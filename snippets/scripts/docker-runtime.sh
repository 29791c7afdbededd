#!/usr/bin/env bash
# Commands used in section 2.6 (container runtime). Needs a Linux host with
# Docker Engine; the cgroup reads, unshare and daemon.json edits need root.
#   snippets/scripts/docker-runtime.sh <group> [container]
# Groups: pid1 pid1-shells health compose logs engine cgroup gpu
set -euo pipefail

APP=${2:-app}

pid1() {
  # --8<-- [start:pid1]
  docker build -t cnig/pid1-demo snippets/docker/pid1-init
  # 不用 init：换掉 ENTRYPOINT，让 sh（exec 之后就是 sleep 600）直接做 1 号进程。
  docker run -d --name no-init --entrypoint sh cnig/pid1-demo -c '(sleep 1 &); exec sleep 600'
  # 镜像自带 tini 做 1 号进程。
  docker run -d --name with-tini cnig/pid1-demo
  # 不改镜像，让 Docker 注入它自带的 tini（docker-init）做 1 号进程。
  docker run -d --name with-init --init --entrypoint sh cnig/pid1-demo -c '(sleep 1 &); exec sleep 600'
  sleep 3
  # 只有 no-init 里能看到 STAT 为 Z 的僵尸 sleep。
  for c in no-init with-tini with-init; do
    echo "== ${c}"
    docker exec "${c}" ps -o pid,stat,comm
  done
  # no-init 的 1 号进程没有 SIGTERM 处理函数，信号被内核忽略，10 秒后被 SIGKILL；
  # 有 tini 的两个会立即停下，tini 以 128+15=143 退出。
  time docker stop no-init with-tini with-init
  docker inspect --format '{{.Name}} exit={{.State.ExitCode}}' no-init with-tini with-init
  # --8<-- [end:pid1]
}

pid1_shells() {
  # --8<-- [start:pid1-shells]
  # shell 形式的 CMD 是 /bin/sh -c "..."：谁最后成了 1 号进程，取决于 /bin/sh 是哪个 shell。
  # Alpine 的 /bin/sh 是 busybox ash，只有一条简单命令时直接 exec，打印 cat；
  docker run --rm alpine:3.24 sh -c 'cat /proc/1/comm'
  # Debian 的 /bin/sh 是 dash，它 fork 出 cat 自己留下，打印 sh。
  docker run --rm debian:12-slim sh -c 'cat /proc/1/comm'
  # 在宿主机上用新的 PID 命名空间对比几种 shell（需要 root 和 util-linux 的 unshare）。
  for shell in bash dash; do
    printf '%-5s %s\n' "${shell}" "$(sudo unshare -pf --mount-proc "${shell}" -c 'cat /proc/1/comm')"
  done
  # 程序不是最后一条命令时，任何 shell 都得留下来做 1 号进程。
  sudo unshare -pf --mount-proc bash -c 'cat /proc/1/comm; true'
  # --8<-- [end:pid1-shells]
}

health() {
  # --8<-- [start:health]
  docker build -t cnig/health-demo snippets/docker/healthcheck
  docker run -d --name web -p 127.0.0.1:8080:8080 cnig/health-demo
  # STATUS 先是 (health: starting)，第一次探测成功后变成 (healthy)。
  docker ps --filter name=web --format '{{.Names}}\t{{.Status}}'
  # 最近几次探测的开始时间、退出码和输出。
  docker inspect --format '{{json .State.Health}}' web
  # 运行时可以覆盖镜像里的设置；--no-healthcheck 则完全关掉。
  docker run -d --name web-fast --health-start-interval 1s --health-interval 1m cnig/health-demo
  # 单独的 docker run 不会因为 unhealthy 重启容器，只会产生 health_status 事件。
  docker events --since 5m --until 0s --filter container=web
  # --8<-- [end:health]
}

# The heredoc below must start at column 0, so this body is not indented.
compose() {
# --8<-- [start:compose]
# Compose 用健康状态编排启动顺序：db 报告 healthy 之后才启动 api。
cat > compose.yaml <<'YAML'
services:
  db:
    image: postgres:18-alpine
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/pg-password
    secrets: [pg-password]
    healthcheck:
      test: ["CMD", "pg_isready", "-U", "postgres"]
      interval: 30s
      timeout: 3s
      start_period: 60s
      # 启动期内每秒探测一次（需要 Docker Engine 25.0+）。
      start_interval: 1s
  api:
    image: registry.example.com/cnig/pipeline:1.0.0
    depends_on:
      db:
        condition: service_healthy
secrets:
  pg-password:
    file: ./pg-password
YAML
# --wait 一直等到所有服务 running 且（有健康检查的）healthy 才返回。
docker compose up -d --wait
# --8<-- [end:compose]
}

# The heredoc below must start at column 0, so this body is not indented.
logs() {
# --8<-- [start:logs]
# 全局默认用 local 驱动：压缩存储，默认每个容器最多 5 个 20 MB 的文件；
# 这里把默认值显式写出来。只对之后新建的容器生效，已有容器要重建。
sudo tee /etc/docker/daemon.json >/dev/null <<'JSON'
{
  "log-driver": "local",
  "log-opts": { "max-size": "20m", "max-file": "5" }
}
JSON
sudo systemctl restart docker
# 单个容器仍可指定驱动：json-file 默认不轮转，一定要带上 max-size。
docker run -d --name chatty \
  --log-driver json-file --log-opt max-size=10m --log-opt max-file=3 \
  alpine:3.24 sh -c 'while true; do date; sleep 1; done'
# 容器实际使用的驱动和选项，以及 json-file 日志文件的位置。
docker inspect --format '{{.HostConfig.LogConfig.Type}} {{json .HostConfig.LogConfig.Config}}' chatty
docker inspect --format '{{.LogPath}}' chatty
# 远程驱动（这里是 fluentd）：docker logs 读的是本地的“双重日志”缓存；
# fluentd-async 让后端不可达时容器照常启动，non-blocking 让慢后端不拖住应用。
docker run -d --name shipped \
  --log-driver fluentd --log-opt fluentd-address=127.0.0.1:24224 \
  --log-opt fluentd-async=true --log-opt mode=non-blocking \
  --log-opt cache-max-size=10m \
  alpine:3.24 sh -c 'while true; do date; sleep 1; done'
docker logs --tail 5 shipped
# --8<-- [end:logs]
}

engine() {
  # --8<-- [start:engine]
  # Engine 与它所用的 containerd、runc 的版本。
  docker version
  # containerd 镜像存储下，Driver 显示快照器名（如 overlayfs），
  # DriverStatus 里有 driver-type io.containerd.snapshotter.v1。
  docker info --format '{{.Driver}} {{json .DriverStatus}}'
  # Docker 的镜像存放在 containerd 的 moby 命名空间里，与 Kubernetes 的 k8s.io 分开。
  sudo ctr --namespace moby images ls
  # 升级上来的主机要切换（或全新安装要退回 overlay2），在 daemon.json 里写
  #   "features": { "containerd-snapshotter": true }   （false 则退回）
  # 然后重启 dockerd；两套存储互不可见，切换后要重新拉取镜像。
  # --8<-- [end:engine]
}

cgroup() {
  # --8<-- [start:cgroup]
  # systemd cgroup 驱动下容器的 cgroup v2 目录。
  cg=/sys/fs/cgroup/system.slice/docker-$(docker inspect --format '{{.Id}}' "${APP}").scope
  # Docker 不设置 memory.oom.group：0 表示 OOM 时只杀被选中的那一个进程。
  cat "${cg}/memory.oom.group"
  # oom、oom_kill 计数：容器还活着，也能看出里面发生过 OOM 查杀。
  cat "${cg}/memory.events"
  # PSI：some 是至少一个任务因等这种资源而停顿的时间比例，full 是全部任务同时停顿；
  # avg10/avg60/avg300 为 10、60、300 秒的滑动平均，total 为累计微秒数。
  cat "${cg}/cpu.pressure" "${cg}/memory.pressure" "${cg}/io.pressure"
  # 想和 Kubernetes 一样让整个容器一起被杀，只能在宿主机上手工写（重建容器后失效）。
  echo 1 | sudo tee "${cg}/memory.oom.group"
  # --8<-- [end:cgroup]
}

gpu() {
  # --8<-- [start:gpu]
  # --gpus：Engine 29.2 之前由 NVIDIA Container Toolkit 的运行时钩子把 GPU 和驱动库注入容器；
  # 29.2 起装了 nvidia-cdi-hook 时先翻译成 CDI 请求（all 即 nvidia.com/gpu=all）。
  docker run --rm --gpus all ubuntu:24.04 nvidia-smi
  # CDI：先生成设备描述文件（Toolkit 1.18 起也可由 nvidia-cdi-refresh 服务自动生成）。
  sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml
  nvidia-ctk cdi list
  # 守护进程从哪些目录读 CDI 描述。
  docker info --format '{{json .CDISpecDirs}}'
  # 按“厂商/类别=名字”的全限定名请求设备；Engine 28.2 起默认启用 CDI。
  docker run --rm --device nvidia.com/gpu=all ubuntu:24.04 nvidia-smi
  docker run --rm --device nvidia.com/gpu=0 ubuntu:24.04 nvidia-smi -L
  # --8<-- [end:gpu]
}

main() {
  case "${1:-}" in
    pid1) pid1 ;;
    pid1-shells) pid1_shells ;;
    health | compose | logs | engine | cgroup | gpu) "$1" ;;
    *)
      echo "usage: $0 <pid1|pid1-shells|health|compose|logs|engine|cgroup|gpu> [container]" >&2
      exit 2
      ;;
  esac
}

main "$@"
