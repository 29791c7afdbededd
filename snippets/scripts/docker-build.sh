#!/usr/bin/env bash
# Commands used in section 2.1 (image build). Run from the repository root:
#   snippets/scripts/docker-build.sh <build|check|layers|secret|multiplatform|cache|prune>
# Each group is a function so that a page can show exactly one of them.
set -euo pipefail

IMAGE=registry.example.com/cnig/pipeline
TAG=1.0.0

build() {
  # --8<-- [start:build]
  # Docker Engine 23.0 起 BuildKit 是默认构建器；--progress=plain
  # 打印每一步，包括哪些步骤命中了缓存（CACHED）。
  docker build --progress=plain \
    -f snippets/docker/build-cache/Dockerfile \
    -t "${IMAGE}:${TAG}" snippets/go
  # --8<-- [end:build]
}

check() {
  # --8<-- [start:check]
  # 只评估构建检查，不构建任何东西。Dockerfile 写了 "# check=error=true"
  # 时，有检查不通过就以非零状态退出。
  docker build --check -f snippets/docker/build-cache/Dockerfile snippets/go
  # 再用 hadolint 检查一遍（它还会检查 RUN 里的 shell 代码）。
  hadolint snippets/docker/build-cache/Dockerfile
  # --8<-- [end:check]
}

layers() {
  # --8<-- [start:layers]
  # 每条指令一行：哪些指令产生了层、层有多大。
  docker history --no-trunc --format 'table {{.Size}}\t{{.CreatedBy}}' "${IMAGE}:${TAG}"
  # 镜像仓库和缓存比较的，是这些按内容寻址的层摘要。
  docker image inspect --format '{{json .RootFS.Layers}}' "${IMAGE}:${TAG}"
  # --8<-- [end:layers]
}

secret() {
  # --8<-- [start:secret]
  # 这个文件只会传给挂载了 id=netrc 的那条 RUN。
  docker build --secret id=netrc,src="${HOME}/.netrc" \
    -f snippets/docker/private-modules/Dockerfile \
    -t "${IMAGE}:${TAG}" snippets/go
  # --8<-- [end:secret]
}

multiplatform() {
  # --8<-- [start:multiplatform]
  # 经典镜像存储放不下多平台镜像：用 docker-container 驱动的构建器
  # （或启用 containerd 镜像存储）。
  docker buildx create --name multi --driver docker-container --use
  docker buildx build --platform linux/amd64,linux/arm64 \
    -f snippets/docker/build-cache/Dockerfile \
    -t "${IMAGE}:${TAG}" --push snippets/go
  # 一个标签对应一个索引（manifest list），每个平台一份清单。
  docker buildx imagetools inspect "${IMAGE}:${TAG}"
  # --8<-- [end:multiplatform]
}

cache() {
  # --8<-- [start:cache]
  # CI 的机器每次都是空的：把层缓存导出到镜像仓库，下次再读回来
  # （mode=max 连中间阶段的层也导出）。
  docker buildx build \
    --cache-to "type=registry,ref=${IMAGE}:buildcache,mode=max" \
    --cache-from "type=registry,ref=${IMAGE}:buildcache" \
    -f snippets/docker/build-cache/Dockerfile \
    -t "${IMAGE}:${TAG}" --push snippets/go
  # --8<-- [end:cache]
}

prune() {
  # --8<-- [start:prune]
  # 构建缓存（包括缓存挂载）不会出现在 "docker images" 里。
  docker buildx du --verbose
  # 保留最近一周用过的，其余清掉。
  docker buildx prune --filter until=168h --force
  # --8<-- [end:prune]
}

main() {
  case "${1:-}" in
    build | check | layers | secret | multiplatform | cache | prune) "$1" ;;
    *)
      echo "usage: $0 <build|check|layers|secret|multiplatform|cache|prune>" >&2
      exit 2
      ;;
  esac
}

main "$@"
