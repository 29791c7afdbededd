#!/usr/bin/env bash
# Commands used in section 2.3 (storage). Needs a Linux host with Docker Engine.
#   snippets/scripts/docker-storage.sh <driver|layers|mounts|owner|nfs|backup|cleanup>
set -euo pipefail

driver() {
  # --8<-- [start:driver]
  # 守护进程用的是哪种存储后端？containerd 镜像存储（Engine 29 起全新安装
  # 的默认值）下显示的是 containerd 快照器，如 "overlayfs"；
  # 经典存储下是 "overlay2"。
  docker info --format '{{.Driver}}'
  docker info --format '{{json .DriverStatus}}'
  # --8<-- [end:driver]
}

layers() {
  # --8<-- [start:layers]
  docker run -d --name cow nginx:1.29-alpine
  # 经典 overlay2 存储：LowerDir（镜像层）、UpperDir（这个容器的可写层）、
  # MergedDir（容器看到的合并视图）。
  docker inspect --format '{{json .GraphDriver.Data}}' cow
  # 写镜像里的文件，会先把整个文件复制到可写层（copy-up）。
  docker exec cow sh -c 'echo "# changed" >> /etc/nginx/nginx.conf'
  docker diff cow
  # SIZE 是可写层的大小；"virtual" 再加上共享的只读镜像层。
  docker ps --size --filter name=cow
  # --8<-- [end:layers]
}

mounts() {
  # --8<-- [start:mounts]
  # 命名卷：由 Docker 管理，容器删了它还在。
  docker run -d --name db-vol \
    --mount type=volume,source=pgdata,target=/var/lib/postgresql \
    -e POSTGRES_PASSWORD_FILE=/run/secrets/pg-password \
    --mount type=bind,source="${PWD}/pg-password",target=/run/secrets/pg-password,readonly \
    postgres:18-alpine
  # 绑定挂载：宿主机路径；路径不存在时 --mount 直接报错
  # （短格式 -v 会悄悄创建一个空目录）。
  docker run --rm --mount type=bind,source="${PWD}",target=/src,readonly \
    alpine:3.24 ls /src
  # tmpfs：只在内存里，容器一停就没了。
  docker run --rm --mount type=tmpfs,target=/scratch,tmpfs-size=64m \
    alpine:3.24 df -h /scratch
  # --8<-- [end:mounts]
}

owner() {
  # --8<-- [start:owner]
  docker build -t cnig/volume-owner snippets/docker/volume-owner
  # 空的命名卷用镜像里的内容初始化：属主 10001，可写。
  docker run --rm -v appdata:/var/lib/app cnig/volume-owner
  docker run --rm -v appdata:/var/lib/app cnig/volume-owner
  # 属主为 root 的宿主机目录做绑定挂载则不会：权限不足。
  sudo mkdir -p /srv/appdata
  docker run --rm -v /srv/appdata:/var/lib/app cnig/volume-owner || true
  # --8<-- [end:owner]
}

nfs() {
  # --8<-- [start:nfs]
  # 内置的 "local" 驱动在容器第一次使用这个卷时，
  # 在运行容器的那台主机上把这些选项交给 mount(2)。
  docker volume create --driver local \
    --opt type=nfs \
    --opt o=addr=10.0.0.20,rw,nfsvers=4.1 \
    --opt device=:/exports/shared \
    shared-nfs
  docker run --rm -v shared-nfs:/data alpine:3.24 touch /data/hello
  # --8<-- [end:nfs]
}

backup() {
  # --8<-- [start:backup]
  # 对辅助容器来说卷就是普通目录：打包备份，再解包恢复。
  docker run --rm -v pgdata:/data:ro -v "${PWD}":/backup alpine:3.24 \
    tar czf /backup/pgdata.tgz -C /data .
  docker volume create pgdata-restored
  docker run --rm -v pgdata-restored:/data -v "${PWD}":/backup:ro alpine:3.24 \
    tar xzf /backup/pgdata.tgz -C /data
  # --8<-- [end:backup]
}

cleanup() {
  # --8<-- [start:cleanup]
  # 磁盘花在哪里了？镜像、容器、卷和构建缓存。
  docker system df --verbose
  # 清理已停止的容器、悬空镜像、未使用的网络和构建缓存；
  # 不明确要求就不会动卷。
  docker system prune --force
  # Engine 23.0 起默认只删未使用的【匿名】卷；--all 连未使用的命名卷
  # 也删，但带 keep=true 标签的除外。
  docker volume prune --all --force --filter 'label!=keep=true'
  # --8<-- [end:cleanup]
}

main() {
  case "${1:-}" in
    driver | layers | mounts | owner | nfs | backup | cleanup) "$1" ;;
    *)
      echo "usage: $0 <driver|layers|mounts|owner|nfs|backup|cleanup>" >&2
      exit 2
      ;;
  esac
}

main "$@"
